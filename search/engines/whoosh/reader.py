"""Reading the archive's Whoosh index: queries (parsed by search._syntax), a per-thread
searcher kept while the index is unchanged, filters, facets, sorting, paging and snippets. Mixed into search.engines.whoosh.backend's backend class, which
owns the schema and writing; `run_search()` is what the engine calls.
"""

import logging
import os

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from haystack.constants import DJANGO_CT
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.collectors import FilterCollector, WrappingCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.sorting import Count, FieldFacet

from search._syntax import TEXT_FIELD, highlight_units, parse_query
from search.analysis import highlight as highlight_text

from ..base import SearchQueryError, SearchUnavailable
from .compat import accelerated
from .cost import Deadline, Plan, limits
from .index_view import IndexView, Unsupported
from .matching import Evaluation
from .schema_version import SCHEMA_VERSION, index_version

log = logging.getLogger(__name__)


class ArchiveSearchReader:
    """The read side of the backend (needs self.path and self._schema())."""

    def _open_index(self):
        """Open the existing index for reading; never create it."""
        try:
            if not os.path.isdir(self.path) or not whoosh_index.exists_in(self.path):
                raise SearchUnavailable("The search index has not been built yet.")
            return FileStorage(self.path).open_index(schema=self._schema())
        except SearchUnavailable:
            raise
        except Exception as exc:  # unreadable TOC or segments: any error means the same
            raise SearchUnavailable(
                f"The search index cannot be read ({exc.__class__.__name__})."
            ) from exc

    def require_version(self):
        """Raises SearchUnavailable unless the index is of this version (schema_version)."""
        try:
            built = os.path.isdir(self.path) and whoosh_index.exists_in(self.path)
        except Exception:  # there, but unreadable: opening it says so
            built = True
        if not built:
            raise SearchUnavailable("The search index has not been built yet.")
        version = index_version(self.path)
        if version != SCHEMA_VERSION:
            raise SearchUnavailable(
                f"The search index was built by another version of the archive (index "
                f"format {version or 'unknown'}, this version reads {SCHEMA_VERSION}): run "
                f"`python manage.py rebuild_index`."
            )

    def needs_rebuild(self) -> bool:
        """The index is missing, unreadable or of another version."""
        try:
            self._open_index().close()
            self.require_version()
        except SearchUnavailable:
            return True
        return False

    def _toc_key(self):
        """Identifies the index's current version, also across a rebuild (which restarts
        generation numbers): latest generation and its TOC file's inode and mtime."""
        try:
            gen = whoosh_index.TOC._latest_generation(FileStorage(self.path), "MAIN")
            stat = os.stat(os.path.join(self.path, f"_MAIN_{gen}.toc"))
        except OSError as exc:
            raise SearchUnavailable("The search index has not been built yet.") from exc
        if gen < 0:
            raise SearchUnavailable("The search index has not been built yet.")
        return gen, stat.st_ino, stat.st_mtime_ns

    def _searcher(self):
        """A searcher on the latest index, kept per thread while the index is unchanged."""
        key = self._toc_key()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        self._local.searcher = self._local.view = None
        if cached is not None:
            cached[1].close()
        self.require_version()
        try:
            searcher = self._open_index().searcher()
        except SearchUnavailable:
            raise
        except Exception as exc:
            raise SearchUnavailable(
                f"The search index cannot be read ({exc.__class__.__name__})."
            ) from exc
        self._local.searcher = (key, searcher)
        self._local.view = None
        return searcher

    def parse_query(self, text):
        return parse_query(text, self._schema())

    def run_search(self, text, *, page, per_page, filters, sort, facets, symbol_prefix=None):
        """Returns {"count", "hits": [stored fields + type, score, snippet], "facets":
        {name: [(value, n)]}}. Filter and facet `type` is the kind of entry (paragraph...)."""
        filters = {(DJANGO_CT if k == "type" else k): v for k, v in filters.items()}
        if DJANGO_CT in filters:
            filters[DJANGO_CT] = f"archive.{filters[DJANGO_CT]}"
        facets = [DJANGO_CT if name == "type" else name for name in facets or ()]
        if symbol_prefix:
            query = Q.Prefix("symbol", symbol_prefix)
            filters = {**filters, DJANGO_CT: "archive.document"}
        else:
            query = self.parse_query(text)
        searcher = self._searcher()
        try:
            return self._run(searcher, query, page, per_page, filters, sort, facets)
        except (SearchQueryError, SearchUnavailable):
            raise
        except Exception as exc:  # reading the index failed (files changed or damaged)
            log.exception("search failed for %r", text)
            raise SearchUnavailable(
                f"The search index cannot be read ({exc.__class__.__name__})."
            ) from exc

    def clear_query_caches(self):
        """Forget what earlier queries left in this thread's caches (the benchmark's cold
        runs); the searcher and what it computed once per index version stay."""
        view = getattr(self._local, "view", None)
        if view is not None:
            view.filters.clear()

    def _view(self, searcher):
        view = getattr(self._local, "view", None)
        if view is None or view.searcher is not searcher:
            view = self._local.view = IndexView(searcher)
        return view

    def _run(self, searcher, query, page, per_page, filters, sort, facets):
        units = highlight_units(query)
        query = self._expand_single_characters(query)
        limit = limits()
        # The deadline covers the plan too: expanding a pattern reads term tables.
        deadline = Deadline(limit["seconds"])
        plan = Plan(searcher, limit, deadline)
        plan.check(query)  # QueryTooBroad past a limit
        try:
            view = self._view(searcher) if accelerated() else None
        except Unsupported:  # an index this evaluator cannot read (another weighting)
            view = None
        if view is None:
            return self._run_whoosh(
                searcher, query, units, page, per_page, filters, sort, facets, deadline
            )
        try:
            evaluation = Evaluation(view, deadline, plan.expansions)
            matches = evaluation.run(query, scored=sort != "date")
        except Unsupported as exc:
            raise SearchQueryError(
                _("This kind of query is not supported (%(kind)s).") % {"kind": exc}
            ) from exc
        if filters:
            matches.restrict(view.filter_mask(filters))
        end = page * per_page
        if sort == "date":
            top = matches.first(end, view.date_keys())
        else:
            top = matches.top(end)
        hits = [self._hit(searcher, d, score, units) for d, score in top[end - per_page :]]
        facet_counts = {}
        for name in facets:
            counts = view.facet_counts(name, matches.ids)
            facet_counts[self._facet_label(name)] = self._facet_list(name, counts)
        return {
            "count": matches.count,
            "approximate": matches.approximate,
            "hits": hits,
            "facets": facet_counts,
        }

    @staticmethod
    def _hit(searcher, docnum, score, units):
        stored = searcher.stored_fields(docnum)
        stored["score"] = score or 0.0
        stored["type"] = stored[DJANGO_CT].split(".", 1)[1]
        stored["snippet"] = mark_safe(highlight_text(stored.get(TEXT_FIELD, ""), units))
        return stored

    @staticmethod
    def _facet_label(name):
        return "type" if name == DJANGO_CT else name

    @staticmethod
    def _facet_list(name, counts):
        strip = name == DJANGO_CT
        return sorted(
            (
                (value.split(".", 1)[1] if strip else value, n)
                for value, n in counts.items()
                if value
            ),
            key=lambda item: (-item[1], item[0]),
        )

    def _run_whoosh(
        self, searcher, query, units, page, per_page, filters, sort, facets, deadline=None
    ):
        """Whoosh's own search (plain Whoosh: search.engines.whoosh.compat), stopped at
        the deadline."""
        deadline = deadline or Deadline(limits()["seconds"])
        kwargs = {"limit": page * per_page}
        if sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        if facets:
            kwargs["groupedby"] = {name: FieldFacet(name, maptype=Count) for name in facets}
        collector = _DeadlineCollector(searcher.collector(optimize=False, **kwargs), deadline)
        if filters:
            terms = [Q.Term(field, value) for field, value in filters.items()]
            collector = FilterCollector(collector, set(searcher.docs_for_query(Q.And(terms))))
        searcher.search_with_collector(query, collector)
        results = collector.results()
        shown = results[(page - 1) * per_page : page * per_page]
        hits = [self._hit(searcher, hit.docnum, hit.score, units) for hit in shown]
        facet_counts = {
            self._facet_label(name): self._facet_list(name, results.groups(name)) for name in facets
        }
        return {"count": len(results), "hits": hits, "facets": facet_counts}


class _DeadlineCollector(WrappingCollector):
    """Checks the deadline every 256 matching documents of Whoosh's own search."""

    def __init__(self, child, deadline):
        super().__init__(child)
        self.deadline = deadline

    def matches(self):
        for i, docnum in enumerate(self.child.matches()):
            if not i & 255:
                self.deadline.check()
            yield docnum

    def collect_matches(self):
        for docnum in self.matches():
            self.collect(docnum)
