"""Original files as the archive keeps them: a safe display name, and a content-addressed
copy under SOURCE_FILES_DIR (`ab/abcdef....pdf`) written atomically, which the document
page offers for download."""

from __future__ import annotations

import os
import re
import tempfile
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
        return relative, False
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
