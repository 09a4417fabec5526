"""Evaluating a parsed Whoosh query over whole posting lists, for search.engines.whoosh.reader.

Whoosh scores every match through a tree of Python matcher objects, one document at a
time (1-2 s for a frequent word on 10,000 documents). Here each term's postings are
arrays of document numbers and weights (search.engines.whoosh.postings, from the segment's
posting arrays where it has them); AND, OR and NOT are operations on sorted arrays, BM25
is computed for all matches at once with NumPy, and phrases check positions only for
the documents that need it. Scores are Whoosh's own BM25F (same statistics, same
formula, same order of additions), so the ranking does not change.

Terms, phrases (exact or with a slop), And, Or, Not, AndNot, AndMaybe, prefixes,
wildcards and ranges are evaluated here; anything else raises Unsupported. What a
query may cost is decided before (search.engines.whoosh.cost); `deadline` is checked
as it runs, the last guard.
"""

from collections import Counter

import numpy as np
from whoosh import query as Q

from .index_view import Matches, Unsupported, contains, gather, intersect
from .postings import positions

# A phrase with at most this many candidates is checked everywhere (exact count).
VERIFY_ALL = 300
NOTHING = np.empty(0, dtype=np.int64)


class Evaluation:
    """One query on an IndexView: `run(query, scored)` -> Matches."""

    def __init__(self, view, deadline=None, expansions=None):
        self.view = view
        self.schema = view.schema
        self.deadline = deadline
        self.expansions = expansions or {}  # id(pattern) -> per segment, its terms (cost.Plan)
        self._terms = {}

    def _tick(self):
        if self.deadline is not None:
            self.deadline.check()

    def run(self, query, scored) -> Matches:
        matches = self._conjunction(query)
        if matches is not None:
            return matches
        ids, scores = self._eval(query, scored)
        if scored:
            ids, scores = self.view.live_only(ids, scores)
        else:
            ids = self.view.live_only(ids)
        return Matches(ids, scores)

    # --- the common case: words and phrases of one field, all required ----------------

    def _conjunction(self, q):
        """Terms and phrases of one scorable field, all required, maybe some NOT-ed
        queries: matches by intersection, scores only for the documents that match.
        None: not such a query."""
        parts = q.subqueries if isinstance(q, Q.And) else [q]
        words, phrases, negative = [], [], []
        for c in parts:
            if isinstance(c, Q.Not):
                negative.append(c.query)
            elif c.boost != 1.0:
                return None
            elif isinstance(c, Q.Term):
                words.append((c.fieldname, c.text))
            elif isinstance(c, Q.Phrase) and c.words:
                words += [(c.fieldname, w) for w in c.words]
                if getattr(c, "ordered", True) and len(c.words) > 1:
                    if c.slop != 1:
                        return None
                    phrases.append(c)
            else:
                return None
        fields = {f for f, _ in words}
        if len(fields) != 1:
            return None
        (fieldname,) = fields
        weighting = self.view.searcher.weighting
        if fieldname not in self.schema or not self.schema[fieldname].scorable:
            return None
        if weighting._field_B.get(fieldname, weighting.B) <= 0:
            return None
        counts = Counter(w for _, w in words)
        postings = {}
        for text in counts:
            postings[text] = self._postings(fieldname, text)
            if not len(postings[text][0]):
                return Matches(NOTHING, np.empty(0))
        ids = intersect([p[0] for p in postings.values()])
        for c in negative:
            ids = ids[~contains(self._eval(c, False)[0], ids)]
        ids = self.view.live_only(ids)
        scores = np.full(len(ids), float(len(negative)))  # Whoosh: 1 per NOT-ed query
        norm = self.view.norms(fieldname)[ids]
        searcher = self.view.searcher
        field = self.schema[fieldname]
        k1 = searcher.weighting.K1 + 1
        for text, count in counts.items():
            factor = count * searcher.idf(fieldname, field.to_bytes(text))
            term_ids, weights = postings[text]
            w = gather(term_ids, weights, ids)
            scores += factor * ((w * k1) / (w + norm))
        if not phrases or not len(ids):
            return Matches(ids, scores)
        checked = {}

        def verify(docs):
            todo = docs - checked.keys()
            good = todo
            for phrase in phrases:
                if good:
                    good = self._in_sequence(fieldname, list(phrase.words), good)
            checked.update((d, d in good) for d in todo)
            return {d for d in docs if checked[d]}

        if len(ids) <= VERIFY_ALL:
            good = verify(set(ids.tolist()))
            keep = np.isin(ids, np.fromiter(good, dtype=np.int64, count=len(good)))
            return Matches(ids[keep], scores[keep])
        sample = _sample(ids)
        return Matches(ids, scores, verify=verify, share=len(verify(sample)) / len(sample))

    def _eval(self, q, scored):
        """(ids, scores or None) of a query, deleted documents not yet removed."""
        self._tick()
        if isinstance(q, Q.Term):
            return self._term(q.fieldname, q.text, scored, q.boost)
        if isinstance(q, Q.Phrase):
            return self._phrase(q, scored)
        if isinstance(q, Q.And):
            return self._and(q, scored)
        if isinstance(q, Q.Or):
            return self._or(q, scored)
        if isinstance(q, Q.AndNot):
            ids, scores = self._eval(q.a, scored)
            return _without(ids, scores, self._eval(q.b, False)[0])
        if isinstance(q, Q.AndMaybe):  # what `a` finds, scored higher where `b` matches too
            ids, scores = self._eval(q.a, scored)
            if scored and len(ids):
                maybe_ids, maybe_scores = self._eval(q.b, True)
                scores = scores + _gather_or_zero(maybe_ids, maybe_scores, ids)
            return ids, _boosted(scores, q.boost)
        if isinstance(q, Q.Every):
            ids = self.view.all_ids()
            return ids, (np.ones(len(ids)) if scored else None)
        if isinstance(q, Q.Not):
            ids = self.view.all_ids()
            ids = ids[~contains(self._eval(q.query, False)[0], ids)]
            return ids, (np.ones(len(ids)) if scored else None)
        if isinstance(q, (Q.Prefix, Q.Wildcard, Q.TermRange)):
            return self._pattern(q, scored)
        if isinstance(q, Q.NullQuery.__class__):
            return NOTHING, (np.empty(0) if scored else None)
        raise Unsupported(type(q).__name__)

    # --- terms ----------------------------------------------------------------------

    def _segment_terms(self, fieldname, text):
        """[SegmentTerm] of a term, read once per evaluation ([]: no such term)."""
        if fieldname not in self.schema:
            return []
        try:
            tbytes = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return []
        key = (fieldname, tbytes)
        if key not in self._terms:
            self._terms[key] = self.view.postings(fieldname, tbytes)
        return self._terms[key]

    def _postings(self, fieldname, text):
        """(ids, weights) of a term over all segments, deleted documents included."""
        terms = self._segment_terms(fieldname, text)
        if not terms:
            return NOTHING, np.empty(0)
        if len(terms) == 1:
            return terms[0].ids, terms[0].weights
        return np.concatenate([t.ids for t in terms]), np.concatenate([t.weights for t in terms])

    def _term(self, fieldname, text, scored, boost=1.0, only=None):
        """The term's documents and, if scored, their BM25 scores; `only`: just these."""
        ids, weights = self._postings(fieldname, text)
        if only is not None:
            keep = contains(only, ids)
            ids, weights = ids[keep], weights[keep]
        if not scored:
            return ids, None
        field = self.schema[fieldname]
        if not field.scorable:  # Whoosh's WeightScorer: the weight itself
            scores = weights.copy()
        else:
            searcher = self.view.searcher
            idf = searcher.idf(fieldname, field.to_bytes(text))
            k1 = searcher.weighting.K1 + 1
            norm = self.view.norms(fieldname)[ids]
            scores = idf * ((weights * k1) / (weights + norm))
        if boost != 1.0:
            scores = scores * boost
        return ids, scores

    # --- compound queries ------------------------------------------------------------

    def _and(self, q, scored):
        positive = [c for c in q.subqueries if not isinstance(c, Q.Not)]
        negative = [c.query for c in q.subqueries if isinstance(c, Q.Not)]
        if positive:
            ids, scores = _intersect([self._eval(c, scored) for c in positive], scored)
        else:
            ids = self.view.all_ids()
            scores = np.ones(len(ids)) if scored else None
        for c in negative:
            ids, scores = _without(ids, scores, self._eval(c, False)[0])
            if scored:  # as Whoosh does: a NOT-ed query's matcher scores 1
                scores = scores + 1.0
        return ids, _boosted(scores, q.boost)

    def _or(self, q, scored):
        ids, scores = _union([self._eval(c, scored) for c in q.subqueries], scored)
        return ids, _boosted(scores, q.boost)

    def _pattern(self, q, scored):
        """A prefix (a one-character word, a symbol listing): as Whoosh does, OR of the
        terms it expands to, each with its BM25 score (the boost only if several)."""
        found = {}  # each segment's own terms (a symbol is in one or two segments)
        planned = self.expansions.get(id(q))
        for i, segment in enumerate(self.view.segments):
            self._tick()
            if planned is not None:
                expanded = [(q.fieldname, tbytes) for tbytes in planned[i]]
            else:
                expanded = q.expanded_terms(segment.reader)
            for tbytes in expanded:
                term = segment.term(q.fieldname, tbytes[1]) if tbytes[1] else None
                if term is not None:
                    found.setdefault((q.fieldname, tbytes[1]), []).append(term)
        self._terms.update(found)
        terms = sorted(t for _, t in found)
        # The union's order (largest first, ties in term order), known from the postings
        # read: each term is scored and added in turn, its scores dropped once added.
        sizes = {t: sum(len(st.ids) for st in found[(q.fieldname, t)]) for t in terms}
        ends = [int(st.ids[-1]) + 1 for sts in found.values() for st in sts if len(st.ids)]
        ordered = sorted(terms, key=lambda t: sizes[t], reverse=True)

        def parts():
            for t in ordered:
                self._tick()
                yield self._term(q.fieldname, t, scored)

        ids, scores = _union_in_order(
            parts(), len(ordered), sum(sizes.values()), max(ends, default=0), scored
        )
        return ids, _boosted(scores, q.boost if len(terms) > 1 else 1.0)

    def _phrase(self, q, scored):
        """All words in order at consecutive positions (Whoosh: SpanNear2, slop 1); an
        unordered phrase (search._syntax.BigramWord) needs only all of its words."""
        words = list(q.words)
        if not words:
            return NOTHING, (np.empty(0) if scored else None)
        ordered = getattr(q, "ordered", True)
        ids = intersect([self._postings(q.fieldname, w)[0] for w in words])
        if ordered and len(words) > 1 and len(ids):
            if q.slop == 1:
                good = self._in_sequence(q.fieldname, words, set(ids.tolist()))
            else:
                good = self._within(q.fieldname, words, set(ids.tolist()), q.slop)
            ids = np.array(sorted(good), dtype=np.int64)
        if not scored:
            return ids, None
        parts = [self._term(q.fieldname, w, True, only=ids) for w in words]
        ids, scores = _intersect(parts, True)
        return ids, _boosted(scores, q.boost)

    def _in_sequence(self, fieldname, words, candidates):
        """The candidates (a set) where word k stands at position p + k for some p."""
        order = sorted(range(len(words)), key=lambda k: self._df(fieldname, words[k]))
        starts = None
        for k in order:
            self._tick()
            found = self._positions(fieldname, words[k], candidates)
            if starts is None:
                starts = {d: {p - k for p in ps} for d, ps in found.items()}
            else:
                nxt = {}
                for d, st in starts.items():
                    both = st.intersection([p - k for p in found.get(d, ())])
                    if both:
                        nxt[d] = both
                starts = nxt
            candidates = set(starts)
            if not candidates:
                break
        return candidates

    def _within(self, fieldname, words, candidates, slop):
        """The candidates where the words stand in order, each at most `slop` positions
        after the one before (Whoosh's sloppy phrase, SpanNear with that slop)."""
        ends = None
        for word in words:
            self._tick()
            found = self._positions(fieldname, word, candidates)
            if ends is None:
                ends = {d: sorted(ps) for d, ps in found.items()}
            else:
                nxt = {}
                for d, previous in ends.items():
                    here = [p for p in found.get(d, ()) if any(0 < p - e <= slop for e in previous)]
                    if here:
                        nxt[d] = here
                ends = nxt
            candidates = set(ends)
            if not candidates:
                break
        return candidates

    def _df(self, fieldname, text):
        return sum(len(t.ids) for t in self._segment_terms(fieldname, text))

    def _positions(self, fieldname, text, docs):
        found = {}
        for term in self._segment_terms(fieldname, text):
            for d, value in term.values(docs).items():
                found[d] = positions(value)
        return found


def _intersect(parts, scored):
    """(ids, scores) in all parts; scores summed in the order of the parts by size."""
    if not parts:
        return NOTHING, (np.empty(0) if scored else None)
    if len(parts) == 1:
        return parts[0]
    parts = sorted(parts, key=lambda p: len(p[0]))
    ids = intersect([p[0] for p in parts])
    if not scored:
        return ids, None
    total = np.zeros(len(ids))
    for part_ids, part_scores in parts:
        total += gather(part_ids, part_scores, ids)
    return ids, total


def _union(parts, scored):
    """(ids, scores) in any part; a document's scores summed from the largest part."""
    parts = sorted(parts, key=lambda p: len(p[0]), reverse=True)
    total = sum(len(p[0]) for p in parts)
    size = max((int(p[0][-1]) + 1 for p in parts if len(p[0])), default=0)
    return _union_in_order(iter(parts), len(parts), total, size, scored)


def _union_in_order(parts, count, total, size, scored):
    """_union of `count` parts given largest first (an iterator: each part is dropped
    once added), holding `total` ids below `size`."""
    if not count:
        return NOTHING, (np.empty(0) if scored else None)
    if count == 1:
        return next(parts)
    if total * 8 >= size:
        # Many postings (a one-character word's hundreds of bigrams): added into dense
        # arrays over the document numbers instead of concatenated and sorted. Each part
        # holds a document once and the parts come in the sorted path's order: the same
        # sums to the bit.
        present = np.zeros(size, dtype=bool)
        sums = np.zeros(size) if scored else None
        for part_ids, part_scores in parts:
            present[part_ids] = True
            if scored:
                sums[part_ids] += part_scores
        ids = np.flatnonzero(present)
        return ids, (sums[ids] if scored else None)
    parts = list(parts)
    ids, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    if not scored:
        return ids, None
    weights = np.concatenate([p[1] for p in parts])
    return ids, np.bincount(inverse, weights=weights, minlength=len(ids))


def _gather_or_zero(ids, values, wanted):
    """values of `wanted` (sorted) where they are in `ids`, 0 elsewhere."""
    out = np.zeros(len(wanted))
    present = contains(ids, wanted)
    out[present] = gather(ids, values, wanted[present])
    return out


def _sample(ids, slices=4, size=25):
    """A few runs of consecutive candidates (few posting blocks to read), spread out."""
    step = len(ids) // slices
    return {d for i in range(slices) for d in ids[i * step + step // 2 :][:size].tolist()}


def _without(ids, scores, removed):
    keep = ~contains(removed, ids)
    return ids[keep], (None if scores is None else scores[keep])


def _boosted(scores, boost):
    if scores is not None and boost != 1.0:
        return scores * boost
    return scores
