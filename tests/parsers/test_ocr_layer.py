"""Old OCR layers (scans of the early 1990s that carry one) and what OCR misreads on page 1:
a poor layer is told from a typeset text by its garbled words and read again by OCR; the
facts of page 1 are read through OCR's misreads; a joint symbol printed on two lines
keeps both symbols. Small synthetic inputs, one rule each."""

import contextlib
import datetime as dt
import io
import tempfile
import unittest
from unittest import mock

from django.test import SimpleTestCase, override_settings
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest import ocr
from ingest.fidelity import check_document
from ingest.parsers import parse_text
from ingest.parsers.ocr_facts import (
    block_date,
    block_title,
    garbled_share,
    original_language,
    poor_layer,
    repair_numbering,
    repair_symbols,
)
from ingest.parsers.ocr_layer import OcrLine, OcrPage, OcrWord
from ingest.parsers.pdf import _block_symbol
from ingest.parsers.types import Block, DocumentHints, ParsedDocument
from ingest.readers import read_document

TYPESET = (
    "The present report is submitted pursuant to Security Council resolution 1110 (1997) "
    "of 28 May 1997, by which the Council decided to extend the mandate of the United "
    "Nations Preventive Deployment Force (UNPREDEP) until 30 November 1997 and requested "
    "me to keep it informed of developments in the region, in McDonald's 21st report. "
)
# As an OCR layer of the 1990s holds the same kind of sentence.
GARBLED = (
    "Tha present report is aubmittsd in pursuance aE Security Council resolution 693 "
    "(19Pl) of 20 May 1991 by which tb% Council decided to establish tha United Nation8 "
    "Obratver Mission and requested the Secretary-General to keep the Council fully "
    "informed on tha implementation of that REsoLuTIoN and men under hi8 command. "
)


def line(text, top=100):
    return OcrLine(text, top, top + 40, 100, 90.0)


def ocr_page(lines, height=3300):
    words = []
    for index, (top, text) in enumerate(lines):
        left = 100
        for token in text.split():
            words.append(OcrWord(token, 90.0, left, top, 20 * len(token), 40, (1, 1, index)))
            left += 20 * len(token) + 20
    return OcrPage(1, 2550, height, words)


class PoorLayerTests(unittest.TestCase):
    def test_typeset_text_has_no_garbled_words(self):
        self.assertEqual(garbled_share(TYPESET * 10), 0.0)
        self.assertFalse(poor_layer(TYPESET * 10))

    def test_an_old_ocr_layer_is_poor(self):
        self.assertGreater(garbled_share(GARBLED), 0.05)
        self.assertTrue(poor_layer(GARBLED * 10))
        # two garbled words in a page of 250 are a poor layer; one in 500 is a stray mark
        self.assertTrue(poor_layer(TYPESET * 5 + " tb% hi8 "))
        self.assertFalse(poor_layer(TYPESET * 5 + " tb% " + TYPESET * 5))

    def test_reversed_map_labels_are_not_garbled(self):
        # a map's names printed back to front are whole words read backwards
        self.assertEqual(garbled_share("ésinagrO-tnoM sertiP-à-esnA tograM-troP"), 0.0)

    def test_a_short_text_is_never_judged(self):
        self.assertFalse(poor_layer(GARBLED))


def layer_pdf(block, body, pages=2) -> bytes:
    """A typed page 1 whose text is an old OCR layer: the symbol block, then body lines."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    width, height = letter
    for number in range(pages):
        y = height - 90
        if number == 0:
            for text in block:
                pdf.setFont("Courier", 10)
                pdf.drawString(400, y, text)
                y -= 12
            y -= 40
        for index, text in enumerate(body):
            pdf.drawString(60, y, f"{index + 1}. {text}" if index % 6 == 0 else text)
            y -= 12
            if y < 80:
                break
        pdf.showPage()
    pdf.save()
    return out.getvalue()


BLOCK = ["Distr.", "GENERAL", "s/23402", "10 January 1992", "ORIGINAL: ENGLISH"]
BODY = [GARBLED[i : i + 75] for i in range(0, len(GARBLED), 75)] * 12


class PoorLayerReadTests(SimpleTestCase):
    def test_without_ocr_the_layer_is_read_with_its_lower_case_symbol(self):
        parsed = read_document(layer_pdf(BLOCK, BODY), "layer.pdf", ocr=False)
        self.assertEqual(parsed.symbols, ["S/23402"])
        self.assertTrue(any("poor OCR of a scan" in w for w in parsed.warnings), parsed.warnings)

    def test_a_poor_layer_gives_the_blocks_date_or_none(self):
        body = ["On 5 February 1991 the Council met and decided to act at once on it."] + BODY
        block = ["Distr.", "GENERAL", "s/23402", "10 January ):Q92", "ORIGINAL: ENGLISH"]
        parsed = read_document(layer_pdf(block, body), "layer.pdf", ocr=False)
        self.assertIsNone(parsed.date)  # not the body's 5 February 1991
        self.assertTrue(any("issue date" in w for w in parsed.warnings), parsed.warnings)
        parsed = read_document(layer_pdf(BLOCK, body), "layer.pdf", ocr=False)
        self.assertEqual(parsed.date, dt.date(1992, 1, 10))

    def test_in_the_background_a_poor_layer_is_read_again_by_ocr(self):
        data = layer_pdf(BLOCK, BODY)
        with mock.patch("ingest.readers._read_scan", side_effect=ocr.OcrUnavailable("no tools")):
            parsed = read_document(data, "layer.pdf")
        self.assertEqual(parsed.symbol, "S/23402")
        self.assertTrue(
            any("could not be read again by OCR (no tools)" in w for w in parsed.warnings)
        )
        with mock.patch("ingest.readers._read_scan", side_effect=ocr.OcrUnavailable("x")) as read:
            read_document(data, "layer.pdf")
        self.assertEqual(read.call_args.kwargs, {"force": True, "script": "Latin"})

    def test_a_typeset_text_is_not_read_again(self):
        body = [TYPESET[i : i + 75] for i in range(0, len(TYPESET), 75)] * 12
        block = ["Distr.", "GENERAL", "S/23402", "10 January 1992", "ORIGINAL: ENGLISH"]
        with mock.patch("ingest.readers._read_scan") as read:
            parsed = read_document(layer_pdf(block, body), "typeset.pdf")
        read.assert_not_called()
        self.assertFalse(any("poor OCR" in w for w in parsed.warnings))


class OcrCacheTests(SimpleTestCase):
    RESULT = ocr.OcrResult(
        b"%PDF-1.4 read by OCR",
        [OcrPage(1, 2550, 3300, [OcrWord("Report", 91.5, 10, 20, 30, 40, (1, 2, 3))])],
        "eng",
        12.5,
    )

    def tools(self):
        """ocrmypdf and tesseract stood in for: they write RESULT."""

        def run(work, languages, force):
            (work / "out.pdf").write_bytes(self.RESULT.pdf)

        stack = contextlib.ExitStack()
        stack.enter_context(mock.patch.object(ocr, "check_available"))
        stack.enter_context(mock.patch.object(ocr, "_languages_for", return_value=["eng"]))
        stack.enter_context(mock.patch.object(ocr, "_read_pages", return_value=self.RESULT.pages))
        return stack, stack.enter_context(mock.patch.object(ocr, "_run_ocrmypdf", side_effect=run))

    def test_what_ocr_read_is_read_from_the_cache_the_second_time(self):
        with tempfile.TemporaryDirectory() as folder, override_settings(OCR_CACHE_DIR=folder):
            stack, run = self.tools()
            with stack:
                ocr.ocr_pdf(b"%PDF scan")
                again = ocr.ocr_pdf(b"%PDF scan")
                self.assertEqual(run.call_count, 1)
                self.assertEqual(again.pdf, self.RESULT.pdf)
                self.assertEqual(again.pages, self.RESULT.pages)
                self.assertEqual(again.languages, "eng")
                # other bytes or other options are read by OCR
                ocr.ocr_pdf(b"%PDF scan", force=True)
                ocr.ocr_pdf(b"%PDF other scan")
                self.assertEqual(run.call_count, 3)

    def test_without_a_cache_folder_nothing_is_kept(self):
        with override_settings(OCR_CACHE_DIR=""):
            self.assertIsNone(ocr._cache_path(b"%PDF", False, ""))


class OcrScriptTests(unittest.TestCase):
    @override_settings(OCR_LANGUAGES="eng+chi_sim")
    def test_a_layers_script_chooses_the_languages(self):
        self.assertEqual(ocr.script_languages("Latin", ["eng", "chi_sim"]), ["eng"])
        self.assertEqual(ocr.script_languages("Han", ["eng", "chi_sim"]), ["chi_sim", "eng"])
        self.assertEqual(ocr.script_languages("Cyrillic", ["eng", "chi_sim"]), ["eng", "chi_sim"])


class PageOneMisreadsTests(unittest.TestCase):
    def test_a_misread_original_label_still_names_the_language(self):
        self.assertEqual(original_language(["ORISINAL: ENGLISH"]), "en")
        self.assertEqual(original_language(["0RIGINAL; ENGLISH/", "SPANISH"]), "en")
        self.assertEqual(original_language(["REGIONAL ENGLISH"]), "")

    def test_a_day_with_i_for_1_is_read(self):
        self.assertEqual(block_date([line("3i March 1992")]), dt.date(1992, 3, 31))

    def test_a_year_that_lost_its_leading_1(self):
        self.assertEqual(block_date([line("10 January 992")]), dt.date(1992, 1, 10))
        self.assertIsNone(block_date([line("10 January 192")]))

    def test_the_title_ends_at_a_heading_in_small_capitals(self):
        page = ocr_page(
            [
                (100, "S/23766"),
                (160, "31 March 1992"),
                (220, "ORISINAL: ENGLISH"),
                (400, "REPORT OF THE SECRETARY-GENERAL ON THE MISSION"),
                (520, "introduction"),
                (640, "1. By paragraph 5 of its resolution 687 (1991) the Council"),
            ]
        )
        block = [ln for ln in page.lines() if ln.top < 300]
        self.assertEqual(block_title(page, block), "REPORT OF THE SECRETARY-GENERAL ON THE MISSION")

    @staticmethod
    def upto(last):
        return "".join(
            f"{n}. The Council met and decided as follows.\n" for n in range(1, last + 1)
        )

    SEVEN = upto(7)

    def test_an_eight_read_as_b_before_a_sentence(self):
        text = (
            self.SEVEN + "B. In conclusion, I would like to pay a tribute to the Chief Military\n"
        )
        self.assertEqual(repair_numbering(text).splitlines()[7][:16], "8. In conclusion")

    def test_a_lettered_sub_heading_stays(self):
        text = (
            self.SEVEN
            + "B. Military component\n"
            + "8. The military component has been deployed in all four sectors of the area.\n"
        )
        self.assertEqual(repair_numbering(text), text)
        # nor is a B taken where the sequence does not expect 8
        text = self.upto(6) + "B. In conclusion, I would like to pay a tribute to the Chief\n"
        self.assertEqual(repair_numbering(text), text)

    def test_a_number_read_as_no_number_is_found_by_the_sequence(self):
        wide = "In this context, and having regard to the tasks that will be assumed by"
        for read in ["qe", "&.", "§"]:
            with self.subTest(read=read):
                text = self.upto(6) + f"{read} {wide}\n" + "8. The Council met.\n"
                self.assertEqual(repair_numbering(text).splitlines()[6], f"7. {wide}")

    def test_a_number_that_lost_its_stop(self):
        wide = "It is now clear that the original costing assumptions reflected in that"
        text = "Annex II\n1. Based on information provided.\n2 " + wide + "\ndocument.\n"
        self.assertIn("\n2. It is now clear", repair_numbering(text))

    def test_what_the_sequence_does_not_make_certain_stays(self):
        wide = "In this context, and having regard to the tasks that will be assumed by"
        # no paragraph 8 after it: a sign is not taken for 7
        text = self.upto(6) + f"qe {wide}\n"
        self.assertEqual(repair_numbering(text), text)
        # not after a sentence's end: a line of the paragraph before
        text = self.upto(6) + f"the area of\nqe {wide}\n8. The Council met.\n"
        self.assertEqual(repair_numbering(text), text)
        # two candidates: neither
        text = self.upto(6) + f"qe {wide}.\n&. {wide}\n8. The Council met.\n"
        self.assertEqual(repair_numbering(text), text)
        # another number than the one missing
        text = self.upto(6) + f"12 {wide}\n"
        self.assertEqual(repair_numbering(text), text)

    def test_a_number_at_the_top_of_a_page_is_repaired_too(self):
        # pages are joined by a form feed: the first line of a page is a line
        text = self.upto(5) + "the end of the page\f6, The next paragraph opens the page.\n"
        self.assertIn("\f6. The next", repair_numbering(text))

    def test_a_space_after_a_symbols_slash_is_closed(self):
        self.assertEqual(repair_symbols("S/ 23766"), "S/23766")
        self.assertEqual(repair_symbols("S/1997/ 631"), "S/1997/631")
        self.assertEqual(repair_symbols("page S/ 3 and 5/ 10"), "page S/ 3 and 5/ 10")

    def test_an_s_read_as_6_in_a_running_header(self):
        self.assertEqual(repair_symbols("6/23766"), "S/23766")
        self.assertEqual(repair_symbols("on 6/12/1991"), "on 6/12/1991")

    def test_a_misread_original_line_is_read_as_printed(self):
        self.assertEqual(repair_symbols("ORISINAL: ENGLISH"), "ORIGINAL: ENGLISH")
        self.assertEqual(repair_symbols("  0RIGINAL; ENGLISH/"), "ORIGINAL: ENGLISH/")
        for text in ["Original: English", "REGIONAL ENGLISH", "ORIGINALLY, the Council"]:
            with self.subTest(text=text):
                self.assertEqual(repair_symbols(text), text)

    def test_an_early_1990s_footer_as_ocr_reads_it(self):
        for read in [
            "92-15104 3266e (E} 020492 O20892 /...",
            "92-15338 3072i ° (E) 020492 020492 fans",
            "97-21459_ (EB) 120897",
            "92~73938 36931 (E) 231192 Lave",
        ]:
            with self.subTest(read=read):
                self.assertRegex(repair_symbols(read), r"^\d{2}-\d{5} \(E\)$")
        # a letter OCR could not read is left out, not guessed
        self.assertEqual(repair_symbols("97-31425 {m) 211197 241197"), "97-31425")
        self.assertEqual(repair_symbols("97-31425 {m) people"), "97-31425 {m) people")
        body = "92-15104 people were registered (E) in the camps of the region by then"
        self.assertEqual(repair_symbols(body), body)

    def test_a_typeset_footer_with_its_bar_code_read_as_specks(self):
        self.assertEqual(repair_symbols("11-27300* il 040411 eS"), "11-27300")
        self.assertEqual(repair_symbols("16-14584 (E) 0O1116 *1614584*"), "16-14584 (E)")
        for text in ["11-27300 people were registered", "11-27300 by 040411 people were here"]:
            with self.subTest(text=text):
                self.assertEqual(repair_symbols(text), text)

    def test_a_footer_whose_job_number_lost_a_digit_goes(self):
        # `92-01558 2838i (E)` read with a digit lost: no number to read, still the footer
        self.assertEqual(repair_symbols("92-0155 28384 (B) face"), "")
        # without its typing code, or with no language letter, it is not taken for one
        for text in ["92-0155 (E)", "12-1234 28384 (Q) at the time"]:
            with self.subTest(text=text):
                self.assertEqual(repair_symbols(text), text)

    def test_a_year_with_specks_in_the_symbol_block(self):
        self.assertEqual(block_date([line("10 January },992")]), dt.date(1992, 1, 10))
        self.assertEqual(block_date([line("10 January 1,992")]), dt.date(1992, 1, 10))
        self.assertIsNone(block_date([line("3l Oc#$ber l997")]))

    TITLE_PAGE = [
        (100, "S/23421"),
        (160, "14 January 1992"),
        (220, "ORIGINAL: ENGLISH"),
        (400, "UNITED NATIONS OBSERVER GROUP IN CENTRAL AMERICA"),
        (520, "Repert of the Secretacy-General"),
        (640, "1. The present report is submitted in accordance with paragraph 3"),
    ]

    def title(self, lines):
        page = ocr_page(lines)
        return block_title(page, [ln for ln in page.lines() if ln.top < 300])

    def test_the_report_line_of_a_title_is_read_as_printed(self):
        self.assertEqual(
            self.title(self.TITLE_PAGE),
            "UNITED NATIONS OBSERVER GROUP IN CENTRAL AMERICA Report of the Secretary-General",
        )
        lines = [*self.TITLE_PAGE]
        lines[4] = (520, "Revort by the Secratary-—General")
        self.assertTrue(self.title(lines).endswith(" Report by the Secretary-General"))
        lines[4] = (520, "REPORT OF THE SECRETARV-GENERAL")
        self.assertTrue(self.title(lines).endswith(" REPORT OF THE SECRETARY-GENERAL"))
        # a line that is not that phrase is as read
        lines[4] = (520, "Report of the Security Council")
        self.assertTrue(self.title(lines).endswith(" Report of the Security Council"))

    def test_a_line_of_specks_is_no_part_of_the_title(self):
        page = ocr_page(self.TITLE_PAGE)
        # what OCR makes of a rule's remains: a line a few pixels high
        page.words.append(OcrWord("pone", 3.0, 1900, 300, 80, 9, (1, 1, 99)))
        block = [ln for ln in page.lines() if ln.top < 300]
        self.assertTrue(block_title(page, block).startswith("UNITED NATIONS OBSERVER"))

    def test_the_title_ends_at_a_misread_introduction(self):
        lines = [*self.TITLE_PAGE]
        lines[5] = (640, "YntroAauction")
        lines.append((760, "1. The present report is submitted in accordance with it"))
        self.assertTrue(self.title(lines).endswith("Report of the Secretary-General"))


class JointSymbolTests(unittest.TestCase):
    TEXT = (
        "United Nations\nA/51/695\nS/1996/998\nGeneral Assembly\nSecurity Council\n"
        "Distr.: General\n28 November 1996\nOriginal: English\n\n"
        "The situation in Haiti\nReport of the Secretary-General\n\n"
        "1. The present report is submitted pursuant to resolution 1063 (1996).\n"
        "2. The Mission continued its work (see S/1996/813).\n"
    )

    def test_a_joint_symbol_on_two_lines_keeps_both(self):
        parsed = parse_text(self.TEXT, hints=DocumentHints(), source_name="x.txt")
        self.assertEqual(parsed.symbols, ["A/51/695", "S/1996/998"])

    def test_the_pdf_block_reads_both_symbols(self):
        self.assertEqual(_block_symbol(["A/51/695", "S/1996/998"]), "A/51/695-S/1996/998")
        self.assertEqual(_block_symbol(["S/1996/998", "S/1996/998"]), "S/1996/998")


class FidelityOfOcrTests(unittest.TestCase):
    def test_coverage_is_not_scored_on_a_document_read_by_ocr(self):
        from collections import Counter

        doc = ParsedDocument("S/1", ["S/1"], "en", blocks=[Block("paragraph", "his command", "1")])
        source = Counter({"hi": 50, "command": 50})
        self.assertFalse(check_document(doc, {}, source).facts["body coverage"])
        doc.ocr_confidence = [90.0]
        self.assertNotIn("body coverage", check_document(doc, {}, source).facts)


class PoorLayerMessageTests(SimpleTestCase):
    def test_the_warnings_are_shown_in_chinese(self):
        from django.utils import translation

        from ingest.messages import display

        with translation.override("zh-hans"):
            shown = display(
                "the PDF's text layer is a poor OCR of a scan (4.5% of its words misread); "
                "it could not be read again by OCR (OCR took longer than 1200 s)"
            )
            self.assertIn("低质量光学字符识别（4.5% 的词识别有误）", shown)
            self.assertIn("OCR took longer than 1200 s", shown)


class FooterStampTests(unittest.TestCase):
    def test_a_date_stamp_on_a_line_of_its_own_under_a_footer_is_furniture(self):
        from ingest.parsers.furniture import classify

        text = "1. The first paragraph.\n92-73938 (E)\n231192\n\f2. The second.\n231192\n"
        lines = [(line.kind, line.text) for line in classify(text).lines]
        # the stamp under the footer goes; a number alone in the body stays
        self.assertEqual(
            lines,
            [
                ("body", "1. The first paragraph."),
                ("break", ""),
                ("body", "2. The second."),
                ("body", "231192"),
            ],
        )
