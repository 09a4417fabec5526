"""The archive's search: the one module that views, commands and the ingest service call.

Nothing here knows Whoosh: the engine is the haystack connection "default"
(archive.search_backend.ChineseWhooshEngine), reached through `run_search`,
`replace_entries`, `add_all` and `stored_entries` on its backend.

Index maintenance (call after the transaction commits; archive.search_maintenance):
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
_JOINT = re.compile(r"-(?=[A-Za-z]{1,4}/)")


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
    approximate: bool = False  # count (and facet counts) estimated, see archive.search_match

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


def joint_parts(symbol: str) -> list[str]:
    """`A/70/95-S/2015/446` -> [`A/70/95`, `S/2015/446`]; any other text -> [text]. Looser
    than ingest's split_joint (any series of 1-4 letters, either case): also for what users type."""
    return _JOINT.split(symbol)


def resolve_symbol(query: str) -> str | None:
    """The URL of the archive's document when the query is one of its symbols."""
    from .models import Document

    key = symbol_query(query or "")
    if not key:
        return None
    parts = joint_parts(key)
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
        approximate=raw.get("approximate", False),
    )


def clear_query_caches() -> None:
    """Forget cached query results in this thread (the benchmark's cold runs)."""
    _backend().clear_query_caches()


# Index maintenance lives in its own module; callers reach it through this one.
from .search_maintenance import (  # noqa: E402, F401 (re-exported)
    IndexCheck,
    check_index,
    fix_index,
    rebuild_index,
    remove_document_index,
    update_document_index,
)
