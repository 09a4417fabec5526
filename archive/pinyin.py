"""Sort keys that put Chinese names in pinyin order, Latin names among them by the same
key: 阿图尔·哈雷 (a tu er ha lei) < 埃尔韦·拉德苏 (ai er wei) < Renata Dwan < 苏和 (su he).
Code-point order put 伊 before 南 before 卡 before 唐."""

import re
import unicodedata

from pypinyin import lazy_pinyin

KEY_LENGTH = 200


def sort_key(name: str) -> str:
    """Syllables (Han characters as toneless pinyin, other words as written), casefolded,
    separated by spaces: a space sorts before any letter, so 阿 (a) comes before 埃 (ai)."""
    text = unicodedata.normalize("NFKC", name or "")
    words = []
    for piece in lazy_pinyin(text):
        words += re.findall(r"[^\W_]+", piece.casefold())
    return " ".join(words)[:KEY_LENGTH]
