"""Content-addressed storage without races (issue 13, finding 3): two simultaneous
uploads of the same new file both end with the original present (the losing ingest used
to delete the file the winner had committed); only the sweep removes files, and never
one an ingest is about to commit."""

import subprocess
import sys
import threading
import unittest
from pathlib import Path
from unittest import skipIf

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase, TransactionTestCase

from archive.models import Document
from ingest.service import ingest_bytes, ingest_upload, source_file_path
from ingest.sources import source_lock, store_source, sweep
from tests.crash_hook import MARKER
from tests.test_concurrency import run_at_once
from tests.test_crash_safety import ROOT, SAMPLE, TIMEOUT, Archive

CORPUS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "corpus"
DATA = SAMPLE.read_bytes()


class SimultaneousUploadProcessesTests(unittest.TestCase):
    """Processes, as gunicorn's workers are, on a file database (SQLite or PostgreSQL)."""

    def test_two_uploads_of_the_same_new_file_both_keep_the_original(self):
        for _ in range(2):  # the loser was either process: a few pairs
            archive = Archive()
            try:
                env = {**archive.env, "CRASH_HOOK_SLEEP": "1.5"}
                processes = [
                    subprocess.Popen(
                        [sys.executable, "-m", "tests.crash_hook", "upload", "db", str(SAMPLE)],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                    for _ in range(2)
                ]
                outputs = [p.communicate(timeout=TIMEOUT)[0] for p in processes]
                for process, output in zip(processes, outputs, strict=True):
                    self.assertEqual(process.returncode, 0, output)
                statuses = sorted(o.split(MARKER)[-1].split()[0] for o in outputs)
                self.assertEqual(statuses, ["created", "unchanged"], outputs)
                state = archive.state()
                self.assertEqual(len(state["documents"]), 1)
                # The stored original is there and is these bytes.
                self.assertEqual(
                    state["documents"][0]["file_sha256"], state["documents"][0]["sha256"]
                )
            finally:
                archive.close()


@skipIf(
    connection.vendor == "sqlite",
    "the SQLite test database is in memory with shared-cache table locks; the processes "
    "test above covers SQLite on a file",
)
class SimultaneousUploadThreadsTests(TransactionTestCase):
    def test_uploads_of_the_same_new_file_at_once_all_keep_the_original(self):
        staff = User.objects.create_user("staff", is_staff=True)
        outcomes = run_at_once(
            *[lambda: ingest_upload(DATA, SAMPLE.name, user=staff) for _ in range(4)]
        )
        for outcome in outcomes:
            self.assertNotIsInstance(outcome, BaseException, repr(outcome))
        self.assertEqual(sorted(o.status for o in outcomes), ["created"] + ["unchanged"] * 3)
        path = source_file_path(Document.objects.get())
        self.assertIsNotNone(path)
        self.assertEqual(path.read_bytes(), DATA)


class SweepTests(TestCase):
    def setUp(self):
        for path in Path(settings.SOURCE_FILES_DIR).glob("??/*"):
            path.unlink()

    def test_it_removes_only_files_no_document_refers_to(self):
        outcome = ingest_bytes(DATA, SAMPLE.name)
        kept = source_file_path(outcome.document)
        orphan = (
            Path(settings.SOURCE_FILES_DIR) / store_source(b"old version", "ab" * 32, "x.txt")[0]
        )
        report = sweep(grace_seconds=0)
        self.assertEqual(report.removed, [orphan.relative_to(settings.SOURCE_FILES_DIR).as_posix()])
        self.assertTrue(kept.is_file())
        self.assertFalse(orphan.exists())

    def test_it_keeps_recent_files_and_files_an_ingest_holds(self):
        recent = Path(settings.SOURCE_FILES_DIR) / store_source(b"new", "cd" * 32, "x.txt")[0]
        self.assertEqual(sweep().removed, [])  # inside the grace period
        self.assertTrue(recent.is_file())
        held, release = threading.Event(), threading.Event()

        def ingest_in_progress():
            with source_lock("cd" * 32):  # stored, its row not committed yet
                held.set()
                release.wait(10)

        thread = threading.Thread(target=ingest_in_progress)
        thread.start()
        held.wait(10)
        try:
            report = sweep(grace_seconds=0)
        finally:
            release.set()
            thread.join()
        self.assertEqual((report.removed, report.busy), ([], 1))
        self.assertTrue(recent.is_file())
        self.assertEqual(len(sweep(grace_seconds=0).removed), 1)

    def test_the_command_reports_what_it_removed(self):
        from io import StringIO

        from django.core.management import call_command

        store_source(b"orphan", "ef" * 32, "x.pdf")
        out = StringIO()
        call_command("sweep_sources", "--grace", "0", stdout=out)
        self.assertIn(f"removed ef/{'ef' * 32}.pdf", out.getvalue())
        self.assertIn("1 stored file(s), 0 upload file(s) and ", out.getvalue())
