"""The search page. All searching goes through the public functions of `search`; the JSON
search API (/api/search) is archive/api/search.py, through the same functions."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import search
from archive.models import Document

TYPE_LABELS = {
    "document": gettext_lazy("Documents"),
    "paragraph": gettext_lazy("Paragraphs"),
    "recommendation": gettext_lazy("Recommendations"),
    "meeting": gettext_lazy("Meetings"),
    "briefer": gettext_lazy("Briefers"),
}
FACET_TITLES = {
    "type": gettext_lazy("Result type"),
    "doc_type": gettext_lazy("Document type"),
    "year": gettext_lazy("Year"),
    "organ": gettext_lazy("Organ"),
    "language": gettext_lazy("Language"),
}
LANGUAGE_LABELS = {
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
}


def _facet_label(name, value):
    if name == "type":
        return TYPE_LABELS.get(value, value)
    if name == "doc_type":
        return Document.DocType(value).label if value in Document.DocType.values else value
    if name == "organ":
        return Document.Organ(value).label if value in Document.Organ.values else value
    if name == "language":
        return LANGUAGE_LABELS.get(value, value)
    return value


def _facet_groups(request, results):
    """Facet links: each value toggles its filter, keeping the query and other filters."""
    groups = []
    for name, values in results.facets.items():
        items = []
        for value, count in values:
            params = request.GET.copy()
            params.pop("page", None)
            active = results.filters.get(name) == value
            if active:
                params.pop(name, None)
            else:
                params[name] = value
            items.append(
                {
                    "label": _facet_label(name, value),
                    "count": count,
                    "active": active,
                    "url": "?" + params.urlencode(),
                }
            )
        if items:
            groups.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return groups


def _page_url(request, page):
    params = request.GET.copy()
    params["page"] = page
    return "?" + params.urlencode()


def _params(request):
    filters = {name: request.GET.get(name, "") for name in search.FILTERS}
    return (
        request.GET.get("q", "").strip(),
        request.GET.get("page", "1"),
        filters,
        request.GET.get("sort", "relevance") or "relevance",
    )


@require_GET
def search_page(request):
    query, page, filters, sort = _params(request)
    if not query:  # the search page itself, with how to search
        return render(request, "search/search.html", {"query": "", "filters": filters})
    if page == "1":
        url = search.resolve_symbol(query)
        if url:
            return redirect(url)
    context = {"query": query, "sort": sort, "filters": filters}
    try:
        results = search.search(query, page=page, filters=filters, sort=sort)
    except search.SearchQueryError as exc:
        context["error"] = str(exc)
        return render(request, "search/search.html", context, status=400)
    except search.SearchUnavailable:
        return render(request, "search/unavailable.html", context, status=503)
    context.update(
        results=results,
        facet_groups=_facet_groups(request, results),
        previous_url=_page_url(request, results.page - 1) if results.has_previous else "",
        next_url=_page_url(request, results.page + 1) if results.has_next else "",
        relevance_url=_sort_url(request, "relevance"),
        date_url=_sort_url(request, "date"),
    )
    status = 404 if results.count and not results.hits else 200
    return render(request, "search/search.html", context, status=status)


def _sort_url(request, sort):
    params = request.GET.copy()
    params.pop("page", None)
    params["sort"] = sort
    return "?" + params.urlencode()
