"""Acceptance: real queries on the real corpus (ingested by ingest.service), expected hits."""

import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings

import search
from tests.search.test_engine import TempIndexMixin

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"


@override_settings(SOURCE_FILES_DIR=tempfile.mkdtemp(prefix="search-sources-"))
class CorpusSearchTest(TempIndexMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        from ingest.service import ingest_path

        with cls.captureOnCommitCallbacks(execute=True):
            for path in sorted(CORPUS.glob("*.zh.txt")):
                outcome = ingest_path(path)
                assert outcome.ok, (path.name, outcome.messages)

    def found(self, query, **kwargs):
        return search.search(query, **kwargs).hits

    def test_it_finds_helicopters_in_s_2011_817(self):
        hits = self.found("直升机")
        self.assertEqual(hits[0].symbol, "S/2011/817")
        self.assertEqual({h.symbol for h in hits}, {"S/2011/817"})
        self.assertIn("<mark>直升机</mark>", hits[0].snippet)

    def test_it_finds_drones_in_s_2017_130(self):
        hits = self.found("无人机")
        self.assertEqual(hits[0].symbol, "S/2017/130")
        self.assertTrue(all(h.type == "paragraph" for h in hits))

    def test_it_finds_the_quoted_african_union_peace_fund_late_in_s_2017_130(self):
        hits = [h for h in self.found('"非洲联盟和平基金"') if h.type == "paragraph"]
        self.assertTrue(hits)
        self.assertTrue(all(h.symbol == "S/2017/130" for h in hits))
        numbers = [int(m.group(1)) for h in hits if (m := re.search(r"#p(\d+)", h.url))]
        self.assertIn(27, numbers)
        self.assertGreaterEqual(min(numbers), 27)
        para27 = next(h for h in hits if h.url.endswith("#p27"))
        self.assertIn("<mark>非洲联盟和平基金</mark>", para27.snippet)

    def test_it_finds_sexual_exploitation_and_abuse_in_a_62_627(self):
        hits = self.found("性剥削和性虐待")
        self.assertEqual(hits[0].symbol, "A/62/627")

    def test_it_finds_renata_dwan_at_both_2016_meetings(self):
        meetings = {str(h.date) for h in self.found("Renata Dwan") if h.type == "meeting"}
        self.assertEqual(meetings, {"2016-06-24", "2016-07-27"})

    def test_it_finds_a_concept_note_symbol_in_its_meeting_and_the_report(self):
        hits = self.found("S/2016/1019")
        self.assertIn(("meeting", "2016-04-28"), {(h.type, str(h.date)) for h in hits})
        self.assertIn("S/2017/130", {h.symbol for h in hits if h.type != "meeting"})

    def test_it_finds_simplified_text_with_traditional_characters(self):
        traditional = search.search("維持和平")
        self.assertEqual(traditional.count, search.search("维持和平").count)
        self.assertGreater(traditional.count, 10)

    def test_it_redirects_corpus_symbols(self):
        self.assertEqual(search.resolve_symbol("s/2011/817"), "/documents/S/2011/817/")
        self.assertEqual(search.resolve_symbol("A/62/627"), "/documents/A/62/627/")

    def test_it_lists_2015_documents_by_prefix_then_the_symbols_only_cited(self):
        from archive.models import Citation

        hits = self.found("S/2015/", sort="date")
        self.assertEqual(sorted(h.symbol for h in hits[:2]), ["S/2015/1039", "S/2015/1042"])
        self.assertEqual({h.type for h in hits}, {"document"})
        cited = Citation.objects.filter(symbol__startswith="S/2015/").exclude(
            symbol__in=["S/2015/1039", "S/2015/1042"]
        )
        self.assertEqual([h.symbol for h in hits[2:]], sorted(set(c.symbol for c in cited)))

    def test_the_index_matches_the_database(self):
        check = search.check()
        self.assertEqual((check.missing, check.extra, check.stale), ([], [], []))
