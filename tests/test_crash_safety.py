"""An ingest killed with SIGKILL leaves the old version or the new one, never a mix.

Real processes: `manage.py ingest` runs in a subprocess against its own data directory
(a file SQLite database, or a fresh PostgreSQL database when DATABASE_URL names one),
pauses at a known point (tests/crash_hook.py) and is killed there. The database is then
read by another process, and the search index is reconciled by `check_index --fix`.
"""

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid
from pathlib import Path

from tests.crash_hook import MARKER

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"
SAMPLE = CORPUS / "S_2017_130.zh.txt"
TIMEOUT = 120


def new_version(text: str) -> str:
    """The same document, revised: one numbered paragraph changed, one line added."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip()[:3].rstrip(".").isdigit() and len(line) > 20:
            lines[i] = line + "（修订：补充了一句话。）"
            break
    else:
        raise AssertionError("no numbered paragraph in the sample")
    return "\n".join(lines) + "\n"


class Archive:
    """A throwaway data directory (and PostgreSQL database) for subprocesses."""

    def __init__(self, template: "Archive | None" = None):
        self.dir = Path(tempfile.mkdtemp(prefix="archive-crash-"))
        self.env = {
            **os.environ,
            "ARCHIVE_DATA_DIR": str(self.dir),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        self.env.pop("ARCHIVE_INDEX_DIR", None)
        self.pg_name = None
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            self.pg_name = f"crash_{uuid.uuid4().hex[:12]}"
            copy = f' TEMPLATE "{template.pg_name}"' if template else ""
            self._pg(f'CREATE DATABASE "{self.pg_name}"{copy}')
            self.env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + self.pg_name
        else:
            self.env.pop("DATABASE_URL", None)
            if template:
                shutil.copy(template.dir / "archive.sqlite3", self.dir / "archive.sqlite3")
        if template is None:
            self.manage("migrate", "--no-input")

    def _pg(self, sql):
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(sql)

    def close(self):
        if self.pg_name:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.dir, ignore_errors=True)

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def state(self) -> dict:
        result = subprocess.run(
            [sys.executable, "-m", "tests.crash_hook", "state"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        )
        return json.loads(result.stdout)

    def kill_at(self, point: str, *args) -> str:
        """Run `manage.py ARGS` pausing at POINT, SIGKILL it there; returns its output."""
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_hook", "run", point, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue = queue.Queue()

        def read():
            for line in process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        output = []
        try:
            while True:
                line = lines.get(timeout=TIMEOUT)
                if line is None:
                    raise AssertionError("the process ended before the pause:\n" + "".join(output))
                output.append(line)
                if line.strip() == MARKER:
                    break
            os.kill(process.pid, signal.SIGKILL)
            self.assertion_killed = process.wait(timeout=TIMEOUT) == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        return "".join(output)


def assert_whole(test, state):
    """Every document's rows are exactly what its stored file parses to."""
    for doc in state["documents"]:
        test.assertEqual(doc["sha256"], doc["file_sha256"], doc["symbol"])
        test.assertEqual(doc["db"], doc["parsed"], doc["symbol"])
        test.assertEqual(doc["symbols"], doc["parsed_symbols"], doc["symbol"])
    test.assertEqual(state["counts"]["Paragraph"], sum(d["paragraphs"] for d in state["documents"]))


class CrashSafetyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.template = Archive()  # migrated once, copied for each test
        cls.addClassCleanup(cls.template.close)

    def setUp(self):
        self.archive = Archive(template=self.template)
        self.addCleanup(self.archive.close)
        self.v1 = self.archive.dir / "input" / "v1" / SAMPLE.name
        self.v2 = self.archive.dir / "input" / "v2" / SAMPLE.name
        self.v1.parent.mkdir(parents=True)
        self.v2.parent.mkdir(parents=True)
        text = SAMPLE.read_text(encoding="utf-8")
        self.v1.write_text(text, encoding="utf-8")
        self.v2.write_text(new_version(text), encoding="utf-8")
        self.sha1 = hashlib.sha256(self.v1.read_bytes()).hexdigest()
        self.sha2 = hashlib.sha256(self.v2.read_bytes()).hexdigest()

    def test_it_keeps_the_old_version_when_killed_inside_the_transaction(self):
        self.archive.manage("ingest", str(self.v1))
        before = self.archive.state()
        self.assertEqual([d["sha256"] for d in before["documents"]], [self.sha1])
        self.assertGreater(before["documents"][0]["paragraphs"], 10)
        assert_whole(self, before)

        output = self.archive.kill_at("db", "ingest", str(self.v2))
        self.assertTrue(self.archive.assertion_killed, output)

        after = self.archive.state()
        self.assertEqual(after, before)  # the old version, exactly, and no Upload row
        self.archive.manage("check_index")  # the index still matches: nothing committed

        result = self.archive.manage("ingest", str(self.v2))
        self.assertIn("1 updated", result.stdout)
        final = self.archive.state()
        self.assertEqual([d["sha256"] for d in final["documents"]], [self.sha2])
        self.assertNotEqual(final["documents"][0]["db"], before["documents"][0]["db"])
        assert_whole(self, final)
        self.archive.manage("check_index")

    def test_it_leaves_nothing_when_killed_in_a_first_ingest(self):
        self.archive.kill_at("db", "ingest", str(self.v1))
        state = self.archive.state()
        self.assertEqual(state["documents"], [])
        self.assertEqual(set(state["counts"].values()), {0})

        result = self.archive.manage("ingest", str(self.v1))
        self.assertIn("1 created", result.stdout)
        final = self.archive.state()
        self.assertEqual([d["sha256"] for d in final["documents"]], [self.sha1])
        assert_whole(self, final)
        self.archive.manage("check_index")

    @unittest.skipIf(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "the PostgreSQL search engine writes its entries in the ingest transaction: "
        "a kill leaves nothing to reconcile (the kills before commit above cover it)",
    )
    def test_it_reconciles_the_index_after_a_kill_while_indexing(self):
        self.archive.manage("ingest", str(self.v1))
        output = self.archive.kill_at("index", "ingest", str(self.v2))
        self.assertTrue(self.archive.assertion_killed, output)

        # The transaction had committed: the database holds the new version, whole.
        state = self.archive.state()
        self.assertEqual([d["sha256"] for d in state["documents"]], [self.sha2])
        assert_whole(self, state)

        # The index still describes the old version until it is reconciled; the killed
        # writer's lock does not block the fix.
        check = self.archive.manage("check_index", check=False)
        self.assertEqual(check.returncode, 1, check.stdout + check.stderr)
        self.assertIn("stale", check.stdout)
        fixed = self.archive.manage("check_index", "--fix")
        self.assertIn("Fixed", fixed.stdout)
        self.archive.manage("check_index")
        self.assertEqual(self.archive.state(), state)
