"""haystack's Whoosh backend, adapted to Chinese text and UN symbols.

- The schema uses archive.analysis (Han bigrams, NFKC, t2s) for `text` and exact,
  normalized terms for `symbol` / `cites`; facet fields are sortable ID columns.
- Writers wait for the index lock for a bounded time (LOCK_TIMEOUT seconds, default 60)
  instead of failing or queueing an unbounded background thread.
- Highlighting uses the same analyzer as the index (haystack's hard-codes a stemmer).
- `run_search()` is what archive.search calls: query parsing with symbol rewriting,
  filters, facets, sorting, paging and snippets, on a per-thread cached searcher.
  Another engine would provide the same method.
"""

import logging
import os
import re
import shutil
import threading
import time

from django.utils.safestring import mark_safe
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import DATETIME, KEYWORD, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.qparser import FieldsPlugin, QueryParser
from whoosh.sorting import Count, FieldFacet

from archive.analysis import ChineseAnalyzer, HanCharsTokenizer, SymbolTokenizer
from archive.analysis import highlight as highlight_text
from archive.search import IndexBusy, SearchQueryError, SearchUnavailable

log = logging.getLogger(__name__)

TEXT_FIELD = "text"
FACET_FIELDS = ("doc_type", "organ", "language", "year")
STORED_FIELDS = ("title", "display_symbol", "number", "url", "stamp")
USER_FIELDS = ("symbol", "cites", "text")
# A word that is a UN symbol: letters, a slash, then parts with at least one digit.
SYMBOL_WORD = re.compile(r"^[A-Za-z]{1,4}(?:/[A-Za-z0-9.\-()]+)+$")
_WORD = re.compile(r'"[^"]*"|\S+')
_JOINT = re.compile(r"-(?=[A-Za-z]{1,4}/)")
_HAN_CHAR = re.compile("^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]$")
_RESOLUTION_YEAR = re.compile(r"(/\d+)\s+\((\d{4})\)")


class BigramWord(Q.Phrase):
    """An unquoted word that analyzes to several terms (the bigrams of 维持和平): all of
    them must occur, in any order. Much cheaper than a positional phrase on Whoosh; a
    quoted phrase stays exact. Highlighting still prefers the terms side by side."""

    def matcher(self, searcher, context=None):
        terms = [Q.Term(self.fieldname, word, boost=self.boost) for word in self.words]
        return Q.And(terms).matcher(searcher, context)


class ArchiveQueryParser(QueryParser):
    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        if spec == "phrase":
            return BigramWord(fieldname, texts, boost=boost)
        return super().multitoken_query(spec, texts, fieldname, termclass, boost)


def build_archive_schema(fieldnames) -> Schema:
    fields = {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True, sortable=True),
        DJANGO_ID: WHOOSH_ID(stored=True),
        TEXT_FIELD: TEXT(
            analyzer=ChineseAnalyzer(), stored=True, phrase=True, multitoken_query="phrase"
        ),
        "chars": TEXT(analyzer=HanCharsTokenizer(), phrase=False),
        "symbol": KEYWORD(analyzer=SymbolTokenizer(), stored=True, scorable=True, field_boost=4.0),
        "cites": KEYWORD(analyzer=SymbolTokenizer(), stored=True, scorable=True, field_boost=2.0),
        "doc_ids": KEYWORD(commas=True, stored=True),
        "date": DATETIME(stored=True, sortable=True),
    }
    fields.update((name, WHOOSH_ID(stored=True, sortable=True)) for name in FACET_FIELDS)
    fields.update((name, STORED()) for name in STORED_FIELDS)
    unknown = set(fieldnames) - set(fields)
    if unknown:
        raise ValueError(f"search index fields without a Whoosh type: {sorted(unknown)}")
    return Schema(**fields)


def rewrite_symbols(text: str) -> str:
    """Make each symbol-looking word match its exact symbol fields as well as the text.

    `s/2011/817` -> `(symbol:'S/2011/817' OR cites:'S/2011/817' OR "s/2011/817")`; the
    parts of a joint symbol are alternatives too. Quoted phrases and field:value words
    are left alone.
    """
    out = []
    text = _RESOLUTION_YEAR.sub(r"\1(\2)", text)
    for word in _WORD.findall(text):
        field, colon, value = word.partition(":")
        if colon and field in ("symbol", "cites") and value and not value.startswith(("'", '"')):
            out.append(f"{field}:'{value}'")
            continue
        if word.startswith('"') or ":" in word or not SYMBOL_WORD.match(word):
            out.append(word)
            continue
        if not any(c.isdigit() for c in word):
            out.append(word)
            continue
        parts = [word, *_JOINT.split(word)] if _JOINT.search(word) else [word]
        alts = []
        for part in dict.fromkeys(parts):
            alts += [f"symbol:'{part}'", f"cites:'{part}'"]
        alts.append(f'"{word}"')
        out.append("(" + " OR ".join(alts) + ")")
    return " ".join(out)


def check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise SearchQueryError('The query has an unclosed quotation mark (").')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise SearchQueryError("The query's parentheses do not match.")


def highlight_units(query) -> list[tuple[str, ...]]:
    """The term sequences to highlight: terms and phrases of the text field, not negated."""
    units = []

    def walk(q):
        if isinstance(q, Q.Not):
            return
        if isinstance(q, Q.AndNot):
            walk(q.a)
            return
        if isinstance(q, Q.Phrase) and q.fieldname == TEXT_FIELD:
            units.append(tuple(q.words))
        elif isinstance(q, Q.Term) and q.fieldname == TEXT_FIELD:
            units.append((q.text,))
        elif q.is_leaf():
            return
        else:
            for child in q.children():
                walk(child)

    walk(query)
    return units


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.lock_timeout = float(connection_options.get("LOCK_TIMEOUT", 60))
        self._local = threading.local()

    # --- schema -------------------------------------------------------------------

    def build_schema(self, fields):
        names = {f.index_fieldname for f in fields.values()}
        return TEXT_FIELD, build_archive_schema(names)

    def _schema(self):
        if not getattr(self, "_archive_schema", None):
            from haystack import connections

            fields = connections[self.connection_alias].get_unified_index().all_searchfields()
            self._archive_schema = self.build_schema(fields)[1]
        return self._archive_schema

    # --- writing ------------------------------------------------------------------

    def writer(self, **kwargs):
        """A writer on the index, waiting up to LOCK_TIMEOUT s for a concurrent writer."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        try:
            return self.index.writer(timeout=self.lock_timeout, delay=0.1, **kwargs)
        except LockError as exc:
            raise IndexBusy(
                f"The search index is being written by another process (waited {self.lock_timeout:.0f} s)."
            ) from exc

    def prepare_entry(self, index, obj):
        try:
            doc = index.full_prepare(obj)
        except SkipDocument:
            return None
        doc = {key: self._from_python(value) for key, value in doc.items()}
        doc.pop("boost", None)
        return doc

    def update(self, index, iterable, commit=True):
        entries = [(index, obj) for obj in iterable]
        if entries:
            self.replace_entries([], entries)

    def replace_entries(self, delete_terms, entries, **writer_kwargs):
        """In one commit: delete entries matching (field, value) terms, then add `entries`
        ((search index, model object) pairs; an entry with an existing id replaces it)."""
        writer = self.writer(**writer_kwargs)
        try:
            for field, value in delete_terms:
                writer.delete_by_term(field, str(value))
            seen = set()
            for index, obj in entries:
                ident = get_identifier(obj)
                if ident in seen:
                    continue
                seen.add(ident)
                doc = self.prepare_entry(index, obj)
                if doc is not None:
                    writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return len(seen)

    def add_all(self, entries, procs=1, limitmb=128):
        """Bulk load into an empty index (rebuild): no per-entry delete."""
        writer = self.writer(
            procs=procs, limitmb=limitmb, **({"multisegment": True} if procs > 1 else {})
        )
        count = 0
        try:
            for index, obj in entries:
                doc = self.prepare_entry(index, obj)
                if doc is not None:
                    writer.add_document(**doc)
                    count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def remove(self, obj_or_string, commit=True):
        self.replace_entries([(ID, get_identifier(obj_or_string))], [])

    def clear(self, models=None, commit=True):
        if models is None:
            self.delete_index()
        else:
            terms = [(DJANGO_CT, f"{m._meta.app_label}.{m._meta.model_name}") for m in models]
            self.replace_entries(terms, [])

    def delete_index(self):
        """Remove the index files (even unreadable ones) once no writer holds the lock."""
        if os.path.isdir(self.path):
            lock = FileStorage(self.path).lock("MAIN_WRITELOCK")
            deadline = time.monotonic() + self.lock_timeout
            while not lock.acquire(blocking=False):
                if time.monotonic() > deadline:
                    raise IndexBusy("The search index is being written by another process.")
                time.sleep(0.1)
            try:
                shutil.rmtree(self.path)
            finally:
                lock.release()
        self.setup_complete = False
        self.setup()

    def stored_entries(self, **terms):
        """Stored fields of the entries holding all these terms (field=value)."""
        if not whoosh_index.exists_in(self.path):
            return []
        with self._open_index().searcher() as searcher:
            return [
                dict(hit) for hit in searcher.documents(**{f: str(v) for f, v in terms.items()})
            ]

    def all_entries(self, fields=(ID, "stamp")):
        with self._open_index().searcher() as searcher:
            for stored in searcher.all_stored_fields():
                yield {f: stored.get(f) for f in fields}

    # --- highlighting for haystack's own search path --------------------------------

    def _process_results(self, raw_page, highlight=False, query_string="", **kwargs):
        results = super()._process_results(
            raw_page, highlight=False, query_string=query_string, **kwargs
        )
        if highlight and query_string:
            try:
                units = highlight_units(self.parser.parse(query_string))
            except Exception:  # a query haystack built itself; highlight nothing rather than fail
                units = []
            for result in results["results"]:
                text = getattr(result, self.content_field_name, "") or ""
                result.highlighted = {
                    self.content_field_name: [highlight_text(text, units, tag="em")]
                }
        return results

    # --- the archive's search -------------------------------------------------------

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
        self._local.searcher = None
        if cached is not None:
            cached[1].close()
        try:
            searcher = self._open_index().searcher()
        except SearchUnavailable:
            raise
        except Exception as exc:
            raise SearchUnavailable(
                f"The search index cannot be read ({exc.__class__.__name__})."
            ) from exc
        self._local.searcher = (key, searcher)
        self._local.filters = {}
        return searcher

    def _filter_docs(self, searcher, filters):
        """Doc numbers matching all filters, cached per searcher generation."""
        key = tuple(sorted(filters.items()))
        cache = self._local.filters
        if key not in cache:
            terms = [Q.Term(field, value) for field, value in key]
            cache[key] = set(searcher.docs_for_query(Q.And(terms)))
            if len(cache) > 64:
                cache.pop(next(iter(cache)))
        return cache[key]

    def _expand_single_characters(self, query):
        """A one-character term matches the character anywhere (the `chars` field), not
        only where it stands alone."""

        def expand(q):
            if isinstance(q, Q.Term) and q.fieldname == TEXT_FIELD and _HAN_CHAR.match(q.text):
                return Q.Or([q, Q.Term("chars", q.text, boost=q.boost)])
            return q if q.is_leaf() or isinstance(q, Q.Phrase) else q.apply(expand)

        return expand(query)

    def parse_query(self, text):
        check_syntax(text)
        parser = ArchiveQueryParser(TEXT_FIELD, schema=self._schema())
        parser.remove_plugin_class(FieldsPlugin)
        parser.add_plugin(FieldsPlugin(remove_unknown=True))
        try:
            query = parser.parse(rewrite_symbols(text))
        except Exception as exc:
            raise SearchQueryError(f"The query cannot be understood ({exc}).") from exc
        fields = {name for name, _ in query.iter_all_terms()}
        if query is Q.NullQuery or not fields:
            raise SearchQueryError("The query has no words to search for.")
        if not fields <= set(USER_FIELDS):
            raise SearchQueryError("Only the fields symbol: and cites: can be searched by name.")
        return query

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

    def _run(self, searcher, query, page, per_page, filters, sort, facets):
        units = highlight_units(query)
        query = self._expand_single_characters(query)
        kwargs = {"pagelen": per_page}
        if filters:
            kwargs["filter"] = self._filter_docs(searcher, filters)
        if sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        if facets:
            kwargs["groupedby"] = {name: FieldFacet(name, maptype=Count) for name in facets}
        # One exact pass: Whoosh's top-N shortcut rarely skips on AND queries and then
        # needs a second pass to count.
        results = searcher.search_page(query, page, optimize=False, **kwargs)
        hits = []
        if results.pagenum == page:
            for hit in results:
                stored = hit.fields()
                stored["score"] = hit.score or 0.0
                stored["type"] = stored[DJANGO_CT].split(".", 1)[1]
                stored["snippet"] = mark_safe(highlight_text(stored.get(TEXT_FIELD, ""), units))
                hits.append(stored)
        facet_counts = {}
        for name in facets:
            groups = results.results.groups(name)
            label = "type" if name == DJANGO_CT else name
            strip = name == DJANGO_CT
            facet_counts[label] = sorted(
                (
                    (value.split(".", 1)[1] if strip else value, n)
                    for value, n in groups.items()
                    if value
                ),
                key=lambda item: (-item[1], item[0]),
            )
        return {"count": results.total, "hits": hits, "facets": facet_counts}


class ChineseWhooshEngine(BaseEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
