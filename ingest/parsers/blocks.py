"""Body lines -> Blocks: hard line breaks joined, paragraphs, items, bullets, headings,
footnotes, the letter / body / annex parts, and annex tables.

The decisions follow how UN documents are laid out (see UN-DOCUMENTS.md):
- a line ending without final punctuation continues on the next line, unless it is
  short (a heading, a signature line);
- numbered paragraphs run `1.` onward through the report, so the next number is
  expected (a lost dot, `69  `, is accepted only for the expected number);
- an indented line after a finished sentence starts a new unnumbered paragraph (concept
  notes), or an item whose bullet was lost when it follows a lead-in ending in a colon;
- footnotes follow a rule and start with their number; the body resumes after them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .furniture import BODY, BREAK, RULE, Line
from .symbols import fold
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
PARAGRAPH = re.compile(r"^(?P<num>\d{1,3})\s*[.．](?!\d)\s*(?P<text>.*)$")
PARAGRAPH_NO_DOT = re.compile(r"^(?P<num>\d{1,3})(?P<gap>\s+)(?P<text>\S.*)$")
ITEM = re.compile(r"^\((?P<num>[a-z]{1,2}|[ivx]{1,6})\)\s*(?P<text>.*)$")
BULLET = re.compile("^(?P<num>[•●▪◦‣∙\uf0b7\uf0a7\uf0d8])\\s*(?P<text>.*)$")
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


class Builder:
    def __init__(self, lines: list[Line], language: str):
        self.lines = [line for line in lines if line.kind in (BODY, RULE, BREAK)]
        self.language = language
        widths = sorted(width(clean(line.text)) for line in self.lines if line.kind == BODY)
        self.full = max(20, widths[int(len(widths) * 0.9)] if widths else 70)
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.cur: _Open | None = None
        self.part = "body"
        # start -> letter -> signature (English: lines after "(Signed) name") -> title
        # (the enclosed document's title lines) -> body; table runs to the end of an annex
        self.mode = "start"
        self.expected = 1
        self.annexes = 0
        self.anchors: set[str] = set()
        self.anchor_next: dict[str, int] = {}
        self.counters = {"h": 0, "t": 0, "tbl": 0}
        self.headings: dict[int, str] = {}
        self.parent = ""  # anchor of the paragraph that items and bullets belong to
        self.last_item = ""
        self.bullets: dict[str, int] = {}
        self.footnote: _Open | None = None
        self.in_footnotes = False
        self.last_footnote = 0
        self.after_agenda = False
        self.signature_lines = 0
        self.known_headings: set[str] = set()
        body = [line for line in self.lines if line.kind == BODY]
        self.indenting = sum(1 for line in body if line.indented) > 0.05 * max(1, len(body))
        # Plain-text extracts mark paragraph ends with a trailing space (Line.closed).
        self.has_closed = sum(1 for line in self.lines if line.kind == BODY and line.closed) >= 3
        self.result = BuildResult([], self.warnings)
        self.pending_notes: list[Block] = []
        self.content_blocks = 0  # numbered paragraphs and headings of the body so far

    # ----- helpers -----
    def short(self, text: str) -> bool:
        return width(text) < SHORT * self.full

    def wants_more(self, line: Line | None = None) -> bool:
        """Does the open block's last line ask for a continuation?"""
        cur = self.cur
        if cur is None or not cur.last:
            return False
        last = cur.last
        if cur.block.kind == "table":
            return True
        if cur.closed or self.mode == "signature":
            return False
        if SOFT_END.search(last) or MARKER_END.search(last):
            return True
        if last.count("(") + last.count("（") > last.count(")") + last.count("）"):
            return True  # a bracket left open goes on
        if TERMINAL.search(last):
            return False
        if self.mode in ("start", "title", "letter"):
            if line is not None and line.indented:
                return False  # title lines are centred: an indented line opens a paragraph
            if cur.lines <= 4 and (LETTER_TITLE.search(cur.text) or LETTER_ANNEX.search(cur.text)):
                return False
        if self.mode == "title" and line is not None:
            nxt = clean(line.text)
            if (
                nxt
                and last[-1].isascii()
                and last[-1].isalpha()
                and nxt[0].isascii()
                and nxt[0].isalpha()
                and width(last) >= TITLE_JOIN * self.full
            ):
                return True
        # entries of a list whose bullets were lost are short lines each
        return width(last) >= (0.8 if cur.lost_bullet else SHORT) * self.full

    def last_complete(self) -> bool:
        """Did the open block's last line end a sentence (so the next line may go on)?"""
        cur = self.cur
        return cur is None or not cur.last or bool(TERMINAL.search(cur.last))

    def anchor(self, base: str) -> str:
        if self.part == "annex" and self.annexes and base.startswith("p"):
            base = f"annex{self.annexes}-{base}"  # paragraph numbers restart in an annex
        anchor = base[:26]
        number = self.anchor_next.get(anchor, 2)
        while anchor in self.anchors:
            anchor = f"{base[:22]}-{number}"
            number += 1
        self.anchor_next[base[:26]] = number
        self.anchors.add(anchor)
        return anchor

    def section(self, below: int | None = None) -> str:
        levels = sorted(level for level in self.headings if below is None or level < below)
        return self.headings[levels[-1]] if levels else ""

    def next_position(self, position: int) -> int | None:
        """Where the next body line is (None at a footnote rule or the end)."""
        for index in range(position + 1, len(self.lines)):
            kind = self.lines[index].kind
            if kind == BODY:
                return index
            if kind == RULE:
                return None
        return None

    def next_body(self, position: int) -> Line | None:
        index = self.next_position(position)
        return None if index is None else self.lines[index]

    def heading_ahead(self, position: int) -> bool:
        """Is the line at `position` a subheading: short, unpunctuated, and followed by the
        start of a block (or by one more such line and then a block, `Core objectives` /
        `Police development` / `6. ...`)?"""
        text = clean(self.lines[position].text)
        if not self.short(text) or TERMINAL.search(text) or SOFT_END.search(text):
            return False
        following = self.next_position(position)
        if following is None or self.starts_block(self.lines[following]):
            return True
        text = clean(self.lines[following].text)
        if not self.short(text) or TERMINAL.search(text):
            return False
        after = self.next_position(following)
        return after is None or self.starts_block(self.lines[after])

    def starts_block(self, line: Line | None) -> bool:
        if line is None:
            return True
        text = fold(clean(line.text))
        return bool(
            line.indented
            or PARAGRAPH.match(text)
            or ITEM.match(text)
            or BULLET.match(text)
            or CJK_HEADING.match(text)
            or ROMAN_HEADING.match(text)
            or ANNEX.match(text)
        )

    # ----- blocks -----
    def open(self, kind: str, text: str, line: Line, number: str = "", level: int = 0):
        self.close()
        block = Block(
            kind=kind, text="", number=number, level=level, part=self.part, page=line.page
        )
        self.cur = _Open(block)
        if text:
            self.append(text, line, first=True)
        else:
            self.cur.lines = 1
        return self.cur

    def append(self, text: str, line: Line, first: bool = False, tight: bool = False):
        cur = self.cur
        text = clean(text)
        if not text:
            return
        previous = cur.last
        if cur.pieces and not first:
            cur.pieces.append("" if tight else glue(cur.tail, text, self.language))
        cur.pieces.append(text)
        # a line broken at a footnote marker is one printed line: judge its width as one
        cur.last = previous + text if previous and MARKER_END.search(previous) else text
        cur.closed = line.closed
        cur.lines += 1

    def close(self):
        cur, self.cur = self.cur, None
        if cur is None:
            return
        block = cur.block
        if block.kind == "table":
            block.text = "\n".join(cur.raw_lines)
        else:
            block.text = cur.text.strip()
        if block.kind == "pending":
            self.finish_unnumbered(cur)
        if block.text or block.number:
            self.place(block)
        self.flush_notes()

    def place(self, block: Block):
        if block.kind == "heading":
            for level in [lvl for lvl in self.headings if lvl >= block.level]:
                del self.headings[level]
            block.section = self.section(below=block.level)
            self.headings[block.level] = block.text
            self.counters["h"] += 1
            block.anchor = self.anchor(f"h{self.counters['h']}")
        else:
            block.section = self.section()
            if block.kind == "paragraph":
                block.anchor = self.anchor(f"p{block.number}")
                self.parent = block.anchor
                self.last_item = ""
            elif block.kind == "item":
                parent = self.parent or "i"
                if block.number.startswith("("):
                    block.anchor = self.anchor(f"{parent}-{block.number.strip('()')}")
                else:
                    count = self.bullets.get(parent, 0) + 1
                    self.bullets[parent] = count
                    block.anchor = self.anchor(f"{parent}-b{count}")
            elif block.kind == "table":
                self.counters["tbl"] += 1
                block.anchor = self.anchor(f"tbl{self.counters['tbl']}")
            elif block.kind == "footnote":
                block.anchor = self.anchor(f"fn{block.number}")
            else:
                self.counters["t"] += 1
                block.anchor = self.anchor(f"t{self.counters['t']}")
                self.parent = block.anchor
                self.last_item = ""
        if (block.kind == "paragraph" or block.level >= 1) and block.part != "letter":
            self.content_blocks += 1
        self.blocks.append(block)

    def finish_unnumbered(self, cur: _Open):
        """Decide what an unnumbered block is once all its lines are known."""
        block = cur.block
        text = block.text
        complete = bool(TERMINAL.search(text))
        block.kind = "text"
        if self.mode == "start":
            self.mode = "title"
            if LETTER_TITLE.search(text) and not LETTER_ANNEX.search(text):
                block.kind, block.level, block.part = "heading", 0, "letter"
                self.part = "letter"
                self.mode = "letter"
                self.result.letter_title = text
                return
        if LETTER_ANNEX.search(text) and self.mode in ("title", "letter"):
            self.part = block.part = "body"
            block.kind, block.level = "heading", 0
            self.mode = "title"
            return
        if self.mode == "signature":
            block.part = "letter"
            return
        if self.mode == "letter":
            block.part = "letter"
            if SIGNED.search(text):
                if SIGNED.match(text):  # "(Signed) Fodé Seck", then the signer's title lines
                    self.mode = "signature"
                    self.signature_lines = 0
                else:  # `乌切·乔伊·奥格武(签名)` ends the signature
                    self.part = "body"
                    self.mode = "title"
            return
        if self.mode == "title":
            if SESSION.match(text) or AGENDA.match(text):
                self.result.front.append(text)
                self.after_agenda = bool(AGENDA.match(text))
                return
            if self.after_agenda:
                self.after_agenda = False
                self.result.front.append(text)
                return
            if text in KNOWN_SECTIONS:
                block.kind, block.level = "heading", 1
                return
            if not complete and cur.lines <= 3 and width(text) < 2.5 * self.full:
                block.kind, block.level = "heading", 0
                if self.part != "letter" and not self.content_blocks:
                    self.result.titles.append(text)
                if self.part == "annex":
                    self.mode = "body"  # an annex has one title; what follows is its text
                return
            self.mode = "body"
            return
        if cur.lost_bullet:
            block.kind = "item"
            return
        # One line without final punctuation that the next line did not continue: a subheading.
        if not complete and cur.lines == 1 and width(text) < 0.95 * self.full:
            block.kind, block.level = "heading", 3
            self.known_headings.add(text)

    def end_title(self):
        self.close()
        if self.mode in ("start", "title"):
            self.mode = "body"
        if self.part == "letter":
            self.part = "body"

    # ----- the walk -----
    def build(self) -> BuildResult:
        for position, line in enumerate(self.lines):
            if line.kind == BREAK:
                # footnotes end with their page, unless the last one breaks off mid-sentence
                if self.in_footnotes and (self.footnote is None or self.note_ended()):
                    self.leave_footnotes()
                continue
            if line.kind == RULE:
                if self.mode == "table":
                    self.cur.raw_lines.append(line.text.rstrip())
                    continue
                self.in_footnotes = True
                self.close_footnote()
                continue
            if self.in_footnotes:
                if self.footnote_line(line, position):
                    continue
                self.leave_footnotes()
            self.body_line(line, position)
        self.close_footnote()
        self.close()
        self.result.blocks = self.blocks
        return self.result

    # ----- footnotes -----
    def close_footnote(self):
        note, self.footnote = self.footnote, None
        if note is None:
            return
        note.block.text = note.text.strip()
        note.block.section = self.section()
        note.block.anchor = self.anchor(f"fn{note.block.number}")
        # keep the interrupted body block open: put the note after it, before what follows
        self.pending_notes.append(note.block)

    def leave_footnotes(self):
        self.close_footnote()
        self.in_footnotes = False

    def note_ended(self) -> bool:
        note = self.footnote
        if note is None or not note.pieces:
            return False
        if self.has_closed:
            return note.closed
        return bool(_NOTE_END.search(note.last))

    def footnote_line(self, line: Line, position: int) -> bool:
        text = clean(line.text)
        folded = fold(text)
        match = _NOTE_START.match(folded)
        note = self.footnote
        if match:
            number = int(match.group(1))
            expected = self.last_footnote + 1
            lone = match.group(2) is None
            if (note is None or number == expected) and (not lone or self.next_body(position)):
                if note is not None and lone and not note.pieces:
                    pass
                else:
                    self.close_footnote()
                    self.last_footnote = number
                    block = Block(
                        kind="footnote",
                        text="",
                        number=match.group(1),
                        part=self.part,
                        page=line.page,
                    )
                    self.footnote = _Open(block)
                    if not lone:
                        rest = text[len(match.group(1)) :].strip()
                        self.footnote.pieces.append(rest)
                        self.footnote.last = rest
                        self.footnote.closed = line.closed
                    return True
        if note is None:
            return False
        if not note.pieces:
            note.pieces.append(text)
            note.last = text
            note.closed = line.closed
            return True
        if self.note_ended():
            return False  # the note ended: the body goes on (the next page)
        note.pieces.append(glue(note.tail, text, self.language))
        note.pieces.append(text)
        note.last = text
        note.closed = line.closed
        return True

    # ----- body lines -----
    def body_line(self, line: Line, position: int):
        text = clean(line.text)
        if not text:
            return
        folded = fold(text)

        if self.mode == "table" and (self.cur is None or self.cur.block.kind != "table"):
            self.mode = "body"
        if self.mode == "table":
            if ANNEX.match(folded):
                self.close()
            else:
                self.cur.raw_lines.append(line.text.rstrip())
                self.cur.lines += 1
                return

        if self.mode == "signature":
            self.signature_lines += 1
            if (
                TITLE_START.match(folded)
                or self.signature_lines > 3
                or width(text) >= 0.8 * self.full
            ):
                self.close()
                self.part = "body"
                self.mode = "title"

        cur = self.cur
        # a footnote marker left alone on its line: `报告` / `1` / `中提出的`
        if (
            _LONE_MARKER.fullmatch(folded)
            and cur is not None
            and cur.block.kind in ("paragraph", "text", "item", "pending")
            and self.mode not in ("letter", "start")
        ):
            cur.pieces.append(text)
            cur.last = cur.last + text
            return

        if ANNEX.match(folded) and self.last_complete_or_short():
            self.close()
            self.flush_notes()
            if self.content_blocks:
                self.part = "annex"
                self.annexes += 1
            else:
                self.part = "body"
            self.open("heading", text, line, level=1)
            self.mode = "title"
            return

        if self.mode in ("start", "title") or not self.wants_more(line):
            for pattern, level in ((CJK_HEADING, 1), (ROMAN_HEADING, 1), (LETTER_HEADING, 2)):
                match = pattern.match(folded)
                if match and not TERMINAL.search(folded) and width(text) < 1.2 * self.full:
                    self.end_title()
                    self.open(
                        "heading",
                        text[match.start("text") :],
                        line,
                        number=match.group("num"),
                        level=level,
                    )
                    return

        match = PARAGRAPH.match(folded)
        if match and self.accept_number(int(match.group("num")), match.group("text")):
            self.start_paragraph(match, text, line)
            return
        match = PARAGRAPH_NO_DOT.match(folded)
        if (
            match
            and int(match.group("num")) == self.expected
            and self.expected > 1
            and not self.wants_more(line)
            and (
                len(match.group("gap")) >= 2
                or (
                    is_wide(match.group("text")[0])
                    and match.group("text")[0] not in NOT_PARAGRAPH_AFTER_NUMBER
                )
            )
        ):
            self.start_paragraph(match, text, line)
            return

        match = ITEM.match(folded)
        if match and not self.wants_more(line) and self.item_expected(match.group("num")):
            self.end_title()
            self.open("item", text[match.start("text") :], line, number=f"({match.group('num')})")
            self.last_item = match.group("num")
            return
        match = BULLET.match(folded)
        if match:
            self.end_title()
            self.open("item", text[match.start("text") :], line, number=match.group("num"))
            return

        if self.table_header(folded) and (self.mode == "title" or not self.wants_more(line)):
            self.close()
            self.flush_notes()
            self.open("table", "", line)
            self.cur.raw_lines.append(line.text.rstrip())
            self.mode = "table"
            return

        if self.continues(line, position):
            self.append(text, line)
            return
        list_context = self.list_context(line)
        self.open("pending", text, line).lost_bullet = list_context

    def flush_notes(self):
        for block in self.pending_notes:
            self.blocks.append(block)
        self.pending_notes = []

    def last_complete_or_short(self) -> bool:
        return not self.wants_more()

    def start_paragraph(self, match, text: str, line: Line):
        number = int(match.group("num"))
        if number != self.expected and number != 1:
            self.warnings.append(
                f"paragraph {number} follows paragraph {self.expected - 1} (page {line.page})"
            )
        self.expected = number + 1
        self.end_title()
        self.open("paragraph", text[match.start("text") :], line, number=str(number))

    def accept_number(self, number: int, rest: str) -> bool:
        if number == self.expected:
            return True
        if self.wants_more() or not rest.strip():
            return False
        if number == 1:
            return True
        return self.expected < number <= self.expected + 10

    def item_expected(self, label: str) -> bool:
        if label in ("a", "i"):
            return True
        previous = self.last_item
        if not previous:
            return False
        if len(label) == 1 and len(previous) == 1 and label.isalpha():
            if ord(label) == ord(previous) + 1:
                return True
        romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
        if (
            previous in romans
            and label in romans
            and romans.index(label) == romans.index(previous) + 1
        ):
            return True
        return False

    def table_header(self, folded: str) -> bool:
        if self.part != "annex":
            return False
        if SCHEDULE_ROW.match(folded):
            return True
        tokens = folded.split()
        if not 3 <= len(tokens) <= 8:
            return False
        for token in tokens:
            if width(token) > 10 or _NOT_TABLE_WORD.search(token):
                return False
            if token.isascii() and not token[0].isupper():
                return False  # "Date Briefers Topic", not "Risks and challenges"
        return True

    def continues(self, line: Line, position: int) -> bool:
        cur = self.cur
        if cur is None:
            return False
        if clean(line.text) in self.known_headings and cur.block.kind != "table":
            return False  # a subheading seen before (one per meeting, say)
        if self.wants_more(line):
            return True
        if cur.closed:
            return False
        if not self.last_complete():
            return False  # a short line without final punctuation: a heading or signature
        if cur.block.kind == "heading":
            return False
        text = clean(line.text)
        if line.indented:
            return False
        if self.list_context(line):
            return False
        if self.mode in ("letter", "title") and self.short(text) and not TERMINAL.search(text):
            return False
        following = self.next_body(position)
        if self.heading_ahead(position):
            return False
        if (
            self.short(text)
            and COLON_END.search(text)
            and following is not None
            and following.indented
        ):
            return False
        return True

    def list_context(self, line: Line) -> bool:
        """Is this line an entry of a list whose bullets were lost? Indented lines after a
        lead-in ending in a colon, or short unindented lines there (a list of names)."""
        cur = self.cur
        if cur is None or self.mode != "body":
            return False
        in_list = cur.lost_bullet or bool(COLON_END.search(cur.last))
        if line.indented:
            return in_list or cur.block.kind == "item"
        # where indentation is kept it marks the entries; without it, short lines do
        return in_list and not self.indenting and width(clean(line.text)) < 0.8 * self.full


def build_blocks(lines: list[Line], language: str) -> BuildResult:
    builder = Builder(lines, language)
    result = builder.build()
    builder.flush_notes()
    result.blocks = builder.blocks
    return result
