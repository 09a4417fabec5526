"""Maps and turned pages: a map printed across a portrait page (its labels run up the
page, drawn over many curves) is one figure block, its words in the right order, outside
the paragraph count; a turned page's running header is furniture wherever it sits."""

import io
import unittest

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest.parsers.furniture import FIGURE, FIGURE_MARK, classify
from ingest.parsers.pdf import _split_page
from ingest.readers import read_document
from tests.pdfgen import HEIGHT, LEFT, WIDTH, draw_page_one
from tests.pdfgen import draw_text as text

LABELS = ["Limonade", "Cap-Haitien", "Gonaives", "Port-de-Paix", "Hinche", "Jacmel"]
LABELS += ["Les Cayes", "Jeremie", "Saint-Marc", "Mirebalais", "Fort-Liberte", "Ouanaminthe"]


def body_page(pdf, lines, page):
    text(pdf, WIDTH - 150, 40, "S/2007/1")
    y = 100
    for line in lines:
        text(pdf, LEFT, y, line)
        y += 14
    text(pdf, LEFT, HEIGHT - 40, f"07-46377 {page}", 8)
    pdf.showPage()


def map_page(pdf, page, turned_header: bool = False):
    if turned_header:
        # the running header printed along the side of a turned page, on one line
        pdf.saveState()
        pdf.translate(40, 300)
        pdf.rotate(90)
        pdf.setFont("Times-Roman", 10)
        pdf.drawString(0, 0, f"S/2007/1 English Page {page}")
        pdf.restoreState()
    else:
        text(pdf, WIDTH - 150, 40, "S/2007/1")
    # coasts and roads: many curves
    for i in range(120):
        x, y = 100 + (i * 37) % 400, 120 + (i * 53) % 500
        pdf.bezier(x, y, x + 10, y + 20, x + 20, y - 10, x + 30, y + 5)
    # labels turned a quarter to the left: they run up the page
    for i, label in enumerate(LABELS):
        pdf.saveState()
        pdf.translate(120 + (i % 4) * 110, 150 + (i // 4) * 180)
        pdf.rotate(90)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(0, 0, label)
        pdf.restoreState()
    text(pdf, LEFT, HEIGHT - 40, f"07-46377 {page}", 8)
    pdf.showPage()


FIRST = [
    "1. The Mission is deployed in all ten departments of the country, as the map",
    "printed after this paragraph shows.",
]


def report(
    first=FIRST,
    after=("2. I recommend that the Council extend the mandate of the Mission.",),
    **options,
) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    draw_page_one(pdf, "S/2007/1", "22 August 2007", list(first), "07-46377 (E)")
    map_page(pdf, 2, **options)
    body_page(pdf, list(after), 3)
    pdf.save()
    return out.getvalue()


class MapPageTests(unittest.TestCase):
    def test_a_map_page_is_one_figure_with_its_labels_in_the_right_order(self):
        doc = read_document(report(), "x.pdf")
        figures = [b for b in doc.blocks if b.kind == "figure"]
        self.assertEqual(len(figures), 1)
        self.assertEqual(figures[0].anchor, "fig1")
        for label in LABELS:
            self.assertIn(label, figures[0].text)
        self.assertNotIn("edanomiL", " ".join(b.text for b in doc.blocks))
        # the labels are not headings, and the count of paragraphs goes on after the map
        self.assertFalse(any(b.kind == "heading" and "Limonade" in b.text for b in doc.blocks))
        numbers = [b.number for b in doc.blocks if b.kind == "paragraph"]
        self.assertEqual(numbers, ["1", "2"])
        self.assertEqual(doc.blocks[-1].text[:34], "I recommend that the Council exten")

    def test_a_paragraph_broken_off_by_a_map_page_is_one_paragraph_before_the_map(self):
        first = ["1. The Mission is deployed in all ten departments of the country, and its"]
        after = [
            "patrols reach the border every week, as the map before this page shows.",
            "2. I recommend that the Council extend the mandate of the Mission.",
        ]
        doc = read_document(report(first, after), "x.pdf")
        kinds = [
            (b.kind, b.number) for b in doc.blocks if b.kind in ("paragraph", "figure", "text")
        ]
        self.assertEqual(kinds, [("paragraph", "1"), ("figure", ""), ("paragraph", "2")])
        one = doc.blocks[[b.number for b in doc.blocks].index("1")]
        self.assertTrue(
            one.text.endswith(
                "and its patrols reach the border every week, as the map before this page shows."
            ),
            one.text,
        )
        figure = next(b for b in doc.blocks if b.kind == "figure")
        self.assertEqual((figure.anchor, figure.page), ("fig1", 2))
        self.assertIn("Limonade", figure.text)


class FakePage:
    """What `_split_page` reads of a page: its text lines, and no drawings."""

    width, height = WIDTH, HEIGHT
    chars = curves = lines = rects = images = []

    def __init__(self, lines):
        self._lines = lines

    def extract_text_lines(self, **options):
        return self._lines


def line(text, top, x0=LEFT):
    return {"text": text, "top": top, "bottom": top + 10, "x0": x0, "x1": x0 + 300}


class TurnedPageTests(unittest.TestCase):
    def test_the_running_header_on_one_line_is_furniture_wherever_it_sits(self):
        # a landscape annex: the header `S/2000/53 / English / Page 18` runs along the
        # side of the page and is read as one line, below the top band
        page = FakePage(
            [
                line("Annex", 300),
                line("S/2000/53 English Page 18", 320, x0=40),
                line("Organizational structure of the Mission", 340),
            ]
        )
        body, headers, _ = _split_page(page, None)
        self.assertEqual(headers, ["S/2000/53 English Page 18"])
        self.assertEqual(
            [text.strip() for text in body], ["Annex", "Organizational structure of the Mission"]
        )


class FigureLineTests(unittest.TestCase):
    def test_a_marked_line_is_a_figure_line(self):
        lines = classify(f"1. Text.\n{FIGURE_MARK}Limonade Jacmel\n2. More text.\n").lines
        self.assertEqual([line.kind for line in lines], ["body", FIGURE, "body"])
        self.assertEqual(lines[1].text, "Limonade Jacmel")
