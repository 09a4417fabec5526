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

from .block_lines import LineRules
from .block_text import (  # noqa: F401 (TERMINAL and BuildResult are imported from here)
    _NOTE_MARK,
    _NOTE_START,
    AGENDA,
    ANNEX,
    BULLET,
    CJK_HEADING,
    ITEM,
    KNOWN_SECTIONS,
    KNOWN_TITLE_ENDS,
    LETTER_ANNEX,
    LETTER_HEADING_START,
    LETTER_TITLE,
    MARKER_END,
    PARAGRAPH,
    ROMAN_HEADING,
    SESSION,
    SHORT,
    SIGNED,
    SOFT_END,
    TERMINAL,
    TITLE_JOIN,
    BuildResult,
    _Open,
    clean,
    glue,
    width,
)
from .furniture import BODY, BREAK, FIGURE, RULE, Line
from .symbols import fold
from .types import Block

# The heading over the endnotes of a typescript of the 1990s (notes `1/`, `2/` at the end
# of the report or of an annex, not at the foot of each page).
ENDNOTE_HEADINGS = {"notes", "note", "注", "注释"}


class Builder(LineRules):
    def __init__(self, lines: list[Line], language: str):
        self.lines = [line for line in lines if line.kind in (BODY, RULE, BREAK, FIGURE)]
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
        self.counters = {"h": 0, "t": 0, "tbl": 0, "fig": 0}
        self.headings: dict[int, str] = {}
        self.parent = ""  # anchor of the paragraph that items and bullets belong to
        self.last_item = ""
        self.bullets: dict[str, int] = {}
        self.footnote: _Open | None = None
        self.in_footnotes = False
        # Figures met while a paragraph broke off mid-sentence: placed after it (a map
        # page between the two halves of a paragraph does not cut it in two).
        self.held_figures: list[Block] = []
        self.in_endnotes = False  # notes under a `Notes` heading: they go on past a page
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
            if line is not None and line.indented and not self.wrapped_title(line):
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
        if line is not None and self.wrapped_title(line):
            return True
        # entries of a list whose bullets were lost are short lines each
        return width(last) >= (0.8 if cur.lost_bullet else SHORT) * self.full

    def wrapped_title(self, line: Line) -> bool:
        """Is `line` the next line of a Latin-script title block (centred lines, so each
        one indented)? The title of a UN report may take several printed lines: a line
        naming the mission above "Report of the Secretary-General", a wrapped upper-case
        title, "Addendum", a period in brackets. It ends at a section heading
        ("INTRODUCTION", "I. ..."), a numbered paragraph or a finished sentence."""
        cur = self.cur
        if self.mode not in ("start", "title") or cur is None or cur.block.kind != "pending":
            return False
        if cur.lines > 5 or self.content_blocks or self.part == "annex":
            return False  # only the document's own title block, on page 1
        last, nxt = cur.last, clean(line.text)
        if not last or not nxt or TERMINAL.search(last) or TERMINAL.search(nxt):
            return False
        if not (last[-1].isascii() and nxt[0].isascii()):
            return False  # Chinese title blocks: the subject line is the title
        folded = fold(nxt)
        if nxt.lower() in KNOWN_TITLE_ENDS or self.starts_block_text(folded):
            return False
        if nxt[0] == "(":
            return nxt.endswith(")")
        return nxt[0].isalpha() and width(nxt) < 1.2 * self.full

    def starts_block_text(self, folded: str) -> bool:
        return bool(
            PARAGRAPH.match(folded)
            or ITEM.match(folded)
            or BULLET.match(folded)
            or ROMAN_HEADING.match(folded)
            or ANNEX.match(folded)
            or LETTER_HEADING_START.match(folded)
        )

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

    def figure(self, line: Line):
        """A map or chart: its words are one figure block, outside the paragraph count;
        the text around it goes on after it (a paragraph it broke off mid-sentence is
        placed whole, the figure after it)."""
        if self.in_footnotes:
            self.leave_footnotes()
        cur, held = self.cur, self.held_figures
        broken_off = self.mode == "body" and self.wants_more()
        if cur is not None and cur.block.kind != "table" and (held or broken_off):
            # a paragraph broken off mid-sentence by a map page goes on after it
            if not _join_figure(held, line):
                held.append(Block("figure", clean(line.text), part=self.part, page=line.page))
            return
        self.close()
        if _join_figure(self.blocks, line):
            return
        if self.mode in ("start", "title", "table"):
            self.mode = "body"
        self.open("figure", line.text, line)
        self.close()  # the next line opens a block of its own

    def endnotes_start(self, line: Line, position: int) -> bool:
        """Is the line the heading of a typescript's endnotes: `Notes` over notes marked
        `1/`, `2/` (or `a/`), at the end of a part?"""
        if self.mode != "body" or clean(line.text).rstrip(":").lower() not in ENDNOTE_HEADINGS:
            return False
        following = self.next_body(position)
        match = following is not None and _NOTE_MARK.match(fold(clean(following.text)))
        return bool(match and match.group(2))

    def notes_follow(self, position: int) -> bool:
        """Does a note (`a Including ...`, `1 See ...`, `* ...`) start the line after
        the rule at `position`?"""
        for index in range(position + 1, len(self.lines)):
            line = self.lines[index]
            if line.kind == BODY:
                folded = fold(clean(line.text))
                return bool(_NOTE_MARK.match(folded) or _NOTE_START.match(folded))
            if line.kind == BREAK:
                return False
        return False

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
        held, self.held_figures = self.held_figures, []
        for figure in held:
            self.place(figure)

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
            elif block.kind == "figure":
                self.counters["fig"] += 1
                block.anchor = self.anchor(f"fig{self.counters['fig']}")
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
            if text in KNOWN_SECTIONS or text.lower() in KNOWN_TITLE_ENDS:
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
                # (endnotes go on over the page)
                ended = self.footnote is None or self.note_ended()
                if self.in_footnotes and ended and not self.in_endnotes:
                    self.leave_footnotes()
                continue
            if line.kind == RULE:
                if self.mode == "table":
                    if not self.notes_follow(position):
                        self.cur.raw_lines.append(line.text.rstrip())
                        continue
                    # the table's notes (`a Including ...`) follow the rule: the table ends
                    self.close()
                    self.mode = "body"
                self.in_footnotes = True
                self.close_footnote()
                continue
            if line.kind == FIGURE:
                self.figure(line)
                continue
            if not self.in_footnotes and self.endnotes_start(line, position):
                self.close()  # the heading itself is the notes' rule
                self.in_footnotes = self.in_endnotes = True
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


def build_blocks(lines: list[Line], language: str) -> BuildResult:
    builder = Builder(lines, language)
    result = builder.build()
    builder.flush_notes()
    result.blocks = builder.blocks
    return result


def _join_figure(blocks: list[Block], line: Line) -> bool:
    """Add the line to the last block if it is a figure of the same page (a map's
    labels come as many lines); False where the line starts a figure of its own."""
    last = blocks[-1] if blocks else None
    if last is None or last.kind != "figure" or last.page != line.page:
        return False
    last.text = f"{last.text} {clean(line.text)}".strip()
    return True
