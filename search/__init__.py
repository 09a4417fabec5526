"""The archive's search: the only names views, commands, the ingest service and the
admin use. Everything else in this package is private to it.

Queries:
    search(query, page=, per_page=, filters=, sort=, facets=) -> SearchResults
    resolve_symbol(query) -> URL of the document the query names, or None
Keeping the index in step:
    document_saved(document_or_id), document_deleted(document_id): inside the writing
        transaction (the engine writes in it, or after it commits)
    index_document(document_or_id), remove_document(document_id), index_objects(objects):
        now
    rebuild(procs=) -> entries, check() -> IndexCheck, fix(check)

The engine doing the work is chosen by the SEARCH_ENGINE setting (search.engines).
"""

from django.db import transaction
from django.db.models import Q

from ingest.parsers.symbols import typed_joint_parts, typed_symbol

from . import _cited
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
    "document_deleted",
    "document_saved",
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
    hits, count, facet_counts = found.hits, found.count, found.facets
    if request.symbol_prefix and set(request.filters) <= {"type"}:
        if request.filters.get("type", "document") == "document":
            hits, count, facet_counts = _with_cited_only(request, found)
    return SearchResults(
        query=request.query,
        hits=hits,
        count=count,
        page=request.page,
        per_page=request.per_page,
        sort=request.sort,
        filters=request.filters,
        facets=facet_counts,
        symbol_prefix=request.symbol_prefix,
        approximate=found.approximate,
    )


def _with_cited_only(request, found):
    """A series listing: the documents (from the engine), then the symbols they cite
    under the prefix that the archive does not hold (search._cited), paged as one list."""
    cited = _cited.cited_only(request.symbol_prefix)
    if not cited:
        return found.hits, found.count, found.facets
    start = (request.page - 1) * request.per_page
    end = start + request.per_page
    shown = cited[max(0, start - found.count) : max(0, end - found.count)]
    hits = found.hits + [_cited.hit(symbol, n) for symbol, n in shown]
    facets = dict(found.facets)
    if "type" in facets:
        counts = dict(facets["type"])
        counts["document"] = counts.get("document", 0) + len(cited)
        facets["type"] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return hits, found.count + len(cited), facets


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
    """Index (or re-index) now everything built from one document (a Document or its
    id): the document, its paragraphs and recommendations, its meetings and briefers."""
    get_engine().index_documents([_pk(document)])


def remove_document(document) -> None:
    """Remove now the entries of a deleted document (its id, or the object as it was)."""
    get_engine().remove_documents([_pk(document)])


def document_saved(document) -> None:
    """What a writer calls inside the transaction that saved a document: an engine
    inside the database (PostgreSQL) writes the entries in that transaction, so they
    commit or roll back with the document; an engine beside it (Whoosh) writes once the
    transaction has committed, so it never indexes what was rolled back (a failure is
    logged, and `check_index` finds it)."""
    _when_committed("index_documents", [_pk(document)])


def document_deleted(document) -> None:
    """As document_saved, for a document deleted in the current transaction."""
    _when_committed("remove_documents", [_pk(document)])


def objects_saved(objects) -> None:
    """As document_saved, for objects edited on their own in the current transaction
    (meetings given another topic by the topic rules, a briefer renamed)."""
    objects = list(objects)
    if objects:
        _when_committed("index_objects", objects)


def _when_committed(operation, args: list) -> None:
    engine = get_engine()
    if getattr(engine, "transactional", False):
        getattr(engine, operation)(args)
    else:
        transaction.on_commit(lambda: getattr(get_engine(), operation)(args), robust=True)


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
