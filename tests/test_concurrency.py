"""Concurrent writers, and a missing or corrupt search index.

Two uploads and an ingest at the same time (threads, each with its own database
connection) all succeed, and the index they all write (Whoosh: one writer at a time,
the others wait for the lock) is whole afterwards. A missing or corrupt index leaves
the pages working, makes search answer 503, and `rebuild_index` restores it.
"""

import shutil
import subprocess
import sys
import threading
import unittest
from io import StringIO
from pathlib import Path
from unittest import skipIf

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

import search
from archive.models import Document, Paragraph, Upload
from ingest.readers import read_document
from ingest.service import CREATED, UPDATED, ingest_bytes, ingest_upload
from tests.crash_hook import MARKER
from tests.factories import make_document
from tests.search.test_engine import TempIndexMixin
from tests.test_crash_safety import ROOT, Archive, assert_whole

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
FILES = ["S_2017_130.zh.txt", "S_2011_817.zh.txt", "S_2015_1042.zh.txt"]


def run_at_once(*jobs):
    """Start every job at the same moment in its own thread; their results (or errors)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as exc:  # reported by the test, not lost in the thread
            results[index] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a writer never finished"
    return results


def check_index_output():
    out = StringIO()
    call_command("check_index", stdout=out)
    return out.getvalue()


class ConcurrentProcessesTests(unittest.TestCase):
    """Separate processes, as in production (web workers and a command line ingest), on a
    file database (SQLite, or PostgreSQL when DATABASE_URL names it) and one index."""

    def setUp(self):
        self.archive = Archive()
        self.addCleanup(self.archive.close)

    def start(self, *args):
        # Each writer pauses inside its transaction and inside the index writer, so the
        # three overlap for sure: the others wait for the database and index locks.
        return subprocess.Popen(
            [sys.executable, "-m", "tests.crash_hook", *args],
            cwd=ROOT,
            env={**self.archive.env, "CRASH_HOOK_SLEEP": "1.5"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def test_it_saves_two_uploads_and_an_ingest_run_at_once(self):
        a, b, c = (CORPUS / name for name in FILES)
        processes = [
            self.start("upload", "db,index", str(a)),
            self.start("upload", "db,index", str(b)),
            self.start("run", "db,index", "ingest", str(c)),
        ]
        outputs = [p.communicate(timeout=300)[0] for p in processes]
        for process, output in zip(processes, outputs, strict=True):
            self.assertEqual(process.returncode, 0, output)
        self.assertIn(f"{MARKER}\ncreated", outputs[0])
        self.assertIn(f"{MARKER}\ncreated", outputs[1])
        self.assertIn("1 created", outputs[2])

        state = self.archive.state()
        self.assertEqual(
            sorted(d["symbol"] for d in state["documents"]),
            ["S/2011/817", "S/2015/1042", "S/2017/130"],
        )
        assert_whole(self, state)
        self.assertEqual(state["counts"]["Upload"], 3)
        result = self.archive.manage("check_index")
        self.assertIn("The index matches the database.", result.stdout)


@skipIf(
    connection.vendor == "sqlite",
    "the SQLite test database is in memory with shared-cache table locks, which ignore "
    "the busy timeout; ConcurrentProcessesTests covers SQLite on a file",
)
class ConcurrentIngestTests(TempIndexMixin, TransactionTestCase):
    def setUp(self):
        self.staff = User.objects.create_user("staff", is_staff=True)
        self.data = {name: (CORPUS / name).read_bytes() for name in FILES}
        search.rebuild()  # an empty index, as on a new server

    def test_it_saves_two_uploads_and_an_ingest_made_at_once(self):
        a, b, c = FILES
        outcomes = run_at_once(
            lambda: ingest_upload(self.data[a], a, user=self.staff),
            lambda: ingest_upload(self.data[b], b, user=self.staff),
            lambda: ingest_bytes(self.data[c], c),
        )
        for outcome in outcomes:
            self.assertNotIsInstance(outcome, BaseException, repr(outcome))
            self.assertEqual(outcome.status, CREATED, outcome.messages)

        self.assertEqual(Document.objects.count(), 3)
        for name in FILES:
            parsed = read_document(self.data[name], name)
            doc = Document.objects.get(symbol=parsed.symbol)
            self.assertEqual(doc.paragraphs.count(), len(parsed.blocks), name)
        self.assertEqual(
            Paragraph.objects.count(),
            sum(len(read_document(self.data[n], n).blocks) for n in FILES),
        )
        self.assertEqual(Upload.objects.filter(status=CREATED).count(), 3)

        # The index took every writer in turn and is whole.
        self.assertIn("The index matches the database.", check_index_output())
        for query, symbol in (("S/2017/130", "S/2017/130"), ("S/2011/817", "S/2011/817")):
            self.assertIn(symbol, {h.symbol for h in search.search(query).hits})
        self.assertTrue(search.search("维持和平").count > 0)

    def test_it_saves_the_same_document_uploaded_twice_at_once(self):
        name = FILES[0]
        revised = self.data[name] + "\n补充的一段话。\n".encode()
        outcomes = run_at_once(
            lambda: ingest_upload(self.data[name], name, user=self.staff),
            lambda: ingest_upload(revised, name, user=self.staff),
        )
        for outcome in outcomes:
            self.assertNotIsInstance(outcome, BaseException, repr(outcome))
        self.assertEqual(sorted(o.status for o in outcomes), sorted([CREATED, UPDATED]))
        # One document, whole, from whichever upload came last.
        doc = Document.objects.get()
        winner = next(o for o in outcomes if o.status == UPDATED)
        self.assertEqual(doc.source_sha256, winner.upload.sha256)
        self.assertEqual(doc.paragraphs.count(), len(winner.parsed.blocks))
        self.assertIn("The index matches the database.", check_index_output())


@override_settings(SEARCH_ENGINE="whoosh")  # damages Whoosh's index files
class BrokenIndexTests(TempIndexMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document("S/2017/130", paragraphs=["维持和平行动。"], title="报告")

    def setUp(self):
        search.rebuild()
        self.hits = [(h.type, h.url) for h in search.search("维持和平").hits]
        self.assertTrue(self.hits)
        self.pages = [
            reverse("archive:home"),
            reverse("archive:documents"),
            self.doc.get_absolute_url(),
            reverse("archive:meetings"),
            reverse("archive:api_document", args=["S/2017/130"]),
        ]

    def assert_search_unavailable(self):
        response = self.client.get(reverse("search:search"), {"q": "维持和平"})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "search", status_code=503)
        api = self.client.get(reverse("archive:api_search"), {"q": "维持和平"})
        self.assertEqual(api.status_code, 503)
        self.assertIn("error", api.json())
        for url in self.pages:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def assert_search_works(self):
        response = self.client.get(reverse("search:search"), {"q": "维持和平"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([(h.type, h.url) for h in search.search("维持和平").hits], self.hits)
        self.assertIn("The index matches the database.", check_index_output())

    def rebuild(self):
        call_command("rebuild_index", interactive=False, verbosity=0)

    def test_it_answers_503_without_an_index_and_rebuild_restores_it(self):
        self.assert_search_works()
        shutil.rmtree(self.index_path())
        self.assert_search_unavailable()
        self.rebuild()
        self.assert_search_works()

    def test_it_answers_503_with_a_corrupt_index_and_rebuild_restores_it(self):
        path = Path(self.index_path())
        for file in path.iterdir():
            if file.is_file() and not file.name.endswith(".lock"):
                file.write_bytes(b"\x00garbage" * 10)
        self.assert_search_unavailable()
        self.rebuild()
        self.assert_search_works()

    def test_it_answers_503_with_an_empty_index_directory(self):
        path = Path(self.index_path())
        shutil.rmtree(path)
        path.mkdir()
        self.assert_search_unavailable()
        out = StringIO()
        call_command("check_index", "--fix", stdout=out)
        self.assertIn("Index rebuilt", out.getvalue())
        self.assert_search_works()
