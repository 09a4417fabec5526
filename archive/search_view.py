"""What queries need from one Whoosh searcher, computed once per index version (the
searcher is kept while the index is unchanged): segments, BM25 length normalization per
document, each document's facet values, filter sets and dates. For archive.search_match,
with `Matches`, what evaluating a query gives.
"""

import heapq
from collections import Counter

from whoosh.scoring import BM25F

from archive.search_postings import LENGTH_OF_BYTE, Segment


class Unsupported(Exception):
    """A query (or index) this evaluator does not handle: search with Whoosh instead."""


class IndexView:
    """What queries need from one searcher, computed once per index version: segments,
    field lengths, document sets of facet values and filters, dates."""

    def __init__(self, searcher):
        if type(searcher.weighting) is not BM25F:
            raise Unsupported("weighting")
        self.searcher = searcher
        self.schema = searcher.schema
        self.segments = [Segment(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        expected = 0
        for segment in self.segments:
            if segment.offset != expected:
                raise Unsupported("segments")
            expected += segment.doc_count_all
        self.doc_count_all = expected
        self.deleted = set().union(*(s.deleted for s in self.segments))
        self._norms = {}
        self._values = {}
        self.filters = {}  # query-dependent (cleared by the benchmark's cold runs)
        self._dates = None

    # --- terms ----------------------------------------------------------------------

    def term_ids(self, fieldname, value) -> set:
        """Live documents holding an exact (already analyzed) term, e.g. a facet value."""
        ids = set()
        tbytes = self.schema[fieldname].to_bytes(value)
        for segment in self.segments:
            for block in segment.blocks(fieldname, tbytes):
                ids.update(block.ids)
        return ids - self.deleted

    def all_ids(self) -> set:
        return set(range(self.doc_count_all)) - self.deleted

    def norms(self, fieldname):
        """Per document, BM25's length normalization K1 * ((1 - B) + B * length / avg)."""
        if fieldname not in self._norms:
            weighting = self.searcher.weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            avg = self.searcher.avg_field_length(fieldname) or 1
            table = [k1 * ((1 - b) + b * length / avg) for length in LENGTH_OF_BYTE]
            self._norms[fieldname] = list(map(table.__getitem__, self._lengths(fieldname)))
        return self._norms[fieldname]

    def length_keys(self, fieldname):
        """Per document, an int ordering documents by field length, then number: the
        order of BM25 scores among documents holding each query term once."""
        if ("keys", fieldname) not in self._norms:
            n = self.doc_count_all
            keys = [b * n + d for d, b in enumerate(self._lengths(fieldname))]
            self._norms["keys", fieldname] = keys
        return self._norms["keys", fieldname]

    def _lengths(self, fieldname) -> bytes:
        """Per document, its quantized length of the field (one byte), read once."""
        if ("lengths", fieldname) not in self._norms:
            lengths = b"".join(s.length_bytes(fieldname) for s in self.segments)
            self._norms["lengths", fieldname] = lengths
        return self._norms["lengths", fieldname]

    # --- facets and filters ---------------------------------------------------------

    def values(self, fieldname):
        """Per document, its value of a one-valued field such as a facet (None: none)."""
        if fieldname not in self._values:
            field = self.schema[fieldname]
            values = [None] * self.doc_count_all
            for tbytes in sorted(self.searcher.reader().lexicon(fieldname)):
                value = field.from_bytes(tbytes)
                for d in self.term_ids(fieldname, value):
                    values[d] = value
            self._values[fieldname] = values
        return self._values[fieldname]

    def facet_counts(self, fieldname, docs):
        """{value: number of docs} for the documents `docs`."""
        counts = Counter(map(self.values(fieldname).__getitem__, docs))
        counts.pop(None, None)
        return counts

    def filter_ids(self, filters):
        """Documents whose fields hold all (field, value) pairs, cached per index version."""
        key = tuple(sorted(filters.items()))
        if key not in self.filters:
            sets = sorted((self.term_ids(f, v) for f, v in filters.items()), key=len)
            self.filters[key] = sets[0].intersection(*sets[1:]) if sets else self.all_ids()
            if len(self.filters) > 64:
                self.filters.pop(next(iter(self.filters)))
        return self.filters[key]

    # --- dates ----------------------------------------------------------------------

    def dates(self):
        """Per document, the sortable date column's value (None: no date)."""
        if self._dates is None:
            dates = []
            for segment in self.segments:
                reader = segment.reader
                if not reader.has_column("date"):
                    dates += [None] * segment.doc_count_all
                    continue
                column = reader.column_reader("date", translate=False)
                missing = getattr(column, "_default", None)
                dates += [None if v == missing else v for v in column]
            self._dates = dates
        return self._dates


class Matches:
    """The documents a query matches (`ids`), ranked on demand by `top(k)`: Whoosh's
    order, score then document number.

    A quoted phrase with many candidates (documents holding all its words) is checked
    only where a page needs it (`verify`); `count` is then an estimate (`approximate`),
    the number of candidates times the share of a sample that holds the phrase."""

    def __init__(self, ids, scores=None, ranker=None, verify=None, share=1.0):
        self.ids = ids
        self._scores = scores
        self._ranker = ranker
        self._verify = verify
        self.share = share

    @property
    def approximate(self):
        return self._verify is not None

    @property
    def count(self):
        return len(self.ids) if self._verify is None else round(len(self.ids) * self.share)

    def top(self, k):
        return self._checked(k, self._top)

    def first(self, k, key):
        """The k first documents in the order of `key` (document -> sortable value)."""
        return self._checked(k, lambda n: [(d, 0.0) for d in heapq.nsmallest(n, self.ids, key=key)])

    def _top(self, k):
        if self._ranker is not None:
            return self._ranker(self.ids, k)
        if self._scores is None:
            return [(d, 0.0) for d in heapq.nsmallest(k, self.ids)]
        scores = self._scores
        return [(d, scores[d]) for d in heapq.nsmallest(k, self.ids, key=lambda d: (-scores[d], d))]

    def _checked(self, k, first):
        if self._verify is None:
            return first(k)
        n = k
        while True:
            found = first(n)
            good = self._verify({d for d, _ in found})
            kept = [(d, s) for d, s in found if d in good]
            if len(kept) >= k or len(found) < n:
                return kept[:k]
            n *= 4
