"""What the block builder (ingest.parsers.blocks.Builder) does with each line: a body
line opens or continues a paragraph, item, heading or table; lines after a footnote rule
are footnotes until the body resumes. A mixin: the state lives on the Builder."""

from __future__ import annotations

from .block_text import (
    _LONE_MARKER,
    _NOT_TABLE_WORD,
    _NOTE_END,
    _NOTE_MARK,
    _NOTE_START,
    AMOUNT_ROW,
    ANNEX,
    BULLET,
    CJK_HEADING,
    COLON_END,
    FIGURE_ROWS,
    FIGURES_ROW,
    ITEM,
    LETTER_HEADING,
    MARKER_END,
    NOT_PARAGRAPH_AFTER_NUMBER,
    PARAGRAPH,
    PARAGRAPH_NO_DOT,
    ROMAN_HEADING,
    ROW_WIDTH,
    SCHEDULE_ROW,
    SHORT,
    SOFT_END,
    TERMINAL,
    TITLE_START,
    _Open,
    clean,
    glue,
    is_wide,
    width,
)
from .furniture import Line
from .symbols import fold
from .types import Block


class LineRules:
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
        self.in_footnotes = self.in_endnotes = False

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
        if not match and self.other_marker(folded, line, position):
            return True
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

    def other_marker(self, folded: str, line: Line, position: int) -> bool:
        """A note with a marker other than a number (`a Including the Force Commander.`,
        `* Reissued ...`, `a/ Comprises ...`): opens a footnote."""
        match = _NOTE_MARK.match(folded)
        if not match:
            return False
        marker = match.group(1) or match.group(2)
        rest = match.group(3)
        if rest is None and not self.next_body(position):
            return False
        if self.footnote is not None and self.footnote.pieces and not self.note_ended():
            return False  # a line of the open note that happens to start with `a`
        self.close_footnote()
        if marker.isdigit():
            self.last_footnote = int(marker)
        self.footnote = _Open(
            Block(kind="footnote", text="", number=marker, part=self.part, page=line.page)
        )
        if rest:
            self.footnote.pieces.append(rest)
            self.footnote.last = rest
            self.footnote.closed = line.closed
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
            if ANNEX.match(folded) or self.figures_end(folded, text):
                self.close()
                self.mode = "body"
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

        if self.amount_rows_start(folded, position):
            # numbered lines with amounts (a cost table's lines 1-19) are rows, not paragraphs
            self.start_table(line)
            return

        match = PARAGRAPH.match(folded)
        if match and self.numbered_heading(match.group("text"), line):
            # `1. Military component` inside a section: a heading, and the paragraph count
            # goes on (paragraphs are numbered through the whole report)
            self.end_title()
            self.open(
                "heading", text[match.start("text") :], line, number=match.group("num"), level=3
            )
            return
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

        if (
            self.table_header(folded)
            and (
                self.mode == "title"
                or not self.wants_more(line)
                or self.figure_rows_follow(position)
            )
            and not self.paragraph_follows(position)
        ):
            self.start_table(line)
            return
        if self.figure_table_starts(folded, text, position):
            self.start_table(line)
            self.cur.figures = True
            return

        if self.continues(line, position):
            self.append(text, line)
            return
        list_context = self.list_context(line)
        self.open("pending", text, line).lost_bullet = list_context

    def start_table(self, line):
        """End what was open and begin a table with this line as its first row."""
        self.close()
        self.flush_notes()
        self.open("table", "", line)
        self.cur.raw_lines.append(line.text.rstrip())
        self.mode = "table"

    def flush_notes(self):
        for block in self.pending_notes:
            self.blocks.append(block)
        self.pending_notes = []

    def last_complete_or_short(self) -> bool:
        return not self.wants_more()

    def numbered_heading(self, rest: str, line: Line) -> bool:
        """Is `N. text` a numbered sub-heading rather than paragraph N? A heading is one
        short line of Latin script without final punctuation, starting with a capital
        (`1. Military component`, `2. Support for justice`); a paragraph's first line is
        a full line, or a sentence that ends."""
        rest = rest.strip()
        if not rest or not rest[0].isascii() or not rest[0].isupper():
            return False
        if TERMINAL.search(rest) or SOFT_END.search(rest) or MARKER_END.search(rest):
            return False
        if self.mode in ("start", "letter", "signature") or self.wants_more(line):
            return False
        return width(rest) < SHORT * self.full

    def start_paragraph(self, match, text: str, line: Line):
        number = int(match.group("num"))
        if number != self.expected and (number != 1 or self.part != "annex"):
            # a gap, a repeat or a restart of the count: the admin is told, never silent
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

    def amount_rows_start(self, folded: str, position: int) -> bool:
        """Do this line and the next two read as numbered rows with amounts? In an annex
        only, as tables are (a paragraph that ends on a figure is one line, not three)."""
        if self.part != "annex" or not AMOUNT_ROW.match(folded):
            return False
        if self.cur is not None and self.cur.block.kind == "table":
            return False
        index = position
        for _ in range(2):
            index = self.next_position(index)
            if index is None or not AMOUNT_ROW.match(fold(clean(self.lines[index].text))):
                return False
        return True

    def figure_rows_follow(self, position: int, rows: int = 2) -> bool:
        """Are the next `rows` lines a table's rows of names and figures? Then a column
        header line (`Country Women Men`) starts a table even after a line that reads
        unfinished (the header spanning the columns: `Formed police unit members`)."""
        index = position
        for _ in range(rows):
            index = self.next_position(index)
            if index is None or not self.figure_row(clean(self.lines[index].text)):
                return False
        return True

    def figure_row(self, text: str) -> bool:
        return width(text) < ROW_WIDTH * self.full and bool(FIGURES_ROW.match(fold(text)))

    def figures_end(self, folded: str, text: str) -> bool:
        """Does a table of names and figures end before this line? Its rows are short;
        the text resumes with a line of text's width or the paragraph the count expects.
        (A table with column heads goes on to the end of its annex, as before.)"""
        if not self.cur.figures or self.figure_row(text):
            return False
        match = PARAGRAPH.match(folded)
        if match and int(match.group("num")) == self.expected:
            return True
        return width(text) >= ROW_WIDTH * self.full

    def figure_table_starts(self, folded: str, text: str, position: int) -> bool:
        """Does a table of names and figures start at this line, though no column heads
        of capitalized words announce it (`Country Military observers`, or none)? It
        does where this line and the two after it are such rows, or where this short
        line without a stop has three such rows after it (it is their column heads).
        In the body as in an annex: the reports of the 1990s list a mission's
        composition in the body (`Engineers (Canada) 85`)."""
        if self.cur is not None and self.cur.block.kind == "table":
            return False
        if self.figure_row(text):
            return self.figure_rows_follow(position)
        if width(text) >= SHORT * self.full or TERMINAL.search(text) or SOFT_END.search(text):
            return False
        if not text[:1].isupper() or len(folded.split()) > 8:
            return False
        return self.figure_rows_follow(position, FIGURE_ROWS)

    def paragraph_follows(self, position: int) -> bool:
        """Is the next line the paragraph the count expects? Then this short line of
        capitalized words (`Kosovo Protection Corps`) is a subheading, not a table's
        column heads: a table's first row follows its heads, not paragraph 100."""
        following = self.next_body(position)
        if following is None:
            return False
        match = PARAGRAPH.match(fold(clean(following.text)))
        return bool(match) and int(match.group("num")) == self.expected and self.expected > 1

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
