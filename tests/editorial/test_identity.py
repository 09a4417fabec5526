"""Briefer identity: editors merge and split briefers; aliases survive re-ingest; the
admin suggests likely same persons (Han against Latin names by pinyin) and merges nothing."""

import datetime as dt

from django.test import TestCase

from archive.models import Briefer, Briefing, Document
from editorial import corrections, identity
from editorial.models import BrieferAlias
from ingest import service
from ingest.parsers.types import Block, ParsedBriefer, ParsedDocument, ParsedMeeting


def parsed(symbol, language, day, name, role, text="x"):
    return ParsedDocument(
        symbol=symbol,
        symbols=[symbol],
        language=language,
        doc_type="report",
        date=dt.date(2016, 12, 30),
        blocks=[Block("paragraph", text, number="1", anchor="p1")],
        meetings=[
            ParsedMeeting(
                date=day, kind="thematic", anchors=["p1"], briefers=[ParsedBriefer(name, role)]
            )
        ],
    )


ZH = ("S/2016/1", "zh", dt.date(2016, 3, 1), "陈伟雄", "维持和平行动部副主任")
EN = ("S/2016/2", "en", dt.date(2016, 5, 9), "Chen Weixiong", "Deputy Director, DPKO")


class IdentityTests(TestCase):
    def ingest(self, args, version="1"):
        with self.captureOnCommitCallbacks(execute=False):
            outcome = service.ingest_bytes(
                f"{args[0]} {version}".encode(), f"{args[0]}.txt", parsed=parsed(*args)
            )
        self.assertTrue(outcome.ok, outcome.messages)

    def setUp(self):
        self.ingest(ZH)
        self.ingest(EN)
        self.chen = Briefer.objects.get(name="陈伟雄")
        self.latin = Briefer.objects.get(name="Chen Weixiong")

    def merge(self):
        with self.captureOnCommitCallbacks(execute=False):
            return identity.merge(self.chen, self.latin)

    def test_pinyin_suggests_the_han_and_latin_names_as_one_person_and_merges_nothing(self):
        self.assertEqual(identity.spellings("陈伟雄"), {"chenweixiong", "weixiongchen"})
        suggestions = identity.suggestions()
        self.assertEqual([(s.a.name, s.b.name) for s in suggestions], [("陈伟雄", "Chen Weixiong")])
        self.assertEqual(Briefer.objects.count(), 2)

    def test_a_merge_survives_reingest_of_both_documents(self):
        self.merge()
        self.assertEqual(list(Briefer.objects.values_list("name", flat=True)), ["陈伟雄"])
        self.assertEqual(Briefing.objects.filter(briefer=self.chen).count(), 2)
        self.ingest(ZH, version="2")
        self.ingest(EN, version="2")
        self.assertEqual(list(Briefer.objects.values_list("pk", flat=True)), [self.chen.pk])
        self.assertEqual(Briefing.objects.filter(briefer=self.chen).count(), 2)
        self.assertEqual(
            list(BrieferAlias.objects.values_list("name", "name_key")),
            [("Chen Weixiong", "chenweixiong")],
        )
        # both documents' histories say so
        for doc in Document.objects.all():
            reasons = doc.history.values_list("history_change_reason", flat=True)
            self.assertIn("briefers merged: 陈伟雄 = Chen Weixiong", list(reasons))

    def test_a_split_gives_the_alias_its_own_briefer_and_briefings_again(self):
        self.merge()
        alias = BrieferAlias.objects.get()
        with self.captureOnCommitCallbacks(execute=False):
            new = identity.split(self.chen, alias)
        self.assertEqual(new.name, "Chen Weixiong")
        self.assertEqual(Briefing.objects.get(briefer=new).meeting.date, dt.date(2016, 5, 9))
        self.assertEqual(Briefing.objects.filter(briefer=self.chen).count(), 1)
        self.ingest(EN, version="3")
        self.assertEqual(Briefer.objects.count(), 2)
        self.assertFalse(BrieferAlias.objects.exists())

    def test_merging_briefers_of_one_meeting_keeps_one_briefing_with_both_sources(self):
        same_day = (EN[0], EN[1], ZH[2], EN[3], EN[4])
        self.ingest(same_day, version="2")
        self.merge()
        briefing = Briefing.objects.get()
        self.assertEqual(
            sorted(briefing.sources.values_list("symbol", flat=True)), ["S/2016/1", "S/2016/2"]
        )

    def test_a_briefer_name_correction_renames_the_person_and_survives_reingest(self):
        with self.captureOnCommitCallbacks(execute=False):
            corrections.correct(self.latin, "name", "CHEN Weixiong")
        self.ingest(EN, version="2")
        self.assertEqual(Briefer.objects.get(pk=self.latin.pk).name, "CHEN Weixiong")

    def test_a_briefer_cannot_be_merged_with_itself(self):
        with self.assertRaises(identity.IdentityError):
            identity.merge(self.chen, self.chen)
