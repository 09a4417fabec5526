"""Settings for the test suite: the project settings with a fresh data directory.

The data directory (SQLite file, search index, stored source files) must be chosen before
config.settings is imported, which pytest-django does before any conftest runs; so it is
chosen here. Subprocesses started by tests inherit it through the environment.
"""

import atexit
import os
import shutil
import tempfile

if not os.environ.get("ARCHIVE_TEST_KEEP_DATA_DIR"):
    _data_dir = tempfile.mkdtemp(prefix="archive-test-")
    os.environ["ARCHIVE_DATA_DIR"] = _data_dir
    os.environ.pop("ARCHIVE_INDEX_DIR", None)
    _owner = os.getpid()
    # Only the process that made it removes it (forked workers exit too).
    atexit.register(lambda: os.getpid() == _owner and shutil.rmtree(_data_dir, ignore_errors=True))

from config.settings import *  # noqa: E402, F403

# Jobs run at once, in the test's own process; tests of the worker set the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
