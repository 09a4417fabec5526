"""Text analysis for search: one analyzer for Chinese and Latin text, and highlighting.

Han text is indexed as overlapping character bigrams (as Lucene's CJK analyzer does), with
consecutive positions so that phrase queries work. The last character of a run (and so a
character standing alone) is also indexed as itself: every character then begins a term,
and a one-character query is a prefix query (expanded by the engine). Latin words and numbers are
lower-cased words. Before tokenizing, text is NFKC-normalized (full-width -> half-width)
and Traditional characters are mapped to Simplified ones, one character for one
character, so offsets into the original text stay exact and highlighting is correct.
"""

import functools
import html
import operator
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# A run of Han characters; whitespace between two Han characters is a line-break artifact.
TOKEN = re.compile(rf"(?P<han>[{HAN}](?:\s*[{HAN}])*)|(?P<word>[^\W_{HAN}]+)")
_SPACE = re.compile(r"\s")
# Combining marks: a character followed by one must be normalized together with it.
_COMBINING = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]"
)


@functools.cache
def t2s_table() -> dict[int, str]:
    """Traditional -> Simplified, character for character, from OpenCC's t2s conversion.

    Only one-to-one mappings are kept, so the text keeps its length (and its offsets).
    Query and index go through the same table, so they always agree.
    """
    import opencc

    converter = opencc.OpenCC("t2s")
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            char = line.split("\t", 1)[0].strip()
            if len(char) != 1:
                continue
            simple = converter.convert(char)
            if len(simple) == 1 and simple != char:
                table[ord(char)] = simple
    return table


def normalize(text: str) -> tuple[str, list[int] | None]:
    """NFKC + Traditional -> Simplified.

    Returns the normalized text and, when its length differs from the original, a map
    from each normalized character to (start, end) offsets in the original, flattened as
    a list of 2n ints; None means offsets are unchanged.
    """
    normal = unicodedata.normalize("NFKC", text)
    if len(normal) == len(text) and not _COMBINING.search(text):
        return normal.translate(t2s_table()), None
    pieces, offsets = [], []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        pieces.append(piece)
        offsets.extend((i, j) * len(piece))
        i = j
    return "".join(pieces).translate(t2s_table()), offsets


def tokens(value: str, mode: str = "query", start_pos: int = 0, start_char: int = 0):
    """(term, position, start, end) for each term of `value`, offsets into `value`
    (+ start_char). Modes: "index" (bigrams, and the last character of each Han run at
    the last bigram's position: every character then begins a term, which a
    one-character query finds by prefix), "query" (bigrams; a lone character alone),
    "highlight" (bigrams and every single character)."""
    text, offsets = normalize(value)
    unigrams = mode == "highlight"
    last = mode == "index"
    pos = start_pos

    def span(a, b):  # normalized [a, b) -> original offsets
        if offsets is None:
            return start_char + a, start_char + b
        return start_char + offsets[2 * a], start_char + offsets[2 * b - 1]

    for match in TOKEN.finditer(text):
        if match.lastgroup == "word":
            yield (match.group().lower(), pos, *span(match.start(), match.end()))
            pos += 1
            continue
        run = match.group()
        if _SPACE.search(run):
            idx = [match.start() + k for k, c in enumerate(run) if not c.isspace()]
        else:
            idx = range(match.start(), match.end())
        n = len(idx)
        for k in range(n):
            if k + 1 < n:
                yield (text[idx[k]] + text[idx[k + 1]], pos + k, *span(idx[k], idx[k + 1] + 1))
            if unigrams or n == 1 or (last and k == n - 1):
                at = pos + k if unigrams or n == 1 else pos + k - 1
                yield (text[idx[k]], at, *span(idx[k], idx[k] + 1))
        pos += max(n - 1, 1)


def index_terms(value: str) -> dict[str, list[int]]:
    """Term -> positions: what tokens() gives in index mode, in one pass and
    without Token objects (the bulk writer, search.engines.whoosh.writer, uses it)."""
    text = _HAN_GAP.sub("", normalize(value)[0])
    terms, positions = [], []
    pos = 0
    for match in _INDEX_TOKEN.finditer(text):
        run = match.group(1)
        if run is None:  # a word
            terms.append(match.group().lower())
            positions.append(pos)
            pos += 1
        elif len(run) == 1:
            terms.append(run)
            positions.append(pos)
            pos += 1
        else:  # bigrams, then the last character at the last bigram's position
            n = len(run)
            terms += map(operator.add, run, run[1:])
            terms.append(run[-1])
            positions += range(pos, pos + n - 1)
            positions.append(pos + n - 2)
            pos += n - 1
    found = defaultdict(list)
    for term, position in zip(terms, positions, strict=True):
        found[term].append(position)
    return found


_HAN_GAP = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
_INDEX_TOKEN = re.compile(rf"([{HAN}]+)|[^\W_{HAN}]+")


def query_tokens(text: str) -> list[str]:
    """The terms a query string becomes (bigrams, lone characters, words)."""
    return [term for term, *_ in tokens(text, mode="query")]


def _unit_spans(by_pos, units):
    found = {unit: [] for unit in units}
    firsts = {u[0] for u in units}
    for pos, terms in by_pos.items():
        if not firsts.intersection(terms):
            continue
        for unit in units:
            if unit[0] not in terms:
                continue
            hits = [by_pos.get(pos + k, {}).get(term) for k, term in enumerate(unit)]
            if all(hits):
                found[unit].append((hits[0][0], hits[-1][1]))
    return found


# Highlighting reads a long text (a whole document's entry) a chunk at a time and stops
# at the first match; chunks overlap so that a match across a boundary is seen whole.
CHUNK = 600
OVERLAP = 100


def _spans(text, units, start, end):
    """[(start, end)] of every unit found side by side in text[start:end] (offsets in
    `text`), and the units found."""
    while 0 < start < len(text) and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1  # do not cut a Latin word (its end would match as a word)
    by_pos: dict[int, dict[str, tuple[int, int]]] = {}
    for term, pos, a, b in tokens(text[start:end], mode="highlight", start_char=start):
        by_pos.setdefault(pos, {})[term] = (a, b)
    found = _unit_spans(by_pos, units)
    return [span for unit in units for span in found[unit]]


def _first_spans(text, units):
    """(spans, start, end): the spans of the first chunk text[start:end] where any unit
    is found; ([], 0, 0) if none is."""
    for start in range(0, len(text), CHUNK):
        end = start + CHUNK + OVERLAP
        spans = _spans(text, units, start, end)
        if spans:
            return spans, start, end
        if end >= len(text):
            break
    return [], 0, 0


def highlight(text: str, units, *, size: int = 200, tag: str = "mark") -> str:
    """An HTML-escaped snippet of `text` with the matches of `units` wrapped in <tag>.

    `units` are sequences of terms that must occur at consecutive positions (a single term
    or the bigrams of a phrase). Overlapping bigram matches merge into one highlight.
    The snippet starts shortly before the first match; if no unit is found side by side
    (an unquoted word's terms apart), its terms are marked one by one. With no match,
    the snippet is the start of the text.
    """
    units = list(dict.fromkeys(tuple(u) for u in units if u))
    spans, lo, hi = [], 0, 0
    if units and text:
        spans, lo, hi = _first_spans(text, units)
        if not spans:
            units = list(dict.fromkeys((term,) for unit in units for term in unit))
            spans, lo, hi = _first_spans(text, units)
    start = 0
    if spans and min(spans)[0] > size // 4:
        start = min(spans)[0] - size // 4
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    if spans and not lo <= start <= end <= hi:  # every match inside the snippet
        spans = _spans(text, units, max(0, start - OVERLAP), end + OVERLAP)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])

    out = ["…" if start > 0 else ""]
    cursor = start
    for a, b in merged:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(html.escape(text[cursor:a]))
        out.append(f"<{tag}>{html.escape(text[a:b])}</{tag}>")
        cursor = b
    out.append(html.escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
