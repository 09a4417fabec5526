"""Bulk ingest of many files: what `manage.py ingest` and the benchmark run.

Parsing is pure (bytes -> ParsedDocument) and runs in `jobs` bounded child processes
(`ingest.sandbox`: a memory and a time limit, PARSE_MEMORY_LIMIT and PARSE_TIME_LIMIT);
saving stays in this process, one transaction per document (`service.ingest_bytes`), in
file order, while the children parse the next files. At most a few files per child are in
flight, so memory does not grow with the number of files. A file that fails (including
one past a limit, or one whose child crashed) is reported with its reason and nothing of
it is saved; the others go on.

With `index=False` the search index is left alone during the load: one rebuild afterwards
(`search.rebuild`) is much cheaper than updating it document by document.
"""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ingest import service
from ingest.files import FileReadError, read_file
from ingest.parsers.types import ParseError
from ingest.sandbox import Sandbox, SandboxPool

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


def _parse_job(sandbox: Sandbox, data, file_name, symbol):
    """In a worker thread (this one with one job), with its own child: parse, and store the
    source file (its fsync waits here, not in the saving thread). Returns (ParsedDocument
    or ParseError, CPU s)."""
    answer = sandbox.read(data, file_name, symbol)
    if not isinstance(answer.result, ParseError):
        sha, name = service.sha256_bytes(data), service.safe_file_name(file_name)
        try:
            service.store_source(data, sha, name)
        except OSError:
            pass  # the saving thread tries again and reports the failure
    return answer.result, answer.cpu_s


def ingest_files(files, *, symbol: str = "", jobs: int = 1, index: bool = True, stats=None):
    """Ingest `files` (paths); yields one IngestOutcome per file, in file order."""
    stats = stats if stats is not None else BulkStats()
    if jobs <= 1 or len(files) < 2:
        pool, in_flight = _InThisThread(), 1  # each file parsed, then saved, in turn
    else:
        pool, in_flight = SandboxPool(jobs), jobs * IN_FLIGHT_PER_JOB
    pending: deque = deque()  # (data, name, future or None)
    with pool:
        for path in files:
            path = Path(path)
            data = _read(path, stats)
            if isinstance(data, str):
                yield service.failed(path.name, data)
                continue
            future = None
            if not _unchanged(data, symbol):
                future = pool.submit(_parse_job, data, path.name, symbol)
            pending.append((data, path.name, future))
            while len(pending) >= in_flight:
                yield _next(pending, symbol, index, stats)
        while pending:
            yield _next(pending, symbol, index, stats)


class _InThisThread:
    """SandboxPool's interface for one job: `submit` parses at once, in this thread, with
    one child kept for all the files."""

    def __init__(self):
        self.sandbox = Sandbox()

    def submit(self, fn, *args) -> Future:
        future = Future()
        future.set_result(fn(self.sandbox, *args))
        return future

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sandbox.close()


def _read(path: Path, stats: BulkStats):
    """The file's bytes, or the reason it cannot be taken (too large, changed while read,
    unreadable): checked before it is read whole."""
    try:
        data = read_file(path, settings.UPLOAD_MAX_BYTES)
    except FileReadError as exc:
        return str(exc)
    stats.files += 1
    stats.characters += _characters(data)
    return data


def _characters(data: bytes) -> int:
    # For the chars/s figure only: the text's length when it is UTF-8, else its bytes.
    try:
        return len(data.decode("utf-8"))
    except UnicodeDecodeError:
        return len(data)


def _unchanged(data: bytes, symbol: str) -> bool:
    # A re-run finds most files unchanged: no need to parse those.
    existing = service.find_unchanged(service.sha256_bytes(data))
    return existing is not None and (not symbol or service.symbol_matches(existing, symbol))


def _save(data, name, symbol, parsed, index):
    return service.ingest_bytes(
        data, name, symbol=symbol, parsed=parsed, index=index, checked=parsed is not None
    )


def _next(pending, symbol, index, stats):
    """Save the oldest file in flight."""
    data, name, future = pending.popleft()
    parsed = None
    if future is not None:
        start = time.perf_counter()
        parsed, cpu = future.result()
        stats.parse_s += cpu
        stats.wait_s += time.perf_counter() - start
    start = time.perf_counter()
    outcome = _save(data, name, symbol, parsed, index)
    stats.save_s += time.perf_counter() - start
    return outcome
