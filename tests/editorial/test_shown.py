"""A corrected fact carries its mark on the pages, in the JSON API and in the export."""

import datetime as dt
import json
import tempfile
from pathlib import Path

from django.urls import reverse

from archive.models import Briefer, Briefing, Document, Meeting
from editorial import corrections
from editorial.models import BrieferAlias, Correction
from ingest import backup
from ingest.removal import delete_document

from .helpers import ReportTestCase

FIRST = dt.date(2011, 8, 24)


class ShownTests(ReportTestCase):
    def setUp(self):
        self.ingest()
        self.meeting = Meeting.objects.get(date=FIRST)
        with self.captureOnCommitCallbacks(execute=False):
            corrections.correct(self.meeting, "title", "第一次实质性会议（更正）", reason="PDF")
            corrections.correct(Document.objects.get(), "title", "工作组的报告（更正）")

    def test_the_meeting_page_marks_the_corrected_title_in_both_languages(self):
        url = reverse("archive:meeting", args=[self.meeting.slug])
        r = self.client.get(url, headers={"accept-language": "zh-hans"})
        self.assertContains(r, "第一次实质性会议（更正）")
        day = dt.date.today().isoformat()
        self.assertContains(r, f"{day}更正：文件原文为“第一次实质性会议”")
        self.assertContains(r, '<span class="corrected">', count=1)
        r = self.client.get(url, headers={"accept-language": "en"})
        self.assertContains(r, f"corrected on {day}: the document reads “第一次实质性会议”")

    def test_the_document_page_marks_the_title_and_the_meeting(self):
        r = self.client.get(reverse("archive:document", args=["S/2011/817"]))
        self.assertContains(r, "工作组的报告（更正）")
        self.assertContains(r, '<span class="corrected">', count=2)
        self.assertContains(r, "文件原文为“安全理事会维持和平行动工作组的报告”")

    def test_an_uncorrected_page_has_no_mark(self):
        other = Meeting.objects.get(date=dt.date(2011, 11, 2))
        r = self.client.get(reverse("archive:meeting", args=[other.slug]))
        self.assertNotContains(r, "corrected")

    def test_the_api_carries_the_corrections(self):
        data = self.client.get(reverse("archive:api_document", args=["S/2011/817"])).json()
        self.assertEqual(data["title"], "工作组的报告（更正）")
        self.assertEqual(
            [
                (c["target"], c["key"], c["field"], c["value"], c["document_reads"])
                for c in data["corrections"]
            ],
            [
                (
                    "document",
                    "",
                    "title",
                    "工作组的报告（更正）",
                    "安全理事会维持和平行动工作组的报告",
                ),
                ("meeting", "2011-08-24", "title", "第一次实质性会议（更正）", "第一次实质性会议"),
            ],
        )
        meetings = self.client.get(reverse("archive:api_meetings")).json()["results"]
        first = next(m for m in meetings if m["date"] == "2011-08-24")
        self.assertEqual([c["value"] for c in first["corrections"]], ["第一次实质性会议（更正）"])
        self.assertEqual(first["corrections"][0]["reason"], "PDF")
        self.assertTrue(all(m["corrections"] == [] for m in meetings if m is not first))

    def test_the_export_carries_corrections_and_aliases_and_an_import_restores_them(self):
        briefing = Briefing.objects.filter(meeting=self.meeting).first()
        BrieferAlias.objects.create(
            briefer=briefing.briefer, name="Babacar Gaye", name_key="babacargaye"
        )
        with tempfile.TemporaryDirectory() as folder:
            backup.export_archive(folder)  # returns counts; the records:
            data = backup.export_data()
            self.assertEqual(
                [(c["target"], c["field"], c["value"], c["on"]) for c in data["corrections"]],
                [
                    ("meeting", "title", "第一次实质性会议（更正）", ["2011-08-24"]),
                    ("document", "title", "工作组的报告（更正）", ["S/2011/817", "zh"]),
                ],
            )
            lines = (Path(folder) / "archive.jsonl").read_text().splitlines()
            saved = next(r for r in map(json.loads, lines) if r.get("type") == "editorial")
            self.assertEqual(saved["briefer_aliases"][0]["name"], "Babacar Gaye")
            with self.captureOnCommitCallbacks(execute=False):
                delete_document(Document.objects.get())
            Correction.objects.all().delete()
            Briefer.objects.all().delete()  # the aliased one outlives its documents
            with self.captureOnCommitCallbacks(execute=False):
                counts = backup.import_archive(folder)
        self.assertEqual((counts["corrections"], counts["briefer_aliases"]), (2, 1))
        meeting = Meeting.objects.get(date=FIRST)
        self.assertEqual(meeting.title, "第一次实质性会议（更正）")
        self.assertEqual(Correction.objects.get(target="meeting").object_id, meeting.pk)
        r = self.client.get(reverse("archive:meeting", args=[meeting.slug]))
        self.assertContains(r, '<span class="corrected">', count=1)
