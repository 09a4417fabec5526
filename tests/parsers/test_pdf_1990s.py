"""Small synthetic PDFs in the layouts of UN documents of the 1990s (typescript pages):
upper-case masthead, header block `S/1995/444 / English / Page 2`, the page-1 footer with
job number and date code, `/...` at the foot of each page, a mission line above
"Report of the Secretary-General", numbered sub-headings inside a section."""

import datetime as dt
import io
import unittest

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest.parsers import parse_text
from ingest.parsers.pdf import extract_pdf

WIDTH, HEIGHT = letter
LEFT = 72
STEP = 13
BODY = [
    # (indent, text)
    (0, "1.   The present report is submitted pursuant to Security Council resolution"),
    (0, "981 (1995) of 31 March 1995, by which the Council established the Mission for"),
    (0, "an initial period ending on 30 November 1995."),
    (0, "2.   The Mission has its headquarters at the capital and four regional offices"),
    (0, "in the country, which were opened during the period under review."),
    (20, "A.   Military component"),
    (0, "1.   Military observers"),
    (0, "3.   The military observers, numbering 120 on 25 May 1995, patrol the zone"),
    (0, "by day and by night. Their presence has helped to keep the situation calm and"),
    (0, "to prevent incidents between the parties, which have both cooperated with"),
]
BODY_2 = [
    (0, "the Mission at every level since its deployment."),
    (0, "2.   Logistics"),
    (0, "4.   The logistic support of the Mission is provided by a civilian contractor"),
    (0, "under a contract concluded in April 1995."),
    (20, "B.   Observations"),
    (0, "5.   I recommend that the Security Council extend the mandate of the Mission"),
    (0, "for a further period of six months."),
]


def centred(pdf, y, text, size=10):
    pdf.setFont("Courier", size)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - y, text)


def left(pdf, x, y, text, size=10, font="Courier"):
    pdf.setFont(font, size)
    pdf.drawString(x, HEIGHT - y, text)


def typescript_report(
    mission_line: bool = True, header=("S/1995/444", "English", "Page 2")
) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    # page 1: masthead, block on the right, title, body, footer
    left(pdf, LEFT, 50, "UNITED", 12, "Helvetica-Bold")
    left(pdf, LEFT, 62, "NATIONS", 12, "Helvetica-Bold")
    left(pdf, WIDTH - 100, 60, "S", 28, "Helvetica-Bold")
    left(pdf, LEFT + 80, 90, "Security Council", 14, "Helvetica-Bold")
    for i, text in enumerate(
        ["Distr.", "GENERAL", "", "S/1995/444", "31 May 1995", "", "ORIGINAL: ENGLISH"]
    ):
        if text:
            left(pdf, 380, 90 + i * 11, text)
    pdf.line(LEFT, HEIGHT - 180, WIDTH - LEFT, HEIGHT - 180)
    y = 200
    if mission_line:
        centred(pdf, y, "UNITED NATIONS OBSERVER MISSION IN EXAMPLE")
        y += STEP + 4
    centred(pdf, y, "REPORT OF THE SECRETARY-GENERAL ON THE SITUATION IN THE")
    centred(pdf, y + STEP, "EXAMPLE REGION")
    centred(pdf, y + 3 * STEP, "I.   INTRODUCTION")
    y += 5 * STEP
    for indent, text in BODY:
        left(pdf, LEFT + indent, y, text)
        y += STEP + (4 if text[:2] in ("2.", "1.") else 0)
    left(pdf, LEFT, HEIGHT - 60, "95-16038 (E)    310595")
    left(pdf, WIDTH - 110, HEIGHT - 60, "/...")
    pdf.showPage()
    # page 2: the three-line header block, then the body goes on
    for i, text in enumerate(header):
        left(pdf, LEFT, 50 + i * 11, text)
    y = 110
    for indent, text in BODY_2:
        left(pdf, LEFT + indent, y, text)
        y += STEP
    pdf.showPage()
    pdf.save()
    return out.getvalue()


class TypescriptReportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pdf = extract_pdf(typescript_report())
        cls.doc = parse_text(cls.pdf.text, hints=cls.pdf.hints)

    def test_it_reads_the_upper_case_masthead(self):
        hints = self.pdf.hints
        self.assertEqual(hints.symbol, "S/1995/444")
        self.assertEqual(hints.date, dt.date(1995, 5, 31))
        self.assertEqual(hints.original_language, "en")
        self.assertEqual(hints.distribution, "General")
        self.assertEqual(hints.job_number, "95-16038")
        self.assertEqual(hints.language, "en")

    def test_the_title_is_the_whole_title_block_with_the_mission_line(self):
        self.assertEqual(
            self.doc.title,
            "UNITED NATIONS OBSERVER MISSION IN EXAMPLE REPORT OF THE SECRETARY-GENERAL "
            "ON THE SITUATION IN THE EXAMPLE REGION",
        )
        self.assertNotIn("ORIGINAL", self.doc.title)

    def test_the_title_without_a_mission_line(self):
        pdf = extract_pdf(typescript_report(mission_line=False))
        doc = parse_text(pdf.text, hints=pdf.hints)
        self.assertEqual(
            doc.title, "REPORT OF THE SECRETARY-GENERAL ON THE SITUATION IN THE EXAMPLE REGION"
        )

    def test_numbered_sub_headings_do_not_restart_the_count(self):
        paragraphs = [b.number for b in self.doc.blocks if b.kind == "paragraph"]
        self.assertEqual(paragraphs, ["1", "2", "3", "4", "5"])
        headings = [(b.number, b.text) for b in self.doc.blocks if b.kind == "heading"]
        self.assertIn(("1", "Military observers"), headings)
        self.assertIn(("2", "Logistics"), headings)
        self.assertIn(("A", "Military component"), headings)
        self.assertEqual(self.doc.warnings, [])

    def test_the_page_furniture_is_not_body_text(self):
        for block in self.doc.blocks:
            for furniture in ("95-16038", "310595", "/...", "English", "Page 2", "S/1995/444"):
                self.assertNotIn(furniture, block.text, block.anchor)

    def test_a_header_block_whose_symbol_line_ocr_garbled_is_furniture_still(self):
        # the symbol line lost a letter (`$/1995/444`), or joined the language line;
        # the `Page 2` line of page 2 says the block is the header
        for header in [
            ("$/1995/444 Eng1ish", "English", "Page 2"),
            ("S/1995/444 English", "Page 2"),
        ]:
            with self.subTest(header=header):
                pdf = extract_pdf(typescript_report(header=header))
                doc = parse_text(pdf.text, hints=pdf.hints)
                for block in doc.blocks:
                    for furniture in ("English", "Page 2", "1995/444"):
                        self.assertNotIn(furniture, block.text, block.anchor)

    def test_the_continuation_mark_under_a_short_page_is_furniture(self):
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=letter)
        left(pdf, LEFT, 100, "4.   The Federal Republic of Yugoslavia (Serbia and")
        left(pdf, WIDTH - 110, 100 + STEP + 4, "/...")
        pdf.showPage()
        left(pdf, LEFT, 100, "Montenegro) is a party.")
        pdf.showPage()
        pdf.save()
        text = extract_pdf(out.getvalue()).text
        self.assertNotIn("/...", text)
        self.assertIn("(Serbia and", text)

    def test_the_continuation_mark_misread_on_the_last_line_of_ocr_text_goes(self):
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=letter)
        left(pdf, LEFT, 400, "3.   The paragraph before.")  # page 1: no symbol block
        pdf.showPage()
        left(pdf, LEFT, 100, "4.   The first line of the paragraph, read by OCR.")
        left(pdf, LEFT, 113, "Belgium has provided headquarters and communications      /sus")
        pdf.showPage()
        left(pdf, LEFT, 100, "personnel.")
        pdf.showPage()
        pdf.save()
        ocr_text = extract_pdf(out.getvalue(), repair=lambda text: text).text
        self.assertIn("and communications\f", ocr_text)
        self.assertNotIn("/sus", ocr_text)
        for alone in ["/sus", "/..", "/ ooo"]:  # the mark on a line of its own
            with self.subTest(alone=alone):
                page = io.BytesIO()
                pdf = canvas.Canvas(page, pagesize=letter)
                left(pdf, LEFT, 400, "3.   The paragraph before.")
                pdf.showPage()
                left(pdf, LEFT, 100, "Belgium has provided headquarters and communications")
                left(pdf, WIDTH - 110, 100 + 2 * STEP, alone)
                pdf.showPage()
                pdf.save()
                self.assertNotIn(alone, extract_pdf(page.getvalue(), repair=str).text)
        # a typeset text layer keeps what it prints
        self.assertIn("/sus", extract_pdf(out.getvalue()).text)

    def test_a_page_named_a_figure_is_read_as_one(self):
        from ingest.parsers.furniture import FIGURE_MARK

        pages = extract_pdf(typescript_report(), figures=frozenset({2})).text.split("\f")
        self.assertFalse(pages[0].lstrip().startswith(FIGURE_MARK))
        self.assertTrue(pages[1].lstrip().startswith(FIGURE_MARK))
        self.assertIn("Logistics", pages[1])  # its text is kept, as the figure's

    def test_a_page_line_of_another_number_is_body_text(self):
        pdf = extract_pdf(typescript_report(header=("Page 7",)))
        self.assertIn("Page 7", pdf.text)

    def test_a_paragraph_crossing_the_page_break_is_one_paragraph(self):
        third = next(b for b in self.doc.blocks if b.anchor == "p3")
        self.assertTrue(
            third.text.endswith("cooperated with the Mission at every level since its deployment.")
        )


class NumberingTests(unittest.TestCase):
    """The same rules on plain text, as the text parser receives it."""

    def parse(self, body: str):
        head = "S/2001/1\nDistr.: General\n1 May 2001\nOriginal: English\n\nReport of the Secretary-General on X\n\n"
        return parse_text(head + body)

    def test_a_break_in_the_sequence_is_a_warning(self):
        doc = self.parse(
            "1. The first paragraph ends here.\n2. The second paragraph ends here.\n"
            "5. The fifth paragraph ends here.\n"
        )
        self.assertEqual([b.number for b in doc.blocks if b.kind == "paragraph"], ["1", "2", "5"])
        self.assertTrue(any("paragraph 5 follows paragraph 2" in w for w in doc.warnings))

    def test_a_restart_at_one_in_the_body_is_a_warning(self):
        doc = self.parse(
            "1. The first paragraph ends here.\n2. The second paragraph ends here.\n"
            "1. Again a first paragraph, which ends here.\n"
        )
        self.assertTrue(any("paragraph 1 follows paragraph 2" in w for w in doc.warnings))

    def test_numbers_above_999(self):
        body = "".join(f"{n}. Paragraph number {n} ends here.\n" for n in range(998, 1003))
        doc = self.parse("".join(f"{n}. Paragraph {n} ends.\n" for n in range(1, 998)) + body)
        numbers = [b.number for b in doc.blocks if b.kind == "paragraph"]
        self.assertEqual(numbers[-4:], ["999", "1000", "1001", "1002"])
        self.assertEqual(len(numbers), 1002)


def number_beside_its_line(number: str) -> bytes:
    """Page 2 of a report whose paragraph number an OCR layer set apart: the number is a
    line of its own, within the height of its paragraph's first line but lower (another
    baseline), as tesseract places a number it read as a block of its own."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for i, text in enumerate(["S/1995/444", "English", "Page 2"]):
        left(pdf, LEFT, 50 + i * 11, text)
    left(pdf, LEFT, 110, "3.   The Mission has its headquarters at the capital and four offices.")
    left(pdf, LEFT + 30, 140, "The logistic support of the Mission is provided by a contractor", 12)
    left(pdf, LEFT, 141, number, 7)
    left(pdf, LEFT, 155, "under a contract concluded in April 1995.")
    left(pdf, LEFT, 180, "5.   I recommend that the Council extend the mandate of the Mission.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


class HangingNumberTests(unittest.TestCase):
    def test_a_number_set_apart_opens_the_line_beside_it(self):
        text = extract_pdf(number_beside_its_line("4.")).text
        self.assertIn(
            "4. The logistic support of the Mission is provided by a contractor\n"
            "under a contract concluded in April 1995.",
            text,
        )

    def test_a_misread_number_set_apart_is_found_by_the_sequence(self):
        # OCR read the 4 as `&`: between paragraphs 3 and 5 it can only be 4.
        from ingest.parsers.ocr_facts import repair_numbering

        pdf = extract_pdf(number_beside_its_line("&."))
        doc = parse_text(repair_numbering(pdf.text), hints=pdf.hints)
        paragraphs = {b.number: b.text for b in doc.blocks if b.kind == "paragraph"}
        self.assertEqual(list(paragraphs), ["3", "4", "5"])
        self.assertTrue(paragraphs["4"].startswith("The logistic support of the Mission"))
