"""Meetings of the Working Group, as a report or a concept note tells them.

A report has a section headed `二. 会议` / `二. 工作组会议` / "Meetings" with one lettered
subsection per meeting (`A. 第一次实质性会议`, `A. 在维持和平行动中使用技术`); the first
paragraph dates it (`6 月 29 日，...举行会议`, `工作组于 2011 年 8 月 24 日举行了第一次实质性会议`)
and names the concept note (`概念说明(S/2016/1019)`) and the briefers. An annex table
(`日期 通报人 主题`) may list the meetings again, with the briefers' names. A concept note
is about one meeting: its date, ordinal and theme are in the letter and the title.
"""

from __future__ import annotations

import datetime as dt
import re

from . import annex_table
from .briefers import briefer_key, clean_text, find_briefers, mentions_briefing
from .dates import find_dates
from .numerals import NUMERAL_CHARS, count_before, find_ordinal
from .symbols import find_symbols
from .types import Block, ParsedBriefer, ParsedDocument, ParsedMeeting

_MEETING_WORDS = tuple(
    "会议 讨论会 专题讨论 专题辩论 辩论会 对话会 meeting discussion debate".split()
)
_HOLD_WORDS = tuple("举行 举办 召开 组织了 主持 held convened hosted organized".split()) + (
    "met with",
    "met on",
)
_SECTION_WORDS = ("会议", "meetings", "activities of the working group")
_CONCEPT_NOTE = re.compile(r"概念说明|概念文件|concept note|concept paper", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,200})[”\"」]")
_SENTENCE_END = re.compile(r"(?<=[。；！？])|(?<=[.;!?])\s+(?=[A-Z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|St|No|Nos|para|paras|Gen|Col|Lt|Maj|Prof)|\b[A-Z])\.$"
)
_NUMBER_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d+)\s*[.．、]\s*")
_TEXT_KINDS = ("paragraph", "text", "item")
_GROUP_DOCUMENTS = ("report", "letter", "other", "")
_INSTRUMENT_AFTER_DATE = re.compile(
    r"^\s*(?:的|通过的|发表的)?\s*(?:安全理事会|安理会|大会|秘书长)?\s*"
    r"(?:主席声明|主席说明|决议|报告|信|说明|声明)"
    r"|^\s*\)?\s*(?:presidential statement|resolution|report|letter|note by)",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """Sentences of a block: split after 。；！？ and after an English full stop (not after Mr.)."""
    result: list[str] = []
    for piece in _SENTENCE_END.split(clean_text(text)):
        if not piece or not piece.strip():
            continue
        if result and _ABBREVIATION.search(result[-1]):
            result[-1] = f"{result[-1]} {piece}"
        else:
            result.append(piece)
    return result


def heading_text(block: Block) -> str:
    """A heading without its number: `A. 在维持和平行动中使用技术` -> `在维持和平行动中使用技术`."""
    return _NUMBER_PREFIX.sub("", clean_text(block.text)).strip()


def meeting_kind(text: str) -> str:
    lowered = text.lower()
    if "组织会议" in text or "organizational meeting" in lowered:
        return "organizational"
    if "实质性会议" in text or "substantive meeting" in lowered:
        return "substantive"
    if re.search(r"专题|讨论会|thematic", text, re.IGNORECASE):
        return "thematic"
    if re.search(
        r"与[^，。；]{0,20}(?:部队|警察)[^，。；]{0,8}派遣国[^，。；]{0,12}(?:举行|召开)", text
    ) or re.search(r"with (?:the )?troop[- ]", lowered):
        return "tcc"
    if re.search(r"会议[，,]\s*讨论|讨论", text) or "discuss" in lowered:
        return "thematic"
    return "other"


def is_meeting_sentence(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(w in lowered for w in _MEETING_WORDS) and any(w in lowered for w in _HOLD_WORDS)


class _Calendar:
    """Years for dates printed without one: from the report period, else the letter date."""

    def __init__(self, doc: ParsedDocument, report: bool = True):
        self.start = doc.period_start
        self.end = doc.period_end
        self.date = doc.date
        self.report = report  # a report follows its meetings; a concept note may precede its one

    def dates(self, text: str) -> list[tuple[int, dt.date | None]]:
        """(end position, date) of each day-precise date in `text`; None if no year is known."""
        found = []
        for match in find_dates(text, default_year=2000):
            value = (
                match.date
                if match.explicit_year
                else self.resolve(match.date.month, match.date.day)
            )
            found.append((match.end, value))
        return found

    def resolve(self, month: int, day: int) -> dt.date | None:
        if self.start and self.end:
            for year in range(self.start.year, min(self.end.year, self.start.year + 5) + 1):
                value = _date(year, month, day)
                if value and self.start <= value <= self.end:
                    return value
        if self.start:
            return _date(self.start.year, month, day)
        if self.date:
            value = _date(self.date.year, month, day)
            if value and self.report and value > self.date:
                value = _date(self.date.year - 1, month, day)
            return value
        return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None


def _concept_note_symbol(text: str) -> str:
    for match in _CONCEPT_NOTE.finditer(text):
        window = text[match.end() : match.end() + 40]
        symbols = find_symbols(window)
        if symbols and symbols[0].start < 12:
            return symbols[0].symbol
    return ""


def merge_briefers(groups: list[list[ParsedBriefer]]) -> list[ParsedBriefer]:
    """One briefer per person (by briefer_key), first group's order first; the longer role and
    a non-empty honorific win."""
    merged: dict[str, ParsedBriefer] = {}
    for group in groups:
        for briefer in group:
            key = briefer_key(briefer.name)
            if not key:
                continue
            known = merged.get(key)
            if known is None:
                merged[key] = ParsedBriefer(briefer.name, briefer.role, briefer.honorific)
                continue
            if len(briefer.role) > len(known.role):
                known.role = briefer.role
            if not known.honorific:
                known.honorific = briefer.honorific
    return list(merged.values())


# --- Reports --------------------------------------------------------------------------


def _heading_level(block: Block) -> int:
    """1 for a Roman-numbered section, 2 for a lettered subsection; 0 for a title."""
    return block.level if isinstance(block.level, int) and block.level > 0 else 0


def _meetings_section(blocks: list[Block]) -> list[Block] | None:
    """Blocks of the section headed like `二. 会议`, or None."""
    for index, block in enumerate(blocks):
        if block.kind != "heading" or _heading_level(block) != 1:
            continue
        title = heading_text(block).lower()
        if re.search(r"第\s*\S{1,6}\s*届会议|session", title):
            continue  # 第六十二届会议 is the Assembly's session, not the Group's meetings
        if any(word in title for word in _SECTION_WORDS) and len(title) <= 30:
            end = next(
                (
                    j
                    for j in range(index + 1, len(blocks))
                    if blocks[j].kind == "heading" and _heading_level(blocks[j]) <= 1
                ),
                len(blocks),
            )
            return blocks[index:end]
    return None


def _groups(section: list[Block], strict: bool) -> list[list[Block]]:
    """One group per lettered subsection; without subsections, one per dated meeting paragraph.
    `strict` (no meetings section): only sentences naming the Working Group start a meeting."""
    groups: list[list[Block]] = [[]]
    subsections = any(b.kind == "heading" and _heading_level(b) == 2 for b in section)
    for block in section:
        starts = (
            block.kind == "heading" and _heading_level(block) == 2
            if subsections
            else block.kind in _TEXT_KINDS
            and any(
                is_meeting_sentence(s) and (not strict or _names_the_group(s))
                for s in sentences(block.text)
            )
        )
        if starts:
            groups.append([])
        groups[-1].append(block)
    return groups


_ORDINAL = re.compile(
    rf"(第\s*[0-9{NUMERAL_CHARS}]{{1,4}}\s*次)(?=[^，。；]{{0,20}}?(?:会议|专题|讨论|辩论|对话))"
)
_EN_ORDINALS = {
    w: n
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(),
        1,
    )
}


def meeting_ordinal(sentence: str) -> int | None:
    """`举行了第一次实质性会议` -> 1, `本年度第六次专题讨论` -> 6; not the Council's
    `安理会第 4270 次会议`. English: "the first substantive meeting"."""
    for match in _ORDINAL.finditer(sentence):
        if not re.search(r"(安理会|安全理事会|大会|理事会)\s*$", sentence[: match.start(1)]):
            return find_ordinal(match.group(1))
    match = re.search(
        r"\b(" + "|".join(_EN_ORDINALS) + r")\s+(?:\w+\s+){0,2}(?:meeting|discussion|debate)",
        sentence,
        re.IGNORECASE,
    )
    return _EN_ORDINALS[match.group(1).lower()] if match else None


_THEME = re.compile(r"(?:题为|主题为|就|关于)\s*[“\"「]([^”\"」]{2,120})[”\"」]")
_ABOUT = re.compile(r"关于([^，。；“”]{2,60}?)的(?:专题讨论|讨论会|专题会议|专题辩论)")


def sentence_topic(sentence: str) -> str:
    """The theme a meeting sentence states: `题为“...”`, `就“...”的主题`, `关于...的专题讨论会`."""
    match = _THEME.search(sentence) or _ABOUT.search(sentence)
    return match.group(1).strip() if match else ""


def _names_the_group(sentence: str) -> bool:
    return "工作组" in sentence or "working group" in sentence.lower()


def meeting_date(sentence: str, calendar: _Calendar) -> dt.date | None:
    """The date a meeting sentence gives, passing over dates of instruments it cites
    (`2014 年 11 月 19 日主席声明`, `2001 年 1 月 31 日通过的`)."""
    for end, value in calendar.dates(sentence):
        following = sentence[end : end + 30]
        if value and not _INSTRUMENT_AFTER_DATE.search(following):
            return value
    return None


def _opening_date(block: Block, calendar: _Calendar, strict: bool) -> dt.date | None:
    """The meeting date a paragraph opens with (`11 月 30 日，工作组主席...举行了第二次会议`)."""
    if block.kind not in _TEXT_KINDS:
        return None
    first = next(iter(sentences(block.text)), "")
    if is_meeting_sentence(first) and (not strict or _names_the_group(first)):
        return meeting_date(first, calendar)
    return None


def _split_group(group: list[Block], calendar: _Calendar, strict: bool) -> list[list[Block]]:
    """A subsection that reports two meetings (two paragraphs opening with two dates): two parts."""
    parts: list[list[Block]] = [[]]
    current: dt.date | None = None
    for block in group:
        date = _opening_date(block, calendar, strict)
        if date and current and date != current:
            parts.append([])
        current = date or current
        parts[-1].append(block)
    return parts


def _group_meetings(group: list[Block], calendar: _Calendar, strict: bool) -> list[ParsedMeeting]:
    heading = next((b for b in group if b.kind == "heading" and _heading_level(b) == 2), None)
    title = heading_text(heading) if heading else ""
    found = []
    for part in _split_group(group, calendar, strict):
        meeting = _group_meeting(part, calendar, strict, title)
        if meeting is not None:
            found.append(meeting)
    return found


def _group_meeting(
    group: list[Block], calendar: _Calendar, strict: bool, title: str
) -> ParsedMeeting | None:
    date: dt.date | None = None
    found_sentence = ""
    briefers: list[ParsedBriefer] = []
    concept_note = ""
    for block in group:
        if block.kind not in _TEXT_KINDS:
            continue
        concept_note = concept_note or _concept_note_symbol(clean_text(block.text))
        for sentence in sentences(block.text):
            if (
                not found_sentence
                and is_meeting_sentence(sentence)
                and (not strict or _names_the_group(sentence))
            ):
                date = meeting_date(sentence, calendar)
                if date:
                    found_sentence = sentence
            if mentions_briefing(sentence):
                briefers.extend(find_briefers(sentence))
    if not found_sentence:
        if strict or not (title and any(word in title.lower() for word in _MEETING_WORDS)):
            return None
        found_sentence = title
    generic = bool(re.search(r"(会议|meeting)$", title, re.IGNORECASE))
    kind = meeting_kind(title + " " + found_sentence)
    if kind == "other" and concept_note:
        kind = "thematic"
    return ParsedMeeting(
        date=date,
        kind=kind,
        ordinal=meeting_ordinal(found_sentence),
        title=title,
        topic=sentence_topic(found_sentence) if generic or not title else title,
        concept_note=concept_note,
        briefers=merge_briefers([briefers]),
        anchors=[b.anchor for b in group if b.anchor],
    )


def _organizational(blocks: list[Block], meetings: list[ParsedMeeting]) -> list[ParsedMeeting]:
    """Organizational meetings the report counts without dating them (`一次组织会议`)."""
    if any(m.kind == "organizational" for m in meetings):
        return []
    for block in blocks:
        if block.kind not in _TEXT_KINDS:
            continue
        text = clean_text(block.text)
        count = count_before(text, "组织会议")
        if count is None:
            match = re.search(
                r"\b(one|two|three|an|a)\s+organizational meetings?", text, re.IGNORECASE
            )
            if match:
                count = {"one": 1, "an": 1, "a": 1, "two": 2, "three": 3}[match.group(1).lower()]
        if count:
            return [
                ParsedMeeting(
                    date=None, kind="organizational", anchors=[block.anchor] if block.anchor else []
                )
                for _ in range(min(count, 12))
            ]
    return []


def _apply_tables(blocks: list[Block], meetings: list[ParsedMeeting], calendar: _Calendar) -> None:
    """Briefers' names and topics from an annex table, merged into the meetings of the same date."""
    for block in blocks:
        if not annex_table.is_meeting_table(block.text or ""):
            continue
        for row in annex_table.parse_table(block.text):
            date = (
                _date(row.year, row.month, row.day)
                if row.year
                else calendar.resolve(row.month, row.day)
            )
            if date is None:
                continue
            meeting = next((m for m in meetings if m.date == date), None)
            if meeting is None:
                meeting = ParsedMeeting(
                    date=date, kind=meeting_kind(row.topic) if row.topic else "other"
                )
                meetings.append(meeting)
            meeting.briefers = merge_briefers([row.briefers, meeting.briefers])
            if not meeting.topic:
                meeting.topic = row.topic
            if block.anchor and block.anchor not in meeting.anchors:
                meeting.anchors.append(block.anchor)


def report_meetings(doc: ParsedDocument) -> list[ParsedMeeting]:
    calendar = _Calendar(doc)
    blocks = doc.blocks
    section = _meetings_section(blocks)
    scope = section if section is not None else [b for b in blocks if b.part != "letter"]
    strict = section is None
    meetings = []
    for group in _groups(scope, strict):
        meetings.extend(_group_meetings(group, calendar, strict))
    meetings[:0] = _organizational(scope, meetings)
    _apply_tables(blocks, meetings, calendar)
    for meeting in meetings:
        # A briefer named only by role in the narrative and by name in the table is one person:
        # roles alone are never emitted, so nothing more to merge here.
        meeting.briefers = [b for b in meeting.briefers if b.name]
    return meetings


# --- Concept notes ----------------------------------------------------------------------


def concept_note_meeting(doc: ParsedDocument) -> ParsedMeeting | None:
    """The one meeting a concept note is about: date, ordinal and theme from the title, the
    letter or the first paragraphs; briefers from the sentences that announce them."""
    calendar = _Calendar(doc, report=False)
    date = None
    ordinal = None
    title = ""
    anchors: list[str] = []
    briefers: list[ParsedBriefer] = []
    sources = [("", doc.title)] + [
        (b.anchor, b.text) for b in doc.blocks if b.kind in _TEXT_KINDS + ("heading",)
    ]
    for anchor, text in sources:
        used = False
        for sentence in sentences(text or ""):
            lowered = sentence.lower()
            about = _CONCEPT_NOTE.search(sentence) or any(w in lowered for w in _MEETING_WORDS)
            if about:
                if date is None:
                    date = meeting_date(sentence, calendar)
                    used = used or date is not None
                if ordinal is None:
                    ordinal = meeting_ordinal(sentence)
                    used = used or ordinal is not None
                if not title:
                    quoted = _QUOTED.search(sentence)
                    if quoted:
                        title, used = quoted.group(1).strip(), True
            if mentions_briefing(sentence):
                named = find_briefers(sentence)
                if named:
                    briefers.extend(named)
                    used = True
        if used and anchor and anchor not in anchors:
            anchors.append(anchor)
    if date is None:
        return None
    return ParsedMeeting(
        date=date,
        kind="thematic",
        ordinal=ordinal,
        title=title,
        topic=title,
        concept_note=doc.symbol,
        briefers=merge_briefers([briefers]),
        anchors=anchors,
    )


def is_concept_note(doc: ParsedDocument) -> bool:
    if doc.doc_type == "concept_note":
        return True
    if doc.doc_type not in ("other", "letter", ""):
        return False
    head = " ".join([doc.title or ""] + [b.text for b in doc.blocks[:12]])
    return bool(_CONCEPT_NOTE.search(head)) and _meetings_section(doc.blocks) is None


def extract_meetings(doc: ParsedDocument) -> list[ParsedMeeting]:
    if is_concept_note(doc):
        meeting = concept_note_meeting(doc)
        return [meeting] if meeting else []
    if doc.doc_type in _GROUP_DOCUMENTS:
        return report_meetings(doc)
    return []  # a Secretary-General's or a mission's report: not the Group's meetings
