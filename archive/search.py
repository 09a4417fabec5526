"""The archive's search: the one module that views, commands and the ingest service call.

Nothing here knows Whoosh: the engine is the haystack connection "default"
(archive.search_backend.ChineseWhooshEngine), reached through `run_search`,
`replace_entries`, `add_all` and `stored_entries` on its backend.

Index maintenance (call after the transaction commits):
    update_document_index(document_id), remove_document_index(document_id), rebuild_index()
Queries:
    search(query, page=, per_page=, filters=, sort=) -> SearchResults
    resolve_symbol(query) -> URL of the document the query names, or None
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from ingest.parsers.symbols import normalize_symbol

FILTERS = ("type", "doc_type", "year", "organ", "language")
FACETS = FILTERS
SORTS = ("relevance", "date")
TYPES = ("document", "paragraph", "recommendation", "meeting", "briefer")
MAX_QUERY_LENGTH = 500
MAX_PER_PAGE = 100

_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9.()\-]+)+$")
_SYMBOL_PREFIX = re.compile(r"^[A-Z]{1,4}/(?:[A-Z0-9.]+/)*(?:[A-Z0-9.]*\*)?$")
_JOINT = re.compile(r"-(?=[A-Z]{1,4}/)")


class SearchUnavailable(Exception):
    """The index is missing, unreadable or corrupt: searching is impossible right now."""


class IndexBusy(SearchUnavailable):
    """Another process kept the index's write lock longer than the configured timeout."""


class SearchQueryError(ValueError):
    """The query (or a parameter) cannot be searched; the message is for the user."""


@dataclass(frozen=True)
class Hit:
    type: str  # document, paragraph, recommendation, meeting, briefer
    symbol: str
    paragraph: str  # paragraph or recommendation number, as printed
    title: str
    date: date | None
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    score: float


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    count: int
    page: int
    per_page: int
    sort: str = "relevance"
    filters: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)  # name -> [(value, count)]
    symbol_prefix: str | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def _backend():
    from haystack import connections

    return connections["default"].get_backend()


def _unified_index():
    from haystack import connections

    return connections["default"].get_unified_index()


# --- queries -----------------------------------------------------------------------


def _compact(query: str) -> str:
    """NFKC, and no spaces around the slashes and brackets of a symbol (`S/2011/ 817`)."""
    text = unicodedata.normalize("NFKC", query).strip()
    return re.sub(r"\s*([/()])\s*", r"\1", text)


def symbol_query(query: str) -> str | None:
    """The normalized symbol if the whole query is one UN symbol, else None."""
    text = _compact(query).upper()
    if not _SYMBOL.match(text) or not any(c.isdigit() for c in text):
        return None
    return normalize_symbol(text)


def symbol_prefix(query: str) -> str | None:
    """`S/2016/` (or `S/2016/*`) -> `S/2016/`: list the documents under that prefix."""
    text = _compact(query).upper()
    return text.rstrip("*") if _SYMBOL_PREFIX.match(text) else None


def resolve_symbol(query: str) -> str | None:
    """The URL of the archive's document when the query is one of its symbols."""
    from .models import Document

    key = symbol_query(query or "")
    if not key:
        return None
    candidates = [key, *_JOINT.split(key)] if _JOINT.search(key) else [key]
    for symbol in candidates:
        document = (
            Document.objects.filter(Q(symbol=symbol) | Q(symbols__symbol=symbol))
            .order_by("pk")
            .first()
        )
        if document is not None:
            return document.get_absolute_url()
    return None


def clean_filters(filters: dict | None) -> dict:
    cleaned = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            raise SearchQueryError(f"Unknown filter: {name}.")
        if value in (None, ""):
            continue
        value = str(value).strip()
        if name == "type" and value not in TYPES:
            raise SearchQueryError(f"Unknown result type: {value}.")
        if name == "year" and not re.fullmatch(r"\d{4}", value):
            raise SearchQueryError("The year must have four digits.")
        cleaned[name] = value
    return cleaned


def search(
    query: str,
    *,
    page=1,
    per_page=20,
    filters: dict | None = None,
    sort="relevance",
    facets: bool = True,
) -> SearchResults:
    """Search the index. Raises SearchQueryError (bad input, message for the user) or
    SearchUnavailable (index missing or corrupt). Facet counts (facets=True) cost a pass
    over every match; leave them out when they are not shown."""
    query = (query or "").strip()
    if not query:
        raise SearchQueryError("Type something to search for.")
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"The query is too long (at most {MAX_QUERY_LENGTH} characters).")
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError) as exc:
        raise SearchQueryError("The page number must be a whole number.") from exc
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchQueryError("The page number must be 1 or more.")
    if sort not in SORTS:
        raise SearchQueryError(f"Sort by one of: {', '.join(SORTS)}.")
    filters = clean_filters(filters)
    prefix = symbol_prefix(query)
    raw = _backend().run_search(
        query,
        page=page,
        per_page=per_page,
        filters=filters,
        sort=sort,
        facets=FACETS if facets else (),
        symbol_prefix=prefix,
    )
    hits = [
        Hit(
            type=h["type"],
            symbol=h.get("display_symbol") or "",
            paragraph=h.get("number") or "",
            title=h.get("title") or "",
            date=h["date"].date() if h.get("date") else None,
            url=h.get("url") or "",
            snippet=h["snippet"],
            score=h["score"],
        )
        for h in raw["hits"]
    ]
    return SearchResults(
        query=query,
        hits=hits,
        count=raw["count"],
        page=page,
        per_page=per_page,
        sort=sort,
        filters=filters,
        facets=raw["facets"],
        symbol_prefix=prefix,
    )


# --- index maintenance --------------------------------------------------------------


def _entries(objects):
    unified = _unified_index()
    return [(unified.get_index(type(obj)), obj) for obj in objects]


def _linked(model, stored):
    """Objects of `model` that the index links to the document (found by doc_ids)."""
    name = f"archive.{model._meta.model_name}"
    pks = [int(s["django_id"]) for s in stored if s.get("django_ct") == name]
    return list(_unified_index().get_index(model).index_queryset().filter(pk__in=pks))


def update_document_index(document_id: int) -> None:
    """Index (or re-index) everything built from one document, in one commit.

    Its previous entries go (paragraphs that no longer exist with them); the document,
    its paragraphs and recommendations, and the meetings and briefers linked to it,
    now or before, are written again.
    """
    _reindex(document_id, with_document=True)


def remove_document_index(document_id: int) -> None:
    """Remove a document's entries; meetings and briefers it fed are re-indexed from
    what is left in the database (or dropped when they are gone)."""
    _reindex(document_id, with_document=False)


def _reindex(document_id: int, *, with_document: bool) -> None:
    from .models import Briefer, Document, Meeting

    unified = _unified_index()
    backend = _backend()
    gone = {document_id}
    objects = []
    document = unified.get_index(Document).index_queryset().filter(pk=document_id).first()
    if document is not None and with_document:
        # An ingest that deleted and re-created the document left entries under the old id.
        entries = backend.stored_entries(symbol=document.symbol, django_ct="archive.document")
        ids = {int(e["django_id"]) for e in entries if e.get("language") == document.language}
        gone |= ids - set(Document.objects.filter(pk__in=ids).values_list("pk", flat=True))
        objects.append(document)
        objects += unified.get_index(_model("paragraph")).index_queryset().filter(document=document)
        objects += (
            unified.get_index(_model("recommendation")).index_queryset().filter(document=document)
        )
    stored = [e for doc_id in gone for e in backend.stored_entries(doc_ids=doc_id)]
    meetings = unified.get_index(Meeting).index_queryset()
    briefers = unified.get_index(Briefer).index_queryset()
    if with_document:
        stated = Q(briefings__document_id=document_id) | Q(briefings__sources=document_id)
        objects += meetings.filter(Q(reports__document_id=document_id) | stated).distinct()
        objects += briefers.filter(briefings__meeting__reports__document_id=document_id).distinct()
        objects += briefers.filter(
            Q(briefings__document_id=document_id) | Q(briefings__sources=document_id)
        ).distinct()
    objects += _linked(Meeting, stored)
    objects += _linked(Briefer, stored)
    backend.replace_entries([("doc_ids", doc_id) for doc_id in sorted(gone)], _entries(objects))


def _model(name):
    from django.apps import apps

    return apps.get_model("archive", name)


def rebuild_index(procs: int = 1, limitmb: int = 512) -> int:
    """Clear the index and index every object again. Returns the number of entries."""
    backend = _backend()
    backend.clear()

    def everything():
        for index in _unified_index().get_indexes().values():
            yield from (
                (index, obj)
                for obj in index.index_queryset().order_by("pk").iterator(chunk_size=500)
            )

    return backend.add_all(everything(), procs=procs, limitmb=limitmb)


# --- index <-> database check --------------------------------------------------------


@dataclass
class IndexCheck:
    """Entries the index lacks, entries it has for nothing, entries built from an older
    version of their document (identifiers such as `archive.paragraph.12`)."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    documents: dict = field(default_factory=dict)  # identifier -> document id

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _expected_entries():
    """identifier -> (stamp, document id or None), from the database."""
    expected = {}
    for name, doc_field in [
        ("document", None),
        ("paragraph", "document"),
        ("recommendation", "document"),
    ]:
        model = _model(name)
        if doc_field is None:
            rows = model.objects.values_list("pk", "updated_at", "pk")
        else:
            rows = model.objects.values_list("pk", f"{doc_field}__updated_at", f"{doc_field}_id")
        for pk, stamp, doc_id in rows.iterator():
            expected[f"archive.{name}.{pk}"] = (stamp.isoformat() if stamp else "", doc_id)
    for name in ("meeting", "briefer"):
        for pk in _model(name).objects.values_list("pk", flat=True).iterator():
            expected[f"archive.{name}.{pk}"] = ("", None)
    return expected


def check_index() -> IndexCheck:
    """Compare the index with the database. Raises SearchUnavailable if it cannot be read."""
    expected = _expected_entries()
    indexed = {e["id"]: e.get("stamp") or "" for e in _backend().all_entries()}
    check = IndexCheck()
    for ident, (stamp, doc_id) in sorted(expected.items()):
        if ident not in indexed:
            check.missing.append(ident)
        elif indexed[ident] != stamp:
            check.stale.append(ident)
        else:
            continue
        if doc_id is not None:
            check.documents[ident] = doc_id
    check.extra = sorted(set(indexed) - set(expected))
    return check


def fix_index(check: IndexCheck) -> None:
    """Reconcile: re-index the documents concerned, add missing meetings and briefers,
    delete entries of objects that are gone."""
    for doc_id in sorted(set(check.documents.values())):
        update_document_index(doc_id)
    others = [i for i in check.missing + check.stale if i not in check.documents]
    objects = []
    for ident in others:
        _, name, pk = ident.split(".")
        obj = _model(name).objects.filter(pk=pk).first()
        if obj is not None:
            objects.append(obj)
    backend = _backend()
    backend.replace_entries([("id", ident) for ident in check.extra], _entries(objects))
