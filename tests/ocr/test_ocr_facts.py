"""OCR facts are checked: symbols repaired where the grammar allows, the symbol agreed by
the page headers, the date from the symbol block only, the original language from the
first name on the `ORIGINAL:` line, paragraph numbers and endnote markers repaired by
their sequence."""

import datetime as dt
import unittest

from ingest.parsers.ocr_facts import (
    block_date,
    check_facts,
    original_language,
    repair_endnotes,
    repair_numbering,
    repair_symbols,
)
from ingest.parsers.ocr_layer import OcrLine, OcrPage, OcrWord, parse_tsv

HEIGHT = 3300


def page(number, lines, confidence=95.0):
    """An OCR page with these lines from the top (one word box per token)."""
    words = []
    for index, (top, text) in enumerate(lines):
        left = 100
        for token in text.split():
            words.append(OcrWord(token, confidence, left, top, 20 * len(token), 40, (1, 1, index)))
            left += 20 * len(token) + 20
    return OcrPage(number, 2550, HEIGHT, words)


def scan(first_block, header, pages=4, body_date="5 January 1999"):
    first = page(1, [*first_block, (2000, f"1. The Council met on {body_date} and decided.")])
    others = [
        page(n, [(150, header.format(n=n)), (1500, "Body text.")]) for n in range(2, pages + 1)
    ]
    return [first, *others]


BLOCK = [
    (150, "UNITED NATIONS S"),
    (400, "S$/1996/813/Add.1*"),
    (460, "12 November 1996"),
    (520, "ORIGINAL: ENGLISH"),
]


class RepairSymbolsTest(unittest.TestCase):
    def test_it_repairs_a_misread_s(self):
        for read in ["$/1996/813", "S$/1996/813", "s/1996/813", "8/1996/813", "§/1996/813"]:
            with self.subTest(read=read):
                self.assertEqual(
                    repair_symbols(f"(see {read}, para. 55)"), "(see S/1996/813, para. 55)"
                )

    def test_it_repairs_old_style_and_lower_case_symbols(self):
        self.assertEqual(
            repair_symbols("report s/24833 and a/51/695"), "report S/24833 and A/51/695"
        )

    def test_a_misread_s_before_a_suffix(self):
        self.assertEqual(repair_symbols("$/1996/813/Add.1 English"), "S/1996/813/Add.1 English")
        self.assertEqual(repair_symbols("5/1996/813/x"), "5/1996/813/x")  # no symbol

    def test_a_suffix_number_read_as_a_letter(self):
        self.assertEqual(
            repair_symbols("S/22454 and Add.i-3; S/23106/Corr.l"),
            "S/22454 and Add.1-3; S/23106/Corr.1",
        )
        self.assertEqual(repair_symbols("Add.in"), "Add.in")

    def test_it_leaves_what_is_not_a_symbol(self):
        for text in ["costs of $1,996 and 5/10 of it", "on 8/10/1996", "US$/1996", "item 8/12"]:
            with self.subTest(text=text):
                self.assertEqual(repair_symbols(text), text)


class RepairNumberingTest(unittest.TestCase):
    def test_it_repairs_misread_numbers_by_the_sequence(self):
        text = "l. One.\n2. Two.\n3, Three.\n8. Four.\nS. Five.\n6. Six.\n7. Seven.\n"
        text += (
            "8. Eight.\n9. Nine.\n10. Ten.\nll. Eleven.\ni2. Twelve.\n13. Thirteen.\n44, Fourteen."
        )
        self.assertEqual(
            repair_numbering(text).split("\n"),
            [f"{n}. {word}." for n, word in enumerate("One Two Three".split(), 1)]
            + ["8. Four.", "S. Five."]
            + [f"{n}. {word}." for n, word in enumerate("Six Seven Eight Nine Ten".split(), 6)]
            + ["11. Eleven.", "12. Twelve.", "13. Thirteen.", "14. Fourteen."],
        )

    def test_typewriter_misreads(self):
        before = "".join(f"{n}. Text.\n" for n in range(1, 15))
        text = before + "15. B.\nlé. C.\n17. D.\n18. E.\n19. F.\n28. F.\n21. G."
        self.assertEqual(
            repair_numbering(text),
            before + "15. B.\n16. C.\n17. D.\n18. E.\n19. F.\n20. F.\n21. G.",
        )

    def test_a_missed_number_does_not_shift_the_rest(self):
        text = "15. A.\nxé. B.\n17. C.\n18. D."
        self.assertEqual(repair_numbering(text), text)

    def test_it_leaves_roman_headings_and_years(self):
        text = "I. INTRODUCTION\n1. One.\nII. POLITICAL SITUATION\n2. Two\nduring\n1997. The management"
        self.assertEqual(repair_numbering(text), text)

    def test_a_roman_one_misread_stays_a_heading(self):
        text = "i. INTRODUCTION\nl. The present report.\nII. POLITICAL SITUATION\n2. Two."
        self.assertEqual(
            repair_numbering(text),
            "I. INTRODUCTION\n1. The present report.\nII. POLITICAL SITUATION\n2. Two.",
        )

    def test_the_count_restarts_in_an_annex(self):
        text = "1. A.\n2. B.\nAnnex\nl. First of the annex."
        self.assertEqual(repair_numbering(text), "1. A.\n2. B.\nAnnex\n1. First of the annex.")


# A typescript's last paragraphs and its endnotes, as OCR read them: the underlined
# markers `1/`-`3/` read `i/`, `a/`, `a/`, the heading `Notes` read `Vatas`, and the first
# marker cited in the text read `]/`.
ENDNOTES = """1. By its resolution 689 (1991), the Council approved my report; ]/ noted that
the decision was taken 2/ and decided to review it.
2. The Council reviewed the mandate on 7 October 1991. 3/
                         Vatas
      i/ S/22454 and Add.1-3.
      a/ S/23106.
      a/ S/23000, para. 11, and S/23106,
  para. 28.
                                                            face"""


class RepairEndnotesTest(unittest.TestCase):
    def test_misread_markers_and_heading_become_the_sequence(self):
        lines = repair_endnotes(ENDNOTES).split("\n")
        self.assertIn("report; 1/ noted that", lines[0])
        self.assertEqual(lines[3].strip(), "Notes")
        self.assertEqual(
            [line.split()[0] for line in lines[4:7]],
            ["1/", "2/", "3/"],
        )
        self.assertEqual(lines[7:], ["  para. 28.", ENDNOTES.split("\n")[-1]])

    def test_lettered_notes_stay_letters(self):
        text = "1. Troops a/ and police b/ were deployed.\n   Notes\n  a/ Troops.\n  b/ Police."
        self.assertEqual(repair_endnotes(text), text)

    def test_a_marker_out_of_its_place_leaves_the_run(self):
        text = ENDNOTES.replace("a/ S/23106.", "5/ S/23106.")
        self.assertEqual(repair_endnotes(text), text)

    def test_notes_no_text_cites_are_left(self):
        text = ENDNOTES.replace("]/", "").replace("2/", "").replace("3/", "")
        self.assertEqual(repair_endnotes(text), text)

    def test_a_numbered_paragraph_after_the_lines_ends_no_run(self):
        text = ENDNOTES + "\n3. A paragraph that follows the lines."
        self.assertEqual(repair_endnotes(text), text)

    def test_each_annex_has_its_own_notes(self):
        annex = "ANNEX\n1. Deployment ]/ of the troops.\n   Vetes\n  l/ See the map."
        lines = repair_endnotes(ENDNOTES + "\n" + annex).split("\n")
        self.assertEqual(lines[-2:], ["   Note", "  1/ See the map."])
        self.assertIn("Deployment 1/ of", lines[-3])


class CheckFactsTest(unittest.TestCase):
    def test_the_symbol_is_what_the_headers_agree_on(self):
        facts = check_facts(scan(BLOCK, "$/1996/813/Add.1 English Page {n}"))
        self.assertEqual(facts.symbol, "S/1996/813/Add.1")
        self.assertEqual(facts.date, dt.date(1996, 11, 12))
        self.assertEqual(facts.original_language, "en")
        self.assertEqual(facts.warnings, [])

    def test_a_year_misread_in_the_block_is_repaired(self):
        block = [(400, "8/1397/832"), (460, "31 October 1997")]
        facts = check_facts(scan(block, "S/1997/832 English Page {n}"))
        self.assertEqual((facts.symbol, facts.warnings), ("S/1997/832", []))

    def test_a_misread_block_is_outvoted_and_reported(self):
        block = [(400, "S/1997/882"), (460, "31 October 1997")]
        facts = check_facts(scan(block, "S/1997/832 English Page {n}"))
        self.assertEqual(facts.symbol, "S/1997/832")
        self.assertEqual(
            facts.warnings,
            [
                "OCR: the page headers disagree on the symbol; 3 of 4 read S/1997/832, "
                "taken (page 1: S/1997/882)"
            ],
        )

    def test_headers_that_disagree_are_a_warning(self):
        pages = scan(BLOCK, "S/1996/813/Add.1 English Page {n}")
        pages[2] = page(3, [(150, "S/1996/814/Add.1 English")])
        facts = check_facts(pages)
        self.assertEqual(facts.symbol, "S/1996/813/Add.1")
        self.assertIn("page 3: S/1996/814/Add.1", facts.warnings[0])

    def test_no_date_from_the_body_when_the_block_is_garbled(self):
        block = [(400, "S/1997/832"), (460, "3l Oc#$ber l997")]
        facts = check_facts(scan(block, "S/1997/832 Page {n}"))
        self.assertIsNone(facts.date)
        self.assertIn("issue date", facts.warnings[0])

    def test_low_confidence_pages_are_named(self):
        pages = scan(BLOCK, "S/1996/813/Add.1 Page {n}")
        pages[3] = page(4, [(150, "S/1996/813/Add.1"), (900, "map labels")], confidence=31)
        facts = check_facts(pages, low_confidence=80)
        self.assertEqual(
            facts.warnings,
            ["OCR: page 4 was read with low confidence (31%); check its text against the scan"],
        )


class BlockTest(unittest.TestCase):
    def line(self, text):
        return OcrLine(text, 400, 440, 100, 90.0)

    def test_misread_digits_and_months_in_the_date(self):
        self.assertEqual(block_date([self.line("3l 0ctober l997")]), dt.date(1997, 10, 31))
        self.assertEqual(block_date([self.line("12 Novernber 1996")]), dt.date(1996, 11, 12))

    def test_original_language_of_a_wrapped_line(self):
        self.assertEqual(original_language(["ORIGINAL: ENGLISH/", "SPANISH"]), "en")
        self.assertEqual(original_language(["ORIGINAL: ENGLISH/ SPANISH"]), "en")
        self.assertEqual(original_language(["ORIGINAL: FRENCH"]), "fr")
        self.assertEqual(original_language(["Distr. GENERAL"]), "")


class TsvTest(unittest.TestCase):
    TSV = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n"
        "4\t1\t1\t1\t1\t0\t100\t150\t400\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t100\t150\t200\t40\t96.5\tS/1997/832\n"
        "5\t1\t1\t1\t1\t2\t320\t150\t20\t40\t10\t|\n"
        "5\t1\t1\t1\t1\t3\t350\t150\t20\t40\t95\t \n"
    )

    def test_it_reads_words_and_weights_confidence_by_length(self):
        read = parse_tsv(self.TSV, 1)
        self.assertEqual((read.width, read.height), (2550, 3300))
        self.assertEqual([w.text for w in read.words], ["S/1997/832", "|"])
        self.assertEqual(read.confidence, round((96.5 * 10 + 10) / 11, 1))
        self.assertEqual([ln.text for ln in read.lines()], ["S/1997/832 |"])

    def test_a_page_without_words_has_no_confidence(self):
        self.assertIsNone(parse_tsv(self.TSV.splitlines()[0], 3).confidence)
