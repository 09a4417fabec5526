"""Bulk ingest (ingest.bulk, `manage.py ingest --jobs N`): parsing in worker processes,
saving here; each document whole or not at all, failures reported with their reason."""

import io
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.test import TestCase, override_settings

from archive.models import Document, Paragraph, Upload
from ingest import bulk, service
from ingest.sources import sweep
from tests import hostile_pdfs

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"
TEXTS = sorted(CORPUS.glob("*.txt"))


def stored_files():
    return sorted(p.name for p in Path(settings.SOURCE_FILES_DIR).rglob("*") if p.is_file())


class BulkTestCase(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        shutil.rmtree(settings.SOURCE_FILES_DIR, ignore_errors=True)

    def ingest(self, files, jobs=2, **kwargs):
        stats = bulk.BulkStats()
        with self.captureOnCommitCallbacks() as callbacks:
            outcomes = list(bulk.ingest_files(files, jobs=jobs, stats=stats, **kwargs))
        return outcomes, stats, callbacks


class ParallelTests(BulkTestCase):
    def test_it_gives_the_same_documents_as_one_process_in_file_order(self):
        outcomes, stats, _ = self.ingest(TEXTS, jobs=2)
        self.assertEqual([o.file_name for o in outcomes], [p.name for p in TEXTS])
        self.assertEqual([o.status for o in outcomes], ["created"] * len(TEXTS))
        parallel = sorted(Paragraph.objects.values_list("document__symbol", "anchor", "text"))
        self.assertEqual(stats.files, len(TEXTS))
        self.assertGreater(stats.parse_s, 0)
        self.assertEqual(stats.characters, sum(len(p.read_text(encoding="utf-8")) for p in TEXTS))
        Document.objects.all().delete()
        self.ingest(TEXTS, jobs=1)
        serial = sorted(Paragraph.objects.values_list("document__symbol", "anchor", "text"))
        self.assertEqual(parallel, serial)
        self.assertGreater(len(serial), 300)

    def test_a_second_run_parses_nothing_and_says_unchanged(self):
        self.ingest(TEXTS)
        outcomes, stats, _ = self.ingest(TEXTS)
        self.assertEqual({o.status for o in outcomes}, {"unchanged"})
        self.assertEqual(stats.parse_s, 0)

    def test_the_worker_stores_the_source_file_the_document_points_to(self):
        self.ingest(TEXTS[:2])
        for document in Document.objects.all():
            path = service.source_file_path(document)
            self.assertIsNotNone(path, document.symbol)
            self.assertEqual(service.sha256_bytes(path.read_bytes()), document.source_sha256)

    def test_the_index_is_updated_per_document_unless_deferred(self):
        with mock.patch("search.document_saved") as saved:
            self.ingest(TEXTS[:2])
        self.assertEqual(saved.call_count, 2)
        Document.objects.all().delete()
        with mock.patch("search.document_saved") as saved:
            self.ingest(TEXTS[:2], index=False)
        saved.assert_not_called()
        self.assertEqual(Document.objects.count(), 2)


class FailureTests(BulkTestCase):
    def test_a_bad_file_among_good_ones_fails_alone_with_its_reason(self):
        shutil.copy(TEXTS[0], self.folder)
        shutil.copy(TEXTS[1], self.folder / "zz.txt")
        (self.folder / "nosymbol.txt").write_text("这是一段没有文号的文字。\n", encoding="utf-8")
        files = sorted(self.folder.iterdir())
        outcomes, _, _ = self.ingest(files)
        by_name = {o.file_name: o for o in outcomes}
        self.assertEqual(by_name["nosymbol.txt"].status, "failed")
        self.assertIn("symbol", by_name["nosymbol.txt"].messages[0])
        self.assertEqual(Document.objects.count(), 2)
        self.assertEqual(Upload.objects.get(status="failed").file_name, "nosymbol.txt")

    def test_a_failure_while_saving_leaves_nothing_and_its_file_to_the_sweep(self):
        shutil.copy(TEXTS[0], self.folder)
        shutil.copy(TEXTS[1], self.folder)
        real = service._write_citations

        def fail_on_the_second(document, *args):
            if Document.objects.count() > 1:
                raise IntegrityError("disk on fire")
            return real(document, *args)

        with mock.patch.object(service, "_write_citations", side_effect=fail_on_the_second):
            outcomes, _, _ = self.ingest(sorted(self.folder.iterdir()))
        self.assertEqual([o.status for o in outcomes], ["created", "failed"])
        self.assertIn("disk on fire", outcomes[1].messages[0])
        self.assertEqual(Document.objects.count(), 1)
        self.assertEqual(Paragraph.objects.exclude(document__in=Document.objects.all()).count(), 0)
        # A stored file may be shared with another ingest of the same bytes: no ingest
        # deletes one; the sweep removes it once no committed row refers to it.
        self.assertEqual(len(stored_files()), 2)
        report = sweep(grace_seconds=0)
        self.assertEqual(len(report.removed), 1)
        self.assertEqual(stored_files(), [f"{Document.objects.get().source_sha256}.txt"])

    @override_settings(PARSE_MEMORY_LIMIT=256 * 1024 * 1024)
    def test_a_file_past_the_memory_limit_fails_alone_and_the_others_go_on(self):
        for path in TEXTS[:3]:
            shutil.copy(path, self.folder)
        (self.folder / "hostile.pdf").write_bytes(hostile_pdfs.inflating_spaces(320 << 20))
        for jobs in (2, 1):
            Document.objects.all().delete()
            outcomes, _, _ = self.ingest(sorted(self.folder.iterdir()), jobs=jobs)
            by_name = {o.file_name: o for o in outcomes}
            self.assertEqual(by_name["hostile.pdf"].status, "failed")
            self.assertEqual(
                by_name["hostile.pdf"].messages,
                ["needs more than 256 MB to read; it was not saved"],
            )
            self.assertEqual(
                sorted(o.status for n, o in by_name.items() if n != "hostile.pdf"),
                ["created"] * 3,
            )
            self.assertEqual(Document.objects.count(), 3)

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(self):
        shutil.copy(TEXTS[0], self.folder / "big.txt")
        with mock.patch("pathlib.Path.read_bytes", side_effect=AssertionError("read whole")):
            outcomes, _, _ = self.ingest([self.folder / "big.txt"], jobs=1)
        self.assertEqual(outcomes[0].status, "failed")
        self.assertIn("file is too large", outcomes[0].messages[0])
        self.assertEqual(Upload.objects.get().status, "failed")


class CommandTests(BulkTestCase):
    def test_it_reports_a_failure_with_a_non_zero_exit_in_parallel(self):
        shutil.copy(TEXTS[0], self.folder)
        (self.folder / "broken.pdf").write_bytes(b"this is not a PDF at all")
        out, err = io.StringIO(), io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("ingest", str(self.folder), "--jobs", "2", stdout=out, stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("broken.pdf", err.getvalue())
        self.assertIn("2 file(s): 1 created, 0 updated, 0 unchanged, 1 failed", out.getvalue())
        self.assertRegex(out.getvalue(), r"[\d.]+ documents/s, [\d,]+ characters/s")

    def test_defer_index_rebuilds_the_index_once_at_the_end(self):
        with (
            mock.patch("search.rebuild", return_value=123) as rebuild,
            mock.patch("search.document_saved") as update,
            self.captureOnCommitCallbacks(execute=True),
        ):
            out = io.StringIO()
            call_command("ingest", *map(str, TEXTS[:3]), "--jobs", "2", "--defer-index", stdout=out)
        update.assert_not_called()
        rebuild.assert_called_once_with(procs=2)
        self.assertIn("search index rebuilt: 123 entries", out.getvalue())
        self.assertEqual(Document.objects.count(), 3)
