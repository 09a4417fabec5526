"""A document, or one of its paragraphs, as a reference for reference managers:
BibTeX, RIS and CSL-JSON, in Chinese or English, each with the official-text URL and the
UN-style label of `archive.citations.un_citation` (`S/2017/130, para. 6`,
`S/2017/130，第6段`).

`reference()` gathers what the formats need from a document (and paragraph); the
formatters turn it into text.
"""

import re
from dataclasses import dataclass

from .citations import un_citation
from .links import undocs_url
from .models import Document

# Corporate authors, by organ and language.
_AUTHORS = {
    ("SC", "en"): "United Nations Security Council",
    ("SC", "zh"): "联合国安全理事会",
    ("GA", "en"): "United Nations General Assembly",
    ("GA", "zh"): "联合国大会",
    ("", "en"): "United Nations",
    ("", "zh"): "联合国",
}
_PUBLISHER = {"en": "United Nations", "zh": "联合国"}


def citation_language(language):
    """zh for Chinese (zh, zh-hans, ...), en for everything else."""
    return "zh" if (language or "").lower().startswith("zh") else "en"


def interface_language(language):
    # the interface's language codes, in which un_citation finds its words
    return "zh-hans" if citation_language(language) == "zh" else "en"


@dataclass(frozen=True)
class Reference:
    symbol: str
    language: str  # of the document version
    title: str
    date: object  # datetime.date or None
    organ: str
    doc_type: str
    url: str  # the archive's page (and paragraph)
    official_text: str
    job_number: str = ""
    pages: int | None = None
    paragraph: object = None  # the Paragraph cited, if one is
    anchor: str = ""

    def un(self, language=None):
        """The UN-style label (archive.citations.un_citation) in `language`."""
        return un_citation(
            self.symbol, self.paragraph, interface_language(language or self.language)
        )

    @property
    def key(self):
        base = re.sub(r"[^A-Za-z0-9]+", "_", self.symbol).strip("_")
        suffix = f"_{re.sub(r'[^A-Za-z0-9]+', '', self.anchor)}" if self.anchor else ""
        return f"{base}_{self.language}{suffix}"


def reference(doc: Document, paragraph=None, *, page_url=""):
    """What a citation of `doc` (or of `paragraph` in it) says. `page_url`: the
    document's page as the caller addresses it (absolute, with its language)."""
    url = page_url or doc.get_absolute_url()
    extra = {}
    if paragraph is not None:
        url = f"{url}#{paragraph.anchor}"
        extra = {"paragraph": paragraph, "anchor": paragraph.anchor}
    return Reference(
        symbol=doc.symbol,
        language=doc.language,
        title=doc.title or doc.symbol,
        date=doc.date,
        organ=doc.organ,
        doc_type=doc.doc_type,
        url=url,
        official_text=undocs_url(doc.symbol),
        job_number=doc.job_number,
        pages=doc.page_count,
        **extra,
    )


def _author(ref, lang):
    return _AUTHORS.get((ref.organ, lang), _AUTHORS[("", lang)])


def _bibtex_value(text):
    """A BibTeX field value in braces: braces, backslashes and specials escaped."""
    text = str(text).replace("\\", r"\textbackslash{}")
    text = re.sub(r"([{}&%$#_])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex(ref, language=None):
    lang = citation_language(language or ref.language)
    fields = [
        # double braces: a corporate author, not "Council, Security"
        ("author", "{" + _bibtex_value(_author(ref, lang)) + "}"),
        ("title", _bibtex_value(ref.title)),
        ("number", _bibtex_value(ref.symbol)),
        ("institution", _bibtex_value(_PUBLISHER[lang])),
    ]
    if ref.date:
        fields += [("year", str(ref.date.year)), ("date", ref.date.isoformat())]
    fields += [
        ("url", ref.official_text),
        ("language", "chinese" if citation_language(ref.language) == "zh" else "english"),
    ]
    if ref.pages:
        fields.append(("pages", str(ref.pages)))
    fields.append(("note", _bibtex_value(f"{ref.un(lang)}. {ref.url}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@techreport{{{ref.key},\n{body}\n}}\n"


def ris(ref, language=None):
    lang = citation_language(language or ref.language)
    lines = [
        ("TY", "GOVDOC"),
        ("AU", _author(ref, lang)),
        ("TI", ref.title),
        ("PB", _PUBLISHER[lang]),
        ("M1", ref.symbol),
    ]
    if ref.date:
        lines += [("PY", str(ref.date.year)), ("DA", ref.date.strftime("%Y/%m/%d"))]
    if ref.pages:
        lines.append(("SP", str(ref.pages)))
    lines += [
        ("UR", ref.official_text),
        ("LA", ref.language),
        ("N1", f"{ref.un(lang)}. {ref.url}"),
        ("ER", ""),
    ]
    # One line per tag: a line break in a title would end the field.
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def csl_json(ref, language=None):
    lang = citation_language(language or ref.language)
    item = {
        "id": f"{ref.symbol}@{ref.language}" + (f"#{ref.anchor}" if ref.anchor else ""),
        "type": "report",
        "title": ref.title,
        "author": [{"literal": _author(ref, lang)}],
        "publisher": _PUBLISHER[lang],
        "number": ref.symbol,
        "URL": ref.official_text,
        "language": ref.language,
        "note": f"{ref.un(lang)}. {ref.url}",
    }
    if ref.date:
        item["issued"] = {"date-parts": [[ref.date.year, ref.date.month, ref.date.day]]}
    if ref.pages:
        item["number-of-pages"] = str(ref.pages)
    return item
