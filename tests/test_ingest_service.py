"""The ingest service writes parsed documents in one transaction, re-runnably."""

import datetime as dt
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import IntegrityError
from django.test import TestCase

from archive.models import (
    Briefer,
    Briefing,
    Citation,
    DiscussionQuestion,
    Document,
    DocumentSymbol,
    Meeting,
    MeetingReport,
    Paragraph,
    Recommendation,
    Topic,
    Upload,
)
from ingest import service
from ingest.parsers.types import (
    Block,
    ParsedBriefer,
    ParsedDocument,
    ParsedMeeting,
    ParsedQuestion,
    ParsedRecommendation,
    ParseError,
)
from ingest.sources import sweep


def make_report(symbol="S/2017/130", briefer_role="处长", extra_paragraph=False):
    blocks = [
        Block("heading", "导言", number="一", level=1, anchor="h1"),
        Block(
            "paragraph",
            "工作组根据主席声明(S/PRST/2001/3)设立。",
            number="1",
            anchor="p1",
            section="导言",
            citations=["S/PRST/2001/3"],
        ),
        Block(
            "paragraph",
            "6 月 24 日，工作组举办了一次讨论会(S/2016/1018)。",
            number="2",
            anchor="p2",
            citations=["S/2016/1018", symbol],
        ),
        Block("paragraph", "应加强三角协商。", number="3", anchor="p3", section="结论和建议"),
    ]
    if extra_paragraph:
        blocks.append(Block("paragraph", "新增段落。", number="4", anchor="p4"))
    return ParsedDocument(
        symbol=symbol,
        symbols=[symbol],
        language="zh",
        original_language="en",
        doc_type="report",
        title="关于维持和平行动工作组活动的报告",
        date=dt.date(2017, 2, 14),
        organ="SC",
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2016, 12, 31),
        job_number="17-02287",
        blocks=blocks,
        meetings=[
            ParsedMeeting(
                date=dt.date(2016, 6, 24),
                kind="thematic",
                topic="反恐实体和维和行动之间的互补潜力",
                concept_note="S/2016/1018",
                anchors=["p2"],
                briefers=[
                    ParsedBriefer("Renata Dwan", briefer_role),
                    ParsedBriefer("陈伟雄", "副执行主任"),
                ],
            ),
            ParsedMeeting(date=None, kind="organizational", anchors=[]),
        ],
        recommendations=[ParsedRecommendation("3", "应加强三角协商。", "p3")],
    )


def make_concept_note():
    return ParsedDocument(
        symbol="S/2016/1018",
        symbols=["S/2016/1018"],
        language="zh",
        doc_type="concept_note",
        date=dt.date(2016, 12, 1),
        organ="SC",
        blocks=[
            Block("text", "讨论的问题", anchor="t1"),
            Block("paragraph", "如何合作？", number="1", anchor="p1"),
        ],
        meetings=[
            ParsedMeeting(
                date=dt.date(2016, 6, 24),
                kind="thematic",
                concept_note="S/2016/1018",
                briefers=[ParsedBriefer("Renata  Dwan", "维持和平行动部政策和最佳做法处处长")],
            )
        ],
        questions=[ParsedQuestion("1", "如何合作？", "p1")],
    )


class IngestTestCase(TestCase):
    def ingest(self, parsed, data=None, name="S_2017_130.zh.txt", **kwargs):
        data = data if data is not None else f"{parsed.symbol} {len(parsed.blocks)}".encode()
        with self.captureOnCommitCallbacks(execute=False):
            return service.ingest_bytes(data, name, parsed=parsed, **kwargs)


class CreateTests(IngestTestCase):
    def test_it_creates_the_document_and_everything_it_reports(self):
        outcome = self.ingest(make_report())
        self.assertEqual(outcome.status, "created")
        doc = Document.objects.get()
        self.assertEqual(
            (doc.symbol, doc.language, doc.doc_type, doc.organ),
            ("S/2017/130", "zh", "report", "SC"),
        )
        self.assertEqual(doc.date, dt.date(2017, 2, 14))
        self.assertEqual(
            list(doc.paragraphs.values_list("anchor", flat=True)), ["h1", "p1", "p2", "p3"]
        )
        # A document does not cite itself.
        self.assertEqual(
            sorted(Citation.objects.values_list("symbol", flat=True)),
            ["S/2016/1018", "S/PRST/2001/3"],
        )
        self.assertEqual(list(Recommendation.objects.values_list("number", flat=True)), ["3"])
        meeting = Meeting.objects.get(date=dt.date(2016, 6, 24))
        self.assertEqual(
            (meeting.kind, meeting.concept_note_symbol, meeting.slug),
            ("thematic", "S/2016/1018", "2016-06-24"),
        )
        self.assertIsNone(meeting.topic)  # topics are the curated themes: none loaded here
        self.assertEqual(
            list(
                MeetingReport.objects.get(meeting=meeting).paragraphs.values_list(
                    "anchor", flat=True
                )
            ),
            ["p2"],
        )
        self.assertEqual(
            sorted(meeting.briefings.values_list("briefer__name", flat=True)),
            ["Renata Dwan", "陈伟雄"],
        )
        undated = Meeting.objects.get(date__isnull=True)
        self.assertEqual(
            (undated.year, undated.kind, undated.slug),
            (2016, "organizational", "2016-organizational"),
        )
        self.assertEqual(Upload.objects.get().status, "created")

    def test_it_stores_the_source_file_by_checksum(self):
        outcome = self.ingest(make_report(), data=b"original bytes")
        path = service.source_file_path(outcome.document)
        self.assertEqual(path.read_bytes(), b"original bytes")
        self.assertEqual(outcome.document.source_sha256, service.sha256_bytes(b"original bytes"))
        self.assertTrue(str(path).startswith(str(settings.SOURCE_FILES_DIR)))

    def test_it_hands_the_saved_document_to_search_in_its_transaction(self):
        with mock.patch("search.document_saved") as saved:
            outcome = service.ingest_bytes(b"x", "a.txt", parsed=make_report())
        saved.assert_called_once_with(outcome.document.pk)

    def test_it_finds_joint_documents_by_each_symbol(self):
        parsed = make_report(symbol="A/70/95-S/2015/446")
        self.ingest(parsed)
        doc = Document.objects.get()
        self.assertEqual(
            sorted(DocumentSymbol.objects.values_list("symbol", flat=True)),
            ["A/70/95", "A/70/95-S/2015/446", "S/2015/446"],
        )
        self.assertEqual(Document.objects.by_symbol("s/2015/ 446").get(), doc)


class RerunTests(IngestTestCase):
    def test_it_says_unchanged_for_the_same_bytes_and_writes_nothing(self):
        self.ingest(make_report(), data=b"same")
        counts = (Paragraph.objects.count(), Meeting.objects.count(), Briefing.objects.count())
        outcome = self.ingest(make_report(), data=b"same")
        self.assertEqual(outcome.status, "unchanged")
        self.assertEqual(
            (Paragraph.objects.count(), Meeting.objects.count(), Briefing.objects.count()), counts
        )
        self.assertEqual(Upload.objects.count(), 1)  # the command records no unchanged runs

    def test_an_upload_of_the_same_file_is_recorded_as_already_in_the_archive(self):
        self.ingest(make_report(), data=b"same")
        outcome = self.ingest(make_report(), data=b"same", record_unchanged=True)
        self.assertEqual(outcome.upload.status, "unchanged")
        self.assertEqual(outcome.upload.messages, ["already in the archive"])

    def test_it_replaces_children_on_changed_content_without_duplicates(self):
        first = self.ingest(make_report(briefer_role="处长"), data=b"v1")
        briefer_pk = Briefer.objects.get(name="Renata Dwan").pk
        second = self.ingest(
            make_report(briefer_role="政策和最佳做法处处长", extra_paragraph=True), data=b"v2"
        )
        self.assertEqual(second.status, "updated")
        self.assertEqual(second.document.pk, first.document.pk)
        self.assertEqual(Document.objects.count(), 1)
        self.assertEqual(Paragraph.objects.count(), 5)
        self.assertEqual(Citation.objects.count(), 2)
        self.assertEqual(Meeting.objects.count(), 2)
        self.assertEqual(Briefing.objects.count(), 2)
        self.assertEqual(
            Briefing.objects.get(briefer__name="Renata Dwan").role, "政策和最佳做法处处长"
        )
        self.assertEqual(
            Briefer.objects.get(name="Renata Dwan").pk, briefer_pk
        )  # stable briefer page
        self.assertEqual(second.upload.previous_sha256, service.sha256_bytes(b"v1"))

    def test_it_removes_meetings_and_briefers_no_longer_reported(self):
        self.ingest(make_report(), data=b"v1")
        parsed = make_report()
        parsed.meetings = []
        self.ingest(parsed, data=b"v2")
        self.assertEqual(Meeting.objects.count(), 0)
        self.assertEqual(Briefer.objects.count(), 0)
        self.assertEqual(Topic.objects.count(), 0)


class SharedMeetingTests(IngestTestCase):
    def test_a_concept_note_and_a_report_share_one_meeting_and_one_briefer(self):
        self.ingest(make_report(), data=b"report")
        self.ingest(make_concept_note(), data=b"note", name="S_2016_1018.zh.txt")
        meeting = Meeting.objects.get(date=dt.date(2016, 6, 24))
        self.assertEqual(
            sorted(meeting.documents.values_list("symbol", flat=True)),
            ["S/2016/1018", "S/2017/130"],
        )
        self.assertEqual(Briefer.objects.filter(name_key__contains="dwan").count(), 1)
        self.assertEqual(meeting.briefings.count(), 2)
        self.assertEqual(DiscussionQuestion.objects.get().meeting, meeting)

    def test_re_ingesting_one_reporter_keeps_the_shared_meeting(self):
        self.ingest(make_report(), data=b"report")
        self.ingest(make_concept_note(), data=b"note", name="S_2016_1018.zh.txt")
        parsed = make_report()
        parsed.meetings = []
        self.ingest(parsed, data=b"report v2")
        meeting = Meeting.objects.get(date=dt.date(2016, 6, 24))
        self.assertEqual(list(meeting.documents.values_list("symbol", flat=True)), ["S/2016/1018"])
        self.assertEqual(
            list(meeting.briefings.values_list("briefer__name", flat=True)), ["Renata Dwan"]
        )


class FailureTests(IngestTestCase):
    def test_a_parse_error_is_recorded_and_nothing_else_is_written(self):
        outcome = self.ingest(ParseError("no document symbol found"), data=b"junk", name="junk.txt")
        self.assertEqual(outcome.status, "failed")
        self.assertEqual(outcome.messages, ["no document symbol found"])
        self.assertEqual(Document.objects.count(), 0)
        self.assertEqual(Upload.objects.get().status, "failed")
        self.assertFalse(
            any(Path(settings.SOURCE_FILES_DIR).rglob(f"{service.sha256_bytes(b'junk')}*"))
        )

    def test_a_parser_bug_refuses_the_file_whole_with_a_readable_reason(self):
        with mock.patch.object(service, "parse_bytes", side_effect=KeyError("x")):
            outcome = service.ingest_bytes(b"some text", "odd.txt")
        self.assertEqual(outcome.status, "failed")
        self.assertIn("the parser failed on this file (KeyError)", outcome.messages[0])
        self.assertEqual(Document.objects.count(), 0)

    def test_a_failure_while_saving_leaves_no_partial_document_and_the_file_to_the_sweep(self):
        data = b"will fail half way"
        with mock.patch.object(
            service, "_write_recommendations", side_effect=IntegrityError("boom")
        ):
            outcome = self.ingest(make_report(), data=data)
        self.assertEqual(outcome.status, "failed")
        self.assertIn("boom", outcome.messages[0])
        self.assertEqual(
            (Document.objects.count(), Paragraph.objects.count(), Meeting.objects.count()),
            (0, 0, 0),
        )
        # Another ingest of the same bytes may share the stored file: only the sweep,
        # which checks the references, removes it.
        pattern = f"{service.sha256_bytes(data)}*"
        self.assertTrue(any(Path(settings.SOURCE_FILES_DIR).rglob(pattern)))
        sweep(grace_seconds=0)
        self.assertFalse(any(Path(settings.SOURCE_FILES_DIR).rglob(pattern)))

    def test_a_failed_update_keeps_the_old_version_whole(self):
        self.ingest(make_report(), data=b"v1")
        with mock.patch.object(
            service, "_write_meetings", side_effect=RuntimeError("disk on fire")
        ):
            outcome = self.ingest(make_report(extra_paragraph=True), data=b"v2")
        self.assertEqual(outcome.status, "failed")
        doc = Document.objects.get()
        self.assertEqual(doc.source_sha256, service.sha256_bytes(b"v1"))
        self.assertEqual(doc.paragraphs.count(), 4)
        self.assertEqual(Meeting.objects.count(), 2)


class SafeNameTests(TestCase):
    def test_it_strips_directories_and_odd_characters(self):
        self.assertEqual(service.safe_file_name("../../etc/passwd"), "passwd")
        self.assertEqual(service.safe_file_name("C:\\x\\报告 <b>.pdf"), "报告_b_.pdf")
        self.assertEqual(service.safe_file_name("..."), "upload")
