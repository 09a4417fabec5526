"""UN document symbols: normalization and finding them in running text.

`find_symbols` works on a width-preserving ASCII fold of the text (full-width `Ａ／（` become
`A/(` one character for one character), so every match's span points into the original.
All patterns are linear: bounded repeats, no nested unbounded quantifiers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .spans import non_overlapping

_SPACE = re.compile(r"\s+")


def normalize_symbol(symbol: str) -> str:
    """The lookup form of a symbol: NFKC (full-width -> ASCII), no whitespace, upper case.

    `（Ａ/62/627）` -> `A/62/627`; `S/RES/1353 (2001)` -> `S/RES/1353(2001)`;
    a reissue asterisk (`S/2013/139*`) is not part of the symbol.
    """
    text = unicodedata.normalize("NFKC", symbol or "")
    text = _SPACE.sub("", text).strip("()（）*.,;:，。；：").upper()
    # Suffixes keep their conventional case: /Add.1, /Corr.1, /Rev.1, /Amend.1
    text = re.sub(r"/(ADD|CORR|REV|AMEND)\.", lambda m: "/" + m.group(1).capitalize() + ".", text)
    if text.startswith("S/RES/") and text.count("(") == 1 and not text.endswith(")"):
        text += ")"
    return text


@dataclass(frozen=True)
class SymbolMatch:
    """A symbol found in text: `text[start:end]` is what to turn into a link."""

    start: int
    end: int
    symbol: str  # normalized


def _fold_table() -> list[int | str]:
    # A list indexed by code point: str.translate reads it far faster than a dict, which
    # raises and catches a KeyError for every character it leaves alone. Characters
    # beyond it (outside the BMP) raise IndexError and are left as they are.
    table: list[int | str] = list(range(0x10000))
    table[0x3000] = " "
    for code in range(0x80, 0x10000):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and ord(folded) < 128 and folded.isprintable():
            table[code] = folded
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Full-width and compatibility characters to ASCII, one character for one character,
    so that indexes into the result are indexes into `text`."""
    return text.translate(_FOLD)


# Series that open a symbol (principal organs and common subsidiary series).
_SERIES = r"(?:A|S|E|ST|DP|TD|UNEP|CRC|CEDAW|CCPR|CERD|CAT|HRC|ICC)"
# One component after a slash: RES, PRST, C.5, AC.121, L.3, Add.1, Rev.1, a number,
# a resolution number with its year, `1353 (2001)`.
_COMPONENT = (
    r"(?:\d{1,5}(?:[ ]?\(\d{4}\))?"  # 817, 1353(2001), 1353 (2001)
    r"|[A-Za-z]{1,8}\.\d{1,4}"  # C.5, AC.121, L.3, Add.1, Rev.1, Corr.1, Amend.1
    r"|[A-Z]{1,8})"  # RES, PRST, INF, PV
)
_SLASH = r"/[ \t]{0,2}(?:\r?\n[ \t]{0,8})?"  # a symbol may be split after a slash
_ONE = rf"{_SERIES}(?:{_SLASH}{_COMPONENT}){{2,8}}"
# Security Council documents before 1994 had no year: `S/25812`, `S/23106/Add.1` (a number
# of 4-5 digits, then only suffixes).
_OLD = rf"S{_SLASH}\d{{4,5}}(?:{_SLASH}(?:Add|Corr|Rev|Amend)\.\d{{1,3}}){{0,3}}"
_SYMBOL = re.compile(
    rf"(?<![A-Za-z0-9/._-])(?P<sym>{_ONE}(?:-{_ONE})?|{_OLD}(?!/))(?![A-Za-z0-9])",
)

# Resolutions by number: Security Council `1353(2001)`, General Assembly `61/279` (`61/267 B`).
_SC_RES = r"\d{1,4}[ \t\r\n]{0,3}\(\d{4}\)"
_GA_RES = r"\d{1,3}/\d{1,4}(?:[ ]?[A-C](?![A-Za-z]))?"
_RES_NUM = rf"(?:{_SC_RES}|{_GA_RES})"
_WS = r"[ \t\r\n]{0,4}"
_ZH_SEP = rf"{_WS}(?:、|和|及|与|以及|,|，){_WS}"
_ZH_RES = re.compile(
    rf"第{_WS}(?P<chain>{_RES_NUM}(?:{_ZH_SEP}{_RES_NUM}){{0,40}}){_WS}号{_WS}决{_WS}议"
)
_EN_SEP = r"[ \t\r\n]{0,4}(?:,|and|, and|,[ \t\r\n]{0,4}and)[ \t\r\n]{0,4}"
_EN_RES = re.compile(
    rf"\b[Rr]esolutions?[ \t\r\n]{{1,4}}(?P<chain>{_RES_NUM}(?:{_EN_SEP}{_RES_NUM}){{0,40}})"
    r"(?![0-9/(])"
)
_RES_ITEM = re.compile(rf"(?P<sc>{_SC_RES})|(?P<ga>{_GA_RES})")


def find_symbols(text: str) -> list[SymbolMatch]:
    """All document symbols in `text`, normalized, non-overlapping, in order.

    Written symbols (`S/2011/817`, `A/62/627/Add.1`, `A/70/95-S/2015/446`, full-width
    `（Ａ/62/627）`) and resolutions cited by number (`第 1353(2001)号决议`,
    `大会第 61/279 号决议`, "resolutions 2086 (2013) and 2100 (2013)"): for those the
    span is the number, e.g. `1353(2001)`.
    """
    if not text:
        return []
    folded = fold(text)
    found: list[SymbolMatch] = []
    for match in _SYMBOL.finditer(folded):
        raw = match.group("sym")
        if not any(ch.isdigit() for ch in raw):
            continue
        symbol = normalize_symbol(raw)
        found.append(SymbolMatch(match.start("sym"), match.end("sym"), symbol))
        found.extend(_suffixes(folded, match.end("sym"), symbol))
    for pattern in (_ZH_RES, _EN_RES):
        for match in pattern.finditer(folded):
            chain_start = match.start("chain")
            for item in _RES_ITEM.finditer(match.group("chain")):
                start = chain_start + item.start()
                end = chain_start + item.end()
                if item.group("sc"):
                    symbol = normalize_symbol("S/RES/" + item.group("sc"))
                else:
                    # Council resolutions are never written N/M: this is the Assembly's.
                    symbol = normalize_symbol("A/RES/" + item.group("ga"))
                found.append(SymbolMatch(start, end, symbol))
    return non_overlapping(found)


_SUFFIX = re.compile(
    r"[ \t\r\n]{0,3}(?:和|及|与|以及|,|，|、|and|, and)[ \t\r\n]{0,3}"
    r"(?P<suffix>(?:Add|Corr|Rev|Amend)\.\d{1,3}(?:/(?:Add|Corr|Rev|Amend)\.\d{1,3}){0,2})"
    r"(?![A-Za-z0-9/])"
)
_ADDENDUM = re.compile(r"/Add\.\d+.*$")


def _suffixes(folded: str, position: int, symbol: str) -> list[SymbolMatch]:
    """Suffixes written after a symbol stand for symbols of their own:
    `A/61/255 和 Add.1 和 Add.1/Corr.1` -> A/61/255/Add.1, A/61/255/Add.1/Corr.1;
    `A/61/255/Add.1 和 Corr.1` -> A/61/255/Add.1/Corr.1."""
    root = _ADDENDUM.sub("", symbol.split("-")[0])
    previous = symbol
    found = []
    for _ in range(10):
        match = _SUFFIX.match(folded, position)
        if not match:
            break
        suffix = match.group("suffix")
        # an addendum hangs on the document itself; a corrigendum or revision on what precedes
        base = root if suffix.startswith(("Add", "Amend")) else previous
        previous = normalize_symbol(f"{base}/{suffix}")
        found.append(SymbolMatch(match.start("suffix"), match.end("suffix"), previous))
        position = match.end()
    return found


def is_symbol(text: str) -> bool:
    """True when the whole string (brackets, spaces and a reissue asterisk aside) is one
    document symbol, e.g. `S/2017/130`, `（Ａ/62/627）`, `S/RES/1353 (2001)`."""
    stripped = fold(text or "").strip().rstrip("*").strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        stripped = stripped[1:-1].strip()
    if not stripped or len(stripped) > 120:
        return False
    matches = find_symbols(stripped)
    return (
        len(matches) == 1
        and matches[0].start == 0
        and matches[0].end == len(stripped)
        and "/" in stripped
    )


def split_joint(symbol: str) -> list[str]:
    """`A/70/95-S/2015/446` -> [`A/70/95`, `S/2015/446`]; other symbols -> [symbol]."""
    normalized = normalize_symbol(symbol)
    parts = re.split(rf"-(?={_SERIES}/)", normalized)
    return [part for part in parts if part]


# --- Symbols as people type them (the search box) -------------------------------------
# Looser than the running-text grammar above: any series of 1-4 letters, either case,
# and spaces around the slashes and brackets (`s/2011/ 817`).

_TYPED = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9.()\-]+)+$")
_TYPED_PREFIX = re.compile(r"^[A-Z]{1,4}/(?:[A-Z0-9.]+/)*(?:[A-Z0-9.]*\*)?$")
_TYPED_JOINT = re.compile(r"-(?=[A-Za-z]{1,4}/)")
# One word of a query that is a symbol: letters, a slash, then parts (one with a digit).
TYPED_SYMBOL_WORD = re.compile(r"^[A-Za-z]{1,4}(?:/[A-Za-z0-9.\-()]+)+$")


def compact_typed(text: str) -> str:
    """NFKC, and no spaces around the slashes and brackets of a symbol (`S/2011/ 817`)."""
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"\s*([/()])\s*", r"\1", text)


def typed_symbol(text: str) -> str | None:
    """The normalized symbol if the whole of `text` is one UN symbol, else None."""
    text = compact_typed(text).upper()
    if not _TYPED.match(text) or not any(c.isdigit() for c in text):
        return None
    return normalize_symbol(text)


def typed_symbol_prefix(text: str) -> str | None:
    """`S/2016/` (or `S/2016/*`) -> `S/2016/`: the text names a series of symbols."""
    text = compact_typed(text).upper()
    return text.rstrip("*") if _TYPED_PREFIX.match(text) else None


def typed_joint_parts(symbol: str) -> list[str]:
    """`A/70/95-S/2015/446` -> [`A/70/95`, `S/2015/446`]; any other text -> [text]. Looser
    than split_joint (any series of 1-4 letters, either case): also for what users type."""
    return _TYPED_JOINT.split(symbol)


def is_typed_symbol_word(word: str) -> bool:
    """A query word that is a symbol (`s/2011/817`, `A/70/95-S/2015/446`)."""
    return bool(TYPED_SYMBOL_WORD.match(word)) and any(c.isdigit() for c in word)
