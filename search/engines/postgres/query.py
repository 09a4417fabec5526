"""The query language (Whoosh's, as every engine of the archive reads it) turned into a
PostgreSQL tsquery, with the checks that keep a query's cost bounded before it runs."""

import re

from django.utils.translation import gettext as _
from whoosh import query as Q

from ingest.parsers.symbols import typed_symbol

from ..base import QueryTooBroad
from .entries import CITES_PREFIX, SYMBOL_PREFIX

MAX_WORDS = 100  # terms, phrase words and prefixes in one query
MIN_LATIN_PREFIX = 2  # `a*` names a tenth of the vocabulary
# Words that stand for many lexemes (a prefix, a lone Han character: every bigram that
# starts with it): GIN reads each one's whole range before combining them, so an AND of
# several common ones reads millions of postings.
MAX_PREFIXES = 2
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class Translation:
    """`tsquery` (what must match) and `rank` (what ranks: ANDMAYBE's optional side
    counts there only)."""

    def __init__(self, query):
        self.words = self.prefixes = self.text_words = 0
        self.tsquery = self._tsquery(query)
        self.rank = self._tsquery(query, ranking=True)
        # Without a word that must be present (NOT 的), no index can find the matches:
        # they are read in table order, and counting stops at the engine's cap.
        self.positive = _positive(query)
        if self.words > 2 * MAX_WORDS:  # counted twice: once per translation
            raise QueryTooBroad(
                _("too broad: the query has more than %(n)s words; use fewer.") % {"n": MAX_WORDS}
            )
        if self.prefixes > 2 * MAX_PREFIXES:
            raise QueryTooBroad(
                _(
                    "too broad: a query may hold at most %(n)s single characters or words "
                    "ending in *; use longer words."
                )
                % {"n": MAX_PREFIXES}
            )

    def _lexeme(self, field, text, prefix=False):
        self.words += 1
        if field in ("symbol", "cites"):
            value = typed_symbol(text.rstrip("*")) or text.upper()
            value = (SYMBOL_PREFIX if field == "symbol" else CITES_PREFIX) + value
            if prefix:
                value = value.rstrip("*")
                self.prefixes += 1
            return _quote(value) + (":*" if prefix else "")
        self.text_words += 1
        text = text.lower()
        if prefix:
            text = text.rstrip("*")
            if not text:
                raise QueryTooBroad(_("too broad: a prefix needs at least one character."))
            if not _HAN.match(text) and len(text) < MIN_LATIN_PREFIX:
                raise QueryTooBroad(
                    _("too broad: a prefix needs at least %(n)s letters.") % {"n": MIN_LATIN_PREFIX}
                )
        if len(text) == 1 and _HAN.match(text):
            prefix = True  # a lone character is the first of the bigrams that hold it
        if prefix:
            self.prefixes += 1
        return _quote(text) + (":*" if prefix else "")

    def _tsquery(self, q, ranking=False):
        join = lambda op, parts: "(" + f" {op} ".join(parts) + ")"  # noqa: E731
        if isinstance(q, Q.Phrase):
            words = [self._lexeme(q.fieldname, w) for w in q.words]
            if len(words) == 1:
                return words[0]
            # An unquoted word of several bigrams wants them all, anywhere (as on every
            # engine); a quoted phrase wants them side by side.
            exact = getattr(q, "ordered", True) and q.slop <= 1
            return join("<->" if exact else "&", words)
        if isinstance(q, Q.Term):
            return self._lexeme(q.fieldname, q.text)
        if isinstance(q, Q.Prefix):
            return self._lexeme(q.fieldname, q.text, prefix=True)
        if isinstance(q, Q.Wildcard):
            text = q.text
            if re.fullmatch(r"[^*?]+\*", text):
                return self._lexeme(q.fieldname, text, prefix=True)
            raise QueryTooBroad(
                _("too broad: a wildcard is read only at the end of a word (peace*).")
            )
        if isinstance(q, Q.Not):
            return "!" + self._tsquery(q.query, ranking)
        if isinstance(q, Q.AndNot):
            return join("&", [self._tsquery(q.a, ranking), "!" + self._tsquery(q.b, ranking)])
        if isinstance(q, Q.AndMaybe):
            if ranking:
                return join("|", [self._tsquery(q.a, ranking), self._tsquery(q.b, ranking)])
            return self._tsquery(q.a, ranking)
        if isinstance(q, Q.Require):
            return join("&", [self._tsquery(q.a, ranking), self._tsquery(q.b, ranking)])
        if isinstance(q, Q.And):
            return join("&", [self._tsquery(c, ranking) for c in q.subqueries])
        if isinstance(q, Q.Or | Q.DisjunctionMax):
            return join("|", [self._tsquery(c, ranking) for c in q.subqueries])
        raise QueryTooBroad(
            _("too broad: this kind of query is not searched here (%(kind)s).")
            % {"kind": type(q).__name__}
        )


def _positive(q) -> bool:
    """Whether every match needs at least one word that is present (not negated): a query
    without one matches nearly everything and can use no index."""
    if isinstance(q, Q.Not):
        return False
    if isinstance(q, Q.AndNot | Q.AndMaybe):
        return _positive(q.a)
    if isinstance(q, Q.Require):
        return _positive(q.a) or _positive(q.b)
    if isinstance(q, Q.And):
        return any(_positive(c) for c in q.subqueries)
    if isinstance(q, Q.Or | Q.DisjunctionMax):
        return all(_positive(c) for c in q.subqueries)
    return True


def symbol_prefix_query(prefix: str) -> str:
    return _quote(SYMBOL_PREFIX + prefix) + ":*"
