"""The analyzer: Han bigrams with positions, single characters, NFKC, t2s, Latin words."""

import unittest

from search.analysis import CHUNK, OVERLAP, highlight, index_terms, normalize, query_tokens
from search.engines.whoosh.analysis import ChineseAnalyzer, SymbolTokenizer


def tokens(text, mode="index"):
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ChineseAnalyzer()(text, positions=True, chars=True, mode=mode)
    ]


class AnalyzerTest(unittest.TestCase):
    def test_it_indexes_han_as_overlapping_bigrams(self):
        self.assertEqual(tokens("直升机", mode="query"), [("直升", 0, 0, 2), ("升机", 1, 1, 3)])

    def test_it_indexes_the_last_character_of_a_run_so_every_character_starts_a_term(self):
        self.assertEqual(
            tokens("直升机。机场"),
            [
                ("直升", 0, 0, 2),
                ("升机", 1, 1, 3),
                ("机", 1, 2, 3),
                ("机场", 2, 4, 6),
                ("场", 2, 5, 6),
            ],
        )

    def test_it_indexes_a_lone_character_and_highlights_every_character(self):
        self.assertEqual(tokens("第 5 号"), [("第", 0, 0, 1), ("5", 1, 2, 3), ("号", 2, 4, 5)])
        self.assertEqual(
            tokens("直升机", mode="highlight"),
            [
                ("直升", 0, 0, 2),
                ("直", 0, 0, 1),
                ("升机", 1, 1, 3),
                ("升", 1, 1, 2),
                ("机", 2, 2, 3),
            ],
        )

    def test_it_queries_with_bigrams_only(self):
        self.assertEqual(tokens("直升机", mode="query"), [("直升", 0, 0, 2), ("升机", 1, 1, 3)])
        self.assertEqual(query_tokens("特派团之间"), ["特派", "派团", "团之", "之间"])

    def test_it_keeps_a_single_han_character(self):
        self.assertEqual(tokens("机", mode="query"), [("机", 0, 0, 1)])
        self.assertEqual(
            tokens("第1353号", mode="query"),
            [
                ("第", 0, 0, 1),
                ("1353", 1, 1, 5),
                ("号", 2, 5, 6),
            ],
        )

    def test_it_gives_consecutive_positions_across_runs_and_words(self):
        found = [(t, p) for t, p, _, _ in tokens("维和部 Renata Dwan 女士", mode="query")]
        self.assertEqual(found, [("维和", 0), ("和部", 1), ("renata", 2), ("dwan", 3), ("女士", 4)])

    def test_it_lowercases_latin_words_and_splits_numbers_and_symbols(self):
        self.assertEqual(
            query_tokens("The Security-Council S/2011/817"),
            ["the", "security", "council", "s", "2011", "817"],
        )

    def test_it_applies_nfkc(self):
        self.assertEqual(query_tokens("ＵＮＭＩＳＳ　２０１６"), ["unmiss", "2016"])
        self.assertEqual(normalize("（Ａ/62/627）")[0], "(A/62/627)")

    def test_it_maps_traditional_to_simplified(self):
        self.assertEqual(query_tokens("維持和平"), query_tokens("维持和平"))
        self.assertEqual(query_tokens("維持和平"), ["维持", "持和", "和平"])

    def test_it_joins_han_across_line_break_whitespace(self):
        self.assertEqual(tokens("合\n作", mode="query"), [("合作", 0, 0, 3)])

    def test_it_maps_offsets_back_when_normalization_changes_length(self):
        # "…" becomes "..." under NFKC: offsets still point into the original text.
        self.assertEqual(tokens("…和平", mode="query"), [("和平", 0, 1, 3)])

    def test_it_gives_the_bulk_writer_the_same_terms_and_positions(self):
        samples = [
            "直升机",
            "第 5 号",
            "维和部 Renata Dwan 女士",
            "合\n作 与 UNMISS、ＵＮＡＭＩＤ（2016）",
            "…和平 維持和平 e\u0301té 特派团之间的合作。直升机、直升机",
            "机",
            "",
            "S/2011/817 号报告 第1353号",
        ]
        for text in samples:
            expected = {}
            for t in ChineseAnalyzer()(text, positions=True, mode="index"):
                expected.setdefault(t.text, []).append(t.pos)
            self.assertEqual(dict(index_terms(text)), expected, text)

    def test_it_normalizes_symbol_terms(self):
        found = [t.text for t in SymbolTokenizer()("s/2011/817,A/70/95 ", mode="index")]
        self.assertEqual(found, ["S/2011/817", "A/70/95"])
        found = [t.text for t in SymbolTokenizer()("S/2011/ 817", mode="query")]
        self.assertEqual(found, ["S/2011/817"])


class HighlightTest(unittest.TestCase):
    def test_it_marks_a_phrase_as_one_span_and_escapes_the_rest(self):
        html = highlight("<b>特派团之间的合作</b>", [tuple(query_tokens("特派团之间的合作"))])
        self.assertEqual(html, "&lt;b&gt;<mark>特派团之间的合作</mark>&lt;/b&gt;")

    def test_it_marks_traditional_query_matches_in_simplified_text(self):
        html = highlight("加强维持和平行动", [tuple(query_tokens("維持和平"))])
        self.assertEqual(html, "加强<mark>维持和平</mark>行动")

    def test_it_marks_single_characters_and_latin_words(self):
        html = highlight("Renata Dwan女士与机组", [("renata", "dwan"), ("机",)])
        self.assertEqual(html, "<mark>Renata Dwan</mark>女士与<mark>机</mark>组")

    def test_it_does_not_mark_a_partial_phrase(self):
        html = highlight("直升 升机 直升机", [("直升", "升机")])
        self.assertEqual(html, "直升 升机 <mark>直升机</mark>")

    def test_it_marks_the_terms_of_a_word_found_apart(self):
        html = highlight("维持国际和平", [("维持", "持和", "和平")])
        self.assertEqual(html, "<mark>维持</mark>国际<mark>和平</mark>")

    def test_it_finds_matches_far_into_a_long_text_and_across_chunk_boundaries(self):
        for at in (CHUNK - 2, CHUNK + OVERLAP - 1, 5 * CHUNK + 7):
            with self.subTest(at=at):
                text = "甲" * at + "直升机" + "乙" * 50 + "直升机" + "丙" * 3000
                html = highlight(text, [("直升", "升机")], size=100)
                self.assertEqual(html.count("<mark>直升机</mark>"), 2)
                plain = html.replace("<mark>", "").replace("</mark>", "").strip("…")
                self.assertEqual(plain, text[at - 25 : at + 75])

    def test_it_does_not_match_the_end_of_a_latin_word_cut_by_a_chunk(self):
        text = "甲" * (CHUNK - 6) + " peacekeeping " + "乙" * 3000 + " keeping"
        html = highlight(text, [("keeping",)], size=40)
        self.assertIn("乙 <mark>keeping</mark>", html)
        self.assertNotIn("peace<mark>", html)

    def test_it_cuts_a_window_around_the_first_match(self):
        html = highlight("甲" * 300 + "直升机" + "乙" * 300, [("直升", "升机")], size=40)
        self.assertTrue(html.startswith("…"))
        self.assertTrue(html.endswith("…"))
        self.assertIn("<mark>直升机</mark>", html)
        self.assertEqual(len(html.replace("<mark>", "").replace("</mark>", "")), 42)
