"""Test helper: PDFs in the official UN layout, made with reportlab.

`layout_text` turns a corpus text extract into pages (its stray headers, footers and
page-1 block taken out of the flow); `make_pdf` draws them with the page furniture at
the page edges, as the real PDFs have it: symbol in the running header, job number and
page number in the footer, the symbol block and bar code on page 1. Indentation is drawn
as it was in the text extract (one half-em per leading space).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from functools import cache

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
WIDTH, HEIGHT = letter
LEFT = 72
SIZE = 10
STEP = 14
LINES_PER_PAGE = 40

SYMBOL_LINE = re.compile(r"^\s*[AS]/[\w./()\-]+\s*$")
FOOTER_LINE = re.compile(r"^\s*(?:\d{1,4}(?:/\d{1,4})?\s*)?(\d{2}-\d{5})\s*\(([A-Z])\)")
BARCODE_LINE = re.compile(r"^\s*\*\d+\*\s*$")
BLOCK_END = re.compile(r"^\s*Original\s*:")
RULE = "__________________"


def require_cjk_font(path: str | None = None) -> str:
    """The CJK font's path. Without it the test is skipped with the reason (apt-get
    install fonts-wqy-microhei), as browser tests are without Chromium; under CI
    (CI=true) it fails instead, so CI never passes by skipping."""
    path = path or os.environ.get("ARCHIVE_CJK_FONT", CJK_FONT_PATH)
    if os.path.exists(path):
        return path
    reason = f"the CJK font {path} is missing (apt-get install fonts-wqy-microhei)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@cache
def cjk_font() -> str:
    pdfmetrics.registerFont(TTFont("WQY", require_cjk_font(), subfontIndex=0))
    return "WQY"


@dataclass
class Layout:
    symbol: str
    job: str = "99-99999"
    letter: str = "C"
    block: list[str] = field(default_factory=list)
    pages: list[list[str]] = field(default_factory=list)


def layout_text(text: str, symbol: str, lines_per_page: int = LINES_PER_PAGE) -> Layout:
    """Split a text extract into page-1 block, furniture and body pages."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    layout = Layout(symbol=symbol)
    if any(line.strip().startswith("Distr.") for line in lines[:12]):
        end = next(i for i, line in enumerate(lines) if BLOCK_END.match(line))
        layout.block = [line.strip() for line in lines[: end + 1]]
        lines = lines[end + 1 :]
    body = []
    for line in lines:
        if match := FOOTER_LINE.match(line):
            layout.job, layout.letter = match.groups()
        elif not (SYMBOL_LINE.match(line) or BARCODE_LINE.match(line)):
            body.append(line)
    first = lines_per_page - 8 if layout.block else lines_per_page  # room for the block
    layout.pages = _paginate(body, first, lines_per_page)
    return layout


def _paginate(lines: list[str], first: int, per_page: int) -> list[list[str]]:
    """Pages of at most `per_page` lines (`first` on page 1). Footnotes end their page,
    as in the printed document, and a page never breaks inside them."""
    segments, current, in_notes = [], [], False
    for line in lines:
        if in_notes and re.match(r"\s+\D", line):
            segments.append(current)
            current, in_notes = [], False
        in_notes = in_notes or line.strip() == RULE
        current.append(line)
    segments.append(current)
    pages: list[list[str]] = []
    for segment in segments:
        while segment:
            room = first if not pages else per_page
            cut = min(room, len(segment))
            rule = segment.index(RULE) if RULE in [ln.strip() for ln in segment] else None
            if rule is not None and 0 < rule < cut < len(segment):
                cut = rule
            pages.append(segment[:cut])
            segment = segment[cut:]
    return pages


def make_pdf(
    layout: Layout,
    *,
    font: str | None = None,
    encrypt: str | None = None,
    rule_under_block: bool = True,
) -> bytes:
    font = font or cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, encrypt=encrypt)
    total = len(layout.pages)
    for number, lines in enumerate(layout.pages, start=1):
        top = 100
        if number == 1 and layout.block:
            top = _draw_block(pdf, layout, font, rule_under_block)
        elif number > 1:
            _draw_header(pdf, layout.symbol, number)
        pdf.setFont(font, SIZE)
        for i, line in enumerate(lines):
            indent = len(line) - len(line.lstrip(" "))
            pdf.drawString(LEFT + indent * SIZE / 2, HEIGHT - top - i * STEP, line.lstrip(" "))
        _draw_footer(pdf, layout, number, total)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_header(pdf, symbol: str, number: int) -> None:
    pdf.setFont("Helvetica-Bold", 9)
    if number % 2:
        pdf.drawRightString(WIDTH - 60, HEIGHT - 66, symbol)
    else:
        pdf.drawString(60, HEIGHT - 66, symbol)
    pdf.setLineWidth(0.25)
    pdf.line(60, HEIGHT - 72, WIDTH - 60, HEIGHT - 72)


def _draw_footer(pdf, layout: Layout, number: int, total: int) -> None:
    job = f"{layout.job} ({layout.letter})"
    pdf.setFont("Helvetica", 8)
    if number == 1:
        pdf.drawString(60, HEIGHT - 722, f"{job}    010117    020117")
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, HEIGHT - 734, "*" + layout.job.replace("-", "") + "*")
    elif number % 2:
        pdf.drawString(60, HEIGHT - 728, job)
        pdf.drawRightString(WIDTH - 60, HEIGHT - 728, f"{number}/{total}")
    else:
        pdf.drawString(60, HEIGHT - 728, f"{number}/{total}")
        pdf.drawRightString(WIDTH - 60, HEIGHT - 728, job)


def _draw_block(pdf, layout: Layout, font: str, rule: bool) -> float:
    """Page 1's symbol block, with the large first letter of the symbol drawn apart.
    Returns where the body starts (points from the top)."""
    first, *rest = layout.block
    organ_name = first.replace(layout.symbol, "").strip()
    pdf.setFont(font, 14)
    pdf.drawString(120, HEIGHT - 68, organ_name)
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(WIDTH - 120, HEIGHT - 68, layout.symbol[0])
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(WIDTH - 106, HEIGHT - 68, layout.symbol[1:])
    y = 96
    for line in rest:
        pdf.setFont(font, 10)
        x = 120 if not re.match(r"[A-Za-z0-9]", line) else 400
        pdf.drawString(x, HEIGHT - y, line)
        y += 12
    if rule:
        pdf.setLineWidth(1.5)
        pdf.line(60, HEIGHT - y - 10, WIDTH - 60, HEIGHT - y - 10)
    return y + 30


def simple_layout(symbol: str, paragraphs: list[str], **kwargs) -> Layout:
    """An English document: page-1 block and numbered paragraphs, one line each."""
    block = [
        f"United Nations {symbol}",
        "Security Council",
        "Distr.: General",
        kwargs.pop("date", "8 March 2013"),
        "Original: English",
    ]
    lines = [f"{i}. {text}" for i, text in enumerate(paragraphs, start=1)]
    per_page = kwargs.pop("lines_per_page", LINES_PER_PAGE)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return Layout(symbol=symbol, job="13-12345", letter="E", block=block, pages=pages, **kwargs)


def draw_text(pdf, x: float, y: float, value: str, size: float = SIZE) -> None:
    """`value` in Times, `x` points from the left edge and `y` from the top."""
    pdf.setFont("Times-Roman", size)
    pdf.drawString(x, HEIGHT - y, value)


def draw_page_one(pdf, symbol: str, date: str, lines: list[str], job: str) -> None:
    """Page 1 of a report of the 2000s: the symbol block, its rule, the title, then
    `lines` of body and the job number in the footer; the page is finished."""
    draw_text(pdf, WIDTH - 150, 60, symbol, 14)
    draw_text(pdf, WIDTH - 150, 80, "Distr.: General")
    draw_text(pdf, WIDTH - 150, 92, date)
    draw_text(pdf, WIDTH - 150, 110, "Original: English")
    pdf.line(LEFT, HEIGHT - 120, WIDTH - LEFT, HEIGHT - 120)
    draw_text(pdf, LEFT, 150, "Report of the Secretary-General on the Example Mission", 14)
    for number, line in enumerate(lines):
        draw_text(pdf, LEFT, 190 + number * STEP, line)
    draw_text(pdf, LEFT, HEIGHT - 40, job, 8)
    pdf.showPage()
