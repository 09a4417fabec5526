"""Dates in UN documents: `2011 年 12 月 30 日` (spaces vary), `6 月 29 日` (the year from
context), `30 December 2011`, `8 March 2013`, and periods (`2016 年 1 月 1 日至 12 月 31 日`,
"from 1 January to 31 December 2016", `13-16 February 2012`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .spans import non_overlapping
from .symbols import fold

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(),
        start=1,
    )
}
_MONTH_NAMES = "|".join(name.capitalize() for name in MONTHS)

_ZH_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})[ \t\r\n]{0,3}年[ \t\r\n]{0,3})?"
    r"(?P<m>\d{1,2})[ \t\r\n]{0,3}月[ \t\r\n]{0,3}(?P<d>\d{1,2})[ \t\r\n]{0,3}日"
)
_EN_DATE = re.compile(
    rf"(?<![0-9])(?P<d>\d{{1,2}})[ \t\r\n]{{1,3}}(?P<mn>{_MONTH_NAMES})"
    r"(?:,?[ \t\r\n]{1,3}(?P<y>(?:19|20)\d{2})(?![0-9]))?"
)
_EN_DATE_US = re.compile(
    rf"(?P<mn>{_MONTH_NAMES})[ \t\r\n]{{1,3}}(?P<d>\d{{1,2}}),[ \t\r\n]{{1,3}}(?P<y>(?:19|20)\d{{2}})(?![0-9])"
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: dt.date
    explicit_year: bool


def _make(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date in `text`, in order. A date without a year takes `default_year`, or is
    skipped when there is none; impossible dates (31 February) are skipped."""
    if not text:
        return []
    folded = fold(text)
    found: list[DateMatch] = []
    for match in _ZH_DATE.finditer(folded):
        year = match.group("y")
        value = _make(year or default_year, match.group("m"), match.group("d"))
        if value:
            found.append(DateMatch(match.start(), match.end(), value, bool(year)))
    for pattern in (_EN_DATE, _EN_DATE_US):
        for match in pattern.finditer(folded):
            year = match.group("y")
            month = MONTHS[match.group("mn").lower()]
            value = _make(year or default_year, month, match.group("d"))
            if value:
                found.append(DateMatch(match.start(), match.end(), value, bool(year)))
    return non_overlapping(found)


def parse_date(text: str, default_year: int | None = None) -> dt.date | None:
    """The first date in `text` (see find_dates), or None."""
    matches = find_dates(text, default_year)
    return matches[0].date if matches else None


_ZH_PERIOD_SEP = re.compile(r"^[ \t\r\n]{0,3}(?:至|到|—|–|-|~|～)[ \t\r\n]{0,3}$")
_EN_PERIOD_SEP = re.compile(
    r"^[ \t\r\n]{1,3}(?:to|until|through|and)[ \t\r\n]{1,3}$|^[ \t]{0,2}[-–—][ \t]{0,2}$"
)
_EN_FROM = re.compile(
    rf"(?<![0-9])(?P<d1>\d{{1,2}})(?:[ \t\r\n]{{1,3}}(?P<m1>{_MONTH_NAMES}))?"
    rf"(?:[ \t\r\n]{{1,3}}to[ \t\r\n]{{1,3}}|[ \t]{{0,2}}[-–—][ \t]{{0,2}})"
    rf"(?P<d2>\d{{1,2}})[ \t\r\n]{{1,3}}(?P<m2>{_MONTH_NAMES}),?[ \t\r\n]{{1,3}}(?P<y>(?:19|20)\d{{2}})"
)


def find_periods(text: str) -> list[tuple[dt.date, dt.date]]:
    """Periods (start, end) in `text`, in order: `2016 年 1 月 1 日至 12 月 31 日`,
    `2011 年 6 月 29 日至 12 月 31 日`, "from 1 January to 31 December 2016",
    `13-16 February 2012`, "1 January 2016 to 31 December 2016". The missing year of one
    end is taken from the other; a period whose end is before its start is dropped."""
    if not text:
        return []
    folded = fold(text)
    periods: list[tuple[int, dt.date, dt.date]] = []
    used_until = -1
    for match in _EN_FROM.finditer(folded):
        year = match.group("y")
        end = _make(year, MONTHS[match.group("m2").lower()], match.group("d2"))
        month1 = MONTHS[(match.group("m1") or match.group("m2")).lower()]
        start = _make(year, month1, match.group("d1"))
        if start and end and start > end:
            start = _make(int(year) - 1, month1, match.group("d1"))
        if start and end and start <= end:
            periods.append((match.start(), start, end))
            used_until = max(used_until, match.end())
    # Pairs of full dates joined by 至 / to / -.
    raw = _raw_dates(folded)
    for first, second in zip(raw, raw[1:], strict=False):
        if first[0] < used_until:
            continue
        between = folded[first[1] : second[0]]
        zh = first[5] == "zh" and second[5] == "zh"
        if not (_ZH_PERIOD_SEP.match(between) if zh else _EN_PERIOD_SEP.match(between)):
            continue
        y1, y2 = first[2], second[2]
        if y1 is None and y2 is None:
            continue
        start = _make(y1 if y1 is not None else y2, first[3], first[4])
        end = _make(y2 if y2 is not None else y1, second[3], second[4])
        if start and end and start <= end:
            periods.append((first[0], start, end))
    periods.sort(key=lambda p: p[0])
    return [(start, end) for _, start, end in periods]


def _raw_dates(folded: str) -> list[tuple[int, int, int | None, int, int, str]]:
    """(start, end, year or None, month, day, language) of each written date, unchecked."""
    found = []
    for match in _ZH_DATE.finditer(folded):
        year = match.group("y")
        found.append(
            (
                match.start(),
                match.end(),
                int(year) if year else None,
                int(match.group("m")),
                int(match.group("d")),
                "zh",
            )
        )
    for match in _EN_DATE.finditer(folded):
        year = match.group("y")
        month = MONTHS[match.group("mn").lower()]
        found.append(
            (
                match.start(),
                match.end(),
                int(year) if year else None,
                month,
                int(match.group("d")),
                "en",
            )
        )
    found.sort()
    return found
