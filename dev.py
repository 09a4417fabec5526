#!/usr/bin/env python3
"""Quick start: `python dev.py serve` and `python dev.py test`.

Needs only Python >= 3.11 and pip. Creates ./.venv on first use, installs the project
into it (again only when pyproject.toml changes), and re-runs itself inside it.

  serve  migrate, ingest fixtures/corpus (unchanged files are skipped), build the search
         index if there is none, and serve on http://127.0.0.1:8000/ with a background
         worker for uploads (`manage.py db_worker`) beside it
  test   the whole test suite (pytest); extra arguments go to pytest
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ARCHIVE_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def in_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_venv():
    if not PYTHON.exists():
        print(f"creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        print("installing the project and its dependencies ...", flush=True)
        run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
        stamp.write_text(wanted)
    os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


def run(cmd, **kwargs):
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def manage(*args):
    run([sys.executable, "manage.py", *args])


def serve(args):
    manage("migrate", "--noinput", "-v0")
    # the curated topics first: ingest assigns them; an archive without them gets them all
    manage("load_topics", "--apply-if-created")
    manage("ingest", "fixtures/corpus", "--quiet")
    # Missing, unreadable or of another version: rebuilt (beside the old one, swapped in).
    manage("rebuild_index", "--if-needed", "-v0")
    address = args[0] if args else "127.0.0.1:8000"
    # The background worker that reads uploaded files runs beside the web server, as a
    # child of this process, and stops with it.
    # Its own session: Ctrl-C reaches the server only, and the worker gets one SIGTERM
    # below (a second signal would make it drop the file it is reading).
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "-v", "0"],
        cwd=ROOT,
        start_new_session=True,
    )
    print(f"serving the archive on http://{address}/ (Ctrl-C stops)", flush=True)
    try:
        # --insecure serves static files with DEBUG off, as a local quick start needs.
        server = subprocess.run(
            [sys.executable, "manage.py", "runserver", address, "--insecure", "--noreload"],
            cwd=ROOT,
        )
    except KeyboardInterrupt:
        server = None
    finally:
        worker.terminate()  # the worker finishes the file it is reading, then stops
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    sys.exit(server.returncode if server else 0)


def test(args):
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *args])


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("serve", "test"):
        sys.exit(__doc__)
    if not in_venv():
        ensure_venv()
    os.chdir(ROOT)
    {"serve": serve, "test": test}[command](sys.argv[2:])


if __name__ == "__main__":
    main()
