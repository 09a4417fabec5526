"""Test-wide setup: every test run gets its own data directory (database file, search
index, stored sources), so tests never touch ./var/ and runs don't see each other."""

import os
import tempfile


def pytest_configure(config):
    if "ARCHIVE_TEST_KEEP_DATA_DIR" not in os.environ:
        os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-test-")
        os.environ.pop("ARCHIVE_INDEX_DIR", None)
