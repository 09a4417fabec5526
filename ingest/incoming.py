"""Uploaded files on their way in: streamed from the request to UPLOAD_INCOMING_DIR (never
whole in memory, never in /tmp), where each waits for its job (ingest/jobs.py) and is
removed when the job ends.

`SpoolUploadHandler` replaces Django's upload handlers for the upload page: it writes each
file as it arrives, computing its checksum on the way, stops writing a file past
UPLOAD_MAX_BYTES (the file is then refused with its own record, the rest of it read and
dropped), and stops the whole request past UPLOAD_MAX_FILES files (refused whole, so
that no file of it is taken silently).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

PART_PREFIX = ".part-"
MAX_NAME_LENGTH = 255


def incoming_dir() -> Path:
    path = Path(settings.UPLOAD_INCOMING_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


class SpooledFile(UploadedFile):
    """A file of the request, on disk under UPLOAD_INCOMING_DIR: its path, checksum and
    whether it went past the size limit (then only its first bytes were kept)."""

    def __init__(self, path: Path, name: str, size: int, sha256: str, too_large: bool):
        super().__init__(file=None, name=None, size=size)
        self._name = name
        self.path = path
        self.sha256 = sha256
        self.too_large = too_large
        self.claimed = False

    @property
    def name(self):  # the name as the browser sent it (cleaned for display later)
        return self._name

    @name.setter
    def name(self, value):
        pass  # UploadedFile's setter would cut it to 255 characters: the job says why

    def open(self, mode="rb"):
        return open(self.path, mode)

    def discard(self):
        self.path.unlink(missing_ok=True)


class SpoolUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.files: list[SpooledFile] = []
        self.refusal = ""
        self._handle = None

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *a):
        super().new_file(field_name, file_name, content_type, content_length, charset, *a)
        if len(self.files) >= settings.UPLOAD_MAX_FILES:
            self.refusal = "too many files"
            raise StopUpload(connection_reset=False)
        fd, path = tempfile.mkstemp(dir=incoming_dir(), prefix=PART_PREFIX)
        self._handle = os.fdopen(fd, "wb")
        self._path = Path(path)
        self._size = 0
        self._digest = hashlib.sha256()
        self._too_large = False

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > settings.UPLOAD_MAX_BYTES:
            self._too_large = True  # keep counting, stop writing
        else:
            self._handle.write(raw_data)
            self._digest.update(raw_data)
        return None

    def file_complete(self, file_size):
        self._handle.close()
        self._handle = None
        spooled = SpooledFile(
            self._path, self.file_name, self._size, self._digest.hexdigest(), self._too_large
        )
        self.files.append(spooled)
        return spooled

    def upload_interrupted(self):
        if self._handle is not None:
            self._handle.close()
            self._path.unlink(missing_ok=True)

    def discard_all(self):
        for spooled in self.files:
            spooled.discard()

    def discard_unclaimed(self):
        """After the request: the files no job took (a refused or failed request)."""
        for spooled in self.files:
            if not spooled.claimed:
                spooled.discard()


def claim(spooled: SpooledFile, key: str) -> str:
    """Give a spooled file its job's name; returns it (relative to UPLOAD_INCOMING_DIR)."""
    name = f"{key}-{spooled.sha256[:16]}"
    os.replace(spooled.path, incoming_dir() / name)
    spooled.path = incoming_dir() / name
    spooled.claimed = True
    return name


def path_of(name: str) -> Path:
    return Path(settings.UPLOAD_INCOMING_DIR) / Path(name).name


def remove(name: str) -> None:
    if name:
        path_of(name).unlink(missing_ok=True)


def sweep_incoming(*, grace_seconds: float = 3600, dry_run: bool = False) -> list[str]:
    """Remove files under UPLOAD_INCOMING_DIR that no waiting or running job reads: parts
    of requests whose web worker died, files of jobs that ended while their worker died."""
    from archive.models import Upload

    root = Path(settings.UPLOAD_INCOMING_DIR)
    if not root.is_dir():
        return []
    waiting = set(
        Upload.objects.filter(state__in=["queued", "running", "interrupted"]).values_list(
            "incoming", flat=True
        )
    )
    cutoff = time.time() - grace_seconds
    removed = []
    for path in sorted(root.iterdir()):
        try:
            if path.name in waiting or path.stat().st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
        removed.append(f"incoming/{path.name}")
    return removed
