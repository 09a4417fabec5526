"""Evaluating a parsed Whoosh query over whole posting lists, for archive.search_reader.

Whoosh scores every match through a tree of Python matcher objects, one document at a
time (1-2 s for a frequent word on 10,000 documents). Here each term's postings are read
a block at a time (archive.search_postings) into a set of document numbers, or a dict
{document: score} when ranking; AND, OR and NOT are set operations, phrases check
positions only for the documents that hold all their words. Scores are Whoosh's own
BM25F (same statistics, same formula), so the ranking does not change; counts are exact.

Query types other than terms, phrases, And, Or, Not and AndNot (prefixes, ranges...)
raise Unsupported, and the caller lets Whoosh search instead.
"""

import heapq
from collections import Counter
from itertools import compress

from whoosh import query as Q

from archive.search_postings import positions
from archive.search_view import Matches, Unsupported

# A phrase with at most this many candidates is checked everywhere (exact count).
VERIFY_ALL = 300


class Evaluation:
    """One query on an IndexView: `run(query, scored)` -> {doc: score} or a set of docs."""

    def __init__(self, view):
        self.view = view
        self.schema = view.schema
        self._blocks = {}

    def run(self, query, scored) -> Matches:
        matches = self._conjunction(query)
        if matches is not None:
            return matches
        result = self._eval(query, scored)
        if self.view.deleted:
            result = _without(result, self.view.deleted)
        return Matches(set(result), scores=result) if scored else Matches(result)

    # --- the common case: words and phrases of one field, all required ----------------

    def _conjunction(self, q):
        """Terms and phrases of one scorable field, all required, maybe some NOT-ed
        queries: matches by set intersection, and a ranking that computes scores only for
        the documents that can rank (see _ranker). None: not such a query."""
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
        sets, heavy = [], {}
        for text in counts:
            segments = self._term_blocks(fieldname, text)
            if segments is None:
                return Matches(set())
            ids, heavy[text] = set(), {}
            for _, blocks in segments:
                for block in blocks:
                    ids.update(block.ids)
                    weights = block.weights
                    if weights.count(1.0) != len(weights):
                        pairs = zip(block.ids, weights, strict=True)
                        heavy[text].update(compress(pairs, map((1.0).__ne__, weights)))
            sets.append(ids)
        sets.sort(key=len)
        ids = sets[0].intersection(*sets[1:])
        for c in negative:
            ids -= set(self._eval(c, False))
        ids -= self.view.deleted
        ranker = self._ranker(fieldname, counts, heavy, len(negative))
        if not phrases or not ids:
            return Matches(ids, ranker=ranker)
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
            return Matches(verify(ids), ranker=ranker)
        sample = _sample(ids)
        return Matches(ids, ranker=ranker, verify=verify, share=len(verify(sample)) / len(sample))

    def _ranker(self, fieldname, counts, heavy, extra=0.0):
        """BM25 of a document is the sum over terms of idf * w * (K1 + 1) / (w + norm):
        where every term weight w is 1 (most documents), the order is that of the field
        length, so only the k shortest of those and the documents with a heavier term
        need a score."""
        searcher = self.view.searcher
        field = self.schema[fieldname]
        idf = {t: c * searcher.idf(fieldname, field.to_bytes(t)) for t, c in counts.items()}
        k1 = searcher.weighting.K1 + 1
        view = self.view

        def score(d, norm):
            n = norm[d]
            total = extra  # Whoosh adds 1 for each NOT-ed query (its matcher's score)
            for t, factor in idf.items():
                w = heavy[t].get(d, 1.0)
                total += factor * ((w * k1) / (w + n))
            return total

        def top(ids, k):
            norm = view.norms(fieldname)
            keys = view.length_keys(fieldname)
            special = set().union(*heavy.values()) & ids
            rest = ids - special if special else ids
            best = []  # the k best so far: a heap of (score, -doc), worst first

            def offer(d):
                item = (score(d, norm), -d)
                if len(best) < k:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)

            for d in heapq.nsmallest(k, rest, key=keys.__getitem__):
                offer(d)
            # A document with heavier terms scores at most as if each term had its
            # heaviest weight, a bound that falls with length: score the shortest first,
            # and stop when even the bound cannot enter the top k.
            heaviest = {t: max(heavy[t].values(), default=1.0) for t in idf}
            bounds = {}  # by norm (256 values at most)
            for d in sorted(special, key=keys.__getitem__):
                if len(best) >= k:
                    n = norm[d]
                    if n not in bounds:
                        bounds[n] = extra + sum(
                            f * ((heaviest[t] * k1) / (heaviest[t] + n)) for t, f in idf.items()
                        )
                    if bounds[n] < best[0][0]:
                        break
                offer(d)
            return [(-d, s) for s, d in sorted(best, reverse=True)]

        return top

    def _eval(self, q, scored):
        if isinstance(q, Q.Term):
            return self._term(q.fieldname, q.text, scored, q.boost)
        if isinstance(q, Q.Phrase):
            return self._phrase(q, scored)
        if isinstance(q, Q.And):
            return self._and(q, scored)
        if isinstance(q, Q.Or):
            return self._or(q, scored)
        if isinstance(q, Q.AndNot):
            return _without(self._eval(q.a, scored), self._eval(q.b, False))
        if isinstance(q, Q.Not):
            ids = self.view.all_ids() - self._eval(q.query, False)
            return dict.fromkeys(ids, 1.0) if scored else ids
        if isinstance(q, (Q.Prefix, Q.Wildcard)):
            return self._pattern(q, scored)
        if isinstance(q, Q.NullQuery.__class__):
            return {} if scored else set()
        raise Unsupported(type(q).__name__)

    # --- terms ----------------------------------------------------------------------

    def _term_blocks(self, fieldname, text):
        """[(segment, blocks)] of a term, read once per evaluation; None: no such term."""
        if fieldname not in self.schema:
            return None
        try:
            tbytes = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        key = (fieldname, tbytes)
        if key not in self._blocks:
            blocks = [(s, s.blocks(fieldname, tbytes)) for s in self.view.segments]
            self._blocks[key] = blocks if any(b for _, b in blocks) else None
        return self._blocks[key]

    def _term(self, fieldname, text, scored, boost=1.0, only=None):
        """The term's documents, or {document: BM25 score}; `only`: score just these."""
        segments = self._term_blocks(fieldname, text)
        if segments is None:
            return {} if scored else set()
        blocks = [block for _, blocks in segments for block in blocks]
        if not scored:
            ids = set()
            for block in blocks:
                ids.update(block.ids)
            return ids
        pairs = []  # (ids, weights) to score
        for block in blocks:
            if only is None:
                pairs.append((block.ids, block.weights))
                continue
            wanted = only.intersection(block.ids)
            if wanted:
                chosen = [
                    (d, w) for d, w in zip(block.ids, block.weights, strict=True) if d in wanted
                ]
                pairs.append(tuple(zip(*chosen, strict=True)))
        field = self.schema[fieldname]
        scores = {}
        if not field.scorable:  # Whoosh's WeightScorer: the weight itself
            for ids, weights in pairs:
                scores.update(zip(ids, weights, strict=True))
        else:
            searcher = self.view.searcher
            idf = searcher.idf(fieldname, field.to_bytes(text))
            k1 = searcher.weighting.K1 + 1
            norm = self.view.norms(fieldname).__getitem__
            for ids, weights in pairs:
                values = [
                    idf * ((w * k1) / (w + n)) for w, n in zip(weights, map(norm, ids), strict=True)
                ]
                scores.update(zip(ids, values, strict=True))
        if boost != 1.0:
            scores = {d: s * boost for d, s in scores.items()}
        return scores

    # --- compound queries ------------------------------------------------------------

    def _and(self, q, scored):
        positive = [c for c in q.subqueries if not isinstance(c, Q.Not)]
        negative = [c.query for c in q.subqueries if isinstance(c, Q.Not)]
        if positive:
            result = _intersect([self._eval(c, scored) for c in positive], scored)
        else:
            result = self.view.all_ids()
            result = dict.fromkeys(result, 1.0) if scored else result
        for c in negative:
            result = _without(result, self._eval(c, False))
            if scored:  # as Whoosh does: a NOT-ed query's matcher scores 1
                result = {d: s + 1.0 for d, s in result.items()}
        return _boosted(result, q.boost, scored)

    def _or(self, q, scored):
        if any(isinstance(c, Q.Not) for c in q.subqueries):
            raise Unsupported("Or with Not")
        parts = [self._eval(c, scored) for c in q.subqueries]
        if not scored:
            return set().union(*parts)
        return _boosted(_sum(parts), q.boost, scored)

    def _pattern(self, q, scored):
        """A prefix (a one-character word, a symbol listing): as Whoosh does, OR of the
        terms it expands to, each with its BM25 score (the boost only if several)."""
        terms = [t for _, t in q.expanded_terms(self.view.searcher.reader()) if t]
        parts = [self._term(q.fieldname, t, scored) for t in terms]
        if not scored:
            return set().union(*parts)
        return _boosted(_sum(parts), q.boost if len(parts) > 1 else 1.0, scored)

    def _phrase(self, q, scored):
        """All words in order at consecutive positions (Whoosh: SpanNear2, slop 1); an
        unordered phrase (archive.search_reader.BigramWord) needs only all of its words."""
        words = list(q.words)
        if not words:
            return {} if scored else set()
        ordered = getattr(q, "ordered", True)
        if ordered and q.slop != 1:
            raise Unsupported("phrase slop")
        ids = _intersect([self._term(q.fieldname, w, False) for w in words], False)
        if ordered and len(words) > 1 and ids:
            ids = self._in_sequence(q.fieldname, words, ids)
        if not scored:
            return ids
        parts = [self._term(q.fieldname, w, True, only=ids) for w in words]
        return _boosted(_intersect(parts, True), q.boost, scored)

    def _in_sequence(self, fieldname, words, candidates):
        """The candidates where word k stands at position p + k for some p."""
        order = sorted(range(len(words)), key=lambda k: self._df(fieldname, words[k]))
        starts = None
        for k in order:
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

    def _df(self, fieldname, text):
        segments = self._term_blocks(fieldname, text) or []
        return sum(len(b.ids) for _, blocks in segments for b in blocks)

    def _positions(self, fieldname, text, docs):
        found = {}
        for _, blocks in self._term_blocks(fieldname, text) or []:
            for block in blocks:
                wanted = docs.intersection(block.ids)
                if not wanted:
                    continue
                index = {d: i for i, d in enumerate(block.ids)}
                values = block.values()
                for d in wanted:
                    found[d] = positions(values[index[d]])
        return found


def _intersect(parts, scored):
    if not parts:
        return {} if scored else set()
    if len(parts) == 1:
        return parts[0]
    parts = sorted(parts, key=len)
    common = set(parts[0]).intersection(*parts[1:])
    if not scored:
        return common
    common = list(common)
    columns = [list(map(p.__getitem__, common)) for p in parts]
    return dict(zip(common, map(sum, zip(*columns, strict=True)), strict=True))


def _sample(ids, slices=4, size=25):
    """A few runs of consecutive candidates (few posting blocks to read), spread out."""
    ordered = sorted(ids)
    step = len(ordered) // slices
    return {d for i in range(slices) for d in ordered[i * step + step // 2 :][:size]}


def _sum(parts):
    """{doc: sum of its scores} over the dicts `parts`."""
    parts = sorted(parts, key=len, reverse=True)
    result = dict(parts[0]) if parts else {}
    get = result.get
    for part in parts[1:]:
        for d, s in part.items():
            result[d] = get(d, 0.0) + s
    return result


def _without(result, ids):
    if isinstance(result, dict):
        return {d: s for d, s in result.items() if d not in ids} if ids else result
    return result - ids


def _boosted(result, boost, scored):
    if scored and boost != 1.0:
        return {d: s * boost for d, s in result.items()}
    return result
