"""The boundary between the search app and an engine (Whoosh, PostgreSQL, later others).

The public functions in `search/__init__.py` validate their input, then call one engine
(chosen by the SEARCH_ENGINE setting, see search.engines) through the `Engine` protocol
below, and get back the plain data classes defined here. Nothing above this boundary
knows how an engine stores or reads its index; nothing below it knows about views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable


class SearchUnavailable(Exception):
    """The index is missing, unreadable or corrupt: searching is impossible right now."""


class IndexBusy(SearchUnavailable):
    """Another process kept the index's write lock longer than the configured timeout."""


class SearchQueryError(ValueError):
    """The query (or a parameter) cannot be searched; the message is for the user."""


class QueryTooBroad(SearchQueryError):
    """The query would cost more than a query may (the message says why, for the user)."""


@dataclass(frozen=True)
class SearchRequest:
    """One validated query, as an engine receives it.

    `query` is the user's text (the query syntax: words, "phrases", AND/OR/NOT,
    ANDMAYBE, prefixes*, symbol:/cites: fields); `symbol_prefix` is set instead when
    the whole query names a series of symbols (`S/2016/`): the engine then lists the
    documents whose symbols start with it. `filters` maps names of FILTERS to one value
    each; `facets` names the facets to count (empty: none, which is cheaper)."""

    query: str
    page: int = 1
    per_page: int = 20
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"  # or "date" (newest first)
    facets: tuple[str, ...] = ()
    symbol_prefix: str | None = None


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
class ResultPage:
    """What an engine answers: one page of hits, the total count, facet counts
    (name -> [(value, count)], most frequent first, then by value)."""

    hits: list[Hit]
    count: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    approximate: bool = False  # count (and facet counts) estimated


@dataclass
class IndexCheck:
    """Entries the index lacks, entries it has for nothing, entries built from an older
    version of their object (identifiers such as `archive.paragraph.12`)."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    documents: dict = field(default_factory=dict)  # identifier -> document id

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


@runtime_checkable
class Engine(Protocol):
    """A search engine. One instance per process (search.engines.get_engine)."""

    name: str

    def search(self, request: SearchRequest) -> ResultPage:
        """Raises SearchQueryError (QueryTooBroad) for queries it refuses and
        SearchUnavailable when the index cannot be read."""

    def index_documents(self, document_ids: Sequence[int]) -> None:
        """(Re-)index everything built from these documents: the documents, their
        paragraphs and recommendations, and the meetings and briefers linked to them
        (now, or before: entries of what is gone go too)."""

    def remove_documents(self, document_ids: Sequence[int]) -> None:
        """Drop the entries built from these (deleted) documents; meetings and briefers
        they fed are re-indexed from what is left."""

    def index_objects(self, objects: Sequence) -> None:
        """(Re-)index single objects edited on their own (a briefer, a meeting)."""

    def rebuild(self, *, procs: int = 1, if_needed: bool = False) -> int | None:
        """Index everything again; searches keep answering from the old index until
        the new one is complete. Returns the number of entries. `if_needed`: only when
        the index is missing, unreadable or of another version (else returns None)."""

    def check(self) -> IndexCheck:
        """Compare the index with the database."""

    def fix(self, check: IndexCheck) -> None:
        """Reconcile what `check` found."""

    def clear_caches(self) -> None:
        """Forget cached query results in this thread (the benchmark's cold runs)."""
