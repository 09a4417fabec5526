"""Original files as the archive keeps them: a safe display name, and a content-addressed
copy under SOURCE_FILES_DIR (`ab/abcdef....pdf`) written atomically, which the document
page offers for download.

A stored file is shared by every ingest of the same bytes, so no ingest ever deletes one
(two simultaneous uploads of a new file: the one that failed or lost used to delete the
file the other had just committed). Files no committed row refers to any more are removed
by `sweep` (`manage.py sweep_sources`) alone. It cannot race an ingest: an ingest holds a
shared lock on the file's stripe (`source_lock`) from making sure the file is there until
its transaction has committed, and the sweep deletes a file only under the exclusive lock,
after reading the references.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

_UNSAFE_NAME = re.compile(r"[^\w.()\-\u3400-\u9fff]+")


def safe_file_name(name: str) -> str:
    """A file name safe to show, store and offer as a download: no directories, no control
    characters, at most 200 characters."""
    name = os.path.basename(str(name).replace("\\", "/")).strip()
    name = _UNSAFE_NAME.sub("_", name).strip("._") or "upload"
    return name[-200:]


def store_source(data: bytes, sha: str, file_name: str) -> tuple[str, bool]:
    """Content-addressed copy of the original file under SOURCE_FILES_DIR.
    Returns (relative path, whether this call created it). Written atomically."""
    suffix = Path(file_name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    relative = f"{sha[:2]}/{sha}{suffix}"
    target = Path(settings.SOURCE_FILES_DIR) / relative
    if target.exists():
        try:
            os.utime(target)  # in use again: a sweep's grace period starts over
            return relative, False
        except FileNotFoundError:
            pass  # swept just now: written again below
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return relative, True


def source_file_path(document) -> Path | None:
    if not document.source_path:
        return None
    path = Path(settings.SOURCE_FILES_DIR) / document.source_path
    return path if path.is_file() else None


@contextmanager
def source_lock(sha: str, *, exclusive: bool = False, wait: bool = True) -> Iterator[bool]:
    """Hold the lock of the folder of `sha`'s files (`ab/`, 256 of them; flock on the
    folder itself, so no lock files): shared by ingests, from storing the file until the
    row that refers to it is committed; exclusive for the sweep. Yields False when `wait`
    is off and the lock is taken."""
    folder = Path(settings.SOURCE_FILES_DIR) / sha[:2]
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock


@dataclass
class SweepReport:
    kept: int = 0
    removed: list[str] = field(default_factory=list)
    busy: int = 0  # an ingest held the lock: looked at again next time


def sweep(*, grace_seconds: float = 3600, dry_run: bool = False) -> SweepReport:
    """Remove stored files that no document refers to, last touched more than
    `grace_seconds` ago, and leftovers of interrupted writes (`.incoming-*`)."""
    from archive.models import Document

    root = Path(settings.SOURCE_FILES_DIR)
    report = SweepReport()
    if not root.is_dir():
        return report
    cutoff = time.time() - grace_seconds
    referenced = set(Document.objects.values_list("source_path", flat=True).iterator())
    for path in sorted(root.glob("??/*")):
        try:
            if not path.is_file() or path.stat().st_mtime > cutoff:
                report.kept += 1
                continue
        except FileNotFoundError:
            continue
        relative = path.relative_to(root).as_posix()
        if path.name.startswith(".incoming-"):
            if not dry_run:
                path.unlink(missing_ok=True)
            report.removed.append(relative)
            continue
        if relative in referenced:
            report.kept += 1
            continue
        with source_lock(path.name, exclusive=True, wait=False) as locked:
            if not locked:
                report.busy += 1
                continue
            if Document.objects.filter(source_path=relative).exists():  # committed meanwhile
                report.kept += 1
                continue
            if not dry_run:
                path.unlink(missing_ok=True)
            report.removed.append(relative)
    return report
