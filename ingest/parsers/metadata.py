"""Document metadata read from the furniture and the blocks: language, title, type,
date, period, General Assembly session and agenda item."""

from __future__ import annotations

import re

from .blocks import TERMINAL, BuildResult
from .dates import find_dates, find_periods, parse_date
from .furniture import Furniture
from .numerals import ZH_DIGITS as _ZH_DIGITS

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

_EN_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

GENERIC_TITLES = {
    "概念说明", "秘书长的报告", "秘书长的说明", "说明", "报告", "Concept note", "Concept Note",
    "Report of the Secretary-General", "Note by the Secretary-General", "摘要", "Summary",
}  # fmt: skip


def chinese_number(text: str) -> int | None:
    """`六十二` -> 62, `十` -> 10, `一百零五` -> 105; None if not a Chinese numeral."""
    if not text or any(ch not in _ZH_DIGITS and ch not in "十百" for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def english_ordinal(text: str) -> int | None:
    """`Sixty-second` -> 62, `tenth` -> 10."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    if len(words) == 1:
        return _EN_UNITS.get(words[0])
    if (
        len(words) == 2
        and words[0] in _EN_TENS
        and words[1] in _EN_UNITS
        and _EN_UNITS[words[1]] < 10
    ):
        return _EN_TENS[words[0]] + _EN_UNITS[words[1]]
    return None


def detect_language(furniture: Furniture, text: str) -> str:
    if furniture.job_language:
        return furniture.job_language
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cjk and cjk * 3 >= latin:
        return "zh"
    return "en" if latin else ""


def ga_session(front: list[str], blocks_text: str) -> int | None:
    for text in front + [blocks_text[:400]]:
        match = re.search(r"第([一二三四五六七八九十百零〇]+)届会议", text)
        if match:
            return chinese_number(match.group(1))
        match = re.search(r"\b([A-Z][a-z]+(?:-[a-z]+)?) session\b", text)
        if match:
            number = english_ordinal(match.group(1))
            if number:
                return number
    return None


def agenda_item(front: list[str]) -> str:
    for text in front:
        match = re.search(r"议程(?:项目)?\s*(\d+(?:\s*\([a-z]\))?)", text) or re.search(
            r"\b[Ii]tem\s+(\d+(?:\s*\([a-z]\))?)", text
        )
        if match:
            return re.sub(r"\s+", "", match.group(1))
    return ""


def choose_title(result: BuildResult) -> str:
    for title in result.titles:
        if title.strip() not in GENERIC_TITLES:
            return title.strip()
    if result.titles:
        return result.titles[0].strip()
    return result.letter_title.strip()


def doc_type(result: BuildResult) -> str:
    texts = [title.strip() for title in result.titles]
    joined = " ".join(texts)
    lowered = joined.lower()
    if "概念说明" in joined or "concept note" in lowered:
        return "concept_note"
    if "秘书长的报告" in joined or "report of the secretary-general" in lowered:
        return "sg_report"
    if re.search(r"安全理事会.{0,30}(?:访问团|代表团|特派团)的报告", joined) or re.search(
        r"report of the security council mission", lowered
    ):
        return "mission_report"
    if re.search(r"工作组.{0,60}报告", joined) or re.search(
        r"\breport\b.{0,120}working group", lowered
    ):
        return "report"
    if texts and any(not TERMINAL.search(text) and "报告" in text for text in texts):
        return "other"
    if result.letter_title:
        return "letter"
    return "other"


def document_date(furniture: Furniture, result: BuildResult, blocks_text: str):
    if furniture.issue_date:
        return furniture.issue_date
    if result.letter_title:
        date = parse_date(result.letter_title)
        if date:
            return date
    for match in find_dates(blocks_text[:20000]):
        if match.explicit_year:
            return match.date
    return None


def period(result: BuildResult, letter_text: str, body_start: str):
    for text in [*result.titles, letter_text, body_start]:
        periods = find_periods(text)
        if periods:
            return periods[0]
    return None, None
