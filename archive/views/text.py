"""The full text of a document as HTML, built in Python, and kept in Django's cache.

The same markup as a template loop would give, but a 500-paragraph document has some
25,000 template nodes to render, and the template engine spent ~85% of the page's time
on them (about 0.4 ms per paragraph). Here each paragraph is one format string.
Everything from the text is escaped (`link_symbols` escapes and links symbols).

The result depends only on the document's stored text, the interface language and where
the site is mounted, so it is cached under those (the document's checksum, parser version
and save time change whenever ingest rewrites its paragraphs).
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from django.core.cache import cache
from django.urls import get_script_prefix
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, pgettext

from ingest.clean import strip_controls

from .. import queries
from ..citations import locate, locator_label, number_label, paragraphs_format, un_citation
from ..links import document_url, escape, link_symbols
from . import annex_table, document_parts
from .notes import NoteLinks

# Bump when the markup below changes: cached texts of the old markup are then ignored.
MARKUP_VERSION = 5
CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class DocumentText:
    html: SafeString  # paragraphs and headings
    footnotes_html: SafeString
    body_count: int
    footnote_count: int
    toc_html: SafeString  # the headings as a table of contents; "" for a short text
    toc_count: int


# A table of contents when the text has at least this many sections.
TOC_MIN_HEADINGS = 3


def document_text(doc, part, page):
    """One page of one part of the document's text (`document_parts`) as HTML: from the
    cache, else built (one query) and cached."""
    key = _cache_key(doc, part, page)
    parts = cache.get(key)
    if parts is None:
        rows = list(document_parts.page_rows(doc, part, page)) if part else []
        body, footnotes = queries.split_text(rows)
        entries = toc_entries(body)
        notes = NoteLinks.for_rows(rows)
        parts = (
            text_html(doc, body, notes),
            footnotes_html(footnotes, notes),
            len(body),
            len(footnotes),
            toc_html(entries) if len(entries) >= TOC_MIN_HEADINGS else "",
            len(entries),
        )
        cache.set(key, tuple(str(p) if isinstance(p, str) else p for p in parts), CACHE_SECONDS)
    html, notes, n_body, n_notes, toc, n_toc = parts
    return DocumentText(mark_safe(html), mark_safe(notes), n_body, n_notes, mark_safe(toc), n_toc)


def _cache_key(doc, part, page):
    updated = doc.updated_at.isoformat() if doc.updated_at else ""
    parts = [doc.pk, doc.source_sha256, doc.parser_version, updated, doc.symbol]
    parts += [part and (part.first, part.last), page]
    parts += [get_language(), get_script_prefix(), MARKUP_VERSION]
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"archive:doctext:{digest}"


def text_html(doc, body, notes=None):
    """The paragraphs and headings of `body` (rows with kind, number, level, anchor, text);
    `notes` (NoteLinks of the page's rows) links the footnote markers in them."""
    notes = notes or NoteLinks({})
    ui = escape(get_language() or "")
    permalink = escape(gettext("Permalink"))
    cite = escape(gettext("cite"))
    tables = _annex_tables(doc, body)
    out = []
    for p in body:
        anchor = escape(p.anchor)
        if p.anchor in tables:
            out.append(
                f'<div id="{anchor}" class="para kind-table annex-table-wrap">{tables[p.anchor]}'
                f'<span class="para-tools" lang="{ui}">'
                f'<a class="permalink" href="#{anchor}" title="{permalink}">¶</a></span></div>'
            )
            continue
        text = notes.html(strip_controls(p.text), p)
        number = escape(p.number)
        if p.kind == "heading":
            num = f'<span class="num">{number}.</span> ' if p.number else ""
            out.append(f'<h3 id="{anchor}" class="heading level-{p.level}">{num}{text}</h3>')
            continue
        num = ""
        if p.number:
            dot = "." if p.kind == "paragraph" else ""
            num = f'<span class="num">{number}{dot}</span>'
        label = ""
        if p.kind in ("paragraph", "item") and locate(p).paragraph:
            value = escape(un_citation(doc, p))
            label = (
                f'<a class="cite" href="#{anchor}" data-cite="{value}" title="{value}">'
                f'{cite}<span class="cite-text">{value}</span></a>'
            )
        out.append(
            f'<div id="{anchor}" class="para kind-{escape(p.kind)}">{num}<p>{text}</p>'
            f'<span class="para-tools" lang="{ui}">'
            f'<a class="permalink" href="#{anchor}" title="{permalink}">¶</a>{label}'
            "</span></div>"
        )
    return mark_safe("\n".join(out))


def _annex_tables(doc, body):
    """{anchor: table HTML} for the meeting tables among the text's tables."""
    found = [(p, annex_table.rows_of(p.text)) for p in body if p.kind == "table"]
    found = [(p, rows) for p, rows in found if rows]
    if not found:
        return {}
    links = annex_table.table_links(doc, [row for _, rows in found for row in rows])
    return {p.anchor: annex_table.table_html(p.text, doc.language, links) for p, _ in found}


@dataclass
class TocEntry:
    anchor: str
    number: str
    text: str
    level: int
    part: str  # letter, body, annex: a text paged by part links each to its page

    @property
    def url(self):
        return f"#{self.anchor}"


def toc_entries(body):
    """The headings of the text down to its sub-sections (level 2), in order."""
    return [
        TocEntry(p.anchor, p.number, p.text, p.level, p.part)
        for p in body
        if p.kind == "heading" and p.level <= 2
    ]


def toc_html(entries):
    out = []
    for e in entries:
        num = f'<span class="num">{escape(e.number)}.</span> ' if e.number else ""
        text = escape(e.text if len(e.text) <= 120 else e.text[:119] + "…")
        out.append(
            f'<li class="level-{e.level} part-{escape(e.part)}">'
            f'<a href="{escape(e.url)}">{num}{text}</a></li>'
        )
    return mark_safe("\n".join(out))


def footnotes_html(footnotes, notes=None):
    """The footnotes, each an `<li>` with its printed number, and a link back to where
    the text cites it."""
    notes = notes or NoteLinks({})
    back = gettext("Back to the text")
    return mark_safe(
        "\n".join(
            f'<li id="{escape(p.anchor)}" value="{escape(p.number or i)}">'
            f'{link_symbols(strip_controls(p.text))} <a class="permalink" href="#{escape(p.anchor)}">¶</a>'
            f"{notes.back(p.anchor, back)}</li>"
            for i, p in enumerate(footnotes, 1)
        )
    )


def quotes_html(report, meeting=None):
    """A meeting report's paragraphs, quoted with a link to each (`queries.meeting_reports`
    rows): a meeting reported in several languages quotes a hundred paragraphs or more."""
    doc = report.document
    url = escape(f"{document_url(doc.symbol)}?lang={quote(doc.language)}")
    cite = escape(document_url(doc.symbol))
    lang = escape(doc.language)
    out = []
    links = None
    for p in report.quoted:
        anchor = escape(p.anchor)
        if p.kind == "table" and meeting is not None and meeting.date:
            links = links or annex_table.table_links(doc, annex_table.rows_of(p.text))
            row = annex_table.table_html(p.text, doc.language, links, only=meeting.date)
            if row:  # the meeting's own row of the annex table, not the whole table flattened
                label = escape(un_citation(doc, p))
                out.append(
                    f'<figure class="annex-row" lang="{lang}">'
                    f'<figcaption><a class="para-ref" href="{url}#{anchor}">{label}</a>'
                    f"</figcaption>{row}</figure>"
                )
                continue
        label = escape(un_citation(doc, p) if locator_label(p) else "¶")
        out.append(
            f'<blockquote class="para" lang="{lang}" cite="{cite}#{anchor}">'
            f'<a class="para-ref" href="{url}#{anchor}">{label}</a> '
            f"{link_symbols(strip_controls(p.text))}</blockquote>"
        )
    return mark_safe("\n".join(out))


def citing_html(citing):
    """The `<li>` of each document citing this one (`queries.citing_documents`), with the
    paragraphs that cite it: on the page of a much-cited document, fifty documents and
    their paragraphs made the template's loop a tenth of the page's time."""
    out = []
    for entry in citing:
        d = entry.document
        lang = escape(d.language)
        url = escape(f"{document_url(d.symbol)}?lang={quote(d.language)}")
        head = f'<a class="symbol" href="{url}">{escape(d.symbol)}</a> <span class="lang-badge">{lang}</span>'
        if d.date:
            head += (
                f'\n    <time datetime="{d.date.isoformat()}">{escape(date_format(d.date))}</time>'
            )
        if d.title:
            title = escape(Truncator(d.title).chars(100))
            head += f'\n    <span class="doc-title" lang="{lang}">{title}</span>'
        paragraphs = "".join(
            f'\n      <li><a href="{url}#{escape(p.anchor)}">{escape(un_citation(d, p))}</a>'
            f'\n        <span class="excerpt" lang="{lang}">'
            f"{escape(Truncator(p.text).chars(220))}</span></li>"
            for p in entry.paragraphs
        )
        out.append(f'<li>{head}\n    <ul class="citing-paragraphs">{paragraphs}</ul>\n  </li>')
    return mark_safe("\n  ".join(out))


LINKS_SHOWN = 100  # of one list of places; a long document's lists run to thousands


def anchor_links(paragraphs, base="#"):
    """Links to paragraphs (kind, number, anchor, part), numbers of a run named once:
    `paras. <a href="#p6">6</a>, <a href="#p7-c">7 (c)</a>; annex, para. <a
    href="#annex1-p10">10</a>` (`第6、7(c)段；附件第10段`). A long document's lists of where it
    cites or reports something run to hundreds of links; past LINKS_SHOWN, "and N more".
    `base` is what goes before an anchor: "#" on a one-page document, else the paragraph
    permalinks' prefix (the paragraph may be on another page)."""
    separator = escape(pgettext("list separator", ", "))
    paragraphs = list(paragraphs)
    groups = []  # [key, [(paragraph, label)]]: a run of numbered paragraphs in one part
    for p in paragraphs[:LINKS_SHOWN]:
        where = locate(p)
        key = (where.in_annex, where.annex) if where.paragraph else None
        label = number_label(where) if where.paragraph else where_label(p)
        if key is not None and groups and groups[-1][0] == key:
            groups[-1][1].append((p, label))
        else:
            groups.append([key, [(p, label)]])
    out = []
    for key, members in groups:
        links = separator.join(
            f'<a href="{escape(base)}{escape(p.anchor)}">{escape(label)}</a>'
            for p, label in members
        )
        if key is None:
            out.append(links)
        else:
            words = escape(paragraphs_format(len(members), *key))
            out.append(words.replace("%(numbers)s", links))
    html = escape(pgettext("list of lists separator", "; ")).join(out)
    if len(paragraphs) > LINKS_SHOWN:
        more = len(paragraphs) - LINKS_SHOWN
        html += separator + escape(gettext("and %(n)s more") % {"n": more})
    return mark_safe(html)


def where_label(paragraph):
    """The paragraph's locator (`para. 7 (c)`, `annex, para. 10`), or what kind of
    unnumbered text it is."""
    label = locator_label(paragraph)
    if label:
        return label
    if paragraph.part == "letter":
        return gettext("covering letter")
    if paragraph.kind == "table":
        return gettext("table")
    return gettext("unnumbered text")
