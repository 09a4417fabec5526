"""`manage.py reparse` reads stored originals again, applies corrections and reports what
changed; `--dry-run` reports the same and saves nothing. A new upload of a known symbol
shows the same comparison before it replaces the document."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from archive.models import Document, Meeting
from editorial import corrections
from editorial.reparse import compare_upload
from ingest.readers import read_document

from .helpers import REPORT_NAME, ReportTestCase, edited

SECOND, LATER = dt.date(2011, 11, 2), dt.date(2011, 11, 9)


def parser_reading_the_second_meeting_later(*args, **kwargs):
    """A 'newer parser' that reads the second substantive meeting a week later."""
    parsed = read_document(*args, **kwargs)
    for pm in parsed.meetings:
        if pm.date == SECOND:
            pm.date = LATER
    return parsed


class ReparseTests(ReportTestCase):
    def setUp(self):
        self.ingest()

    def reparse(self, *args):
        out = StringIO()
        with (
            translation.override("en"),
            mock.patch("ingest.readers.read_document", parser_reading_the_second_meeting_later),
        ):
            with self.captureOnCommitCallbacks(execute=True) as callbacks:
                call_command("reparse", *args, stdout=out)
        return out.getvalue(), callbacks

    def test_dry_run_reports_a_changed_meeting_and_saves_nothing(self):
        history = Document.objects.get().history.count()
        out, callbacks = self.reparse("S/2011/817", "--dry-run")
        self.assertIn("S/2011/817 (zh)\n", out)
        self.assertIn("meetings added: 2011-11-09\n", out)
        self.assertIn("meetings removed: 2011-11-02\n", out)
        self.assertIn("briefers added: 肖阿伊布·达斯特吉尔 (2011-11-09)", out)
        self.assertIn("1 document(s): 1 would change, 0 failed (dry run: nothing saved)", out)
        self.assertTrue(Meeting.objects.filter(date=SECOND).exists())
        self.assertFalse(Meeting.objects.filter(date=LATER).exists())
        self.assertEqual(Document.objects.get().history.count(), history)
        self.assertEqual(callbacks, [])  # not even the search index is touched

    def test_it_saves_applies_corrections_and_reports_them(self):
        with self.captureOnCommitCallbacks(execute=False):
            corrections.correct(Meeting.objects.get(date=SECOND), "title", "第二次会议（更正）")
        out, _ = self.reparse()
        self.assertIn("meetings added: 2011-11-09", out)
        self.assertIn("correction meeting 2011-11-02 title: active -> review", out)
        self.assertIn("1 document(s): 1 changed, 0 failed\n", out)
        self.assertTrue(Meeting.objects.filter(date=LATER).exists())
        self.assertEqual(
            Document.objects.get().history.latest().history_change_reason,
            "re-parsed on purpose (manage.py reparse)",
        )

    def test_an_unchanged_parse_reports_no_change(self):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=False), translation.override("en"):
            call_command("reparse", "--dry-run", stdout=out)
        self.assertIn("  no change\n", out.getvalue())

    def test_an_unknown_symbol_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "no document with the symbol(s) S/1999/1"):
            call_command("reparse", "S/1999/1", stdout=StringIO())


class CompareUploadTests(ReportTestCase):
    def test_a_new_file_of_a_known_symbol_is_compared_before_it_replaces_anything(self):
        self.ingest()
        data = edited(("工作组于 11 月 2 日举行", "工作组于 11 月 9 日举行"))
        changes = compare_upload(data, REPORT_NAME)
        self.assertEqual(
            (changes.meetings_added, changes.meetings_removed), (["2011-11-09"], ["2011-11-02"])
        )
        self.assertTrue(Meeting.objects.filter(date=SECOND).exists())
        self.assertIsNone(compare_upload(self.REPORT_BYTES, REPORT_NAME))  # the same file

    REPORT_BYTES = edited()
