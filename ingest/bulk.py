"""Bulk ingest of many files: what `manage.py ingest` and the benchmark run.

Parsing is pure (bytes -> ParsedDocument) and runs in `jobs` worker processes; saving
stays in this process, one transaction per document (`service.ingest_bytes`), in file
order, while the workers parse the next files. At most a few files per worker are in
flight, so memory does not grow with the number of files. A file that fails is reported
with its reason and nothing of it is saved; the others go on.

With `index=False` the search index is left alone during the load: one rebuild afterwards
(`search.rebuild`) is much cheaper than updating it document by document.
"""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ingest import service
from ingest.parsers.types import ParseError

IN_FLIGHT_PER_JOB = 4


@dataclass
class BulkStats:
    """Where the time went: parsing (CPU seconds, summed over the workers), saving and
    waiting for a parse (seconds of this process), and the characters of text read."""

    files: int = 0
    characters: int = 0
    parse_s: float = 0.0
    save_s: float = 0.0
    wait_s: float = 0.0


def _new_pool(jobs):
    return ProcessPoolExecutor(max_workers=jobs)


def _parse_job(job):
    """In a worker: parse, and store the source file (its fsync waits here, not in the
    saving process). Returns (ParsedDocument or ParseError, created the file, CPU s)."""
    data, file_name, symbol = job
    start = time.process_time()
    parsed = service.parse_or_error(data, file_name, symbol)
    created = False
    if not isinstance(parsed, ParseError):
        sha, name = service.sha256_bytes(data), service.safe_file_name(file_name)
        try:
            created = service.store_source(data, sha, name)[1]
        except OSError:
            pass  # the saving process tries again and reports the failure
    return parsed, created, time.process_time() - start


def ingest_files(files, *, symbol: str = "", jobs: int = 1, index: bool = True, stats=None):
    """Ingest `files` (paths); yields one IngestOutcome per file, in file order."""
    stats = stats if stats is not None else BulkStats()
    if jobs <= 1 or len(files) < 2:
        yield from _serial(files, symbol, index, stats)
    else:
        yield from _parallel(files, symbol, jobs, index, stats)


def _read(path: Path, stats: BulkStats):
    """The file's bytes, or None when it cannot be read (ingest_path reports why)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    stats.files += 1
    stats.characters += _characters(data)
    return data


def _characters(data: bytes) -> int:
    # For the chars/s figure only: the text's length when it is UTF-8, else its bytes.
    try:
        return len(data.decode("utf-8"))
    except UnicodeDecodeError:
        return len(data)


def _serial(files, symbol, index, stats):
    for path in files:
        data = _read(Path(path), stats)
        if data is None:
            yield service.ingest_path(path, symbol=symbol)
            continue
        start = time.process_time()
        parsed = None
        if not _unchanged(data, symbol):
            parsed = service.parse_or_error(data, Path(path).name, symbol)
            stats.parse_s += time.process_time() - start
        start = time.perf_counter()
        outcome = _save(data, Path(path).name, symbol, parsed, index)
        stats.save_s += time.perf_counter() - start
        yield outcome


def _unchanged(data: bytes, symbol: str) -> bool:
    # A re-run finds most files unchanged: no need to parse those.
    existing = service.find_unchanged(service.sha256_bytes(data))
    return existing is not None and (not symbol or service.symbol_matches(existing, symbol))


def _save(data, name, symbol, parsed, index, created=False):
    return service.ingest_bytes(
        data,
        name,
        symbol=symbol,
        parsed=parsed,
        index=index,
        checked=parsed is not None,
        created_source=created,
    )


def _parallel(files, symbol, jobs, index, stats):
    pending: deque = deque()  # (data, name, future or None)
    pool = _new_pool(jobs)
    try:
        for path in files:
            path = Path(path)
            data = _read(path, stats)
            if data is None:
                yield service.ingest_path(path, symbol=symbol)
                continue
            future = None
            if not _unchanged(data, symbol):
                future = pool.submit(_parse_job, (data, path.name, symbol))
            pending.append((data, path.name, future))
            while len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                outcome, pool = _next(pending, pool, jobs, symbol, index, stats)
                yield outcome
        while pending:
            outcome, pool = _next(pending, pool, jobs, symbol, index, stats)
            yield outcome
    finally:
        pool.shutdown(cancel_futures=True)


def _next(pending, pool, jobs, symbol, index, stats):
    """Save the oldest file in flight. Returns (outcome, pool). When a worker dies (out of
    memory, a crash in a C library) every file in flight loses its parse: this one is
    parsed again alone, in a process of its own, and fails if that one dies too; the
    files after it go to a fresh pool."""
    data, name, future = pending.popleft()
    parsed, created = None, False
    if future is not None:
        start = time.perf_counter()
        try:
            parsed, created, cpu = future.result()
        except BrokenProcessPool:
            pool = _restart(pool, pending, jobs, symbol)
            parsed, created, cpu = _parse_alone(data, name, symbol)
        stats.parse_s += cpu
        stats.wait_s += time.perf_counter() - start
    start = time.perf_counter()
    outcome = _save(data, name, symbol, parsed, index, created)
    stats.save_s += time.perf_counter() - start
    return outcome, pool


def _parse_alone(data, name, symbol):
    with _new_pool(1) as alone:
        try:
            return alone.submit(_parse_job, (data, name, symbol)).result()
        except BrokenProcessPool:
            reason = (
                "the parser process stopped while reading this file (out of memory or a "
                "crash); it was not saved"
            )
            return ParseError(reason), False, 0.0


def _restart(pool, pending, jobs, symbol):
    pool.shutdown(cancel_futures=True)
    pool = _new_pool(jobs)
    for position, (data, name, future) in enumerate(pending):
        if future is not None:
            pending[position] = (data, name, pool.submit(_parse_job, (data, name, symbol)))
    return pool
