"""search on a small archive built with the ORM: queries, symbols, filters, paging."""

import datetime as dt
import shutil
import tempfile

import haystack
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import translation

import search
from archive.models import (
    Briefer,
    Briefing,
    Citation,
    Document,
    DocumentSymbol,
    Meeting,
    MeetingReport,
    Paragraph,
    Recommendation,
)


def make_document(
    symbol,
    paragraphs,
    *,
    language="zh",
    doc_type="report",
    organ="SC",
    date=None,
    title="",
    extra_symbols=(),
):
    document = Document.objects.create(
        symbol=symbol,
        language=language,
        doc_type=doc_type,
        organ=organ,
        date=date,
        title=title,
        source_name=f"{symbol}.txt",
        source_sha256="0" * 64,
    )
    for s in (symbol, *extra_symbols):
        DocumentSymbol.objects.create(document=document, symbol=s, is_primary=s == symbol)
    for order, (number, text, *cites) in enumerate(paragraphs, start=1):
        para = Paragraph.objects.create(
            document=document,
            order=order,
            kind="paragraph",
            number=number,
            text=text,
            anchor=f"p{number}" if number else f"b{order}",
        )
        for cited in cites:
            Citation.objects.create(document=document, paragraph=para, symbol=cited)
    return document


def make_archive():
    """Three documents, three meetings, two briefers: a miniature of the corpus."""
    d2011 = make_document(
        "S/2011/817",
        [
            ("1", "工作组讨论了特派团的航空资产，包括直升机的部署。"),
            ("2", "安理会第 1353(2001)号决议强调三方合作。", "S/RES/1353(2001)"),
            ("53", "工作组建议加强特派团之间的合作。"),
        ],
        date=dt.date(2011, 12, 30),
        title="维持和平行动工作组的报告",
    )
    Recommendation.objects.create(
        document=d2011,
        paragraph=d2011.paragraphs.get(number="53"),
        number="53",
        text="工作组建议加强特派团之间的合作。",
    )
    d2017 = make_document(
        "S/2017/130",
        [
            ("3", "工作组于 2016 年 4 月 28 日举行会议，概念说明见 S/2016/1019。", "S/2016/1019"),
            ("27", "与会者讨论了非洲联盟和平基金的供资问题以及无人机的使用。"),
            ("28", "Renata Dwan 女士介绍了和平行动问题高级别独立小组的报告。"),
        ],
        date=dt.date(2017, 2, 13),
        title="安全理事会维持和平行动工作组 2016 年的报告",
    )
    d2015 = make_document(
        "A/70/95-S/2015/446",
        [
            (
                "1",
                "Report of the High-level Independent Panel on Peace Operations: uniting our strengths.",
            )
        ],
        language="en",
        doc_type="sg_report",
        organ="GA",
        date=dt.date(2015, 6, 17),
        title="Identical letters dated 17 June 2015",
        extra_symbols=("A/70/95", "S/2015/446"),
    )
    dwan = Briefer.objects.create(name="Renata Dwan", name_key="renata dwan")
    gaye = Briefer.objects.create(name="巴巴卡尔·盖伊", name_key="巴巴卡尔·盖伊")
    meetings = {}
    for day, kind, symbol in [
        (dt.date(2016, 4, 28), "thematic", "S/2016/1019"),
        (dt.date(2016, 6, 24), "thematic", ""),
        (dt.date(2016, 7, 27), "thematic", ""),
    ]:
        meeting = Meeting.objects.create(
            date=day,
            year=day.year,
            kind=kind,
            title=f"专题讨论 {day:%m-%d}",
            concept_note_symbol=symbol,
        )
        MeetingReport.objects.create(meeting=meeting, document=d2017)
        meetings[day] = meeting
    for day in (dt.date(2016, 6, 24), dt.date(2016, 7, 27)):
        Briefing.objects.create(
            meeting=meetings[day], briefer=dwan, document=d2017, role="和平行动问题高级别独立小组"
        )
    Briefing.objects.create(
        meeting=meetings[dt.date(2016, 4, 28)],
        briefer=gaye,
        document=d2017,
        role="特别代表",
        honorific="先生",
    )
    return {"2011": d2011, "2017": d2017, "2015": d2015, "dwan": dwan, "meetings": meetings}


class TempIndexMixin:
    """Point the haystack connection at a fresh temporary index for the test class.

    (haystack's engines read settings.HAYSTACK_CONNECTIONS, its handler a copy of it:
    both are switched.)"""

    @classmethod
    def setUpClass(cls):
        # Before super(): TestCase.setUpClass runs setUpTestData, which may index.
        cls._index_dir = tempfile.mkdtemp(prefix="search-test-")
        default = {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": f"{cls._index_dir}/index"}
        cls._index_settings = override_settings(
            HAYSTACK_CONNECTIONS={**settings.HAYSTACK_CONNECTIONS, "default": default}
        )
        cls._index_settings.enable()
        cls._connections_info = haystack.connections.connections_info
        haystack.connections.connections_info = settings.HAYSTACK_CONNECTIONS
        haystack.connections.reload("default")
        assert cls.index_path() == default["PATH"]
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._index_settings.disable()
        haystack.connections.connections_info = cls._connections_info
        haystack.connections.reload("default")
        shutil.rmtree(cls._index_dir, ignore_errors=True)

    @staticmethod
    def index_path():
        return haystack.connections["default"].get_backend().path


class IndexedArchiveTestCase(TempIndexMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.archive = make_archive()

    def setUp(self):
        search.rebuild()


class SearchTest(IndexedArchiveTestCase):
    def hits(self, query, **kwargs):
        return search.search(query, **kwargs).hits

    def test_it_finds_a_chinese_word_inside_running_text(self):
        hits = self.hits("直升机")
        self.assertEqual(
            [(h.type, h.symbol, h.paragraph) for h in hits], [("paragraph", "S/2011/817", "1")]
        )
        self.assertIn("<mark>直升机</mark>", hits[0].snippet)
        self.assertEqual(hits[0].url, "/documents/S/2011/817/#p1")
        self.assertEqual(hits[0].date, dt.date(2011, 12, 30))

    def test_it_finds_a_single_character(self):
        symbols = {h.symbol for h in self.hits("机")}
        self.assertEqual(symbols, {"S/2011/817", "S/2017/130"})

    def test_it_matches_quoted_phrases_exactly(self):
        hits = self.hits('"非洲联盟和平基金"')
        self.assertEqual([(h.symbol, h.paragraph) for h in hits], [("S/2017/130", "27")])
        self.assertIn("<mark>非洲联盟和平基金</mark>", hits[0].snippet)
        self.assertEqual(self.hits('"非洲和平基金"'), [])

    def test_it_finds_simplified_text_with_a_traditional_query(self):
        hits = self.hits("維持和平")
        self.assertIn("S/2011/817", {h.symbol for h in hits})
        self.assertEqual(hits[0].type, "document")

    def test_it_supports_and_or_not(self):
        both = self.hits("特派团 AND 合作")
        self.assertEqual(
            {(h.type, h.paragraph) for h in both}, {("paragraph", "53"), ("recommendation", "53")}
        )
        either = self.hits("直升机 OR 无人机")
        self.assertEqual({h.paragraph for h in either}, {"1", "27"})
        without = self.hits("工作组 NOT 直升机")
        self.assertNotIn("1", {h.paragraph for h in without if h.symbol == "S/2011/817"})
        self.assertIn("53", {h.paragraph for h in without})

    def test_it_finds_latin_names_in_meetings_briefers_and_paragraphs(self):
        hits = self.hits("Renata Dwan")
        meetings = sorted(h.url for h in hits if h.type == "meeting")
        self.assertEqual(meetings, ["/meetings/2016-06-24/", "/meetings/2016-07-27/"])
        self.assertIn("briefer", {h.type for h in hits})
        self.assertIn(("S/2017/130", "28"), {(h.symbol, h.paragraph) for h in hits})

    def test_it_finds_a_cited_symbol_in_meetings_and_citing_paragraphs(self):
        hits = self.hits("S/2016/1019")
        found = {(h.type, h.url) for h in hits}
        self.assertIn(("meeting", "/meetings/2016-04-28/"), found)
        self.assertIn(("paragraph", "/documents/S/2017/130/#p3"), found)

    def test_it_searches_the_symbol_field(self):
        hits = self.hits("symbol:s/2016/1019")
        self.assertEqual([(h.type, h.url) for h in hits], [("meeting", "/meetings/2016-04-28/")])
        cites = self.hits("cites:S/RES/1353(2001)")
        self.assertEqual(
            {(h.type, h.symbol, h.paragraph) for h in cites},
            {("document", "S/2011/817", ""), ("paragraph", "S/2011/817", "2")},
        )

    def test_it_lists_documents_under_a_symbol_prefix(self):
        results = search.search("S/2015/")
        self.assertEqual(results.symbol_prefix, "S/2015/")
        self.assertEqual(
            [(h.type, h.symbol) for h in results.hits], [("document", "A/70/95-S/2015/446")]
        )
        starred = search.search("s/201*", sort="date")
        # The documents by date, then what they cite without holding it (its page exists).
        self.assertEqual(
            [h.symbol for h in starred.hits],
            ["S/2017/130", "A/70/95-S/2015/446", "S/2011/817", "S/2016/1019"],
        )
        self.assertEqual(starred.hits[-1].url, "/documents/S/2016/1019/")
        self.assertEqual(self.client.get(starred.hits[-1].url).status_code, 200)

    def test_it_filters_and_counts_facets(self):
        results = search.search("工作组", filters={"type": "paragraph", "year": "2011"})
        self.assertEqual({h.symbol for h in results.hits}, {"S/2011/817"})
        self.assertEqual({h.type for h in results.hits}, {"paragraph"})
        self.assertEqual(dict(results.facets["type"]), {"paragraph": 2})
        everything = search.search("工作组")
        self.assertEqual(dict(everything.facets["year"]), {"2011": 4, "2017": 2})
        self.assertEqual(dict(everything.facets["language"]), {"zh": 6})

    def test_it_sorts_by_date(self):
        hits = self.hits("工作组", sort="date", filters={"type": "document"})
        self.assertEqual([h.symbol for h in hits], ["S/2017/130", "S/2011/817"])

    def test_it_pages_with_counts(self):
        first = search.search("工作组", per_page=4)
        second = search.search("工作组", per_page=4, page=2)
        self.assertEqual((first.count, first.num_pages, len(first.hits)), (6, 2, 4))
        self.assertEqual((second.start_index, second.end_index, second.has_next), (5, 6, False))
        seen = {(h.type, h.url) for h in first.hits + second.hits}
        self.assertEqual(len(seen), 6)
        self.assertEqual(search.search("工作组", page=9).hits, [])

    @translation.override("en")
    def test_it_rejects_malformed_queries_with_a_message(self):
        for query, message in [
            ('"特派团', "quotation"),
            ("(直升机 OR 无人机", "parentheses"),
            ("！！！", "no words"),
            ("x" * 501, "too long"),
            ("", "Type something"),
        ]:
            with self.subTest(query=query[:10]):
                with self.assertRaisesRegex(search.SearchQueryError, message):
                    search.search(query)
        with self.assertRaisesRegex(search.SearchQueryError, "Unknown filter"):
            search.search("直升机", filters={"colour": "red"})
        with self.assertRaisesRegex(search.SearchQueryError, "Sort by"):
            search.search("直升机", sort="size")

    def test_it_says_why_in_chinese_by_default(self):
        with self.assertRaisesRegex(search.SearchQueryError, "年份必须是四位数字"):
            search.search("直升机", filters={"year": "20"})


class ResolveSymbolTest(IndexedArchiveTestCase):
    def test_it_resolves_symbols_in_any_spelling(self):
        for query in ["s/2011/817", "S/2011/ 817", " Ｓ/2011/817 "]:
            with self.subTest(query=query):
                self.assertEqual(search.resolve_symbol(query), "/documents/S/2011/817/")

    def test_it_resolves_joint_symbols_and_their_parts(self):
        url = "/documents/A/70/95-S/2015/446/"
        self.assertEqual(search.resolve_symbol("A/70/95-S/2015/446"), url)
        self.assertEqual(search.resolve_symbol("s/2015/446"), url)

    def test_it_does_not_resolve_unknown_symbols_or_text(self):
        self.assertIsNone(search.resolve_symbol("S/2016/1019"))
        self.assertIsNone(search.resolve_symbol("直升机"))
        self.assertIsNone(search.resolve_symbol("S/2016/"))
        self.assertIsNone(search.resolve_symbol("S/2011/817 S/2017/130"))


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class HaystackQuerySetTest(IndexedArchiveTestCase):
    """haystack's own API still works on this backend, highlighting with our analyzer."""

    def test_it_highlights_chinese_through_haystack(self):
        from haystack.query import SearchQuerySet

        results = list(SearchQuerySet().filter(content="直升机").highlight())
        self.assertEqual([r.model_name for r in results], ["paragraph"])
        self.assertIn("<em>直升机</em>", results[0].highlighted["text"][0])
