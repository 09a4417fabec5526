"""Footnote markers in the text, linked to their notes and back.

The parser keeps a marker as the text printed it: `1/` or `a/` after a space in the
typescripts of the 1990s (`provisions; 1/ noted that`), and a number glued to the word
or the stop before it where print set it as a superscript (`food insecurity.1 A total`).
A marker is linked only where a note of that number is on the same page of the text, to
the first such note after it (notes follow the text that cites them: at the foot of its
page, or at the end of its part). Never a marker: a number after a digit and its stop
(`2.26 million`, `1,500`), after an abbreviation (`Corr.1`, `para.3`), inside a symbol,
or after a Chinese character (`，4 个会员国` counts member States: Chinese text keeps
numbers apart by spaces, and which of them was a superscript is not known).
"""

import re
from dataclasses import dataclass, field

from ingest.parsers.symbols import find_symbols

from ..links import escape, link_symbols

# `1/`, `a/` after a space or an opening bracket, before a space or a stop.
_SLASH_MARK = re.compile(r"(?:(?<=[\s(])|^)(\d{1,3}|[a-z])/(?=[\s.,;:)]|$)")
# A number glued to a lower-case letter or a closing stop, before a space, a stop or the
# end.
_GLUED_MARK = re.compile(r"(?<=[a-z.,;:)\]”’\"])(?<!\d[.,])(\d{1,3})(?=[\s.,;:)]|$)")
# Words shortened with a stop before a number (`Add.1`, `para.3`, `No.5`).
_ABBREVIATED = re.compile(
    r"\b(?:add|corr|rev|amend|para|paras|no|nos|art|p|pp|vol|chap|sect|fig|op)\.$", re.I
)


def _outside_symbols(text: str, marks: list) -> list:
    """The marks not inside a symbol of the text (`S/2018/1` ends on no marker), in
    order; both walked once."""
    spans = [(found.start, found.end) for found in find_symbols(text)]
    kept, index = [], 0
    for mark in sorted(marks):
        while index < len(spans) and spans[index][1] <= mark[0]:
            index += 1
        if index < len(spans) and spans[index][0] <= mark[0]:
            continue
        kept.append(mark)
    return kept


@dataclass
class NoteLinks:
    """The notes of one page of text, by number, and which were cited (for the links
    back from each note)."""

    by_number: dict[str, list[tuple[int, str]]]  # number -> [(position, anchor)]
    positions: dict[int, int] = field(default_factory=dict)  # id(row) -> its place
    cited: set[str] = field(default_factory=set)  # anchors of the notes a marker links to

    @classmethod
    def for_rows(cls, rows) -> "NoteLinks":
        by_number: dict[str, list[tuple[int, str]]] = {}
        for position, row in enumerate(rows):
            if row.kind == "footnote" and row.number:
                by_number.setdefault(row.number, []).append((position, row.anchor))
        return cls(by_number, {id(row): position for position, row in enumerate(rows)})

    def target(self, number: str, position: int) -> str | None:
        """The anchor of the note a marker at `position` cites: the first of its number
        after it, else the last before it."""
        notes = self.by_number.get(number)
        if not notes:
            return None
        after = [anchor for at, anchor in notes if at > position]
        return after[0] if after else notes[-1][1]

    def html(self, text: str, row=None):
        """`text` (of `row`, one of the rows given) as HTML, symbols and note markers
        linked (link_symbols escapes)."""
        if not self.by_number:
            return link_symbols(text)
        marks = []
        for match in _SLASH_MARK.finditer(text):
            marks.append((match.start(1), match.end(), match.group(1), False))
        for match in _GLUED_MARK.finditer(text):
            if not _ABBREVIATED.search(text, max(0, match.start() - 8), match.start()):
                marks.append((match.start(1), match.end(1), match.group(1), True))
        if not marks:
            return link_symbols(text)
        position = self.positions.get(id(row), 0)
        out, last = [], 0
        for start, end, number, raised in _outside_symbols(text, marks):
            anchor = self.target(number, position)
            if anchor is None or start < last:
                continue
            out.append(link_symbols(text[last:start]))
            ref = ""
            if anchor not in self.cited:
                self.cited.add(anchor)
                ref = f' id="ref-{escape(anchor)}"'
            link = f'<a class="noteref"{ref} href="#{escape(anchor)}">{escape(text[start:end])}</a>'
            out.append(f"<sup>{link}</sup>" if raised else link)
            last = end
        out.append(link_symbols(text[last:]))
        return "".join(out)

    def back(self, anchor: str, label: str) -> str:
        """The link from a note back to where the text first cites it, or ""."""
        if anchor not in self.cited:
            return ""
        return f' <a class="backref" href="#ref-{escape(anchor)}" title="{escape(label)}">↩</a>'
