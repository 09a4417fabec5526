"""Downloads of the lists (archive.exports): /exports/meetings.csv?year=2016 and the like,
with the filters of the page they are linked from; and of a search's hits."""

import datetime as dt

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

import search

from .. import exports
from ..filters import FilterError

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def export(request, kind, fmt):
    spec = exports.KINDS.get(kind)
    if spec is None or fmt not in CONTENT_TYPES:
        raise Http404("No such export")
    try:
        filters = spec.filter.from_query(request.GET)
    except FilterError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    rows = _absolute_urls(request, spec.rows(filters))
    name = "-".join([kind, *(f"{k}-{v}" for k, v in filters.params().items())])
    return _stream(rows, spec.columns, spec.to_csv, fmt, name)


@require_safe
def search_export(request, fmt):
    """The hits of a search (the search page's query string), at most
    exports.SEARCH_LIMIT of them."""
    if fmt not in CONTENT_TYPES:
        raise Http404("No such export")
    query = request.GET.get("q", "").strip()
    filters = {name: request.GET.get(name, "") for name in search.FILTERS}
    sort = request.GET.get("sort", "relevance") or "relevance"
    try:
        # the first page now: a bad query is a 400, not a broken download
        search.search(query, page=1, per_page=1, filters=filters, sort=sort, facets=False)
    except search.SearchQueryError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    except search.SearchUnavailable:
        return HttpResponse(status=503)
    rows = exports.search_rows(search.search, query, filters, sort)
    return _stream(_absolute_urls(request, rows), exports.SEARCH_COLUMNS, None, fmt, "search")


def _absolute_urls(request, rows):
    for row in rows:
        for key, value in row.items():
            if key.endswith("url") and isinstance(value, str) and value.startswith("/"):
                row[key] = request.build_absolute_uri(value)
        yield row


def _stream(rows, columns, to_csv, fmt, name):
    if fmt == "csv":
        chunks = exports.csv_chunks(columns, rows, to_csv)
    else:
        chunks = exports.json_chunks(rows)
    response = StreamingHttpResponse(
        (c.encode("utf-8") for c in chunks), content_type=CONTENT_TYPES[fmt]
    )
    stamp = dt.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{_safe(name)}-{stamp}.{fmt}"'
    return response


def _safe(name):
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in name)[:120]
