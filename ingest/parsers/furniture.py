"""Page furniture: which lines of a document are running headers, footers, the page-1
symbol block, bar codes and link lines, and what they say (symbol, job number, dates).

A furniture line is recognised by its structure: a short line made only of furniture
tokens (the document's symbol, a job number such as `12-20064 (C)4` or `1107-66270 (C)`,
a page number `3/5`, date stamps `270217`, a bar code `*1702287*`). A line that is only a
symbol counts as a running header when that symbol is the document's own (page-1 block,
glued to a footer, next to a footer, or repeated). Link lines (`http://undocs.org/ch/...`)
repeat the page's citations and mark a page end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from .dates import parse_date
from .symbols import _ONE, fold, normalize_symbol, split_joint

# What the block builder receives, in order: body lines, footnote rules, page breaks and
# the text of figures (a map's or chart's labels, which are not running text).
BODY, RULE, BREAK, FIGURE = "body", "rule", "break", "figure"
# A reader marks a figure's text with this character at the start of its line (a private
# use character: no document prints it).
FIGURE_MARK = "\ue000"


@dataclass
class Line:
    kind: str  # body | rule | break | figure (furniture, link, blank lines are not passed on)
    text: str = ""  # the source line without its line end (leading and trailing spaces kept)
    page: int = 1
    index: int = 0  # line number in the source, from 0

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def closed(self) -> bool:
        """Plain-text extracts end the last line of a paragraph or heading with a space after
        the last (non-ASCII) character; a line inside a paragraph has none."""
        text = self.text.rstrip("\r\n")
        body = text.rstrip()
        return len(body) < len(text) and bool(body) and not body[-1].isascii()

    @property
    def indented(self) -> bool:
        return bool(self.text) and self.text[0] in " \t\u3000"


@dataclass
class Furniture:
    lines: list[Line] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)  # the document's own, main first
    job_number: str = ""
    job_language: str = ""  # zh | en | fr | es | ru | ar, from the job number's letter
    distribution: str = ""
    issue_date: dt.date | None = None
    original_language: str = ""
    page_count: int | None = None
    organ_line: str = ""


MAX_FURNITURE_LINE = 100
JOB_LETTERS = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "spanish": "es",
    "russian": "ru",
    "arabic": "ar",
    "chinese": "zh",
    "英文": "en",
    "法文": "fr",
    "西班牙文": "es",
    "俄文": "ru",
    "阿拉伯文": "ar",
    "中文": "zh",
}

_SPACE = re.compile(r"[ \t\u3000]+")
_TOKENS = [
    ("barcode", re.compile(r"\*\d{7,9}\*")),
    ("job", re.compile(r"(?P<page>\d{1,3}?)?(?P<job>\d{2}-\d{5})\*?")),
    ("letter", re.compile(r"\((?P<letter>[ACEFRS])\)(?P<page>\d{1,3})?")),
    ("pages", re.compile(r"(?P<page>\d{1,3})/(?P<total>\d{1,3})(?![\d/])")),
    ("stamp", re.compile(r"\d{6}(?!\d)")),
    ("symbol", re.compile(rf"(?P<symbol>{_ONE}(?:-{_ONE})?)\*?")),
    ("page", re.compile(r"(?P<page>\d{1,3})(?!\d)")),
]
_LINK = re.compile(r"^(?:https?://undocs\.org/\S+\s*)+$", re.IGNORECASE)
_RULE = re.compile(r"^_{5,}$")
# The masthead `United Nations`, alone or with the symbol beside it (`联 合 国   S/2017/130`,
# `United Nations /2013/139*`); not a title that starts with the words ("United Nations
# Mission for Justice Support in Haiti").
_UN_LINE = re.compile(r"^(?:联\s*合\s*国|United\s+Nations)(?:\s+(?P<rest>[ASE]?\s*/\S*|[ASE]))?$")
_PAGE1 = [
    re.compile(r"^[ASE]$"),
    re.compile(r"^[ASE]?\s*/\s*[\w.]+(?:/[\w.()]+){0,6}\*?$"),  # a symbol or its tail `/2012/534`
    re.compile(
        r"^(?:安全理事会|大会|经济及社会理事会|Security Council|General Assembly|"
        r"Economic and Social Council)$"
    ),
    re.compile(r"^Distr\.?\s*:?\s*(?P<distr>[A-Za-z]+)$"),
    re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$"),
    re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"),
    re.compile(r"^(?:Chinese|English|French|Spanish|Russian|Arabic)$"),
    re.compile(r"^(?:Original|原文)\s*[:：]\s*(?P<original>\S+)$"),
]
_REISSUE = re.compile(r"^\*\s*(?:Reissued for technical reasons|因技术原因重新印发)")


def _tokens(line: str) -> list[tuple[str, re.Match]] | None:
    """The line as furniture tokens, or None if any part of it is something else."""
    text = fold(line).strip()
    if not text or len(text) > MAX_FURNITURE_LINE:
        return None
    first = text[0]
    if not (first in "*(" or first.isdigit() or "A" <= first <= "Z"):
        return None  # no token starts so (most body lines): spare trying each pattern
    found = []
    pos = 0
    while pos < len(text):
        if text[pos] in " \t":
            pos += 1
            continue
        for name, pattern in _TOKENS:
            match = pattern.match(text, pos)
            if match and match.end() > pos:
                found.append((name, match))
                pos = match.end()
                break
        else:
            return None
    return found


def _page_of(tokens) -> tuple[int | None, int | None]:
    """(page number, page count) printed in a footer's tokens."""
    page = total = None
    for name, match in tokens:
        if name == "pages":
            page, total = int(match.group("page")), int(match.group("total"))
        elif name in ("job", "letter", "page") and match.group("page"):
            page = page or int(match.group("page"))
    return page, total


def classify(text: str) -> Furniture:
    """Split `text` into body lines, footnote rules and page breaks; read the furniture."""
    furniture = Furniture()
    raw_pages = (text or "").split("\f")
    has_form_feeds = len(raw_pages) > 1
    rows: list[tuple[int, int, str]] = []  # (page index, line index, line)
    index = 0
    for page_index, page_text in enumerate(raw_pages):
        for line in page_text.splitlines():
            rows.append((page_index, index, line))
            index += 1
    kinds = ["blank" if not line.strip() else "" for _, _, line in rows]

    page1 = _page1_block(rows, kinds, furniture)
    symbol_counts: Counter[str] = Counter()
    strong: list[str] = list(page1)
    footer_rows: list[int] = []
    header_rows: list[tuple[int, str]] = []
    page_numbers: dict[int, int] = {}
    totals: list[int] = []
    jobs: Counter[str] = Counter()
    stamp_rows: list[int] = []
    for pos, (_, _, line) in enumerate(rows):
        if kinds[pos] == "furniture":  # the page-1 block: read its job number too
            tokens = _tokens(line.strip())
            for name, match in tokens or []:
                if name == "job":
                    jobs[match.group("job")] += 1
                if name == "letter" and not furniture.job_language:
                    furniture.job_language = JOB_LETTERS.get(match.group("letter"), "")
            continue
        if kinds[pos]:
            continue
        stripped = line.strip()
        folded = fold(stripped)
        if _LINK.match(folded):
            kinds[pos] = "link"
            continue
        if _RULE.match(folded):
            kinds[pos] = "rule"
            continue
        if stripped.startswith(FIGURE_MARK):
            kinds[pos] = "figure"
            continue
        if _REISSUE.match(folded):
            kinds[pos] = "furniture"
            continue
        tokens = _tokens(stripped)
        if not tokens:
            continue
        names = {name for name, _ in tokens}
        symbols = [normalize_symbol(m.group("symbol")) for name, m in tokens if name == "symbol"]
        if names & {"job", "barcode"}:
            kinds[pos] = "furniture"
            footer_rows.append(pos)
            strong.extend(symbols)
            for name, match in tokens:
                if name == "job":
                    jobs[match.group("job")] += 1
                if name == "letter" and not furniture.job_language:
                    furniture.job_language = JOB_LETTERS.get(match.group("letter"), "")
            page, total = _page_of(tokens)
            if page:
                page_numbers[pos] = page
            if total:
                totals.append(total)
        elif names == {"symbol"} and len(symbols) == 1:
            header_rows.append((pos, symbols[0]))
            symbol_counts[symbols[0]] += 1
        elif names == {"stamp"}:
            stamp_rows.append(pos)
    # Date stamps read as a line of their own (`231192` under `92-73938 (E)`, as OCR may
    # split a footer) belong to the footer they touch.
    for pos in stamp_rows:
        if pos - 1 in footer_rows or pos + 1 in footer_rows:
            kinds[pos] = "furniture"

    own = _own_symbols(rows, kinds, strong, header_rows, footer_rows, symbol_counts)
    for pos, symbol in header_rows:
        if symbol in own:
            kinds[pos] = "furniture"
    furniture.symbols = []
    for symbol in own:
        for part in split_joint(symbol):
            if part not in furniture.symbols:
                furniture.symbols.append(part)
    if jobs:
        furniture.job_number = jobs.most_common(1)[0][0]
    if totals:
        furniture.page_count = max(totals)
    elif has_form_feeds:
        furniture.page_count = len(raw_pages)

    furniture.lines = _line_stream(rows, kinds, page_numbers, has_form_feeds)
    return furniture


def _own_symbols(rows, kinds, strong, header_rows, footer_rows, counts) -> list[str]:
    """The document's own symbols, most reliable first."""
    ordered: list[str] = []

    def add(symbol):
        if symbol and symbol not in ordered:
            ordered.append(symbol)

    for symbol in strong:
        add(symbol)
    footer_set = set(footer_rows)
    header_set = {pos for pos, _ in header_rows}
    for pos, symbol in header_rows:
        # in the same run of furniture as a footer (blank lines and link lines between)
        for step in (-1, 1):
            probe = pos + step
            while 0 <= probe < len(rows) and (
                kinds[probe] in ("blank", "link") or probe in header_set
            ):
                probe += step
            if probe in footer_set:
                add(symbol)
    for symbol, count in counts.most_common():
        if count >= 2:
            add(symbol)
    if not ordered:
        # a symbol line near a footer (one other line between), or at the very top
        nonblank = [pos for pos, kind in enumerate(kinds) if kind != "blank"]
        rank = {pos: i for i, pos in enumerate(nonblank)}
        footer_ranks = {rank[pos] for pos in footer_rows if pos in rank}
        for pos, symbol in header_rows:
            near = any(abs(rank[pos] - other) <= 2 for other in footer_ranks)
            if near or rank[pos] < 3:
                add(symbol)
    return ordered


def _page1_block(rows, kinds, furniture: Furniture) -> list[str]:
    """Mark the page-1 symbol block at the top of the text; return the symbols it prints."""
    candidates = []
    strong = False
    for pos, (page_index, _, line) in enumerate(rows):
        if page_index > 0 or len(candidates) >= 14:
            break
        if kinds[pos] == "blank":
            continue
        stripped = _SPACE.sub(" ", fold(line).strip())
        un_line = _UN_LINE.match(stripped)
        tokens = _tokens(stripped)
        if un_line:
            strong = True
            candidates.append(pos)
        elif tokens and {name for name, _ in tokens} & {"job", "barcode", "symbol"}:
            candidates.append(pos)
        elif _REISSUE.match(stripped):
            candidates.append(pos)
        elif any(pattern.match(stripped) for pattern in _PAGE1):
            if stripped.startswith(("Distr", "Original", "原文")):
                strong = True
            candidates.append(pos)
        else:
            break
    if not strong:
        return []
    pieces = []
    for pos in candidates:
        kinds[pos] = "furniture"
        stripped = _SPACE.sub(" ", fold(rows[pos][2]).strip())
        un_line = _UN_LINE.match(stripped)
        if un_line:
            pieces.append(un_line.group("rest") or "")
            continue
        pieces.append(stripped)
        for pattern in _PAGE1:
            match = pattern.match(stripped)
            if not match:
                continue
            groups = match.groupdict()
            if groups.get("distr"):
                furniture.distribution = groups["distr"].capitalize()
            if groups.get("original"):
                name = groups["original"].strip().lower()
                furniture.original_language = LANGUAGE_NAMES.get(name, "")
        if re.match(r"^(?:安全理事会|大会|Security Council|General Assembly)", stripped):
            furniture.organ_line = stripped
        if not furniture.issue_date and re.match(
            r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$|^\d{4}\s*年", stripped
        ):
            furniture.issue_date = parse_date(stripped)
    # The symbol may be printed in pieces (`S` / `United Nations /2013/139*`).
    joined = " ".join(pieces)
    symbols = []
    # A joint document prints its symbols on lines of their own (`A/51/695` / `S/1996/998`).
    for full in re.finditer(rf"(?<![A-Za-z0-9/])({_ONE}(?:-{_ONE})?)", joined):
        for part in split_joint(full.group(1)):
            if part.split("/")[0] not in {s.split("/")[0] for s in symbols}:
                symbols.append(part)
    if not symbols:
        letter = re.search(r"(?:^|\s)([ASE])(?=\s|$)", joined)
        tail = re.search(r"(?:^|\s)(/[\w.]+(?:/[\w.()]+){0,6})\*?", joined)
        if letter and tail:
            candidate = normalize_symbol(letter.group(1) + tail.group(1))
            if re.fullmatch(rf"{_ONE}(?:-{_ONE})?", candidate):
                symbols.append(candidate)
    return symbols


def _line_stream(rows, kinds, page_numbers, has_form_feeds) -> list[Line]:
    """Body lines and rules with their page; a break where a page ends."""
    lines: list[Line] = []
    page = 1
    pending_break = False
    body_since_break = False
    last_page_index = 0
    for pos, (page_index, index, line) in enumerate(rows):
        kind = kinds[pos]
        if has_form_feeds and page_index != last_page_index:
            last_page_index = page_index
            page = page_index + 1
            pending_break = True
        if kind == "blank":
            continue
        if kind in ("furniture", "link"):
            if not has_form_feeds:
                if pos in page_numbers:
                    page = max(page, page_numbers[pos]) if body_since_break else page_numbers[pos]
                elif body_since_break:
                    page += 1
            if body_since_break:
                pending_break = True
                body_since_break = False
            continue
        if pending_break and lines:
            lines.append(Line(BREAK, "", page, index))
        pending_break = False
        body_since_break = True
        if kind == "figure":
            lines.append(Line(FIGURE, line.strip()[len(FIGURE_MARK) :].strip(), page, index))
            continue
        lines.append(Line(BODY if kind != "rule" else RULE, line, page, index))
    return lines


def body_lines(text: str) -> list[str]:
    """The lines that carry body text (furniture, link lines, blank lines and footnote
    rules removed), as in the source."""
    return [line.text for line in classify(text).lines if line.kind == BODY]
