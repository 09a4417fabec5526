"""A page set in two columns (reports around 2000-2001) is read column by column: the
left column down, then the right one; the title above them spans both."""

import io
import unittest

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest.readers import read_document

WIDTH, HEIGHT = letter
LEFT, RIGHT = 60, 312
LEFT_COLUMN = [
    "1. The present report is submitted pursuant to",
    "Security Council resolution 1285 (2000) of 13 January",
    "2000, by which the Council extended the mandate.",
    "2. The mission currently consists of 27 United",
    "Nations military observers (see annex) headed by a",
    "Chief Military Observer.",
    "3. Since the submission of my last report, on 31",
    "December 1999, the situation in the area has",
]
RIGHT_COLUMN = [
    "remained stable and calm. The Mission continues to",
    "maintain its presence at the team site.",
    "4. Both parties continue to respect the demilitarized",
    "zone, which remains free of formed military units and",
    "heavy weapons. Police forces of the parties maintain",
    "control of the zone on either side.",
    "5. I recommend that the Council extend the mandate",
    "of the Mission for a further period of six months.",
]


def two_column_report() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)

    def text(x, y, value, size=10):
        pdf.setFont("Times-Roman", size)
        pdf.drawString(x, HEIGHT - y, value)

    text(WIDTH - 150, 60, "S/2000/1", 14)
    text(WIDTH - 150, 80, "Distr.: General")
    text(WIDTH - 150, 92, "14 April 2000")
    text(WIDTH - 150, 110, "Original: English")
    pdf.line(LEFT, HEIGHT - 120, WIDTH - LEFT, HEIGHT - 120)
    text(120, 150, "Report of the Secretary-General on the United Nations Mission", 14)
    for i, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN, strict=True)):
        text(LEFT, 200 + i * 12, left)
        text(RIGHT, 200 + i * 12, right)
    text(LEFT, HEIGHT - 40, "00-38671 (E)", 8)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


class TwoColumnTests(unittest.TestCase):
    def test_the_columns_are_read_one_after_the_other(self):
        doc = read_document(two_column_report(), "x.pdf")
        paragraphs = {b.number: b.text for b in doc.blocks if b.kind == "paragraph"}
        self.assertEqual(list(paragraphs), ["1", "2", "3", "4", "5"])
        self.assertIn("the situation in the area has remained stable and calm.", paragraphs["3"])
        self.assertEqual(doc.title, "Report of the Secretary-General on the United Nations Mission")
