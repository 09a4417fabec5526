"""The contract every search engine keeps, on the real corpus (fixtures/corpus/).

Expected values are read from the database (the documents' own text, symbols and
citations), never copied from an engine's output. `ContractTests` is run once per
engine: the Whoosh subclass is below; another engine adds its own subclass (setting
`engine`, and skipping when its backend is not available).
"""

import re
import tempfile
import time
import unicodedata
import unittest
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TestCase, override_settings

import search
from archive.models import Citation, Document, DocumentSymbol, Paragraph
from search.analysis import normalize
from tests.search.test_cost import HOSTILE
from tests.search.test_engine import TempIndexMixin

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PHRASES = ["非洲联盟和平基金", "性剥削和性虐待", "维持和平行动", "直升机", "工作组"]


def plain(text: str) -> str:
    """The text as the index reads it: NFKC, Simplified, no spaces between Han characters."""
    return re.sub(rf"(?<=[{HAN}])\s+(?=[{HAN}])", "", normalize(text)[0]).lower()


def paragraph_url(paragraph) -> str:
    return f"{paragraph.document.get_absolute_url()}#{paragraph.anchor}"


class ContractTests:
    engine = None  # an alias of search.engines.ENGINES
    per_page = 100

    @classmethod
    def setUpClass(cls):
        cls._engine_settings = override_settings(
            SEARCH_ENGINE=cls.engine, SOURCE_FILES_DIR=tempfile.mkdtemp(prefix="contract-")
        )
        cls._engine_settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._engine_settings.disable()

    @classmethod
    def setUpTestData(cls):
        from ingest.service import ingest_path

        with cls.captureOnCommitCallbacks(execute=False):  # one rebuild instead
            for path in sorted(CORPUS.glob("*.txt")):
                outcome = ingest_path(path)
                assert outcome.ok, (path.name, outcome.messages)
        search.rebuild()

    # --- what the documents say --------------------------------------------------------

    def paragraphs_with(self, predicate):
        found = Paragraph.objects.select_related("document").order_by("pk")
        return [p for p in found if predicate(plain(p.text))]

    def all_paragraph_hits(self, query, **filters):
        results = search.search(
            query, per_page=self.per_page, filters={"type": "paragraph", **filters}
        )
        hits = list(results.hits)
        for page in range(2, results.num_pages + 1):
            hits += search.search(
                query, page=page, per_page=self.per_page, filters={"type": "paragraph", **filters}
            ).hits
        return results, hits

    # --- the contract ------------------------------------------------------------------

    def test_a_quoted_phrase_finds_exactly_the_paragraphs_holding_it(self):
        for phrase in PHRASES:
            with self.subTest(phrase=phrase):
                expected = self.paragraphs_with(lambda text, p=phrase: p in text)
                self.assertTrue(expected, f"the corpus has no {phrase}")
                results, hits = self.all_paragraph_hits(f'"{phrase}"')
                self.assertEqual(results.count, len(expected))
                self.assertEqual(sorted(h.url for h in hits), sorted(map(paragraph_url, expected)))
                self.assertTrue(all(f"<mark>{phrase}</mark>" in h.snippet for h in hits))

    def test_the_year_facet_counts_the_matching_paragraphs(self):
        phrase = "维持和平"
        expected = self.paragraphs_with(lambda text: phrase in text)
        years = Counter(str(p.document.date.year) for p in expected if p.document.date)
        results = search.search(f'"{phrase}"', filters={"type": "paragraph"})
        self.assertEqual(dict(results.facets["year"]), dict(years))
        self.assertEqual(dict(results.facets["type"]), {"paragraph": len(expected)})

    def test_traditional_characters_find_the_simplified_text(self):
        import opencc

        to_traditional = opencc.OpenCC("s2t")
        for phrase in ["维持和平行动", "性剥削和性虐待"]:
            traditional = to_traditional.convert(phrase)
            with self.subTest(phrase=traditional):
                self.assertNotEqual(traditional, phrase)
                expected = self.paragraphs_with(lambda text, p=phrase: p in text)
                results, hits = self.all_paragraph_hits(f'"{traditional}"')
                self.assertEqual(sorted(h.url for h in hits), sorted(map(paragraph_url, expected)))

    def test_full_width_input_is_the_same_query(self):
        wide = unicodedata.normalize("NFKC", "Ｓ／２０１１／８１７")
        self.assertEqual(wide, "S/2011/817")
        self.assertEqual(
            search.resolve_symbol("Ｓ／２０１１／８１７"), search.resolve_symbol("S/2011/817")
        )

    def test_every_document_is_found_by_its_symbol(self):
        for document in Document.objects.all():
            with self.subTest(symbol=document.symbol):
                self.assertEqual(
                    search.resolve_symbol(document.symbol.lower()), document.get_absolute_url()
                )
                hits = search.search(document.symbol, filters={"type": "document"}).hits
                self.assertEqual(hits[0].url, document.get_absolute_url())

    def test_a_cited_symbol_finds_the_paragraphs_citing_it(self):
        symbol, _ = Counter(Citation.objects.values_list("symbol", flat=True)).most_common(1)[0]
        citing = Paragraph.objects.filter(citations__symbol=symbol).distinct()
        results, hits = self.all_paragraph_hits(f"cites:{symbol}")
        self.assertEqual(sorted(h.url for h in hits), sorted(map(paragraph_url, citing)))

    def test_a_series_lists_its_documents_then_the_symbols_only_cited(self):
        for prefix in ["S/2015/", "S/2016/", "A/"]:
            held = set(
                DocumentSymbol.objects.filter(symbol__startswith=prefix).values_list(
                    "document_id", flat=True
                )
            )
            held_symbols = set(DocumentSymbol.objects.values_list("symbol", flat=True))
            cited = sorted(
                set(
                    Citation.objects.filter(symbol__startswith=prefix).values_list(
                        "symbol", flat=True
                    )
                )
                - held_symbols
            )
            for query in [prefix, f"{prefix}*", f"symbol:{prefix}*"]:
                with self.subTest(query=query):
                    results = search.search(query, per_page=100)
                    self.assertEqual(results.symbol_prefix, prefix)
                    self.assertEqual(results.count, len(held) + len(cited))
                    documents = results.hits[: len(held)]
                    self.assertEqual(
                        sorted(h.url for h in documents),
                        sorted(d.get_absolute_url() for d in Document.objects.filter(pk__in=held)),
                    )
                    self.assertEqual([h.symbol for h in results.hits[len(held) :]], cited)
                    for hit in results.hits[len(held) :]:
                        self.assertEqual(self.client.get(hit.url).status_code, 200)

    def test_prefixes_find_what_starts_with_them(self):
        for query, predicate in [
            ("维*", lambda text: "维" in text),
            ("peace*", lambda text: re.search(r"\bpeace", text) is not None),
            ("行动*", lambda text: "行动" in text),
        ]:
            with self.subTest(query=query):
                expected = self.paragraphs_with(predicate)
                results, hits = self.all_paragraph_hits(query)
                self.assertEqual(results.count, len(expected))
                self.assertEqual(sorted(h.url for h in hits), sorted(map(paragraph_url, expected)))

    def test_a_single_character_finds_it_anywhere(self):
        expected = self.paragraphs_with(lambda text: "雷" in text)
        results, hits = self.all_paragraph_hits("雷")
        self.assertEqual(sorted(h.url for h in hits), sorted(map(paragraph_url, expected)))

    def test_not_and_or_combine_as_sets(self):
        a = {p.pk for p in self.paragraphs_with(lambda t: "直升机" in t)}
        b = {p.pk for p in self.paragraphs_with(lambda t: "无人机" in t)}
        self.assertTrue(a and b)
        self.assertEqual(self.all_paragraph_hits('"直升机" OR "无人机"')[0].count, len(a | b))
        self.assertEqual(self.all_paragraph_hits('"直升机" NOT "无人机"')[0].count, len(a - b))
        everything = Paragraph.objects.count()
        self.assertEqual(self.all_paragraph_hits('NOT "直升机"')[0].count, everything - len(a))

    def test_pages_partition_the_results(self):
        first = search.search("工作组", per_page=7)
        second = search.search("工作组", page=2, per_page=7)
        self.assertEqual(first.count, second.count)
        self.assertEqual(len(first.hits), 7)
        # A recommendation links to its paragraph's anchor: an entry is its type and URL.
        seen = {(h.type, h.url) for h in first.hits}
        self.assertFalse(seen & {(h.type, h.url) for h in second.hits})

    def test_newest_first_when_sorted_by_date(self):
        hits = search.search("工作组", sort="date", per_page=50, filters={"type": "document"}).hits
        dates = [h.date for h in hits if h.date]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_hostile_queries_are_answered_or_refused_within_a_second(self):
        for query in HOSTILE:
            with self.subTest(query=query[:30]):
                start = time.perf_counter()
                try:
                    search.search(query)
                except search.QueryTooBroad:
                    pass
                self.assertLess(time.perf_counter() - start, 2.0)  # 1 s deadline + stopping

    def test_the_index_matches_the_database(self):
        check = search.check()
        self.assertEqual((check.missing, check.extra, check.stale), ([], [], []))


class WhooshContractTest(ContractTests, TempIndexMixin, TestCase):
    engine = "whoosh"


@unittest.skipUnless(connection.vendor == "postgresql", "the PostgreSQL engine needs PostgreSQL")
class PostgresContractTest(ContractTests, TestCase):
    engine = "postgres"
