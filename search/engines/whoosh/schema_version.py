"""The index's format version, kept in a file beside the index.

Bump SCHEMA_VERSION when what an entry holds or how it is analyzed changes. A rebuild
writes it (after its commit); an index of another version is not searched: the reader
says to run `manage.py rebuild_index`, and `check_index --fix` rebuilds it.
"""

import os

SCHEMA_VERSION = 2  # 2: entries carry a hash of their content (check_index compares it)
VERSION_FILE = "ARCHIVE_SCHEMA_VERSION"


def index_version(path) -> int | None:
    """The version the index at `path` was built with; None if no file records it (an
    index built before versions were kept, or a new one), 0 if unreadable."""
    try:
        with open(os.path.join(path, VERSION_FILE), encoding="ascii") as f:
            return int(f.read().strip())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return 0


def write_version(path) -> None:
    """Record this version beside the index (atomically: a reader sees old or new)."""
    target = os.path.join(path, VERSION_FILE)
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="ascii") as f:
        f.write(f"{SCHEMA_VERSION}\n")
    os.replace(temporary, target)
