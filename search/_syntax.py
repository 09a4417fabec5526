"""The query language every engine reads: Whoosh's query parser over the archive's fields,
with symbol-looking words rewritten to match the symbol fields and unquoted words of
several bigrams read as "all of them, anywhere" (BigramWord); and the terms of a parsed
query that snippets highlight. Engines translate the parsed query into their own
matching (search.engines.whoosh.matching, search.engines.postgres.query)."""

import functools
import re

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh import query as Q
from whoosh.fields import DATETIME, KEYWORD, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.qparser import FieldsPlugin, QueryParser

from ingest.parsers.symbols import is_typed_symbol_word, typed_joint_parts

from .engines.base import SearchQueryError
from .engines.whoosh.analysis import ChineseAnalyzer, SymbolTokenizer

TEXT_FIELD = "text"
USER_FIELDS = ("symbol", "cites", "text")
FACET_FIELDS = ("doc_type", "organ", "language", "year")
STORED_FIELDS = ("title", "display_symbol", "number", "url", "stamp")
_WORD = re.compile(r'"[^"]*"(?:~\d+)?|\S+')  # a phrase keeps its slop
_RESOLUTION_YEAR = re.compile(r"(/\d+)\s+\((\d{4})\)")


def archive_schema() -> Schema:
    """The archive's fields as Whoosh field types: the parser reads a query's words with
    each field's analyzer, and the Whoosh engine's index has this schema. A field named in
    a query that is not a user field is refused, not read as text (so all of them are here)."""
    fields = {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True, sortable=True),
        DJANGO_ID: WHOOSH_ID(stored=True),
        TEXT_FIELD: TEXT(
            analyzer=ChineseAnalyzer(), stored=True, phrase=True, multitoken_query="phrase"
        ),
        "symbol": KEYWORD(analyzer=SymbolTokenizer(), stored=True, scorable=True, field_boost=4.0),
        "cites": KEYWORD(analyzer=SymbolTokenizer(), stored=True, scorable=True, field_boost=2.0),
        "doc_ids": KEYWORD(commas=True, stored=True),
        "date": DATETIME(stored=True, sortable=True),
    }
    fields.update((name, WHOOSH_ID(stored=True, sortable=True)) for name in FACET_FIELDS)
    fields.update((name, STORED()) for name in STORED_FIELDS)
    return Schema(**fields)


@functools.cache
def _parsing_schema() -> Schema:
    return archive_schema()  # the parser only reads it


class BigramWord(Q.Phrase):
    """An unquoted word that analyzes to several terms (the bigrams of 维持和平): all of
    them must occur, in any order. Much cheaper than a positional phrase on Whoosh; a
    quoted phrase stays exact. Highlighting still prefers the terms side by side."""

    ordered = False  # search.engines.whoosh.matching: all words, anywhere

    def matcher(self, searcher, context=None):
        terms = [Q.Term(self.fieldname, word, boost=self.boost) for word in self.words]
        return Q.And(terms).matcher(searcher, context)


class ArchiveQueryParser(QueryParser):
    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        if spec == "phrase":
            return BigramWord(fieldname, texts, boost=boost)
        return super().multitoken_query(spec, texts, fieldname, termclass, boost)


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
        if word.startswith('"') or ":" in word or not is_typed_symbol_word(word):
            out.append(word)
            continue
        split = typed_joint_parts(word)
        parts = [word, *split] if len(split) > 1 else [word]
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


def parse_query(text: str, schema: Schema | None = None):
    """The Whoosh query for `text`, or SearchQueryError saying what is wrong with it.
    `schema`: the one whose fields read the words (the archive's by default)."""
    check_syntax(text)
    parser = ArchiveQueryParser(TEXT_FIELD, schema=schema or _parsing_schema())
    parser.remove_plugin_class(FieldsPlugin)
    parser.add_plugin(FieldsPlugin(remove_unknown=True))
    try:
        query = parser.parse(rewrite_symbols(text))
    except Exception as exc:
        raise SearchQueryError(f"The query cannot be understood ({exc}).") from exc
    # The fields of its words, prefixes and patterns (which have no terms until expanded).
    fields = {leaf.field() for leaf in query.leaves() if leaf.field()}
    if query.is_leaf() and query.field():
        fields.add(query.field())
    if query is Q.NullQuery or not fields:
        raise SearchQueryError("The query has no words to search for.")
    if not fields <= set(USER_FIELDS):
        raise SearchQueryError("Only the fields symbol: and cites: can be searched by name.")
    return query


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
