"""The document page: one symbol, in the chosen language, with everything that links to it."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ingest.parsers.symbols import normalize_symbol, split_joint

from .. import queries
from ..links import document_url
from . import document_parts, fragments
from .text import anchor_links, citing_html, document_text


@require_safe
def document(request, symbol):
    return fragments.cached_page(
        request,
        "archive/document.html",
        lambda: _document(request, symbol),
        params=("lang", "part", "page"),
    )


def _document(request, symbol):
    """The document page's context, or the redirect or other page the symbol asks for."""
    key = normalize_symbol(symbol)
    versions = queries.document_versions(key) if key else []
    if versions:
        lang = request.GET.get("lang")
        doc = queries.pick_version(versions, lang)
        if symbol != doc.symbol:
            return _redirect_keeping_query(request, doc.get_absolute_url())
        return _document_context(request, doc, versions, lang)
    if key and queries.is_cited(key):
        if symbol != key:
            return _redirect_keeping_query(request, document_url(key))
        citing = queries.citing_documents([key])
        return render(
            request,
            "archive/document_cited.html",
            {
                "symbol": key,
                "citing": citing,
                "citing_html": citing_html(citing),
                "concept_note_for": queries.meetings_with_concept_note([key]),
            },
        )
    parts = split_joint(key) if key else []
    if len(parts) > 1:  # a joint symbol as written in a text: its first part names it
        return _redirect_keeping_query(request, document_url(parts[0]))
    context = {"symbol": symbol, "official_symbol": key if key and "/" in key else ""}
    return render(request, "archive/symbol_not_found.html", context, status=404)


def _redirect_keeping_query(request, url):
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def _document_context(request, doc, versions, lang):
    symbols = queries.symbols_of(doc)
    parts = document_parts.text_parts(doc)
    part, page = document_parts.choose(parts, request.GET.get("part"), request.GET.get("page"))
    # Links to paragraphs: on this page when the whole text is on it, else through the
    # paragraph permalink, which finds the page.
    if len(parts) > 1 or (part and part.pages > 1):
        url = reverse("archive:paragraph", args=[doc.symbol, "0"])
        para_base = url[: url.rindex("0")]
    else:
        para_base = "#"
    reports = queries.document_meetings(doc)
    for r in reports:
        r.where_html = anchor_links(r.numbered, para_base)
    cites = queries.document_cites(doc)
    for c in cites:
        c.where_html = anchor_links(c.paragraphs, para_base)
    cited_by = queries.citing_documents(symbols, exclude_ids=[v.pk for v in versions])
    return {
        "text_parts": parts,
        "text_part": part,
        "text_page": document_parts.page_of(part, page) if part else None,
        "para_base": para_base,
        "doc": doc,
        "symbols": symbols,
        "other_versions": [v for v in versions if v.pk != doc.pk],
        "lang_param": lang,
        "text": document_text(doc, part, page),
        "meeting_reports": reports,
        "recommendations": queries.document_recommendations(doc),
        "questions": queries.document_questions(doc),
        "cites": cites,
        "cited_by": cited_by,
        "cited_by_html": citing_html(cited_by),
        "concept_note_for": queries.meetings_with_concept_note(symbols),
    }
