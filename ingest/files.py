"""Which files an ingest run takes: files given by path, folders walked in sorted order."""

from pathlib import Path

INGESTIBLE_SUFFIXES = {".txt", ".pdf"}


def collect_files(paths) -> tuple[list[Path], list[str]]:
    """Files to ingest, and readable errors for paths that do not exist. Files inside
    folders are taken by suffix (.txt, .pdf); a file named explicitly is always taken, so
    that a wrongly named file is refused with its reason instead of skipped silently."""
    files, errors = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in INGESTIBLE_SUFFIXES
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{raw}: no such file or folder")
    return list(dict.fromkeys(files)), errors


class FileReadError(OSError):
    """A file that cannot be taken as it is; the message says why, for a person."""


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, refused before reading when it is larger than `max_bytes`,
    and refused when it changed while it was read (a file being rewritten would otherwise
    be stored truncated)."""
    import os

    try:
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            if before.st_size > max_bytes:
                raise FileReadError(
                    f"file is too large ({before.st_size / 1048576:.1f} MB; the limit is "
                    f"{max_bytes / 1048576:.1f} MB)"
                )
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
    except FileReadError:
        raise
    except OSError as exc:
        raise FileReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise FileReadError(f"file is too large (more than {max_bytes / 1048576:.1f} MB)")
    changed = (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
    if changed or len(data) != after.st_size:
        raise FileReadError(
            "the file changed while it was read (is it still being written?); "
            "it was not saved, try again when it is complete"
        )
    return data
