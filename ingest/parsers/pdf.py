"""PDF reader: body text and page furniture of an official UN PDF, by position.

pdfplumber gives the text lines of each page with their positions. Running headers
(the symbol) and footers (job number, page number, bar code) sit in bands at the top and
bottom of each page; they are cropped and read as metadata. The symbol block of page 1
(`United Nations` / `S/2016/225`, `Distr.: General`, the date, `Original: English`) is
reassembled and read the same way. What remains, page by page, is body text for the
same text parser as plain-text files: one pipeline, two readers.

Any bytes give either text or a `ParseError` whose message a person can act on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import re
import struct
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSEOF, PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .furniture import FIGURE_MARK, LANGUAGE_NAMES
from .symbols import normalize_symbol
from .types import DocumentHints, NoTextLayer, ParseError

# How far from the page edge running headers and footers may sit (fraction of height).
EDGE_ZONE = 0.12
# Page 1's symbol block lies in this top part of the page.
BLOCK_ZONE = 0.35
# A page with fewer visible characters than this (and an image) is reported.
LOW_YIELD_CHARS = 200
FOOTNOTE_RULE = "__________________"
# A page drawn with at least this many curves may be a figure (a map: coasts, rivers,
# borders); the emblem of page 1 has a few dozen.
FIGURE_CURVES = 100

JOB_LETTERS = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(),
        start=1,
    )
}

_SYMBOL = r"[A-Z]{1,2}/[A-Za-z0-9.()/\-]*[A-Za-z0-9)]\*?"
_PAGE = r"\d{1,4}(?:\s*/\s*\d{1,4})?"
_JOB = r"\d{2}-\d{5}\*?(?:\s*\([A-Z]\))?"
HEADER_LINE = re.compile(rf"^(?:{_PAGE}\s+)?{_SYMBOL}(?:\s+{_PAGE})?$")
# "2 12-41644", "12-41644 3", "3/5 15-22990 (C)", "12-20064 (C)2", "17-02287 (C) 270217 280217"
FOOTER_LINE = re.compile(
    rf"^(?:{_PAGE}\s*)?{_JOB}\s*(?:{_PAGE})?(?:\s+\d{{6}})*(?:\s+/\s?\.\s?\.\s?\.)?$"
)
BARCODE_LINE = re.compile(r"^\*\d{6,}\*$")
JOB_NUMBER = re.compile(r"(\d{2}-\d{5})\*?(?:\s*\(([A-Z])\))?")
FULL_SYMBOL = re.compile(rf"^{_SYMBOL}$")
SYMBOL_TAIL = re.compile(r"^/[A-Za-z0-9.()/\-]*[A-Za-z0-9)]\*?$")
EN_DATE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")
ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# `Original: English`, and the 1990s upper-case `ORIGINAL: ENGLISH` (also `ORIGINAL: ENGLISH/
# SPANISH` wrapped: the first language is read).
ORIGINAL = re.compile(r"^(?:Original|ORIGINAL|原文)\s*[:：]\s*([A-Za-z]+|\S+)")
DISTRIBUTION = re.compile(r"Distr\.\s*:\s*(\w+)")
# 1990s blocks print `Distr.` and `GENERAL` (or `LIMITED`, `RESTRICTED`) on two lines.
DISTRIBUTION_WORD = re.compile(r"^(?:Distr\.?|GENERAL|LIMITED|RESTRICTED)$")
# The 1990s running header is a block of three lines at the top: symbol, language, page.
HEADER_LANGUAGE = re.compile(r"^(?:English|French|Spanish|Russian|Arabic|Chinese)$")
HEADER_PAGE = re.compile(r"^Page\s+(\d{1,4})$")
# The symbol and the language on one line (the page number below them).
HEADER_SYMBOL_LANGUAGE = re.compile(
    rf"^{_SYMBOL}\s+(?:English|French|Spanish|Russian|Arabic|Chinese)$"
)
# The same block read as one line, where a page is turned (a landscape annex: the header
# runs along the side of the page, so it is not in the top band).
HEADER_BLOCK = re.compile(
    rf"^{_SYMBOL}\s+(?:English|French|Spanish|Russian|Arabic|Chinese)\s+Page(?:\s+\d{{1,4}})?$"
)
# A paragraph or item number alone on a line: `4.`, `12.`, `(a)`, `&.` (OCR's 4).
HANGING_NUMBER = re.compile(r"^(?:\S{1,3}\.|\(\w{1,4}\))$")
# The lines above a hanging number that may be its line (a few are on one band at most).
HANGING_NEIGHBOURS = 8
# The continuation mark at the foot of every page but the last (`/...`).
CONTINUED = re.compile(r"/\s?\.\s?\.\s?\.$")
# The same mark as OCR may read it (`/sus`, `/..`, `/ooo`), at the end of a page's last
# line when it is printed on that line's baseline.
CONTINUED_READ = re.compile(r"(?:^|\s+)/\s?[.,:;·•°suaoe]{2,4}$")
CID = re.compile(r"\(cid:\d+\)")


@dataclass
class PdfText:
    """What `extract_pdf` found: body text (pages joined by form feeds), hints, warnings."""

    text: str
    hints: DocumentHints
    warnings: list[str] = field(default_factory=list)


def read_pdf(data: bytes, *, max_pages: int | None = None) -> tuple[str, DocumentHints]:
    """Body text of each page joined by `\\f`, and the metadata read from the furniture."""
    result = extract_pdf(data, max_pages=max_pages)
    return result.text, result.hints


def extract_pdf(
    data: bytes,
    *,
    max_pages: int | None = None,
    repair: Callable[[str], str] | None = None,
    figures: frozenset[int] = frozenset(),
) -> PdfText:
    """`read_pdf` with the per-page warnings (low text yield) as well. `repair` rewrites
    each line and word before it is read (an OCR layer's misread symbols); the pages
    numbered in `figures` are read as figures (OCR found a map's labels on them)."""
    if not data:
        raise ParseError("empty file")
    if b"%PDF-" not in data[:1024]:
        raise ParseError("not a PDF file")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return _read(pdf, max_pages, repair, figures)
    except ParseError:
        raise
    except PdfminerException as exc:
        raise _pdfminer_error(exc.args[0] if exc.args else exc) from exc
    except (PDFException, PSException, MalformedPDFException) as exc:
        raise _pdfminer_error(exc) from exc
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        ArithmeticError,
        RecursionError,
        NotImplementedError,
        EOFError,
        struct.error,
        zlib.error,
    ) as exc:
        # pdfminer reports damage in many shapes; for a person it is all "damaged".
        raise ParseError(f"the PDF is damaged and cannot be read ({type(exc).__name__})") from exc


def _pdfminer_error(exc) -> ParseError:
    if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ParseError("the PDF is encrypted (password protected); upload an unprotected copy")
    if isinstance(exc, PSEOF):
        return ParseError("the PDF is truncated (it ends too early)")
    detail = str(exc).strip() or type(exc).__name__
    return ParseError(f"the PDF is damaged and cannot be read ({detail[:120]})")


def _read(pdf, max_pages: int | None, repair=None, figures=frozenset()) -> PdfText:
    pages = pdf.pages
    if not pages:
        raise ParseError("the PDF has no readable pages (is it truncated or damaged?)")
    if max_pages is not None and len(pages) > max_pages:
        raise ParseError(f"the PDF has {len(pages)} pages; the limit is {max_pages}")
    hints = DocumentHints(page_count=len(pages))
    texts, warnings, headers, footers = [], [], [], []
    visible_total = 0
    for number, page in enumerate(pages, start=1):
        body, page_headers, page_footers = _split_page(
            page, hints if number == 1 else None, repair, figure=number in figures
        )
        headers += page_headers
        footers += page_footers
        text = "\n".join(body)
        visible = len(re.sub(r"\s", "", CID.sub("", text)))
        visible_total += visible
        if visible < LOW_YIELD_CHARS and (page.images or CID.search(text)):
            warnings.append(
                f"page {number}: low text yield ({visible} characters); "
                "it may be a scanned image (OCR reads only PDFs without any text layer)"
            )
        texts.append(text)
        page.close()
    if visible_total == 0:
        if any(CID.search(text) for text in texts):
            raise NoTextLayer(
                "the PDF's fonts have no Unicode map, so its text cannot be read",
                page_count=len(pages),
                unreadable_fonts=True,
            )
        raise NoTextLayer("no text layer", page_count=len(pages))
    _hints_from_furniture(hints, headers, footers)
    return PdfText("\f".join(texts), hints, warnings)


def _split_page(
    page, hints: DocumentHints | None, repair=None, figure: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """Body lines, header lines and footer lines of one page; page 1 fills `hints`."""
    lines = page.extract_text_lines(strip=True, return_chars=False, **_directions(page))
    if repair is not None:
        lines = [dict(line, text=repair(line["text"])) for line in lines]
    lines = _join_hanging_numbers(lines)
    height = page.height
    top_limit = 0.0
    bottom_limit = height + 1
    # The 1990s block is known by its symbol line, or by its `Page n` line where n is
    # this page's number (OCR may have garbled or lost the symbol line above it).
    header_seen = any(
        line["bottom"] <= height * EDGE_ZONE
        and (page_line := HEADER_PAGE.match(line["text"]))
        and int(page_line.group(1)) == page.page_number
        for line in lines
    )
    for line in lines:
        text = line["text"]
        if line["bottom"] <= height * EDGE_ZONE and HEADER_LINE.match(text):
            top_limit = max(top_limit, line["bottom"])
            header_seen = True
        elif (
            header_seen
            and line["bottom"] <= height * EDGE_ZONE
            and (
                HEADER_LANGUAGE.match(text)
                or HEADER_PAGE.match(text)
                or HEADER_SYMBOL_LANGUAGE.match(text)
            )
        ):
            top_limit = max(top_limit, line["bottom"])
        elif line["top"] >= height * (1 - EDGE_ZONE) and _is_footer(text):
            bottom_limit = min(bottom_limit, line["top"])
    # The `/...` mark follows the page's last line of text, also where that line ends
    # above the foot of the page (a scan's short page, a section that ends early).
    lowest = max(lines, key=lambda ln: ln["top"], default=None)
    if lowest is not None:
        if repair is not None:
            # OCR text only (a typeset line never ends so): the mark misread, on a line
            # of its own or on the last line's baseline
            lowest["text"] = CONTINUED_READ.sub("", lowest["text"].strip())
        if not lowest["text"] or CONTINUED.fullmatch(lowest["text"].strip()):
            bottom_limit = min(bottom_limit, lowest["top"])
    if hints is not None:
        top_limit = max(top_limit, _symbol_block(page, lines, hints, repair))
    headers = [ln["text"] for ln in lines if ln["bottom"] <= top_limit + 0.5]
    footers = [ln["text"] for ln in lines if ln["top"] >= bottom_limit - 0.5]
    body = [ln for ln in lines if top_limit + 0.5 < ln["bottom"] and ln["top"] < bottom_limit - 0.5]
    headers += [ln["text"] for ln in body if HEADER_BLOCK.match(ln["text"])]
    body = [ln for ln in body if not HEADER_BLOCK.match(ln["text"])]
    if body and (figure or _is_figure(page, body)):
        return [FIGURE_MARK + " ".join(ln["text"] for ln in body)], headers, footers
    ordered = _in_columns(page, body)
    if ordered is not None:
        return ordered, headers, footers
    return _body_text(page, body, top_limit, bottom_limit), headers, footers


def _join_hanging_numbers(lines: list[dict]) -> list[dict]:
    """A paragraph number (`4.`, `(a)`) that sits on a line of its own beside its
    paragraph's first line, within that line's height but not on its baseline (OCR
    makes the number a block of its own across the wide gap), is put at the head of
    that line; read as a line apart, it would come after the line it opens."""
    hanging = [index for index, line in enumerate(lines) if HANGING_NUMBER.match(line["text"])]
    if not hanging:
        return lines
    heads: dict[int, list[int]] = {}  # line -> the numbers joined to its head
    by_top = sorted(range(len(lines)), key=lambda index: lines[index]["top"])
    tops = [lines[index]["top"] for index in by_top]
    for index in hanging:
        line = lines[index]
        # The lines that start at most a little below this one, nearest first; only a
        # few (a page of stacked lines must not cost the square of its lines).
        end = bisect.bisect_right(tops, line["top"] + 0.5)
        nearby = by_top[max(0, end - HANGING_NEIGHBOURS) : end]
        beside = [
            (other["x0"], host)
            for host in nearby
            if (other := lines[host])["x0"] > line["x1"] and other["bottom"] >= line["bottom"] - 0.5
        ]
        if beside:
            heads.setdefault(min(beside)[1], []).append(index)
    if not heads:
        return lines
    moved = {index for joined in heads.values() for index in joined}
    out = []
    for index, line in enumerate(lines):
        if index in moved:
            continue
        if index in heads:
            parts = [lines[head] for head in heads[index]]
            text = " ".join([*(part["text"] for part in parts), line["text"]])
            line = dict(line, text=text, x0=min(part["x0"] for part in parts))
        out.append(line)
    return out


def _in_columns(page, body: list[dict]) -> list[str] | None:
    """Body lines of a page set in two columns, in reading order; None for a page in one
    column. The extractor reads straight across both columns; here the page is cut at
    the gutter. Lines that cross it (the title, a wide heading) and the footnotes under
    the rule are full width: they divide the page into bands, each read left column
    first."""
    if len(body) < 8:
        return None
    top = max(0, min(ln["top"] for ln in body) - 1)
    bottom = min(page.height, max(ln["bottom"] for ln in body) + 1)
    ruled = [
        e
        for e in page.lines + page.rects
        if abs(e["bottom"] - e["top"]) <= 2 and top < e["top"] < bottom
    ]
    if len(ruled) > 3:
        return None  # rules between rows: a table, whose columns are read across
    gutter = _gutter(page, body)
    if gutter is None:
        return None
    words = page.within_bbox((0, top, page.width, bottom)).extract_words()
    full = sorted((w["top"] - 1, w["bottom"] + 1) for w in words if w["x0"] < gutter < w["x1"])
    if len(full) > 12:
        return None  # text crosses the gutter everywhere: one column after all
    rule = _footnote_rule(page, top, bottom)
    if rule is not None:
        full.append((rule - 1, bottom))
    bands: list[tuple[float, float, bool]] = []  # (top, bottom, full width)
    cursor = top
    for upper, lower in full:
        upper = max(upper, cursor)
        if upper > cursor:
            bands.append((cursor, upper, False))
        if lower > upper:
            if bands and bands[-1][2] and bands[-1][1] >= upper:
                bands[-1] = (bands[-1][0], max(bands[-1][1], lower), True)
            else:
                bands.append((upper, lower, True))
        cursor = max(cursor, lower)
    if cursor < bottom:
        bands.append((cursor, bottom, False))
    margin = min(ln["x0"] for ln in body)
    columns = [
        page.within_bbox((x0, top, x1, bottom)).extract_text_lines(return_chars=False)
        for x0, x1 in ((0, gutter), (gutter, page.width))
    ]
    for lines in columns:
        # prose in both columns, not a list or table in two columns (`Argentina 10`)
        if len(lines) < 6 or sum(len(ln["text"].split()) for ln in lines) < 4 * len(lines):
            return None
    out: list[str] = []
    for upper, lower, whole in bands:
        if rule is not None and whole and upper == rule - 1:
            out.append(FOOTNOTE_RULE)
        if whole:
            parts = [(0, page.width)]
        else:
            parts = [(0, gutter), (gutter, page.width)]
        for x0, x1 in parts:
            region = page.within_bbox((x0, max(0, upper), x1, min(page.height, lower)))
            lines = region.extract_text_lines(strip=True, return_chars=False)
            left = min((ln["x0"] for ln in lines), default=margin)
            for ln in lines:
                # indentation counted from the column's own left edge
                out.append(_indented(dict(ln, x0=ln["x0"] - left + margin), margin))
    return out


def _gutter(page, body: list[dict]) -> float | None:
    """The x of the gap between two columns: a strip near the middle of the page that no
    character of the body covers, with text on both sides. Justified text in one column
    covers every x of its width; a gutter only opens between columns (or cells)."""
    if len(body) < 8:
        return None
    top = min(ln["top"] for ln in body)
    bottom = max(ln["bottom"] for ln in body)
    low, high = int(page.width * 0.4), int(page.width * 0.6)
    covered = [0] * (high - low + 1)
    left = right = 0
    for char in page.chars:
        if not (top <= char["top"] and char["bottom"] <= bottom) or not char["text"].strip():
            continue
        if char["x1"] <= low:
            left += 1
        elif char["x0"] >= high:
            right += 1
        for x in range(max(low, int(char["x0"]) + 1), min(high, int(char["x1"])) + 1):
            covered[x - low] += 1
    if min(left, right) < 200:
        return None
    # the widest run of bins that (almost) no character covers: a full-width title or
    # heading may cross it; the columns' text never does
    crossing = max(3, len(body) // 10)
    best, run_start, widest = None, None, 0
    for index, count in enumerate(covered + [crossing + 1]):
        if count <= crossing:
            run_start = index if run_start is None else run_start
            continue
        if run_start is not None and index - run_start > widest:
            widest, best = index - run_start, low + (run_start + index) / 2
        run_start = None
    return best if widest >= 4 else None


def _directions(page) -> dict:
    """How to read the page's rotated text: a map or table printed across a portrait page
    runs up the page (or down it); read that way, its words come out in the right order
    instead of reversed (`edanomiL`)."""
    up = down = 0
    for char in page.chars:
        if not char["upright"]:
            if char["matrix"][1] > 0:
                up += 1
            else:
                down += 1
    if not (up or down):
        return {}
    if up >= down:
        return {"line_dir_rotated": "ltr", "char_dir_rotated": "btt"}
    return {"line_dir_rotated": "rtl", "char_dir_rotated": "ttb"}


def _is_figure(page, body: list[dict]) -> bool:
    """Is the page a map or chart: drawn with many curves, its text short labels scattered
    over it rather than lines of prose?"""
    if len(page.curves) < FIGURE_CURVES or len(body) < 10:
        return False
    words = sorted(len(ln["text"].split()) for ln in body)
    return words[len(words) // 2] <= 3


def _is_footer(text: str) -> bool:
    return bool(
        FOOTER_LINE.match(text)
        or BARCODE_LINE.match(text)
        or re.fullmatch(_PAGE, text)
        or CONTINUED.fullmatch(text)
    )


def _body_text(page, lines: list[dict], top: float, bottom: float) -> list[str]:
    """Body lines in reading order, with tables as `cell | cell` rows and a rule line
    before footnotes, as the text extracts have them."""
    items = [(ln["top"], ln) for ln in lines]
    rows = []
    for table in _tables(page, top, bottom):
        items = [(y, ln) for y, ln in items if not _inside(ln, table.bbox)]
        rendered = [_table_row(row) for row in table.extract()]
        rows += [(table.bbox[1] + i * 0.001, row) for i, row in enumerate(rendered) if row]
    # The left edge most lines start at; hanging numbers and headings sit left of it.
    edges = Counter(round(ln["x0"]) for _, ln in items)
    margin = edges.most_common(1)[0][0] if edges else 0.0
    texts = [(y, _indented(ln, margin)) for y, ln in items] + rows
    rule = _footnote_rule(page, top, bottom)
    notes = _first_note_line(page, lines)
    if notes is not None and (rule is None or notes < rule):
        rule = notes - 0.01  # table notes without a rule open where their first marker is
    if rule is not None and any(y > rule for y, _ in texts):
        texts.append((rule, FOOTNOTE_RULE))
    texts.sort(key=lambda item: item[0])
    return [text for _, text in texts]


def _indented(line: dict, margin: float) -> str:
    """The line with its indentation as leading spaces, one per half-em, as the text
    extracts have it (an indented line opens a paragraph or an item)."""
    half_em = max((line["bottom"] - line["top"]) / 2, 1.0)
    return " " * max(0, round((line["x0"] - margin) / half_em)) + line["text"]


def _inside(line: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line["top"] + line["bottom"]) / 2
    return top - 1 <= middle <= bottom + 1 and line["x0"] < x1 and line["x1"] > x0


def _tables(page, top: float, bottom: float) -> list:
    # Only ruled tables: pdfplumber's line strategy, which needs drawn edges.
    if not (page.rects or page.lines):
        return []
    tables = page.find_tables()
    return [t for t in tables if len(t.rows) >= 2 and top < t.bbox[1] and t.bbox[3] < bottom]


def _table_row(row: list) -> str:
    cells = [" ".join((cell or "").split()) for cell in row]
    return " | ".join(cells).strip(" |") if any(cells) else ""


def _footnote_rule(page, top: float, bottom: float) -> float | None:
    """The short rule line that opens a page's footnotes, if any. A drawn line is often
    made of pieces (the rule under a table, an underline): a piece that another piece at
    the same height continues is part of a longer line, not the footnote rule."""
    edges = [e for e in page.lines + page.rects if abs(e["bottom"] - e["top"]) <= 2]
    for edge in edges:
        width = edge["x1"] - edge["x0"]
        position = edge["top"]
        if not (
            20 < width < page.width * 0.4
            and page.height * 0.5 < position < bottom
            and position > top
        ):
            continue
        if any(
            other is not edge
            and abs(other["top"] - position) <= 2
            and other["x1"] - other["x0"] > 1
            and other["x0"] <= edge["x1"] + 2
            and other["x1"] >= edge["x0"] - 2
            for other in edges
        ):
            continue
        return position
    return None


# Markers of notes under a table, printed raised and smaller than the note's text:
# `ᵃ Including the Chief Military Observer.`
NOTE_MARKERS = set("abcdefghijklmnopqrstuvwxyz*†‡§")
NOTE_LINE = re.compile(r"^[a-z*†‡§]\s+\S")
# Words of a note's text, not the specks of an OCR layer on a map (`i P o o u s . .`).
NOTE_WORD = re.compile(r"[^\W\d_]{3,}")


def _first_note_line(page, lines: list[dict]) -> float | None:
    """The top of the first line that starts with a raised note marker (the notes of a
    table, which UN documents print under the table without a rule), if any."""
    for line in lines:
        if (
            NOTE_LINE.match(line["text"])
            and len(NOTE_WORD.findall(line["text"])) >= 2  # a note says something
            and _raised_marker(page, line)
        ):
            return line["top"]
    return None


def _raised_marker(page, line: dict) -> bool:
    chars = sorted(
        (
            c
            for c in page.chars
            if line["top"] - 1 <= c["top"]
            and c["bottom"] <= line["bottom"] + 1
            and c["x0"] >= line["x0"] - 1
            and c["text"].strip()
        ),
        key=lambda c: c["x0"],
    )
    if len(chars) < 2 or chars[0]["text"] not in NOTE_MARKERS:
        return False
    marker, text = chars[0], chars[1]
    return marker["size"] < 0.8 * text["size"] and marker["top"] < text["top"] - 0.5


def _symbol_block(page, lines: list[dict], hints: DocumentHints, repair=None) -> float:
    """Read page 1's symbol block into `hints`; return its bottom (0 if there is none)."""
    zone = page.height * BLOCK_ZONE
    marks = [ln for ln in lines if ln["bottom"] <= zone and _is_block_line(ln["text"])]
    if not any(_anchors_block(ln["text"]) for ln in marks):
        return 0.0
    bottom = max(ln["bottom"] for ln in marks)
    for edge in page.rects + page.lines:
        # The rule under the block (drawn in pieces in real UN PDFs).
        if abs(edge["bottom"] - edge["top"]) <= 3 and bottom <= edge["top"] <= zone:
            bottom = max(bottom, edge["bottom"]) if edge["top"] - bottom < 60 else bottom
    block = [ln["text"] for ln in lines if ln["bottom"] <= bottom + 0.5]
    words = page.crop((0, 0, page.width, min(bottom + 0.5, page.height))).extract_words()
    hints.symbol = _block_symbol([repair(w["text"]) if repair else w["text"] for w in words])
    _block_metadata(block, hints)
    return bottom


def _is_block_line(text: str) -> bool:
    stripped = text.strip()
    return bool(
        _anchors_block(stripped)
        or ORIGINAL.match(stripped)
        or DISTRIBUTION_WORD.match(stripped)
        or stripped.lower() in LANGUAGE_NAMES
        or EN_DATE.fullmatch(stripped)
        or ZH_DATE.fullmatch(stripped)
        or re.fullmatch(r"[A-Z]", stripped)
    )


def _anchors_block(text: str) -> bool:
    return bool(
        DISTRIBUTION.search(text)
        or any(FULL_SYMBOL.match(tok) or SYMBOL_TAIL.match(tok) for tok in text.split())
    )


def _block_symbol(tokens: list[str]) -> str:
    """`S/2016/225`, also when the large first letter came out as a token of its own.
    A joint document prints its symbols one under the other (`A/51/695` / `S/1996/998`):
    several symbols of different series in the block are one joint symbol."""
    full = [normalize_symbol(token) for token in tokens if FULL_SYMBOL.match(token)]
    if full:
        joint: list[str] = []
        for symbol in full:
            if symbol.split("/")[0] not in {part.split("/")[0] for part in joint}:
                joint.append(symbol)
        return "-".join(joint)
    letters = [t for t in tokens if re.fullmatch(r"[A-Z]", t)]
    tails = [t for t in tokens if SYMBOL_TAIL.match(t)]
    if letters and tails:
        return normalize_symbol(letters[0] + tails[0])
    return ""


def _block_metadata(block: list[str], hints: DocumentHints) -> None:
    for text in block:
        stripped = text.strip()
        if match := DISTRIBUTION.search(stripped):
            hints.distribution = match.group(1)
        elif DISTRIBUTION_WORD.match(stripped) and not stripped.startswith("Distr"):
            hints.distribution = stripped.capitalize()
        elif match := ORIGINAL.match(stripped):
            hints.original_language = LANGUAGE_NAMES.get(match.group(1).lower(), "")
        elif stripped.lower() in LANGUAGE_NAMES:
            hints.language = LANGUAGE_NAMES[stripped.lower()]
        elif hints.date is None and (date := _parse_date(stripped)):
            hints.date = date


def _parse_date(text: str) -> dt.date | None:
    try:
        if match := EN_DATE.fullmatch(text):
            month = MONTHS.get(match.group(2).lower())
            if month:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
        elif match := ZH_DATE.fullmatch(text):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def _hints_from_furniture(hints: DocumentHints, headers: list[str], footers: list[str]) -> None:
    """Job number (and language, from its letter) from the footers; symbol from the running
    header when page 1 has no symbol block."""
    for text in footers:
        if match := JOB_NUMBER.search(text):
            number, letter = match.groups()
            if letter:
                # As the text parser stores it: the number; the letter gives the language.
                hints.job_number = number
                hints.language = hints.language or JOB_LETTERS.get(letter, "")
                break
            hints.job_number = hints.job_number or number
    if not hints.symbol:
        for text in headers:
            for token in text.split():
                if FULL_SYMBOL.match(token):
                    hints.symbol = normalize_symbol(token)
                    return
