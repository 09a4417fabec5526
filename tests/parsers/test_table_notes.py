"""Notes under a table: UN documents print them under the table, with a raised letter
(`ᵃ Including the Chief Military Observer.`) and often without a footnote rule. The rule
under the table itself is drawn in pieces and is not the footnote rule."""

import io
import unittest

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest.parsers import parse_text
from ingest.readers import read_document
from tests.pdfgen import HEIGHT, LEFT, WIDTH, draw_page_one
from tests.pdfgen import draw_text as text

HEAD = "S/2009/1\nDistr.: General\n1 May 2009\nOriginal: English\n\nReport of the Secretary-General on X\n\n"
HEADER = "Country Women Men Total"
ROWS = [
    ("Bangladesh", "1", "9a", "10"),
    ("Germany", "2", "9", "11"),
    ("Nepal", "1", "3", "4"),
    ("Total", "4", "21", "25"),
]


def page_one(pdf):
    lines = [
        "1. The Mission has 129 military observers from 24 countries, as listed in the",
        "annex to the present report, and 16 police officers.",
        "2. I recommend that the Security Council extend the mandate of the Mission.",
    ]
    draw_page_one(pdf, "S/2009/1", "1 May 2009", lines, "09-33374 (E)")


def table_annex(pdf, note_raised: bool = True, note: str = "Includes the Chief Military Observer."):
    text(pdf, WIDTH - 150, 40, "S/2009/1")
    text(pdf, LEFT, 80, "Annex", 14)
    text(pdf, LEFT + 50, 110, "Countries providing military observers (as at 30 April 2009)", 12)
    for x, label in zip(
        (LEFT + 50, LEFT + 200, LEFT + 250, LEFT + 300), HEADER.split(), strict=True
    ):
        text(pdf, x, 140, label)
    y = 165
    for row in ROWS:
        for x, cell in zip((LEFT + 50, LEFT + 200, LEFT + 250, LEFT + 300), row, strict=True):
            text(pdf, x, y, cell)
        y += 15
    # the rule under the table, drawn in pieces (one per column), each shorter than a
    # footnote rule is allowed to be
    y_rule = HEIGHT - (y - 8)
    for x0, x1 in ((LEFT + 50, LEFT + 160), (LEFT + 160, LEFT + 270), (LEFT + 270, LEFT + 330)):
        pdf.line(x0, y_rule, x1, y_rule)
    y += 12
    if note_raised:
        pdf.setFont("Times-Roman", 6)
        pdf.drawString(LEFT + 55, HEIGHT - y + 4, "a")
        text(pdf, LEFT + 63, y, note, 9)
    else:
        text(pdf, LEFT + 55, y, "a number of observers serve at headquarters.", 9)
    text(pdf, LEFT, HEIGHT - 40, "09-33374 2", 8)
    pdf.showPage()


def report(**options) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    page_one(pdf)
    table_annex(pdf, **options)
    pdf.save()
    return out.getvalue()


def notes(doc):
    return [(b.number, b.text) for b in doc.blocks if b.kind == "footnote"]


class TableNotePdfTests(unittest.TestCase):
    def test_a_raised_letter_under_a_table_is_a_note_without_a_rule(self):
        doc = read_document(report(), "x.pdf")
        self.assertEqual(notes(doc), [("a", "Includes the Chief Military Observer.")])
        tables = [b.text for b in doc.blocks if b.kind == "table"]
        self.assertTrue(any("Bangladesh" in t for t in tables))
        self.assertFalse(any("Chief Military Observer" in t for t in tables))

    def test_a_raised_letter_before_specks_is_not_a_note(self):
        # an OCR layer's reading of a map: a raised `i`, then single letters
        doc = read_document(report(note="P o o u s . ."), "x.pdf")
        self.assertEqual(notes(doc), [])

    def test_a_line_starting_with_a_plain_a_is_not_a_note(self):
        doc = read_document(report(note_raised=False), "x.pdf")
        self.assertEqual(notes(doc), [])
        kept = " ".join(b.text for b in doc.blocks)
        self.assertIn("a number of observers serve at headquarters.", kept)

    def test_a_line_drawn_in_pieces_in_the_body_is_not_a_footnote_rule(self):
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=letter)
        page_one(pdf)
        text(pdf, WIDTH - 150, 40, "S/2009/1")
        y = 420
        for line in [
            "3. The Mission's military observers patrol the zone by day and by night with",
        ]:
            text(pdf, LEFT, y, line)
            y += 14
        # an underline drawn in two pieces under the line, low on the page
        for x0, x1 in ((LEFT, LEFT + 150), (LEFT + 150, LEFT + 300)):
            pdf.line(x0, HEIGHT - y + 10, x1, HEIGHT - y + 10)
        text(pdf, LEFT, y, "12 teams, which have both cooperated with the Mission at every level.")
        text(pdf, LEFT, HEIGHT - 40, "09-33374 2", 8)
        pdf.showPage()
        pdf.save()
        doc = read_document(out.getvalue(), "x.pdf")
        self.assertEqual(notes(doc), [])
        third = next(b for b in doc.blocks if b.number == "3")
        self.assertIn("with 12 teams, which have both cooperated", third.text)


class TableNoteTextTests(unittest.TestCase):
    def test_notes_after_the_rule_under_a_table_end_the_table(self):
        doc = parse_text(
            HEAD
            + "1. The Mission has 129 military observers.\n"
            + "\nAnnex\n\nCountries providing military observers\n\n"
            + "Country Female Male Total\n"
            + "Bangladesh 0 10a 10\n"
            + "Germany 1 10 11\n"
            + "__________________\n"
            + "a Includes the Chief Military Observer.\n"
        )
        self.assertEqual(notes(doc), [("a", "Includes the Chief Military Observer.")])
        table = next(b for b in doc.blocks if b.kind == "table")
        self.assertIn("Germany 1 10 11", table.text)
        self.assertNotIn("Chief Military Observer", table.text)
