"""search._syntax reads a query without a Whoosh index exactly as the Whoosh engine does
with its own (the PostgreSQL engine parses with it)."""

from django.test import SimpleTestCase
from haystack import connections

from search import _syntax
from search.engines.base import SearchQueryError

QUERIES = [
    "维持和平",
    '"非洲联盟和平基金"',
    "工作组 NOT 直升机",
    "直升机 OR 无人机",
    "peace*",
    "S/2016/1019",
    "S/RES/1353 (2001)",
    "symbol:S/2016/*",
    "cites:S/RES/1353(2001)",
]
REFUSED = {
    '"unclosed': "unclosed quotation mark",
    "(a": "parentheses do not match",
    "doc_type:report": "Only the fields",
    "  ": "no words",
}


class SyntaxTest(SimpleTestCase):
    def test_it_parses_as_the_whoosh_engine_does(self):
        backend = connections["default"].get_backend()
        for text in QUERIES:
            with self.subTest(text):
                self.assertEqual(repr(_syntax.parse_query(text)), repr(backend.parse_query(text)))

    def test_it_refuses_what_the_whoosh_engine_refuses(self):
        for text, reason in REFUSED.items():
            with self.subTest(text), self.assertRaisesMessage(SearchQueryError, reason):
                _syntax.parse_query(text)

    def test_a_word_of_bigrams_wants_them_all_and_highlights_as_one(self):
        query = _syntax.parse_query("维持和平")
        self.assertIsInstance(query, _syntax.BigramWord)
        self.assertEqual(_syntax.highlight_units(query), [("维持", "持和", "和平")])

    def test_a_negated_word_is_not_highlighted(self):
        query = _syntax.parse_query("工作组 NOT 直升机")
        self.assertNotIn(("直升", "升机"), _syntax.highlight_units(query))
        self.assertIn(("工作", "作组"), _syntax.highlight_units(query))
