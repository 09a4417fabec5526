"""What a query may cost on the Whoosh engine, decided before it runs.

The parsed query is walked once before evaluation (search.engines.whoosh.matching): the
postings of each word are counted from the term table, each prefix (and each
one-character Han word, which is a prefix of the bigrams starting with it) is expanded
with a stop once it passes its limit, a NOT that is not subtracted from something
costs the whole index, a phrase that must be checked everywhere costs the positions of
its candidates. A query past a limit is refused with a message saying why (for the
user); the deadline `Deadline` enforces during evaluation is the last guard, not the plan.

The limits are in postings read (what the NumPy evaluation's time follows) and can be
set in settings.SEARCH_LIMITS (a dict overriding LIMITS).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from whoosh import query as Q

from ..base import QueryTooBroad, SearchQueryError

LIMITS = {
    "words": 64,  # words, phrases and patterns in one query
    "expansion": 2000,  # terms one prefix / pattern may stand for
    "postings": 3_000_000,  # postings read by the whole query
    "phrase_checks": 20_000,  # documents whose positions one phrase must read
    "seconds": 1.0,  # the deadline during evaluation
}


def limits() -> dict:
    return {**LIMITS, **getattr(settings, "SEARCH_LIMITS", {})}


@dataclass
class Cost:
    words: int = 0
    postings: int = 0
    terms: int = 0


class Deadline:
    """Raises QueryTooBroad when checked after `seconds` have passed."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self):
        if time.monotonic() > self.end:
            raise QueryTooBroad(
                _("too broad: the query took more than %(seconds)s s; use more specific words.")
                % {"seconds": f"{self.seconds:g}"}
            )


def _shown(q) -> str:
    """The query's word as the user typed it (a one-character word without its *)."""
    if isinstance(q, Q.Phrase):
        return " ".join(q.words)
    if isinstance(q, Q.Prefix) and type(q) is Q.Prefix:
        return f"{q.text}*"
    return str(getattr(q, "text", q))


class Plan:
    """The cost of a query on a Whoosh searcher (read from its term tables only);
    `check` raises QueryTooBroad past a limit, SearchQueryError for a kind of query
    not handled."""

    def __init__(self, searcher, limit=None, deadline=None):
        self.deadline = deadline
        self.schema = searcher.schema
        self.readers = [s.reader() for s, _ in searcher.leaf_searchers()]
        self.doc_count_all = searcher.doc_count_all()
        self.limit = limit or limits()
        self.cost = Cost()
        # id(pattern query) -> per reader, the terms it expands to (the evaluation
        # reuses them instead of expanding again).
        self.expansions = {}

    def check(self, query) -> Cost:
        words = sum(1 for _ in _words(query))
        if words > self.limit["words"]:  # before any expansion: refused at once
            self._add(0, words=words)
        self._walk(query, top=True)
        return self.cost

    # --- counting ---------------------------------------------------------------------

    def _df(self, fieldname, text) -> int:
        if fieldname not in self.schema:
            return 0
        try:
            tbytes = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return 0
        return sum(reader.doc_frequency(fieldname, tbytes) for reader in self.readers)

    def _add(self, postings, words=0, terms=0):
        cost = self.cost
        cost.postings += postings
        cost.words += words
        cost.terms += terms
        if cost.words > self.limit["words"]:
            raise QueryTooBroad(
                _("too broad: the query has more than %(n)s words; use fewer.")
                % {"n": self.limit["words"]}
            )
        if cost.postings > self.limit["postings"]:
            raise QueryTooBroad(
                _(
                    "too broad: its words occur too often together (over %(n)s times); "
                    "use fewer very common words, or longer ones."
                )
                % {"n": f"{self.limit['postings']:,}"}
            )

    def _everything(self):
        self._add(self.doc_count_all)

    # --- the walk ---------------------------------------------------------------------

    def _walk(self, q, top=False):
        if isinstance(q, Q.Phrase):  # also the unordered BigramWord
            self._phrase(q, top)
        elif isinstance(q, Q.Term):
            self._add(self._df(q.fieldname, q.text), words=1, terms=1)
        elif isinstance(q, (Q.Prefix, Q.Wildcard, Q.TermRange)):
            self._pattern(q)
        elif isinstance(q, Q.Not):
            # Alone (or in an OR) a NOT is everything but its query.
            self._everything()
            self._walk(q.query)
        elif isinstance(q, Q.And):
            positive = [c for c in q.subqueries if not isinstance(c, Q.Not)]
            if not positive:
                self._everything()
            for c in q.subqueries:
                self._walk(c.query if isinstance(c, Q.Not) else c, top=top)
        elif isinstance(q, (Q.AndNot, Q.AndMaybe)):
            self._walk(q.a, top=top)
            self._walk(q.b)
        elif isinstance(q, Q.Or):
            for c in q.subqueries:
                self._walk(c)
        elif isinstance(q, Q.Every):
            self._add(self.doc_count_all, words=1)
        elif q is Q.NullQuery or isinstance(q, Q.NullQuery.__class__):
            return
        else:
            raise SearchQueryError(
                _("This kind of query is not supported (%(kind)s).") % {"kind": type(q).__name__}
            )

    def _phrase(self, q, top):
        words = list(q.words)
        dfs = [self._df(q.fieldname, w) for w in words]
        self._add(sum(dfs), words=1, terms=len(words))
        ordered = getattr(q, "ordered", True) and len(words) > 1
        # A phrase among the required words of the query is checked on a sample
        # (matching.Evaluation._conjunction); elsewhere, or with a slop, everywhere.
        if ordered and dfs and (q.slop != 1 or not top):
            if min(dfs) > self.limit["phrase_checks"]:
                raise QueryTooBroad(
                    _(
                        "too broad: the words of “%(phrase)s” are too common to check where "
                        "they stand; add a word outside the quotation marks."
                    )
                    % {"phrase": _shown(q)}
                )

    def _pattern(self, q):
        text = getattr(q, "text", None)
        if isinstance(q, Q.Wildcard) and (not text or text[0] in "*?"):
            raise QueryTooBroad(
                _("too broad: a pattern must begin with a letter or a character (“%(word)s”).")
                % {"word": text or "*"}
            )
        limit = self.limit["expansion"]
        if q.fieldname != "text":  # symbols: one or two documents each, cheap to list
            limit *= 3
        seen, postings, expansion = set(), 0, []
        for reader in self.readers:
            terms = []
            expansion.append(terms)
            for tbytes, df in _expand(q, reader):
                terms.append(tbytes)
                seen.add(tbytes)
                postings += df
                if self.deadline is not None and not len(seen) % 256:
                    self.deadline.check()
                if len(seen) > limit:
                    raise QueryTooBroad(
                        _(
                            "too broad: “%(word)s” stands for more than %(n)s different words; "
                            "add characters."
                        )
                        % {"word": _shown(q), "n": limit}
                    )
        self.expansions[id(q)] = expansion
        self._add(postings, words=1, terms=len(seen))


def _words(q):
    """The leaves of a query that are words, phrases or patterns."""
    if isinstance(q, (Q.Term, Q.Phrase, Q.Prefix, Q.Wildcard, Q.TermRange, Q.Every)):
        yield q
    elif not q.is_leaf():
        for child in q.children():
            yield from _words(child)


def _expand(q, reader):
    """(term bytes, document frequency) of what a pattern stands for in one segment: a
    prefix reads them in one pass over the term table."""
    if isinstance(q, Q.Prefix):
        try:
            for tbytes, info in reader.iter_prefix(q.fieldname, q.text):
                yield tbytes, info.doc_frequency()
        except (KeyError, ValueError):  # no such field in this segment
            return
        return
    for fieldname, tbytes in q.expanded_terms(reader):
        yield tbytes, reader.doc_frequency(fieldname, tbytes)
