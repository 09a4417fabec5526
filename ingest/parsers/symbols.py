"""UN document symbols: normalization (and, below, finding them in text)."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_RES_SPACE = re.compile(r"^(S/RES/\d+)\s*\((\d{4})\)$")


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
