"""Checking what the user asked for before any engine sees it: the query's length, the
page, the sort, the filters; and recognising a symbol or a series of symbols."""

import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ingest.parsers.symbols import typed_symbol_prefix

from .engines.base import Hit, SearchQueryError, SearchRequest

FILTERS = ("type", "doc_type", "year", "organ", "language")
FACETS = FILTERS
SORTS = ("relevance", "date")
TYPES = ("document", "paragraph", "recommendation", "meeting", "briefer")
MAX_QUERY_LENGTH = 500
MAX_PER_PAGE = 100


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
    approximate: bool = False  # count (and facet counts) estimated by the engine

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


def clean_filters(filters: dict | None) -> dict:
    cleaned = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            raise SearchQueryError(_("Unknown filter: %(name)s.") % {"name": name})
        if value in (None, ""):
            continue
        value = str(value).strip()
        if name == "type" and value not in TYPES:
            raise SearchQueryError(_("Unknown result type: %(type)s.") % {"type": value})
        if name == "year" and not re.fullmatch(r"\d{4}", value):
            raise SearchQueryError(_("The year must have four digits."))
        cleaned[name] = value
    return cleaned


def _symbol_prefix(query: str) -> str | None:
    """`S/2016/`, `S/2016/*` and `symbol:S/2016/*` all list the series."""
    field, colon, value = query.partition(":")
    if colon and field.strip().lower() == "symbol":
        query = value
    return typed_symbol_prefix(query)


def make_request(query, *, page, per_page, filters, sort, facets) -> SearchRequest:
    query = (query or "").strip()
    if not query:
        raise SearchQueryError(_("Type something to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            _("The query is too long (at most %(n)s characters).") % {"n": MAX_QUERY_LENGTH}
        )
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError) as exc:
        raise SearchQueryError(_("The page number must be a whole number.")) from exc
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchQueryError(_("The page number must be 1 or more."))
    if sort not in SORTS:
        raise SearchQueryError(_("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)})
    return SearchRequest(
        query=query,
        page=page,
        per_page=per_page,
        filters=clean_filters(filters),
        sort=sort,
        facets=FACETS if facets else (),
        symbol_prefix=_symbol_prefix(query),
    )
