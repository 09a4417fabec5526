"""How the archive cites a document or one of its paragraphs, in the UN's own style.

`un_citation(doc, paragraph)` gives `S/2011/817, para. 53` (`S/2011/817，第53段` in
Chinese), `S/2011/817, para. 7 (c)` for an item of paragraph 7, `S/2013/139, annex,
para. 10` for a paragraph of an annex, `S/2017/130, sect. II` for a heading. Every page
label, the "cite" button and the citation exports (BibTeX, RIS, CSL-JSON) use it, so the
archive cites one way everywhere.

Only the paragraph's stored fields are read (kind, number, anchor, part): the parser
gives items and bullets anchors under their paragraph (`p7-c`, `p4-b1`) and annex
paragraphs anchors under their annex (`annex1-p10`), so the parent paragraph and the
annex are known without another query.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

# annex2-p10-a: annex 2, paragraph 10, item (a); p4-b1: bullet 1 of paragraph 4
_ANCHOR = re.compile(
    r"^(?:annex(?P<annex>\d+)-)?p(?P<para>[0-9A-Za-z.]+?)(?:-(?P<bullet>b\d+)|-(?P<item>[a-z]{1,4}|\d{1,3}))?(?:-\d+)?$"
)
_ROMAN = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ZH_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Locator:
    """Where in a document: its annex (0 = not in an annex), paragraph, item within it."""

    annex: int = 0
    in_annex: bool = False
    paragraph: str = ""  # printed paragraph number: 53
    item: str = ""  # (c), or "•" for a bullet
    section: str = ""  # a heading's number: II, A, 二
    footnote: str = ""


def locate(paragraph) -> Locator:
    """The paragraph's place from its kind, number, anchor and part (a Paragraph, or any
    row with those attributes; `part` may be missing)."""
    kind = getattr(paragraph, "kind", "") or ""
    number = (getattr(paragraph, "number", "") or "").strip()
    anchor = getattr(paragraph, "anchor", "") or ""
    part = getattr(paragraph, "part", "") or ""
    match = _ANCHOR.match(anchor)
    annex = int(match["annex"]) if match and match["annex"] else 0
    in_annex = part.startswith("annex") or bool(annex)
    if in_annex and not annex:
        digits = re.sub(r"\D", "", part)
        annex = int(digits) if digits else 1
    if kind == "heading":
        return Locator(annex, in_annex, section=number)
    if kind == "footnote":
        return Locator(annex, in_annex, footnote=number)
    if kind == "paragraph":
        return Locator(annex, in_annex, paragraph=number)
    if match and kind == "item":
        item = "•" if match["bullet"] else number
        return Locator(annex, in_annex, paragraph=match["para"], item=item)
    return Locator(annex, in_annex)


@dataclass(frozen=True)
class AnchoredParagraph:
    """What a permalink says of its paragraph, for a search hit: kind and part from the
    anchor the parser gave it (p53, p7-c, p4-b1, annex1-p10, h3, fn1, t1, tbl1)."""

    kind: str
    number: str
    anchor: str
    part: str


def paragraph_at(anchor: str, number: str = "") -> AnchoredParagraph:
    match = _ANCHOR.match(anchor or "")
    part = "annex" if anchor.startswith("annex") else ""
    if match:
        kind = "item" if (match["item"] or match["bullet"]) else "paragraph"
    elif re.match(r"h\d", anchor):
        kind = "heading"
    elif re.match(r"fn", anchor):
        kind = "footnote"
    elif re.match(r"tbl\d", anchor):
        kind = "table"
    else:
        kind = "text"
    return AnchoredParagraph(kind, number, anchor, part)


def un_citation(document, paragraph=None, language=None) -> str:
    """`S/2013/139, annex, para. 10`: the document (a Document, or its symbol) and, if
    given, the paragraph, in the words of `language` (an interface language code: "zh",
    "zh-hans", "en"; by default the active one)."""
    symbol = document if isinstance(document, str) else document.symbol
    formats = _formats(_language(language))
    where = locator_label(paragraph, language) if paragraph is not None else ""
    return formats.with_locator % {"symbol": symbol, "locator": where} if where else symbol


def locator_label(paragraph, language=None) -> str:
    """The paragraph part of the citation alone (`annex, para. 10`, `附件第10段`, `para.
    7 (c)`), for lists that name the document once; "" for unnumbered text."""
    lang = _language(language)
    formats = _formats(lang)
    where = locate(paragraph)
    if where.paragraph:
        number = where.paragraph
        if where.item and where.item != "•":
            number = formats.item % {"number": number, "item": where.item}
        label = formats.para % {"number": number}
    elif where.section:
        label = formats.section % {"number": where.section}
    elif where.footnote:
        label = formats.footnote % {"number": where.footnote}
    else:
        label = ""
    if not where.in_annex:
        return label
    annex = formats.annex
    if where.annex > 1:
        annex = formats.numbered_annex % {"annex": _annex_numeral(where.annex, lang)}
    if not label:
        return annex
    return formats.in_annex % {"annex": annex, "locator": label}


def paragraphs_format(count, in_annex=False, annex=0, language=None) -> str:
    """The words around a list of paragraph numbers, with a `%(numbers)s` placeholder:
    `paras. %(numbers)s` (`第%(numbers)s段`), `annex, paras. %(numbers)s`; for lists of
    where a document cites or reports something."""
    lang = _language(language)
    formats = _formats(lang)
    words = (formats.para if count == 1 else formats.paras).replace("%(number)s", "%(numbers)s")
    if not in_annex:
        return words
    label = formats.annex
    if annex > 1:
        label = formats.numbered_annex % {"annex": _annex_numeral(annex, lang)}
    return formats.in_annex.replace("%(annex)s", label).replace("%(locator)s", words)


def number_label(where: Locator, language=None) -> str:
    """A paragraph's number with its item: `7`, `7 (c)` (`7(c)`)."""
    if where.item and where.item != "•":
        return _formats(_language(language)).item % {"number": where.paragraph, "item": where.item}
    return where.paragraph


@dataclass(frozen=True)
class _Formats:
    with_locator: str
    para: str
    paras: str
    item: str
    section: str
    footnote: str
    annex: str
    numbered_annex: str
    in_annex: str


@functools.lru_cache(maxsize=8)
def _formats(language) -> _Formats:
    # Read once per language: a long document labels hundreds of paragraphs.
    with translation.override(language):
        return _Formats(
            # Translators: a citation, e.g. "S/2011/817, para. 53"
            with_locator=gettext("%(symbol)s, %(locator)s"),
            para=gettext("para. %(number)s"),
            paras=gettext("paras. %(numbers)s"),
            # Translators: item (c) of paragraph 7: "7 (c)"
            item=gettext("%(number)s %(item)s"),
            section=gettext("sect. %(number)s"),
            footnote=gettext("footnote %(number)s"),
            annex=gettext("annex"),
            numbered_annex=gettext("annex %(annex)s"),
            # Translators: "annex, para. 10"
            in_annex=gettext("%(annex)s, %(locator)s"),
        )


def _language(language):
    return language or translation.get_language() or "zh-hans"


def _annex_numeral(n: int, language: str) -> str:
    if language.lower().startswith("zh"):
        return _chinese(n)
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _chinese(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
