"""haystack's Whoosh backend, adapted to Chinese text and UN symbols.

- The schema (search._syntax.archive_schema, which the query parser reads too) uses
  search.analysis (Han bigrams, NFKC, t2s) for `text` and exact, normalized terms for
  `symbol` / `cites`; facet fields are sortable ID columns.
- Writers wait for the index lock for a bounded time (LOCK_TIMEOUT seconds, default 60)
  instead of failing or queueing an unbounded background thread.
- Highlighting uses the same analyzer as the index (haystack's hard-codes a stemmer).
- Reading (`run_search()`, which the engine calls) is in search.engines.whoosh.reader,
  mixed into the backend class; queries are parsed by search._syntax. Another engine would provide
  the same methods.
"""

import logging
import os
import re
import shutil
import threading
import time

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.reading import TermNotFound
from whoosh.writing import CLEAR

from search._syntax import TEXT_FIELD, archive_schema, highlight_units
from search.analysis import highlight as highlight_text

from ..base import IndexBusy
from .compat import accelerated
from .reader import ArchiveSearchReader
from .schema_version import index_version, write_version
from .writer import ArchiveSegmentWriter

log = logging.getLogger(__name__)

_HAN_CHAR = re.compile("^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]$")


def build_archive_schema(fieldnames) -> Schema:
    unknown = set(fieldnames) - set(archive_schema().names())
    if unknown:
        raise ValueError(f"search index fields without a Whoosh type: {sorted(unknown)}")
    return archive_schema()


class HanCharacter(Q.Prefix):
    """A one-character Han word: the prefix of every term that starts with it."""

    def __str__(self):
        return self.text


class ChineseWhooshSearchBackend(ArchiveSearchReader, WhooshSearchBackend):
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

    def setup(self):
        super().setup()
        # A new, empty index is of this version (an old one keeps its own, or none).
        if index_version(self.path) is None and self.index.doc_count_all() == 0:
            write_version(self.path)

    # --- writing ------------------------------------------------------------------

    def writer(self, **kwargs):
        """A writer on the index, waiting up to LOCK_TIMEOUT s for a concurrent writer."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        try:
            if not accelerated():
                kwargs.pop("multisegment", None)
                return self.index.writer(timeout=self.lock_timeout, delay=0.1, **kwargs)
            if kwargs.get("procs", 1) > 1:
                kwargs.setdefault("compound", False)  # see ArchiveSegmentWriter
                return self.index.writer(timeout=self.lock_timeout, delay=0.1, **kwargs)
            kwargs.pop("procs", None)
            kwargs.pop("multisegment", None)
            return ArchiveSegmentWriter(self.index, timeout=self.lock_timeout, delay=0.1, **kwargs)
        except LockError as exc:
            raise IndexBusy(
                f"The search index is being written by another process (waited {self.lock_timeout:.0f} s)."
            ) from exc

    def prepare_entry(self, index, obj):
        try:
            doc = index.full_prepare(obj)
        except SkipDocument:
            return None
        convert = self._from_python
        doc = {key: value if type(value) is str else convert(value) for key, value in doc.items()}
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
            docs = {}
            for index, obj in entries:
                ident = get_identifier(obj)
                if ident not in docs:
                    docs[ident] = self.prepare_entry(index, obj)
            _delete_ids(writer, docs)
            for doc in docs.values():
                if doc is not None:
                    writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return len(docs)

    def rebuild(self, entries, procs=1, limitmb=512) -> int:
        """Index `entries` into new segments beside the current ones and swap them in
        at the end, in one commit: until then searches read the old index, and a build
        that fails leaves it as it was. An index that cannot be read is started afresh."""
        try:
            usable = whoosh_index.exists_in(self.path)
            if usable:
                FileStorage(self.path).open_index(schema=self._schema()).close()
        except Exception:
            usable = False
        if not usable:  # missing or unreadable: nothing to keep
            if os.path.isdir(self.path) and os.listdir(self.path):
                log.warning("search index at %s unreadable: building it afresh", self.path)
            self.delete_index()
        elif not self.setup_complete:
            self.setup()
        count = self.add_all(entries, procs=procs, limitmb=limitmb, replace=True)
        write_version(self.path)
        return count

    def add_all(self, entries, procs=1, limitmb=512, replace=False):
        """Bulk load (rebuild): no per-entry delete. `entries` is a function
        (share, shares) -> (search index, object) pairs, run in `procs` processes
        (search.engines.whoosh.build), or an iterable of such pairs (one process).
        `replace`: the new segments replace every existing one in the commit."""
        if not callable(entries):
            pairs, procs = entries, 1
            entries = lambda share, shares: pairs  # noqa: E731
        if not accelerated():  # Whoosh's own writer, in this process
            writer = self.writer()
            count = 0
            try:
                for index, obj in entries(0, 1):
                    doc = self.prepare_entry(index, obj)
                    if doc is not None:
                        writer.add_document(**doc)
                        count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=CLEAR if replace else None)
            return count
        from .build import build

        return build(self, self.writer(), entries, procs=procs, limitmb=limitmb, replace=replace)

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
        searcher = self._searcher()  # the reader's, kept while the index is unchanged
        return [dict(hit) for hit in searcher.documents(**{f: str(v) for f, v in terms.items()})]

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

    def _expand_single_characters(self, query):
        """A one-character term matches the character anywhere, not only where it stands
        alone: every character begins a term of the index (a bigram, or itself at the end
        of a run; search.analysis), so the character as a prefix finds them all."""

        def expand(q):
            if isinstance(q, Q.Term) and q.fieldname == TEXT_FIELD and _HAN_CHAR.match(q.text):
                return HanCharacter(TEXT_FIELD, q.text, boost=q.boost)
            return q if q.is_leaf() or isinstance(q, Q.Phrase) else q.apply(expand)

        return expand(query)


def _delete_ids(writer, idents):
    """Delete the live entries with these ids, as update_document would one by one, but
    reading each segment's term info (which holds the first document number) instead
    of opening a posting list per id and segment."""
    for searcher, offset in writer.searcher().leaf_searchers():
        reader = searcher.reader()
        for ident in idents:
            try:
                info = reader.term_info(ID, ident)
            except TermNotFound:
                continue
            if info.doc_frequency() == 1:
                docnums = [info.min_id()]
            else:
                docnums = reader.postings(ID, ident).all_ids()
            for docnum in docnums:
                if not reader.is_deleted(docnum):
                    writer.delete_document(offset + docnum)


class ChineseWhooshEngine(BaseEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
