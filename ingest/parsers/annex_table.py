"""The annex table of a Working Group report: one row per meeting, `日期 通报人 主题`.

The text layer of a PDF table gives one line per printed line: a row starts with its date
(`4 月 28 日`), cells on one printed line are separated by spaces, and a cell that wraps
goes on in the next line (`主管外勤支助事务副秘书长阿图` / `尔·哈雷`). A briefer cell ends
with a name (or honorific); text that never completes a briefer is the topic.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .briefers import CJK, DOTS, HONORIFICS, TITLES, find_english_briefers, parse_briefer
from .types import ParsedBriefer

_MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(),
        1,
    )
}
_ZH_DATE = re.compile(r"^\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*")
_EN_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)(?:\s+(\d{4}))?\s+", re.IGNORECASE)
_EN_DATE_US = re.compile(r"^\s*([A-Za-z]+)\s+(\d{1,2})(?:,?\s+(\d{4}))?\s+", re.IGNORECASE)
_BRIEFER_HEADERS = (
    "通报人",
    "通报者",
    "发言人",
    "主讲人",
    "嘉宾",
    "briefer",
    "speaker",
    "presenter",
)
_TOPIC_HEADERS = ("主题", "专题", "议题", "topic", "theme", "subject")
_DATE_HEADERS = ("日期", "date")
_CELL_GAP = re.compile(rf"(?<=[{CJK}）)”])\s+(?=[{CJK}（(“])")


@dataclass
class TableRow:
    year: int | None
    month: int
    day: int
    briefers: list[ParsedBriefer] = field(default_factory=list)
    topic: str = ""


def is_meeting_table(text: str) -> bool:
    """A table whose header names a date column and a briefer column."""
    header = _header_line(text)
    return header is not None


def _header_line(text: str) -> int | None:
    for index, line in enumerate((text or "").splitlines()):
        lowered = line.lower()
        if any(word in lowered for word in _DATE_HEADERS) and any(
            word in lowered for word in _BRIEFER_HEADERS
        ):
            return index
    return None


def _row_date(line: str) -> tuple[tuple[int | None, int, int], str] | None:
    """((year, month, day), rest of the line) when the line starts a row."""
    line = unicodedata.normalize("NFKC", line)
    match = _ZH_DATE.match(line)
    if match:
        year = int(match.group(1)) if match.group(1) else None
        month, day = int(match.group(2)), int(match.group(3))
    else:
        match = _EN_DATE.match(line + " ")
        if match and match.group(2).lower() in _MONTHS:
            year = int(match.group(3)) if match.group(3) else None
            month, day = _MONTHS[match.group(2).lower()], int(match.group(1))
        else:
            match = _EN_DATE_US.match(line + " ")
            if not match or match.group(1).lower() not in _MONTHS:
                return None
            year = int(match.group(3)) if match.group(3) else None
            month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return (year, month, day), line[match.end() :]


def _columns(header: str) -> list[str]:
    """Content columns after the date, in printed order: ['briefers', 'topic']."""
    lowered = header.lower()
    found = []
    for kind, words in (("briefers", _BRIEFER_HEADERS), ("topic", _TOPIC_HEADERS)):
        positions = [lowered.find(word) for word in words if word in lowered]
        if positions:
            found.append((min(positions), kind))
    return [kind for _, kind in sorted(found)] or ["briefers"]


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of a wrapped cell: no space between CJK text, one otherwise."""
    if not left:
        return right
    if not right:
        return left
    if re.match(rf"[{CJK}{DOTS}（(）)、，：；“”]", left[-1]) and re.match(
        rf"[{CJK}{DOTS}（(）)、，：；“”]", right[0]
    ):
        return left + right
    return left + " " + right


def _continues(candidate: str, following: str) -> bool:
    """Does the next line finish the name that `candidate` seems to end with?"""
    if not following:
        return False
    if re.match(rf"[{CJK}]{{0,6}}\s*[{DOTS}]", following):
        return True  # 阿图 / 尔·哈雷: the dotted name goes on
    if any(following.startswith(h) for h in HONORIFICS):
        return True
    if re.match(r"[A-Za-z]", following) and re.search(r"[A-Za-z]$", candidate):
        return True
    return any(candidate.endswith(title) for title in TITLES)


def parse_table(text: str) -> list[TableRow]:
    """Rows of a meeting table; [] when the text has no such table. Never raises."""
    lines = (text or "").splitlines()
    header_index = _header_line(text or "")
    if header_index is None:
        return []
    columns = _columns(lines[header_index])
    rows: list[tuple[tuple[int | None, int, int], list[str]]] = []
    for line in lines[header_index + 1 :]:
        dated = _row_date(line)
        if dated:
            rows.append((dated[0], [dated[1]]))
        elif rows and line.strip():
            rows[-1][1].append(line)
    return [_parse_row(date, row_lines, columns) for date, row_lines in rows]


def _parse_row(
    date: tuple[int | None, int, int], row_lines: list[str], columns: list[str]
) -> TableRow:
    stream: list[str] = []  # lines of the briefer column (and of anything not placed)
    topic_parts: list[str] = []
    for line in row_lines:
        if "|" in line:
            # A ruled table read cell by cell: `4 月 28 日 | 苏和 ... | 主题`, a cell's lines
            # joined by spaces, so each space may be a wrapped line or the gap between briefers.
            cells = [cell.strip() for cell in line.split("|")]
            if cells and not cells[0]:
                cells = cells[1:]
            for position, cell in enumerate(cells):
                kind = columns[position] if position < len(columns) else columns[-1]
                if kind == "briefers":
                    stream.extend(cell.split())
                elif cell:
                    topic_parts.extend(cell.split())
            continue
        cells = [cell.strip() for cell in _CELL_GAP.split(line.strip()) if cell.strip()]
        if len(cells) >= 2:
            for position, cell in enumerate(cells):
                kind = columns[position] if position < len(columns) else columns[-1]
                (stream if kind == "briefers" else topic_parts).append(cell)
        elif cells:
            stream.append(cells[0])
    row = TableRow(year=date[0], month=date[1], day=date[2])
    if any(re.search(rf"[{CJK}]", piece) for piece in stream):
        leftovers = _briefers_from_stream(stream, row.briefers)
    else:
        row.briefers = find_english_briefers(" ".join(stream))
        leftovers = [] if row.briefers else stream
    topic = ""
    for part in leftovers + topic_parts:
        topic = join_wrapped(topic, part)
    row.topic = topic.strip()
    return row


def _briefers_from_stream(stream: list[str], briefers: list[ParsedBriefer]) -> list[str]:
    """Read briefer cells line by line; return the lines that named nobody (the topic)."""
    pending = ""
    for index, piece in enumerate(stream):
        candidate = join_wrapped(pending, piece)
        following = stream[index + 1] if index + 1 < len(stream) else ""
        briefer = None if _continues(candidate, following) else parse_briefer(candidate)
        if briefer:
            briefers.append(briefer)
            pending = ""
        else:
            pending = candidate
    return [pending] if pending else []
