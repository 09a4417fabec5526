"""What queries need from one Whoosh searcher, computed once per index version (the
searcher is kept while the index is unchanged): segments, BM25 length normalization per
document, each document's facet values, filter sets and dates. For search.engines.whoosh.matching,
with `Matches`, what evaluating a query gives.
"""

import numpy as np
from whoosh.scoring import BM25F

from .postings import LENGTH_OF_BYTE, Segment


class Unsupported(Exception):
    """A query (or index) this evaluator does not handle: search with Whoosh instead."""


class IndexView:
    """What queries need from one searcher, computed once per index version: segments,
    field lengths, document sets of facet values and filters, dates. Per-document data
    are NumPy arrays indexed by global document number."""

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
        self.live = None  # a mask of live documents, None: no deletions
        if self.deleted:
            self.live = np.ones(expected, dtype=bool)
            self.live[np.fromiter(self.deleted, dtype=np.int64)] = False
        self._norms = {}
        self._values = {}
        self.filters = {}  # query-dependent (cleared by the benchmark's cold runs)
        self._date_keys = None

    # --- terms ----------------------------------------------------------------------

    def postings(self, fieldname, tbytes):
        """[SegmentTerm] of a term (deleted documents included); [] if it is nowhere."""
        found = (segment.term(fieldname, tbytes) for segment in self.segments)
        return [term for term in found if term is not None]

    def term_ids(self, fieldname, value):
        """Live documents holding an exact (already analyzed) term, e.g. a facet value."""
        tbytes = self.schema[fieldname].to_bytes(value)
        return self.live_only(_concat([t.ids for t in self.postings(fieldname, tbytes)]))

    def all_ids(self):
        return self.live_only(np.arange(self.doc_count_all, dtype=np.int64))

    def live_only(self, ids, *more):
        """`ids` (and arrays aligned with it) without the deleted documents."""
        if self.live is None or not len(ids):
            return (ids, *more) if more else ids
        keep = self.live[ids]
        return (ids[keep], *(m[keep] for m in more)) if more else ids[keep]

    def norms(self, fieldname):
        """Per document, BM25's length normalization K1 * ((1 - B) + B * length / avg)."""
        if fieldname not in self._norms:
            weighting = self.searcher.weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            avg = self.searcher.avg_field_length(fieldname) or 1
            table = np.array([k1 * ((1 - b) + b * length / avg) for length in LENGTH_OF_BYTE])
            lengths = b"".join(s.length_bytes(fieldname) for s in self.segments)
            self._norms[fieldname] = table[np.frombuffer(lengths, dtype=np.uint8)]
        return self._norms[fieldname]

    # --- facets and filters ---------------------------------------------------------

    def values(self, fieldname):
        """(codes, values): per document, the index in `values` of its value of a
        one-valued field such as a facet (-1: none)."""
        if fieldname not in self._values:
            field = self.schema[fieldname]
            codes = np.full(self.doc_count_all, -1, dtype=np.int32)
            values = []
            for tbytes in sorted(self.searcher.reader().lexicon(fieldname)):
                codes[self.term_ids(fieldname, field.from_bytes(tbytes))] = len(values)
                values.append(field.from_bytes(tbytes))
            self._values[fieldname] = codes, values
        return self._values[fieldname]

    def facet_counts(self, fieldname, docs):
        """{value: number of docs} for the documents `docs` (an array)."""
        codes, values = self.values(fieldname)
        counts = np.bincount(codes[docs] + 1, minlength=len(values) + 1)[1:]
        return {values[i]: int(n) for i, n in enumerate(counts.tolist()) if n}

    def filter_mask(self, filters):
        """A mask of the documents whose fields hold all (field, value) pairs, cached."""
        key = tuple(sorted(filters.items()))
        if key not in self.filters:
            mask = np.zeros(self.doc_count_all, dtype=bool)
            sets = [self.term_ids(f, v) for f, v in filters.items()]
            mask[intersect(sets) if sets else self.all_ids()] = True
            self.filters[key] = mask
            if len(self.filters) > 64:
                self.filters.pop(next(iter(self.filters)))
        return self.filters[key]

    # --- dates ----------------------------------------------------------------------

    def date_keys(self):
        """Per document, an int that orders by date, latest first, undated last."""
        if self._date_keys is None:
            dates = np.concatenate([_date_column(s) for s in self.segments] or [_NO_DATES])
            dated = dates != _MISSING
            values, ranks = np.unique(dates[dated], return_inverse=True)
            keys = np.full(len(dates), len(values), dtype=np.int64)
            keys[dated] = len(values) - 1 - ranks
            self._date_keys = keys
        return self._date_keys


_MISSING = np.uint64(2**64 - 1)  # Whoosh's default for an absent sortable date
_NO_DATES = np.empty(0, dtype=np.uint64)


def _date_column(segment):
    """A segment's sortable date values (uint64, _MISSING where absent)."""
    reader = segment.reader
    n = segment.doc_count_all
    if not reader.has_column("date"):
        return np.full(n, _MISSING, dtype=np.uint64)
    column = reader.column_reader("date", translate=False)
    default = getattr(column, "_default", None)
    if getattr(column, "_typecode", None) == "Q" and hasattr(column, "_dbfile"):
        count = min(column._count, n)
        raw = column._dbfile.get(column._basepos, count * 8)
        values = np.full(n, default, dtype=np.uint64)
        values[:count] = np.frombuffer(raw, dtype=">u8")
    else:
        values = np.fromiter((column[d] for d in range(n)), dtype=np.uint64, count=n)
    if default is not None:
        values[values == np.uint64(default)] = _MISSING
    return values


def _concat(arrays):
    if not arrays:
        return np.empty(0, dtype=np.int64)
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def contains(haystack, needles):
    """Mask over `needles`: which are in `haystack` (both sorted arrays of unique ints)."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), dtype=bool)
    if len(needles) * 16 < len(haystack):  # a few needles: binary search
        at = np.searchsorted(haystack, needles)
        at[at == len(haystack)] = 0
        return haystack[at] == needles
    present = np.zeros(int(haystack[-1]) + 1, dtype=bool)
    present[haystack] = True
    found = np.zeros(len(needles), dtype=bool)
    inside = needles <= haystack[-1]
    found[inside] = present[needles[inside]]
    return found


def gather(ids, values, wanted):
    """values[i] where ids[i] == each of `wanted` (sorted; all of them in `ids`)."""
    if len(wanted) * 16 < len(ids):
        return values[np.searchsorted(ids, wanted)]
    dense = np.empty(int(ids[-1]) + 1 if len(ids) else 0, dtype=values.dtype)
    dense[ids] = values
    return dense[wanted]


def intersect(arrays):
    """The ids in all of the sorted arrays (smallest first: fewer look-ups)."""
    arrays = sorted(arrays, key=len)
    common = arrays[0]
    for other in arrays[1:]:
        common = common[contains(other, common)]
    return common


class Matches:
    """The documents a query matches (`ids`, a sorted array, with `scores` when ranked),
    ranked on demand by `top(k)`: Whoosh's order, score then document number.

    A quoted phrase with many candidates (documents holding all its words) is checked
    only where a page needs it (`verify`); `count` is then an estimate (`approximate`),
    the number of candidates times the share of a sample that holds the phrase."""

    def __init__(self, ids, scores=None, verify=None, share=1.0):
        self.ids = ids
        self.scores = scores
        self._verify = verify
        self.share = share

    @property
    def approximate(self):
        return self._verify is not None

    @property
    def count(self):
        return len(self.ids) if self._verify is None else round(len(self.ids) * self.share)

    def restrict(self, mask):
        """Keep the documents where the mask (by document number) is true."""
        keep = mask[self.ids]
        self.ids = self.ids[keep]
        if self.scores is not None:
            self.scores = self.scores[keep]

    def top(self, k):
        if self.scores is None:
            return self._checked(k, lambda n: [(d, 0.0) for d in self.ids[:n].tolist()])
        return self._checked(k, self._best)

    def first(self, k, keys):
        """The k first documents in the order of `keys` (by document number), then by
        number."""

        def first(n):
            order = _smallest(keys[self.ids], n)
            return [(d, 0.0) for d in self.ids[order].tolist()]

        return self._checked(k, first)

    def _best(self, n):
        scores = self.scores
        if n < len(scores):
            # every document scoring at least the n-th best score, ties included
            cut = -np.partition(-scores, n - 1)[n - 1]
            chosen = np.flatnonzero(scores >= cut)
        else:
            chosen = np.arange(len(scores))
        order = np.lexsort((self.ids[chosen], -scores[chosen]))[:n]
        chosen = chosen[order]
        return list(zip(self.ids[chosen].tolist(), scores[chosen].tolist(), strict=True))

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


def _smallest(keys, n):
    """Indexes of the n smallest keys, in order (stable: ties by position)."""
    if n < len(keys):
        cut = np.partition(keys, n - 1)[n - 1]
        chosen = np.flatnonzero(keys <= cut)
    else:
        chosen = np.arange(len(keys))
    return chosen[np.argsort(keys[chosen], kind="stable")[:n]]
