"""OCR words misread by one look-alike letter, put right from a dictionary
(ingest.parsers.ocr_words); tesseract's own dictionary (ingest.ocr.dictionary)."""

import os
import unittest

from ingest import ocr
from ingest.parsers.ocr_layer import OcrPage, OcrWord
from ingest.parsers.ocr_words import (
    WordFixer,
    dictionary_from,
    figure_pages,
    look_alikes,
    pronoun_bars,
)

WORDS = dictionary_from(
    ["sufficiently", "Iraq", "recommend", "will", "fist", "list", "thes", "the"]
)


def fixer(document=()):
    return WordFixer(WORDS, frozenset(document))


class LookAlikeTests(unittest.TestCase):
    def test_one_swap_of_a_letter_or_pair_either_way(self):
        self.assertIn("sufficiently", look_alikes("aufficiently"))
        self.assertIn("recommend", look_alikes("recornmend"))  # rn -> m
        self.assertIn("recornmend", look_alikes("recommend"))  # m -> rn
        self.assertNotIn("aufficiently", look_alikes("aufficiently"))
        self.assertNotIn("sufficiently", look_alikes("auffiaiently"))  # two swaps


class WordFixerTests(unittest.TestCase):
    def test_a_long_word_with_one_neighbour_in_the_dictionary_is_put_right(self):
        words = fixer()
        self.assertEqual(
            words.fix("to feel aufficiently secure; we recornmend"),
            "to feel sufficiently secure; we recommend",
        )
        self.assertEqual(words.changed, {"aufficiently": "sufficiently", "recornmend": "recommend"})

    def test_capitals_are_kept(self):
        words = fixer(document={"iraq"})
        self.assertEqual(words.fix("TRAQ-KUWAIT, Irag, Iraqi"), "IRAQ-KUWAIT, Iraq, Iraqi")

    def test_a_short_word_changes_only_to_a_word_of_the_same_document(self):
        self.assertEqual(fixer().fix("wiil go; Fisi"), "wiil go; Fisi")
        self.assertEqual(fixer(document={"will"}).fix("wiil go; Fisi"), "will go; Fisi")

    def test_a_dictionary_word_a_name_and_a_doubtful_word_stay(self):
        # `thes` is a word of the dictionary; `Khawr` has no neighbour; `tist` has two
        # (`fist`, `list`).
        words = fixer(document={"fist", "list"})
        self.assertEqual(words.fix("ON THES Khawr tist"), "ON THES Khawr tist")
        self.assertEqual(words.changed, {})
        self.assertIsNone(words.warning())

    def test_the_pronoun_read_as_a_bar(self):
        words = fixer()
        self.assertEqual(
            words.fix("faced, | am confident that | would"), "faced, I am confident that I would"
        )
        self.assertEqual(words.fix("| recommend"), "I recommend")
        self.assertEqual(
            pronoun_bars("people have faced, |\nam confident"), "people have faced, I\nam confident"
        )
        # a table's rule read as a bar stays
        self.assertEqual(
            words.fix("component | July 2003 | in December"), "component | July 2003 | in December"
        )

    def test_a_capital_i_read_as_a_bracket_or_a_bar(self):
        words = WordFixer(dictionary_from(["iraq", "international"]), frozenset({"iraq"}))
        self.assertEqual(
            words.fix("the United Nations [raq-Kuwait Mission; |nternational staff"),
            "the United Nations Iraq-Kuwait Mission; International staff",
        )
        # a short word not in the document, a bracketed word, a bar between words stay
        words = WordFixer(dictionary_from(["iraq", "sic"]), frozenset())
        self.assertEqual(words.fix("[raq [sic] a | b"), "[raq [sic] a | b")

    def test_numbers_symbols_and_other_scripts_are_not_touched(self):
        text = "S/23766, 92-15104 3266e 安全理事会 Liberación " + "a" * 10_000
        self.assertEqual(fixer().fix(text), text)

    def test_the_warning_lists_what_was_changed(self):
        words = fixer(document={"will", "iraq"})
        words.fix("wiil Irag aufficiently")
        self.assertEqual(
            words.warning(),
            "OCR: 3 misread words put right from the dictionary (Irag → Iraq, "
            "aufficiently → sufficiently, wiil → will); check them against the page images",
        )

    def test_the_document_words_are_those_ocr_was_sure_of(self):
        def word(text, confidence):
            return OcrWord(text, confidence, 0, 0, 10, 10, (1, 1, 1))

        page = OcrPage(1, words=[word("will,", 95), word("Iraq", 40)])
        words = WordFixer.for_pages(WORDS, [page], sure=80)
        self.assertEqual(words.document, {"will"})


def read_page(*lines, unsure=()):
    """An OCR page of these lines; the words in `unsure` read with confidence 60."""
    words = [
        OcrWord(text, 60 if text in unsure else 95, 0, 0, 10, 10, (1, 1, number))
        for number, line in enumerate(lines)
        for text in line.split()
    ]
    return OcrPage(1, words=words)


NEIGHBOURS = dictionary_from(["on", "the", "thes", "united", "nations", "then", "report"])
# `THE` between `ON` and `UNITED` read `THES` once, unsure; `on the` and `the United`
# read elsewhere, sure.
TITLE = "REPORT ON THES UNITED NATIONS"
BODY = ("the report on the United Nations", "then on the United Nations report")


class NeighbourTests(unittest.TestCase):
    def fixer(self, *lines, unsure=("THES",)):
        return WordFixer.for_pages(NEIGHBOURS, [read_page(*lines, unsure=unsure)], sure=80)

    def test_a_dictionary_word_read_unsure_is_put_right_by_its_neighbours(self):
        words = self.fixer(TITLE, *BODY)
        self.assertEqual(words.fix(TITLE), "REPORT ON THE UNITED NATIONS")
        self.assertEqual(words.changed, {"THES": "THE"})

    def test_neighbours_read_once_elsewhere_are_not_enough(self):
        words = self.fixer(TITLE, BODY[0])
        self.assertEqual(words.fix(TITLE), TITLE)

    def test_a_word_read_sure_somewhere_stays(self):
        words = self.fixer(TITLE, *BODY, "thes words")
        self.assertEqual(words.fix(TITLE), TITLE)

    def test_a_word_read_so_with_the_same_neighbours_elsewhere_stays(self):
        words = self.fixer(TITLE, *BODY, "on thes United", unsure=("THES", "thes"))
        self.assertEqual(words.fix(TITLE), TITLE)

    def test_neighbours_across_punctuation_do_not_count(self):
        words = self.fixer(TITLE, *BODY)
        self.assertEqual(words.fix("REPORT ON, THES UNITED"), "REPORT ON, THES UNITED")

    def test_pairs_are_read_within_a_line_and_stop_at_punctuation(self):
        words = self.fixer("the United, Nations on", "the report")
        self.assertEqual(words.pairs["the", "united"], 1)
        self.assertEqual(words.pairs["united", "nations"], 0)
        self.assertEqual(words.pairs["on", "the"], 0)


class FigurePageTests(unittest.TestCase):
    """A page OCR read with low confidence, its words mostly no words, is a picture."""

    def page(self, number, text, confidence):
        words = [OcrWord(t, confidence, 0, 0, 10, 10, (1, 1, 1)) for t in text.split()]
        return OcrPage(number, words=words)

    def test_a_map_of_labels_read_unsure_is_a_figure(self):
        text_page = self.page(1, "the report on the mission " * 10, 92)
        labels = self.page(2, "Gagra Pskhu Gudauta the Kvemo Azhar Ochamchira Zugdidi " * 4, 30)
        unsure_text = self.page(3, "the report on the mission " * 10, 30)  # a faint page
        few = self.page(4, "Gagra Pskhu Gudauta", 20)
        pages = [text_page, labels, unsure_text, few]
        self.assertEqual(figure_pages(pages, dictionary_from(["the", "report", "mission"])), {2})

    def test_no_dictionary_no_figure(self):
        labels = self.page(1, "Gagra Pskhu Gudauta Kvemo Azhar " * 8, 30)
        self.assertEqual(figure_pages([labels], frozenset()), frozenset())


TOOLS_MISSING = ocr.missing_packages(["eng"])


@unittest.skipIf(bool(TOOLS_MISSING) and os.environ.get("CI") != "true", "OCR tools missing")
class TesseractDictionaryTests(unittest.TestCase):
    def test_it_is_read_from_the_installed_traineddata(self):
        words = ocr.dictionary("eng")
        self.assertGreater(len(words), 100_000)
        self.assertIn("sufficiently", words)
        self.assertIn("iraq", words)  # lower case, as the fixer compares
        self.assertNotIn("aufficiently", words)

    def test_a_language_not_written_with_spaces_has_none(self):
        self.assertEqual(ocr.dictionary("chi_sim"), frozenset())
        self.assertEqual(ocr.dictionaries("chi_sim+eng"), ocr.dictionary("eng"))
