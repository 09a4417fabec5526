"""The text side of building blocks (ingest.parsers.blocks): the patterns a line is
judged by, display width, how two joined lines are glued, and the open block being
filled."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .types import Block

TERMINAL = re.compile(r"[。．.；;！？!?：:][”’\"'）)\]」』]*$")
SOFT_END = re.compile(
    r"(?:[，,、/\-‐–—(（“‘《]|\b(?:and|or|of|the|for|in|on|to|with|by|a|an|from|at|as|its|their))$"
)
MARKER_END = re.compile(r"(?:[。．.；;！？!?：:，,、”’）)」]|[\u3400-\u9fff])\d{1,2}$")
COLON_END = re.compile(r"[：:]$")

CJK_HEADING = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[.．、]\s*(?P<text>\S.*)$")
ROMAN_HEADING = re.compile(r"^(?P<num>[IVXL]{1,7})\s*\.\s+(?P<text>[A-Z\u3400-\u9fff].*)$")
LETTER_HEADING = re.compile(r"^(?P<num>[A-Z])\s*[.．]\s+(?P<text>\S.*)$")
PARAGRAPH = re.compile(r"^(?P<num>\d{1,4})\s*[.．](?!\d)\s*(?P<text>.*)$")
PARAGRAPH_NO_DOT = re.compile(r"^(?P<num>\d{1,3})(?P<gap>\s+)(?P<text>\S.*)$")
ITEM = re.compile(r"^\((?P<num>[a-z]{1,2}|[ivx]{1,6})\)\s*(?P<text>.*)$")
BULLET = re.compile("^(?P<num>[•●▪◦‣∙\uf0b7\uf0a7\uf0d8])\\s*(?P<text>.*)$")
# A numbered line of a cost table: its label and an amount (or a dash for none), no
# sentence (`5. Transport operations 4 303`, `7. Naval operations -`).
AMOUNT_ROW = re.compile(r"^\d{1,3}\.\s+[A-Z][^.;:]*?\s(?:\d{1,3}(?:[ ,]\d{3})*(?:\.\d+)?|[-–—])$")
# A table's row of a name and its figures (`Burkina Faso 13`, `Côte d’Ivoire 7 30`,
# `Pakistan 11a` with a note's letter, `Bolivia - - 2 2` with empty cells).
# Cells are not told apart (`1 625` may be one figure or two): a pattern that tried
# would try every split of a long row of figures, twice as many for each figure.
# A word of the name never starts with a digit or a dash, a cell always does: one way
# to read a line, so the time is linear in its length.
FIGURES_ROW = re.compile(
    r"^[^\W\d_][^\d\s]*(?:\s+[^\d\s\-–—][^\d\s]*)*(?:\s+(?:\d[\d,.]*[a-z*]?|[-–—]))+$"
)
# Rows of names and figures in a row that make a table without column heads.
FIGURE_ROWS = 3
# A row is shorter than a line of text (a sentence that wraps ends on a figure now and
# then, and fills the line).
ROW_WIDTH = 0.8
SCHEDULE_ROW = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? \d{1,2} [A-Z][a-z]+ \d{4}$"
    r"|\d{1,2}(?:[.:]\d{2})? [ap]\.m\. [A-Z])"
)
ANNEX = re.compile(
    r"^(?:附件[一二三四五六七八九十]*|附录[一二三四五六七八九十]*|Annex(?:es)?(?:\s+[IVXL]+)?|"
    r"Appendix(?:\s+[IVXL]+)?|Enclosure)$"
)
LETTER_TITLE = re.compile(r"(?:给.{1,40}的信$|^Letter dated .{5,200}addressed to)", re.S)
LETTER_ANNEX = re.compile(r"(?:的信的附件$|^Annex to the letter dated|^Enclosure$)", re.S)
SIGNED = re.compile(r"[(（]\s*(?:签名|Signed)\s*[)）]")
TITLE_START = re.compile(
    r"^(?:Report|Concept note|Annex|Enclosure|Note|Letter|Summary|Introduction|[IVXL]+\.|\d+\.)"
)
SESSION = re.compile(r"^(?:第[一二三四五六七八九十百零〇]+届会议|[A-Z][a-z]+(?:-[a-z]+)? session)$")
AGENDA = re.compile(
    r"^(?:临时)?议程(?:项目)?\s*\d|^(?:Provisional agenda )?[Ii]tem\s+\d|^Agenda item"
)
KNOWN_SECTIONS = {"摘要", "Summary", "导言", "Introduction"}
# Lines that end a title block: the first section of the report (any case).
KNOWN_TITLE_ENDS = {"summary", "introduction", "contents", "observations"}
LETTER_HEADING_START = re.compile(r"^[A-Z]\s*[.．]\s+\S")
NOT_PARAGRAPH_AFTER_NUMBER = set("年月日个名%％次时")
SHORT = 0.6  # of the usual full line width: shorter lines without final punctuation end a block
TITLE_JOIN = 0.4


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


@lru_cache(maxsize=4096)  # the builder asks again and again about the same lines
def width(text: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return len(text) + len(_WIDE.findall(text))


def glue(left: str, right: str, language: str) -> str:
    """What goes between two joined lines: nothing between CJK characters or after a
    slash or hyphen (a symbol or word split across lines), one space between Latin words."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if a in "/-‐" or is_wide(a) or is_wide(b):
        return ""
    if language == "zh" and (a in "“”‘’" or b in "“”‘’"):
        return ""
    return " "


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_NOTE_END = re.compile(r"[。.！？!?][”’\"'）)]*$")
_NOTE_START = re.compile(r"^(\d{1,3})(?:\s+(\S.*))?$")
# Notes marked otherwise than by a number: a letter (table notes, `a`, `b`), an asterisk
# or a dagger; the 1990s wrote `a/`, `1/`. The marker is stored without the slash.
_NOTE_MARK = re.compile(r"^(?:([a-z]|\*{1,3}|[†‡§])|(\d{1,3}|[a-z])/)(?:\s+(\S.*))?$")
_LONE_MARKER = re.compile(r"\d{1,2}")
_NOT_TABLE_WORD = re.compile(r"[^\w\u3400-\u9fff]")


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Open:
    block: Block
    pieces: list[str] = field(default_factory=list)
    last: str = ""  # last line (cleaned)
    closed: bool = False  # the last line was marked as a paragraph end
    lost_bullet: bool = False
    lines: int = 0
    raw_lines: list[str] = field(default_factory=list)
    figures: bool = False  # a table known by its rows of names and figures only

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    @property
    def tail(self) -> str:
        """The last character so far (without joining all the pieces)."""
        for piece in reversed(self.pieces):
            if piece:
                return piece[-1]
        return ""


@dataclass
class BuildResult:
    blocks: list[Block]
    warnings: list[str]
    letter_title: str = ""
    titles: list[str] = field(default_factory=list)  # title lines of the enclosed document
    front: list[str] = field(default_factory=list)  # session / agenda lines
