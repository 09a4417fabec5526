"""Whoosh's analyzers for the archive's fields, on the shared analysis (search.analysis):
the `text` field's tokenizer (normalization, Han bigrams, words) and exact symbols."""

import unicodedata

from whoosh.analysis import Token, Tokenizer

from search.analysis import normalize, tokens


class _StatelessTokenizer(Tokenizer):
    """Tokenizers without settings: equal when of the same class (Whoosh compares schemas)."""

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __hash__(self):
        return hash(self.__class__.__name__)


class ChineseTokenizer(_StatelessTokenizer):
    """The whole analyzer (search.analysis.tokens) as a Whoosh tokenizer."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            t.original = t.text = normalize(value)[0].lower()
            t.pos = start_pos
            t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for t.text, t.pos, t.startchar, t.endchar in tokens(value, mode, start_pos, start_char):
            if keeporiginal:
                t.original = t.text
            yield t


def ChineseAnalyzer():  # noqa: N802 - named like Whoosh's analyzer factories
    return ChineseTokenizer()


class SymbolTokenizer(_StatelessTokenizer):
    """Exact symbol terms: comma-separated symbols, each in its normalized lookup form."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        from ingest.parsers.symbols import normalize_symbol

        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:  # a prefix or wildcard: keep its * and ?
            parts = ["".join(unicodedata.normalize("NFKC", value).split()).upper()]
        elif mode == "query":
            parts = [normalize_symbol(value)]
        else:
            parts = [normalize_symbol(p) for p in value.split(",")]
        for pos, text in enumerate(p for p in parts if p):
            t.text = t.original = text
            t.pos = start_pos + pos
            t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
