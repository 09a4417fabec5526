"""The PDF reader: page furniture cropped and read as metadata, body text kept whole,
and a readable ParseError (never another exception) for anything else."""

import datetime as dt
import io
import re
import unittest
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from ingest.parsers.pdf import FOOTNOTE_RULE, extract_pdf, read_pdf
from ingest.parsers.types import NoTextLayer, ParseError
from tests.pdfgen import layout_text, make_pdf, simple_layout

PDF_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "pdf"
CORPUS = PDF_DIR.parent


def corpus_pdf(name):
    return (PDF_DIR / name).read_bytes()


class EnglishPdfTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mission = read_pdf(corpus_pdf("S_2012_534.en.pdf"))
        cls.sg_report = read_pdf(corpus_pdf("S_2013_139.en.pdf"))

    def test_it_reassembles_the_symbol_when_the_large_s_is_a_line_of_its_own(self):
        # S/2012/534: "United Nations S" / "/2012/534"; S/2013/139: "S" / "United Nations /2013/139*"
        self.assertEqual(self.mission[1].symbol, "S/2012/534")
        self.assertEqual(self.sg_report[1].symbol, "S/2013/139")

    def test_it_reads_the_page_one_block(self):
        hints = self.mission[1]
        self.assertEqual(hints.date, dt.date(2012, 7, 11))
        self.assertEqual(hints.distribution, "General")
        self.assertEqual(hints.original_language, "en")
        self.assertEqual(hints.language, "en")
        self.assertEqual(self.sg_report[1].date, dt.date(2013, 3, 8))

    def test_it_reads_the_job_number_with_its_language_letter(self):
        self.assertEqual(self.mission[1].job_number, "12-41644")
        self.assertEqual(self.sg_report[1].job_number, "13-24582")  # reissue asterisk dropped

    def test_it_counts_pages_and_joins_them_with_form_feeds(self):
        text, hints = self.mission
        self.assertEqual(hints.page_count, 14)
        self.assertEqual(len(text.split("\f")), 14)
        self.assertEqual(self.sg_report[1].page_count, 21)

    def test_it_keeps_the_title_and_drops_the_symbol_block_from_page_one(self):
        first = self.mission[0].split("\f")[0].splitlines()
        self.assertEqual(first[0], "Report of the Security Council Mission to Haiti,")
        self.assertEqual(first[1], "13-16 February 2012")
        self.assertEqual(first[2], "I. Introduction")
        page_one = self.mission[0].split("\f")[0]
        self.assertNotIn("United Nations S", page_one)
        for furniture in ("/2012/534", "Distr.", "Original:", "12-41644", "*1241644*"):
            self.assertNotIn(furniture, page_one)

    def test_it_crops_running_headers_and_footers(self):
        pages = self.mission[0].split("\f")
        self.assertTrue(pages[1].lstrip().startswith("2. The primary purpose of the mission"))
        self.assertTrue(pages[1].rstrip().endswith("took place without incident."))
        for page in pages[1:]:
            self.assertNotIn("S/2012/534", page.splitlines()[0])
            self.assertNotIn("12-41644", page)

    def test_it_keeps_numbered_paragraphs_in_order(self):
        lines = [line.strip() for line in self.mission[0].splitlines()]
        numbers = [int(m.group(1)) for line in lines if (m := re.match(r"(\d+)\. [A-Z]", line))]
        self.assertEqual(numbers, list(range(1, 42)))
        self.assertIn(
            "41. The Council commends the efforts of the leadership of MINUSTAH for the", lines
        )

    def test_it_marks_footnotes_with_the_rule_line(self):
        page_one = self.sg_report[0].split("\f")[0].splitlines()
        rule = page_one.index(FOOTNOTE_RULE)
        self.assertEqual(
            page_one[rule + 1].strip(), "* Reissued for technical reasons on 13 March 2013."
        )
        self.assertIn("(S/2012/678)", self.sg_report[0])


class GeneratedPdfTests(unittest.TestCase):
    def test_it_gives_the_lines_of_a_chinese_text_extract(self):
        text = (CORPUS / "S_2011_817.zh.txt").read_text(encoding="utf-8")
        layout = layout_text(text, "S/2011/817")
        result = extract_pdf(make_pdf(layout))
        got = [line for page in result.text.split("\f") for line in page.splitlines()]
        self.assertEqual(got, [line for page in layout.pages for line in page])
        self.assertEqual(result.hints.symbol, "S/2011/817")  # from the running header
        self.assertEqual(result.hints.job_number, "12-20064")
        self.assertEqual(result.hints.language, "zh")
        self.assertEqual(result.warnings, [])

    def test_it_reads_a_chinese_page_one_block(self):
        text = (CORPUS / "S_2017_130.zh.txt").read_text(encoding="utf-8")
        hints = extract_pdf(make_pdf(layout_text(text, "S/2017/130"))).hints
        self.assertEqual(hints.symbol, "S/2017/130")
        self.assertEqual(hints.date, dt.date(2017, 2, 14))
        self.assertEqual((hints.language, hints.original_language), ("zh", "en"))
        self.assertEqual(hints.distribution, "General")

    def test_it_reads_a_symbol_block_without_its_rule(self):
        layout = simple_layout(
            "S/2020/7", ["First paragraph.", "Second paragraph."], date="2 January 2020"
        )
        text, hints = read_pdf(make_pdf(layout, font="Helvetica", rule_under_block=False))
        self.assertEqual((hints.symbol, hints.date), ("S/2020/7", dt.date(2020, 1, 2)))
        self.assertEqual(text.splitlines(), ["1. First paragraph.", "2. Second paragraph."])

    def test_it_renders_ruled_tables_as_cell_rows(self):
        out = io.BytesIO()
        pdf = canvas.Canvas(out)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 700, "Annex")
        rows = [("Date", "Briefer"), ("28 April 2016", "Hervé Ladsous")]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                pdf.drawString(80 + c * 200, 660 - r * 20, cell)
        for y in (675, 655, 635):
            pdf.line(72, y, 472, y)
        for x in (72, 272, 472):
            pdf.line(x, 635, x, 675)
        pdf.showPage()
        pdf.save()
        text, _ = read_pdf(out.getvalue())
        self.assertEqual(
            text.splitlines(), ["Annex", "Date | Briefer", "28 April 2016 | Hervé Ladsous"]
        )


def blank_pdf(draw=None, pages=1, encrypt=None):
    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    for _ in range(pages):
        if draw:
            draw(pdf)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def some_text(pdf):
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 700, "1. Some text.")


class BadPdfTests(unittest.TestCase):
    def assertRefused(self, data, message, **kwargs):
        with self.assertRaises(ParseError) as caught:
            read_pdf(data, **kwargs)
        self.assertIn(message, str(caught.exception))

    def test_it_refuses_an_encrypted_pdf(self):
        self.assertRefused(blank_pdf(some_text, encrypt="secret"), "encrypted")

    def test_it_refuses_a_truncated_pdf(self):
        data = corpus_pdf("S_2012_534.en.pdf")
        self.assertRefused(data[: len(data) // 3], "the PDF")

    def test_it_refuses_a_corrupted_pdf(self):
        self.assertRefused(b"%PDF-1.4\n" + bytes(range(256)) * 20, "the PDF")

    def test_it_refuses_a_page_with_a_broken_media_box(self):
        data = re.sub(
            rb"/MediaBox \[ 0 0 ([0-9.]+)", rb"/MediaBox [ 0 0 /Oops", blank_pdf(some_text)
        )
        self.assertRefused(data, "the PDF is damaged")

    def test_it_refuses_a_scan_without_a_text_layer(self):
        def shapes(pdf):
            pdf.rect(72, 72, 400, 600, fill=1)
            pdf.circle(300, 400, 50)

        self.assertRefused(blank_pdf(shapes), "no text layer")
        # ...as NoTextLayer, which the reader hands to OCR (tests/ocr).
        with self.assertRaises(NoTextLayer) as caught:
            read_pdf(blank_pdf(shapes))
        self.assertEqual(caught.exception.page_count, 1)

    def test_it_refuses_too_many_pages(self):
        self.assertRefused(
            blank_pdf(some_text, pages=3), "the PDF has 3 pages; the limit is 2", max_pages=2
        )

    def test_it_refuses_what_is_not_a_pdf(self):
        self.assertRefused(b"just text", "not a PDF")
        self.assertRefused(b"", "empty file")

    def test_it_warns_about_a_page_with_little_text(self):
        def scanned(pdf):
            some_text(pdf)
            pdf.drawInlineImage(_tiny_image(), 72, 72, 400, 500)

        result = extract_pdf(blank_pdf(scanned, pages=2))
        self.assertEqual(len(result.warnings), 2)
        self.assertTrue(result.warnings[0].startswith("page 1: low text yield (11 characters)"))


def _tiny_image():
    from PIL import Image

    return Image.new("RGB", (4, 4), "gray")


SAMPLE = corpus_pdf("S_2013_139.en.pdf")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(SAMPLE)),
    position=st.integers(min_value=0, max_value=len(SAMPLE) - 1),
    junk=st.binary(min_size=1, max_size=64),
)
def test_it_raises_only_parse_errors_for_damaged_pdfs(cut, position, junk):
    data = (SAMPLE[:position] + junk + SAMPLE[position + len(junk) :])[: max(cut, 8)]
    try:
        text, hints = read_pdf(data, max_pages=50)
    except ParseError:
        return
    assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_it_raises_only_parse_errors_for_random_bytes(data):
    try:
        read_pdf(b"%PDF-1.7\n" + data)
    except ParseError:
        pass
