"""The archive's search: the only names views, commands, the ingest service and the
admin use. Everything else in this package is private to it.

Queries:
    search(query, page=, per_page=, filters=, sort=, facets=) -> SearchResults
    resolve_symbol(query) -> URL of the document the query names, or None
Keeping the index in step (call after the transaction commits):
    index_document(document_or_id), remove_document(document_id), index_objects(objects)
    rebuild(procs=) -> entries, check() -> IndexCheck, fix(check)

The engine doing the work is chosen by the SEARCH_ENGINE setting (search.engines).
"""

from django.db.models import Q

from ingest.parsers.symbols import typed_joint_parts, typed_symbol

from ._query import FACETS, FILTERS, SORTS, TYPES, SearchResults, make_request
from .engines import get_engine
from .engines.base import (
    Hit,
    IndexBusy,
    IndexCheck,
    QueryTooBroad,
    SearchQueryError,
    SearchUnavailable,
)

__all__ = [
    "FACETS",
    "FILTERS",
    "SORTS",
    "TYPES",
    "Hit",
    "IndexBusy",
    "IndexCheck",
    "QueryTooBroad",
    "SearchQueryError",
    "SearchResults",
    "SearchUnavailable",
    "check",
    "clear_query_caches",
    "fix",
    "index_document",
    "index_objects",
    "rebuild",
    "remove_document",
    "resolve_symbol",
    "search",
]


def search(
    query: str,
    *,
    page=1,
    per_page=20,
    filters: dict | None = None,
    sort="relevance",
    facets: bool = True,
) -> SearchResults:
    """Search the index. Raises SearchQueryError (bad input or a query too costly to run:
    the message is for the user) or SearchUnavailable (index missing or corrupt). Facet
    counts (facets=True) cost a pass over every match; leave them out when not shown."""
    request = make_request(
        query, page=page, per_page=per_page, filters=filters, sort=sort, facets=facets
    )
    found = get_engine().search(request)
    return SearchResults(
        query=request.query,
        hits=found.hits,
        count=found.count,
        page=request.page,
        per_page=request.per_page,
        sort=request.sort,
        filters=request.filters,
        facets=found.facets,
        symbol_prefix=request.symbol_prefix,
        approximate=found.approximate,
    )


def resolve_symbol(query: str) -> str | None:
    """The URL of the archive's document when the query is one of its symbols."""
    from archive.models import Document

    key = typed_symbol(query or "")
    if not key:
        return None
    parts = typed_joint_parts(key)
    candidates = [key, *parts] if len(parts) > 1 else [key]
    for symbol in candidates:
        document = (
            Document.objects.filter(Q(symbol=symbol) | Q(symbols__symbol=symbol))
            .order_by("pk")
            .first()
        )
        if document is not None:
            return document.get_absolute_url()
    return None


def _pk(document) -> int:
    return document if isinstance(document, int) else document.pk


def index_document(document) -> None:
    """Index (or re-index) everything built from one document (a Document or its id):
    the document, its paragraphs and recommendations, its meetings and briefers."""
    get_engine().index_documents([_pk(document)])


def remove_document(document) -> None:
    """Remove the entries of a deleted document (its id, or the object as it was)."""
    get_engine().remove_documents([_pk(document)])


def index_objects(objects) -> None:
    """Re-index objects edited on their own (a briefer renamed, a meeting retitled)."""
    get_engine().index_objects(list(objects))


def rebuild(procs: int = 1, *, if_needed: bool = False) -> int | None:
    """Index everything again; searches use the old index until the new one is complete.
    Returns the number of entries. `if_needed`: only if the index is missing, unreadable
    or of another version (None when it was not needed)."""
    return get_engine().rebuild(procs=procs, if_needed=if_needed)


def check() -> IndexCheck:
    """Compare the index with the database. Raises SearchUnavailable if unreadable."""
    return get_engine().check()


def fix(found: IndexCheck) -> None:
    """Reconcile the differences `check()` found."""
    get_engine().fix(found)


def clear_query_caches() -> None:
    """Forget cached query results in this thread (the benchmark's cold runs)."""
    get_engine().clear_caches()
