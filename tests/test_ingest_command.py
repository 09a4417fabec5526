"""`manage.py ingest` on the real corpus: re-runnable, and bad files fail alone."""

import io
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from archive.models import Briefer, Briefing, Document, Meeting, Paragraph, Upload

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"
TEXT_FILES = sorted(str(p) for p in CORPUS.glob("*.txt"))


def run_ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class CorpusIngestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output, _ = run_ingest(*TEXT_FILES)

    def test_it_ingests_every_text_file(self):
        self.assertIn("5 file(s): 5 created, 0 updated, 0 unchanged, 0 failed", self.first_output)
        self.assertEqual(
            sorted(Document.objects.values_list("symbol", flat=True)),
            ["A/62/627", "S/2011/817", "S/2015/1039", "S/2015/1042", "S/2017/130"],
        )

    def test_a_second_run_changes_nothing_and_says_so(self):
        counts = (Paragraph.objects.count(), Meeting.objects.count(), Briefing.objects.count())
        out, _ = run_ingest(*TEXT_FILES)
        self.assertIn("5 file(s): 0 created, 0 updated, 5 unchanged, 0 failed", out)
        self.assertEqual(
            (Paragraph.objects.count(), Meeting.objects.count(), Briefing.objects.count()), counts
        )

    def test_renata_dwan_is_one_briefer_with_two_briefings(self):
        briefer = Briefer.objects.get(name="Renata Dwan")
        self.assertEqual(
            [str(d) for d in briefer.briefings.values_list("meeting__date", flat=True)],
            ["2016-06-24", "2016-07-27"],
        )

    def test_meetings_of_the_2011_report(self):
        meetings = Meeting.objects.filter(documents__symbol="S/2011/817")
        self.assertEqual(
            [(str(m.date), m.kind) for m in meetings],
            [
                ("2011-06-29", "tcc"),
                ("2011-08-24", "substantive"),
                ("2011-11-02", "substantive"),
                ("2011-11-30", "tcc"),
                ("2011-12-12", "substantive"),
            ],
        )


class FailureTests(TestCase):
    def test_a_bad_file_fails_alone_with_its_reason_and_a_non_zero_exit(self):
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(CORPUS / "S_2015_1039.zh.txt", folder)
            Path(folder, "broken.pdf").write_bytes(b"this is not a PDF at all")
            Path(folder, "nosymbol.txt").write_text("这是一段没有文号的文字。\n", encoding="utf-8")
            err = io.StringIO()
            with self.assertRaises(CommandError) as caught:
                call_command("ingest", folder, stdout=io.StringIO(), stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("2 file(s) failed", str(caught.exception))
        self.assertIn("broken.pdf", err.getvalue())
        self.assertIn("nosymbol.txt", err.getvalue())
        self.assertEqual(list(Document.objects.values_list("symbol", flat=True)), ["S/2015/1039"])
        self.assertEqual(
            sorted(Upload.objects.filter(status="failed").values_list("file_name", flat=True)),
            ["broken.pdf", "nosymbol.txt"],
        )

    def test_a_missing_path_is_reported(self):
        with self.assertRaises(CommandError):
            run_ingest("/nonexistent/folder")

    def test_it_parses_in_parallel_processes(self):
        out, _ = run_ingest(str(CORPUS), "--jobs", "2")
        self.assertIn("7 file(s): 7 created, 0 updated, 0 unchanged, 0 failed", out)
        self.assertEqual(Document.objects.count(), 7)
