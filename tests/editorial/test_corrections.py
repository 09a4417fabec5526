"""Editors' corrections survive re-parsing: applied again after every re-ingest, retired
when the parser reads the same by itself, flagged (never dropped) when their fact is gone."""

import datetime as dt

from django.contrib.auth import get_user_model

from archive.models import Briefing, Document, Meeting, Paragraph, Recommendation
from editorial import corrections
from editorial.models import Correction

from .helpers import ReportTestCase, edited

FIRST = dt.date(2011, 8, 24)  # "第一次实质性会议", briefed by 巴巴卡尔·盖伊
SECOND = dt.date(2011, 11, 2)


class CorrectionTestCase(ReportTestCase):
    def setUp(self):
        self.ingest()
        self.editor = get_user_model().objects.create_user("editor", is_staff=True)

    def correct(self, row, field, value, reason="checked against the PDF"):
        with self.captureOnCommitCallbacks(execute=False):
            return corrections.correct(row, field, value, user=self.editor, reason=reason)

    def meeting(self, date=FIRST):
        return Meeting.objects.get(date=date)


class SurvivesTests(CorrectionTestCase):
    def test_it_applies_the_correction_at_once_and_records_who_and_what_the_document_reads(self):
        c = self.correct(self.meeting(), "title", "第一次实质性会议（维和行动）")
        self.assertEqual(self.meeting().title, "第一次实质性会议（维和行动）")
        self.assertEqual(
            (c.symbol, c.language, c.target, c.key, c.field),
            ("S/2011/817", "zh", "meeting", "2011-08-24", "title"),
        )
        self.assertEqual(
            (c.parser_value, c.state, c.user), ("第一次实质性会议", "active", self.editor)
        )
        self.assertEqual(c.object_id, self.meeting().pk)

    def test_a_correction_survives_reingest_of_a_changed_file_and_a_parser_bump(self):
        self.correct(self.meeting(), "title", "第一次实质性会议（维和行动）")
        doc = Document.objects.get()
        self.correct(doc, "date", "2011-12-29")
        briefing = Briefing.objects.get(meeting=self.meeting(), order=0)
        self.correct(briefing, "role", "联合国军事顾问（少将）")
        rec = Recommendation.objects.get(number="53")
        self.correct(rec, "number", "53 bis")

        outcome = self.ingest(edited(("工作组的议程因安理会成员", "工作组的议程因安全理事会成员")))
        self.assertEqual(outcome.status, "updated")
        with self.bump_parser():
            self.assertEqual(self.ingest().status, "updated")

        self.assertEqual(self.meeting().title, "第一次实质性会议（维和行动）")
        self.assertEqual(Document.objects.get().date, dt.date(2011, 12, 29))
        briefing = Briefing.objects.get(meeting=self.meeting(), order=0)
        self.assertEqual(briefing.role, "联合国军事顾问（少将）")
        self.assertEqual(Recommendation.objects.get(paragraph__anchor="p53").number, "53 bis")
        self.assertEqual(set(Correction.objects.values_list("state", flat=True)), {"active"})
        # each sits on the row the last parse made
        c = Correction.objects.get(target="briefing")
        self.assertEqual(c.object_id, briefing.pk)

    def test_a_corrected_meeting_date_decides_which_meeting_the_report_joins(self):
        self.correct(self.meeting(SECOND), "date", "2011-11-03")
        self.ingest(edited(("工作组的议程因安理会成员", "工作组的议程因安全理事会成员")))
        self.assertFalse(Meeting.objects.filter(date=SECOND).exists())
        moved = Meeting.objects.get(date=dt.date(2011, 11, 3))
        self.assertEqual(moved.title, "第二次实质性会议")
        self.assertEqual(moved.reports.get().document.symbol, "S/2011/817")

    def test_setting_back_the_value_the_document_reads_retires_the_correction(self):
        self.correct(self.meeting(), "title", "X")
        self.correct(self.meeting(), "title", "第一次实质性会议")
        self.assertEqual(Correction.objects.get().state, "retired")


class RetireAndReviewTests(CorrectionTestCase):
    def test_a_correction_the_parser_now_agrees_with_is_retired(self):
        c = self.correct(self.meeting(), "title", "首次实质性会议")
        self.ingest(edited(("B. 第一次实质性会议", "B. 首次实质性会议")))
        c.refresh_from_db()
        self.assertEqual(c.state, "retired")
        self.assertIn("parser now reads", c.state_note)
        self.assertEqual(self.meeting().title, "首次实质性会议")

    def test_a_correction_whose_meeting_is_gone_is_flagged_for_review_not_dropped(self):
        c = self.correct(self.meeting(SECOND), "title", "第二次会议（更正）")
        self.ingest(edited(("工作组于 11 月 2 日举行", "工作组于 11 月 9 日举行")))
        c.refresh_from_db()
        self.assertEqual((c.state, c.object_id), ("review", None))
        self.assertIn("no longer reports the meeting", c.state_note)
        # nothing of it is applied to the meeting the parser reads now
        self.assertEqual(Meeting.objects.get(date=dt.date(2011, 11, 9)).title, "第二次实质性会议")
        # the file comes back as it was: the correction fits again
        self.ingest()
        c.refresh_from_db()
        self.assertEqual(c.state, "active")
        self.assertEqual(self.meeting(SECOND).title, "第二次会议（更正）")

    def test_a_paragraph_number_correction_is_flagged_when_another_text_takes_its_place(self):
        paragraph = Paragraph.objects.get(anchor="p54")
        c = self.correct(paragraph, "number", "54 (corrected)")
        self.assertEqual(Paragraph.objects.get(anchor="p54").number, "54 (corrected)")
        self.ingest(
            edited(
                (
                    "54. 通过在 2011 年期间维持一个灵活的工作方案",
                    "54. 完全不同的一段话。工作组另有安排",
                )
            )
        )
        c.refresh_from_db()
        self.assertEqual(c.state, "review")
        self.assertIn("changed", c.state_note)
        self.assertEqual(Paragraph.objects.get(anchor="p54").number, "54")

    def test_a_value_the_field_cannot_hold_is_refused_and_nothing_is_saved(self):
        with self.assertRaises(corrections.CorrectionError):
            self.correct(Document.objects.get(), "date", "30 Dec 2011")
        with self.assertRaises(corrections.CorrectionError):
            self.correct(self.meeting(), "kind", "party")
        self.assertFalse(Correction.objects.exists())
        self.assertEqual(Document.objects.get().date, dt.date(2011, 12, 30))


class HistoryTests(CorrectionTestCase):
    def test_the_document_history_says_ingest_correction_and_reparse(self):
        self.correct(self.meeting(), "title", "第一次实质性会议（维和行动）")
        changed = edited(("工作组的议程因安理会成员", "工作组的议程因安全理事会成员"))
        self.ingest(changed)
        with self.bump_parser():
            self.ingest(changed)
        reasons = list(
            Document.objects.get()
            .history.order_by("history_id")
            .values_list("history_change_reason", flat=True)
        )
        self.assertEqual(reasons[0], "ingested")
        self.assertEqual(reasons[1], "corrected meeting title: 第一次实质性会议（维和行动）")
        self.assertEqual(reasons[2], "re-ingested: a new file")
        self.assertTrue(reasons[3].startswith("re-parsed: parser"))
        self.assertEqual(
            Document.objects.get().history.order_by("history_id")[1].history_user, self.editor
        )
        self.assertEqual(Correction.objects.get().history.count(), 3)  # made, then re-applied twice
