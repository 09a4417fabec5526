"""export and import at sizes past SQLite's variable limit (32,766), streaming: a
document of 40,000 paragraphs, cited and reported paragraph by paragraph."""

import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from archive.models import Citation, Document, MeetingReport, Paragraph
from ingest import backup, service
from tests.factories import add_report, build_long_document, make_meeting, recommend


def empty_archive(test):
    for doc in Document.objects.all():
        with test.captureOnCommitCallbacks(execute=False):
            service.delete_document(doc)


class LongDocumentBackupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = build_long_document("S/2020/1000", 40_000, annexes=2, cite_every=1)
        meeting = make_meeting("2020-05-01")
        report = add_report(meeting, cls.doc)
        through = MeetingReport.paragraphs.through
        through.objects.bulk_create(
            through(meetingreport_id=report.pk, paragraph_id=pk)
            for pk in cls.doc.paragraphs.values_list("pk", flat=True)
        )
        recommend(cls.doc.paragraphs.get(anchor="p39999"))

    def test_it_exports_and_imports_a_document_of_40000_paragraphs(self):
        before = backup.export_data()
        self.assertEqual(len(before["documents"][0]["paragraphs"]), 40_022)
        with tempfile.TemporaryDirectory() as folder:
            call_command("export", folder, stderr=open("/dev/null", "w"))
            lines = (Path(folder) / "archive.jsonl").read_text(encoding="utf-8").splitlines()
            self.assertEqual(json.loads(lines[0]), {"format": "pkowg-archive", "version": 2})
            self.assertEqual(json.loads(lines[-1])["type"], "end")
            # header, meeting, document, paragraphs, document_end, editorial, end
            self.assertEqual(len(lines), 1 + 1 + 1 + 40_022 + 1 + 1 + 1)
            empty_archive(self)
            self.assertEqual(Paragraph.objects.count(), 0)
            with self.captureOnCommitCallbacks(execute=False):
                call_command("import", folder, stdout=open("/dev/null", "w"))
        self.assertEqual(backup.export_data(), before)
        self.assertEqual(Citation.objects.count(), 40_000)
        self.assertEqual(MeetingReport.paragraphs.through.objects.count(), 40_022)

    def test_it_replaces_and_deletes_a_document_of_40000_paragraphs(self):
        with self.captureOnCommitCallbacks(execute=False):
            service.delete_document(self.doc)
        self.assertEqual(Paragraph.objects.count(), 0)
        self.assertEqual(Citation.objects.count(), 0)


class StreamingFormatTests(TestCase):
    def setUp(self):
        build_long_document("S/2020/1001", 30)

    def test_it_reads_a_version_1_export(self):
        before = backup.export_data()
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "archive.json").write_text(
                json.dumps({**before, "version": 1}), encoding="utf-8"
            )
            empty_archive(self)
            with self.captureOnCommitCallbacks(execute=False):
                call_command("import", folder, stdout=open("/dev/null", "w"))
        self.assertEqual(backup.export_data(), before)

    def test_it_refuses_a_cut_short_export_and_keeps_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            backup.export_archive(Path(folder))
            path = Path(folder) / "archive.jsonl"
            lines = path.read_text(encoding="utf-8").splitlines()
            path.write_text("\n".join(lines[:-5]) + "\n", encoding="utf-8")
            empty_archive(self)
            with self.assertRaisesMessage(CommandError, "incomplete"):
                call_command("import", folder)
        self.assertEqual((Document.objects.count(), Paragraph.objects.count()), (0, 0))

    def test_it_refuses_a_line_that_is_not_json(self):
        with tempfile.TemporaryDirectory() as folder:
            backup.export_archive(Path(folder))
            path = Path(folder) / "archive.jsonl"
            path.write_text(path.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
            empty_archive(self)
            with self.assertRaisesMessage(CommandError, "not JSON"):
                call_command("import", folder)
        self.assertEqual(Document.objects.count(), 0)

    def test_standard_output_gets_json_lines(self):
        import io

        out = io.StringIO()
        call_command("export", "-", stdout=out)
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        self.assertEqual(records[0]["version"], 2)
        self.assertEqual([r["type"] for r in records[1:3]], ["document", "paragraph"])
