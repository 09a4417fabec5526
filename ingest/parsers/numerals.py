"""Chinese numerals and ordinals as UN documents print them: 第一次, 第九次, 第六十二届, 5 次."""

import re
import unicodedata

ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(_UNITS)

_ORDINAL = re.compile(rf"第\s*([0-9０-９]+|[{NUMERAL_CHARS}]+)\s*(次|届|个|期|轮|场)")
_COUNT = re.compile(
    rf"(?<![第\d０-９{NUMERAL_CHARS}])([0-9０-９]+|[{NUMERAL_CHARS}]+)\s*(次|个|场)"
)


def chinese_number(text: str) -> int | None:
    """`六十二` -> 62, `十` -> 10, `一百零五` -> 105, `62` -> 62; None if `text` is not a number."""
    text = unicodedata.normalize("NFKC", (text or "").strip())
    if not text:
        return None
    if text.isdigit():
        return int(text) if text.isascii() else None
    total = 0
    section = 0
    digit = None
    for char in text:
        if char in ZH_DIGITS:
            if digit and ZH_DIGITS[char]:
                return None  # two digits in a row without a unit: 六二 is not a number here
            digit = ZH_DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def find_ordinal(text: str) -> int | None:
    """The first ordinal in `text`: `举行了第一次实质性会议` -> 1, `第六十二届会议` -> 62."""
    match = _ORDINAL.search(text or "")
    return chinese_number(match.group(1)) if match else None


def count_before(text: str, word: str) -> int | None:
    """How many `word` the text counts: `共举行了一次组织会议` with word `组织会议` -> 1;
    `举行了 5 次会议` with word `会议` -> 5. None when `word` is not counted."""
    for match in _COUNT.finditer(text or ""):
        if text[: match.start()].rstrip().endswith("第"):
            continue  # 第 4270 次会议 is an ordinal, not a count
        rest = text[match.end() :].lstrip()
        if rest.startswith(word):
            return chinese_number(match.group(1))
    return None
