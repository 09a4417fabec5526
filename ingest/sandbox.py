"""Reading an untrusted file in a child process, with a hard memory limit and a time limit.

A 7 KB PDF can draw three million characters on one page and a 1.5 MB one can inflate to
1.5 GB of text: the size and page limits do not bound what reading costs. So every file
from outside (uploads, `manage.py ingest`) is read by `ingest.readers.read_document` in a
child process (`python -m ingest.sandbox`) whose address space is capped with
RLIMIT_AS (PARSE_MEMORY_LIMIT) and which is killed when it takes longer than
PARSE_TIME_LIMIT seconds. Past either limit the file is refused with a reason the admin
understands ("needs more than 1 GB to read", "took longer than 300 s to read"), and the
process that asked (a web or task worker, the ingest command) is untouched.

A child reads one file after another (starting Python and the PDF library costs about a
second); it is replaced after a refusal, since a process that ran out of memory may be in
any state. The child gets the data and a few settings (UPLOAD_*, PARSE_*, OCR_*, PDF_*, TEXT_*) on
its standard input and answers on its standard output; it never touches the database.

Each child gets a temporary directory of its own (TMPDIR; `archive-read-<asking pid>-*`),
where OCR makes its folders (ingest/ocr.py). When the child is killed, or dies, the asking
process stops what OCR left running there and removes the folder; `sweep_scratch` removes
the folders of asking processes that died themselves (the worker's sweep, `sweep_sources`).
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingest.parsers.types import ParsedDocument, ParseError
from ingest.priority import give_way

ROOT = Path(__file__).resolve().parent.parent
_HEADER = struct.Struct("!Q")
# Settings the reader may consult, passed to the child (tests override them per test).
_SETTING_PREFIXES = ("UPLOAD_", "PARSE_", "OCR_", "PDF_", "TEXT_")
_SETTING_NAMES = ("BASE_DIR", "DATA_DIR", "LANGUAGE_CODE", "USE_I18N")


@dataclass
class Answer:
    """What the child made of one file: the parse or the reason it was refused, and the
    child's CPU seconds for it."""

    result: ParsedDocument | ParseError
    cpu_s: float = 0.0


def size_text(size: int) -> str:
    """1073741824 -> "1 GB", 268435456 -> "256 MB": the limit as the admin reads it."""
    mb = size / (1024 * 1024)
    if mb >= 1024 and mb % 1024 == 0:
        return f"{int(mb // 1024)} GB"
    return f"{mb:.0f} MB" if mb >= 1 else f"{size} bytes"


def memory_refusal(limit: int) -> ParseError:
    return ParseError(f"needs more than {size_text(limit)} to read; it was not saved")


def time_refusal(seconds: float) -> ParseError:
    return ParseError(f"took longer than {seconds:g} s to read; it was not saved")


def limits() -> tuple[int, float]:
    from django.conf import settings

    return int(settings.PARSE_MEMORY_LIMIT), float(settings.PARSE_TIME_LIMIT)


def _reader_settings() -> dict:
    from django.conf import settings

    out = {}
    for name in dir(settings):
        if name.startswith(_SETTING_PREFIXES) or name in _SETTING_NAMES:
            value = getattr(settings, name)
            if isinstance(value, str | int | float | bool | tuple | list | dict | Path | None):
                out[name] = value
    return out


class Sandbox:
    """One child process that reads files one at a time; restarted when it has to be.
    Not thread-safe: one per thread (`SandboxPool` keeps one per worker thread)."""

    def __init__(self, memory: int | None = None, seconds: float | None = None):
        # Limits given here stay; otherwise they are the settings' at each read.
        self._memory, self._seconds = memory, seconds
        self.memory, self.seconds = 0, 0.0
        self.process: subprocess.Popen | None = None
        self.scratch: Path | None = None  # the child's temporary directory

    def read(self, data: bytes, file_name: str, symbol: str = "") -> Answer:
        default_memory, default_seconds = limits()
        self.seconds = self._seconds or default_seconds
        memory = self._memory or default_memory
        if memory != self.memory:
            self._kill()  # the child's cap is set when it starts
            self.memory = memory
        request = pickle.dumps((data, file_name, symbol, _reader_settings()), protocol=5)
        process = self._child()
        deadline = time.monotonic() + self.seconds
        try:
            _write_frame(process.stdin, request)
            kind, payload, cpu = pickle.loads(_read_frame(process.stdout, deadline))
        except TimeoutError:
            self._kill()
            return Answer(time_refusal(self.seconds), self.seconds)
        except (OSError, EOFError, pickle.UnpicklingError):
            return Answer(self._died(), 0.0)
        if kind == "memory":
            self._kill()  # a process that ran out of memory may be in any state
            return Answer(memory_refusal(self.memory), cpu)
        if kind == "error":
            return Answer(ParseError(payload), cpu)
        return Answer(payload, cpu)

    def close(self):
        process, self.process = self.process, None
        if process is None:
            return
        try:
            process.stdin.close()  # the child's loop ends at the end of its input
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        process.stdout.close()
        self._remove_scratch()

    def _child(self) -> subprocess.Popen:
        if self.process is not None and self.process.poll() is None:
            return self.process
        self._kill()
        self.scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.sandbox", str(self.memory), str(os.getpid())],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_child_env(self.scratch),
        )
        return self.process

    def _remove_scratch(self):
        scratch, self.scratch = self.scratch, None
        if scratch is not None:
            remove_scratch(scratch)

    def _died(self) -> ParseError:
        process, self.process = self.process, None
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdin.close()
            process.stdout.close()
        self._remove_scratch()
        if code == MEMORY_EXIT or (
            code is not None
            and code < 0
            and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT)
        ):
            # The kernel's out-of-memory killer, a C library failing an allocation, or
            # Python aborting ("Cannot recover from MemoryErrors") under the cap.
            return memory_refusal(self.memory)
        return ParseError(
            "the reading process stopped on this file (a crash in the PDF library); "
            "it was not saved"
        )

    def _kill(self):
        process, self.process = self.process, None
        if process is None:
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._remove_scratch()


def _child_env(scratch: Path) -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the child is configured by its requests
    # One thread per child: BLAS and friends would reserve address space per thread.
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    env.update(TMPDIR=str(scratch), TEMP=str(scratch), TMP=str(scratch))
    return env


# --- temporary directories of killed readers -----------------------------------------------

SCRATCH_PREFIX = "archive-read-"


def remove_scratch(folder: Path, *, check_groups: bool = False) -> None:
    """Stop the OCR process groups recorded under `folder` (ingest/ocr.py), then remove
    it. `check_groups`: long after the reader died, a recorded id may be another group's
    by now: stop a group only while its leader still works in that folder."""
    from ingest.ocr import GROUP_FILE

    for record in [*folder.glob(GROUP_FILE), *folder.glob(f"*/{GROUP_FILE}")]:
        try:
            group = int(record.read_text())
        except (OSError, ValueError):
            continue
        if check_groups and not _works_in(group, record.parent):
            continue
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _works_in(pid: int, folder: Path) -> bool:
    # ocrmypdf runs with TMPDIR inside its OCR folder (ingest/ocr.py).
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return os.fsencode(f"TMPDIR={folder}") in environ


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch(*, dry_run: bool = False) -> list[str]:
    """Temporary directories left by killed readers: those of asking processes that are
    gone (a worker killed with its reader), and OCR folders made outside a reader that
    are older than OCR can run. Returns what it removed (or would)."""
    from django.conf import settings

    from ingest.ocr import OCR_FOLDER_PREFIX

    root = Path(tempfile.gettempdir())
    leftovers = []
    for folder in root.glob(f"{SCRATCH_PREFIX}*"):
        owner = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _running(int(owner)):
            leftovers.append(folder)
    # OCR gives up after OCR_TIMEOUT; the script check and the reading before and after
    # take minutes at most.
    cutoff = time.time() - settings.OCR_TIMEOUT - 600
    for folder in root.glob(f"{OCR_FOLDER_PREFIX}*"):
        try:
            if folder.stat().st_mtime < cutoff:
                leftovers.append(folder)
        except FileNotFoundError:
            continue
    removed = []
    for folder in sorted(leftovers):
        if not folder.is_dir():
            continue
        if not dry_run:
            remove_scratch(folder, check_groups=True)
        removed.append(str(folder))
    return removed


class SandboxPool:
    """`jobs` children, each driven by a thread of this process: `submit` returns a Future
    of an Answer. The threads only wait on pipes, so they cost no CPU here."""

    def __init__(self, jobs: int, memory: int | None = None, seconds: float | None = None):
        self._local = threading.local()
        self._all: list[Sandbox] = []
        self._lock = threading.Lock()
        self._memory, self._seconds = memory, seconds
        self._threads = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="sandbox")

    def submit(self, fn, *args) -> Future:
        """Run fn(sandbox, *args) in a worker thread with that thread's sandbox."""
        return self._threads.submit(lambda: fn(self._sandbox(), *args))

    def _sandbox(self) -> Sandbox:
        sandbox = getattr(self._local, "sandbox", None)
        if sandbox is None:
            sandbox = self._local.sandbox = Sandbox(self._memory, self._seconds)
            with self._lock:
                self._all.append(sandbox)
        return sandbox

    def close(self):
        self._threads.shutdown(wait=True, cancel_futures=True)
        for sandbox in self._all:
            sandbox.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_bounded(data: bytes, file_name: str, symbol: str = "") -> ParsedDocument | ParseError:
    """Read one file in a fresh bounded child: the parse, or a ParseError saying why not."""
    sandbox = Sandbox()
    try:
        return sandbox.read(data, file_name, symbol).result
    finally:
        sandbox.close()


# --- the pipe protocol: an 8-byte length, then a pickle -----------------------------------


def _write_frame(stream, payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_frame(stream, deadline: float | None = None) -> bytes:
    header = _read_exactly(stream, _HEADER.size, deadline)
    return _read_exactly(stream, _HEADER.unpack(header)[0], deadline)


def _read_exactly(stream, size: int, deadline: float | None) -> bytes:
    if deadline is None:
        data = stream.read(size)
        if len(data) != size:
            raise EOFError
        return data
    fd = stream.fileno()
    chunks, missing = [], size
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(timeout=remaining):
                raise TimeoutError
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            missing -= len(chunk)
    return b"".join(chunks)


# --- the child ---------------------------------------------------------------------------


def _caused_by_memory(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this process when the one that asked dies (a worker killed
    with SIGKILL), since an orphaned reader would read on past every time limit. (When
    the thread that started it ends, in fact: a Sandbox is used by one thread.)"""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _child_main(memory: int, parent: int) -> None:
    _die_with(parent)
    give_way()
    # The cap comes first, before anything big is imported: it bounds the whole process.
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    from ingest.readers import read_document

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    while True:
        try:
            request = _read_frame(source)
        except EOFError:
            return
        start = time.process_time()
        try:
            data, file_name, symbol, reader_settings = pickle.loads(request)
            del request
            # Only what the reader needs, from the asking process: no project settings
            # module imported here (no data directory, no database).
            if not settings.configured:
                settings.configure(**reader_settings)
            for name, value in reader_settings.items():
                setattr(settings, name, value)
            answer = ("ok", read_document(data, file_name, symbol=symbol))
        except ParseError as exc:
            answer = ("memory", None) if _caused_by_memory(exc) else ("error", str(exc))
        except MemoryError:
            answer = ("memory", None)
        except RecursionError:
            answer = ("error", "the file is nested too deeply to read; it was not saved")
        except Exception as exc:
            if _caused_by_memory(exc):
                answer = ("memory", None)
            else:
                import traceback

                traceback.print_exc()  # to the parent's stderr, for the developers
                answer = (
                    "error",
                    f"the parser failed on this file ({type(exc).__name__}); it was not saved",
                )
        try:
            payload = pickle.dumps((*answer, time.process_time() - start), protocol=5)
        except MemoryError:
            payload = pickle.dumps(("memory", None, time.process_time() - start))
        _write_frame(sink, payload)
        if answer[0] == "memory":
            return


# A child that runs out of memory where no handler can answer (while answering, say)
# exits with this status, so that the parent still gives the memory reason.
MEMORY_EXIT = 86

if __name__ == "__main__":
    try:
        _child_main(int(sys.argv[1]), int(sys.argv[2]))
    except MemoryError:
        os._exit(MEMORY_EXIT)
