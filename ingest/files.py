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
