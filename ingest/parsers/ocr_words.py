"""Words OCR misread by one look-alike letter, put right from tesseract's own dictionary.

Tesseract reads a faint or smudged typescript letter as one that looks like it: `s` as
`a` (`aufficiently`), `I` as `T` (`TRAQ`), `q` as `g` (`Irag`), `m` as `rn`. Such a word
is rarely a word at all. A word of the OCR text that is not in the language's
dictionary, and that one look-alike swap turns into exactly one word that is, is taken
to be that word. Where a swap gives two words or none (a name: `Khawr`, `ONUSAL`), the
word stays as OCR read it. A short word has dictionary neighbours by chance (`Polic` ->
`polio`, `Fisi` -> `fist`, `FMLN` -> `FMLA`): it is changed only to a word the same
document has elsewhere (`Irag` -> `Iraq`, `wiil` -> `will`). Tesseract's confidence is
no guide here: it gives 88 to `implemeatation`.

A word's capital `I` read as a bracket or a bar (`[raq`) is put right where `I` makes a
word of the dictionary. The pronoun `I` read as a bar (`| am confident`) is put right before the verbs that
follow it in a report (`am`, `have`, `recommend`); a bar elsewhere may be a table's rule.

A smudge can also make one word of the dictionary out of another (`THE` read `THES`).
Such a word is put right only by the document itself: where OCR read it with low
confidence wherever it read it, its two neighbours are never read next to it elsewhere,
and exactly one word a letter shorter or a look-alike swap away is read between the same
two neighbours elsewhere in the document (`ON THE`, `THE UNITED`, each more than once).

The dictionary is the one tesseract itself reads with (ingest.ocr.dictionary), so no
other word list is needed; only languages written with spaces between words are
checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.parsers.ocr_layer import OcrPage

# Letters (or pairs) tesseract takes for one another in typescript, both ways. Only
# lower case: a word is compared in lower case and given back its own capitals.
LOOK_ALIKES: tuple[tuple[str, str], ...] = (
    ("a", "s"),
    ("a", "e"),
    ("a", "o"),
    ("e", "c"),
    ("e", "o"),
    ("c", "o"),
    ("n", "u"),
    ("a", "n"),
    ("i", "l"),
    ("i", "t"),
    ("l", "t"),
    ("f", "t"),
    ("h", "b"),
    ("h", "k"),
    ("g", "q"),
    ("y", "v"),
    ("s", "z"),
    ("m", "rn"),
    ("d", "cl"),
    ("n", "ri"),
    ("w", "vv"),
)
# Shorter words have too many neighbours in a dictionary to choose from.
MIN_LENGTH = 4
# Longer runs of letters are no word (and each would cost its length squared to check).
MAX_LENGTH = 40
# From this length a word's one dictionary neighbour is taken without other evidence.
LONG_WORD = 7
WORD = re.compile(r"[^\W\d_]+")
# How often the document must read a word after its left neighbour, and before its right
# one, for a word of the dictionary read unsure between them to be taken for it.
CONTEXT = 2
# Only whitespace between two words makes them neighbours.
_GAP = re.compile(r"\s+")
# The pronoun `I` that tesseract reads as a bar (`| am confident`), before a word that
# follows it in a report's observations; a bar before any other word may be a table's
# rule read as a character, and stays.
_BAR_I = re.compile(
    r"(?:(?<=\s)|^)\|(?=\s+(?:am|have|had|was|would|will|wish|should|shall|believe|hope"
    r"|recommend|note|remain|also|welcome|urge|call|commend|encourage|intend|must|can|do"
    r"|expect|trust|consider|thank|take|express|reiterate|look|continue|appeal|propose"
    r"|therefore|further|regret|share|request|stress|emphasize|count)\b)"
)
# A capital I read as a bracket or a bar at a word's start (`[raq-Kuwait`).
_CAPITAL_I = re.compile(r"(?<![\w\[\]|!])([\[\]|!])([a-z]{2,39})(?![\w\]])")
# Corrections listed in the document's warning, at most.
SHOWN = 8


def _swaps() -> dict[str, tuple[str, ...]]:
    swaps: dict[str, list[str]] = {}
    for one, other in LOOK_ALIKES:
        swaps.setdefault(one, []).append(other)
        swaps.setdefault(other, []).append(one)
    return {key: tuple(values) for key, values in swaps.items()}


SWAPS = _swaps()
LONGEST = max(len(key) for key in SWAPS)


def look_alikes(word: str) -> set[str]:
    """Every word one look-alike swap away from `word` (lower case)."""
    found = set()
    for start in range(len(word)):
        for size in range(1, LONGEST + 1):
            piece = word[start : start + size]
            if len(piece) < size:
                break
            for other in SWAPS.get(piece, ()):
                found.add(word[:start] + other + word[start + size :])
    found.discard(word)
    return found


def _with_case_of(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@dataclass
class WordFixer:
    """Puts misread words right in OCR text, line by line (a `repair` of
    ingest.parsers.pdf.extract_pdf), and remembers what it changed."""

    dictionary: frozenset[str]
    # The document's own words (lower case), as OCR read them anywhere in it.
    document: frozenset[str] = frozenset()
    # Words OCR read, wherever it read them, with less than the sure confidence.
    unsure: frozenset[str] = frozenset()
    # How often OCR read each two words next to each other on a line (lower case).
    pairs: Counter = field(default_factory=Counter)
    changed: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, str | None] = field(default_factory=dict, repr=False)
    _seen_between: dict[tuple[str, str, str], str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def for_pages(cls, dictionary: frozenset[str], pages: list[OcrPage], sure: float):
        """A fixer for one document, whose own words are those OCR read on its pages
        with at least `sure` confidence (a misread that happens to be a word, `Sioned`,
        is seldom read with confidence)."""
        best: dict[str, float] = {}
        pairs: Counter = Counter()
        for page in pages:
            previous, line = None, None
            for word in page.words:
                parts = [part.lower() for part in WORD.findall(word.text)]
                for part in parts:
                    best[part] = max(best.get(part, 0.0), word.confidence)
                if not parts or not WORD.fullmatch(word.text.strip(".,;:")):
                    previous = None  # `Council,` ends a run of neighbours; `(DMZ)` too
                    continue
                if previous is not None and word.line == line:
                    pairs[previous, parts[0]] += 1
                previous = parts[-1] if word.text[-1:] not in ",;:." else None
                line = word.line
        document = frozenset(word for word, confidence in best.items() if confidence >= sure)
        unsure = frozenset(best) - document
        return cls(dictionary, document, unsure, pairs)

    def fix(self, text: str) -> str:
        text = pronoun_bars(text)
        if _CAPITAL_I.search(text):
            text = _CAPITAL_I.sub(self._capital_i, text)
        text = WORD.sub(self._word, text)
        return self._between_neighbours(text) if self.unsure else text

    def _between_neighbours(self, text: str) -> str:
        """Words of the dictionary read unsure, put right by their neighbours (see the
        module's docstring)."""
        tokens = list(WORD.finditer(text))
        out, position = [], 0
        for index in range(1, len(tokens) - 1):
            before, match, after = tokens[index - 1 : index + 2]
            word = match.group(0)
            lower = word.lower()
            if lower not in self.unsure or not MIN_LENGTH <= len(word) <= MAX_LENGTH:
                continue
            if not (
                _GAP.fullmatch(text, before.end(), match.start())
                and _GAP.fullmatch(text, match.end(), after.start())
            ):
                continue
            key = (before.group(0).lower(), lower, after.group(0).lower())
            if key not in self._seen_between:
                self._seen_between[key] = self._right_between(*key)
            right = self._seen_between[key]
            if right is None:
                continue
            right = _with_case_of(right, word)
            self.changed[word] = right
            out.append(text[position : match.start()])
            out.append(right)
            position = match.end()
        out.append(text[position:])
        return "".join(out)

    def _right_between(self, before: str, word: str, after: str) -> str | None:
        if word not in self.dictionary or not word.isascii():
            return None
        if self.pairs[before, word] > 1 or self.pairs[word, after] > 1:
            return None  # read so elsewhere too: as printed
        shorter = {word[:i] + word[i + 1 :] for i in range(len(word))}
        candidates = [
            other
            for other in sorted(shorter | look_alikes(word))
            if other in self.document
            and other in self.dictionary
            and self.pairs[before, other] >= CONTEXT
            and self.pairs[other, after] >= CONTEXT
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _capital_i(self, match: re.Match) -> str:
        """`[raq` -> `Iraq`, `|nternational` -> `International`: a word's capital I read
        as a bracket or a bar, where I makes a word of the dictionary (a short one: of
        the document too)."""
        rest = match.group(2)
        word = "i" + rest.lower()
        if word not in self.dictionary or (len(word) < LONG_WORD and word not in self.document):
            return match.group(0)
        right = "I" + rest
        self.changed[match.group(0)] = right
        return right

    def _word(self, match: re.Match) -> str:
        word = match.group(0)
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isascii():
            return word
        if word not in self._seen:
            self._seen[word] = self._right(word)
        right = self._seen[word]
        if right is None:
            return word
        self.changed[word] = right
        return right

    def _right(self, word: str) -> str | None:
        lower = word.lower()
        if lower in self.dictionary:
            return None
        candidates = [c for c in look_alikes(lower) if c in self.dictionary]
        if len(candidates) != 1:
            return None
        (right,) = candidates
        if len(word) < LONG_WORD and right not in self.document:
            return None
        return _with_case_of(right, word)

    def warning(self) -> str | None:
        """What was changed, for the admin who checks the OCR text."""
        if not self.changed:
            return None
        pairs = sorted(self.changed.items())
        shown = ", ".join(f"{wrong} → {right}" for wrong, right in pairs[:SHOWN])
        more = f" and {len(pairs) - SHOWN} more" if len(pairs) > SHOWN else ""
        return (
            f"OCR: {len(pairs)} misread words put right from the dictionary "
            f"({shown}{more}); check them against the page images"
        )


# A page OCR read with less confidence than this, whose words are mostly no words of the
# dictionary, is a picture: a map's labels, a table printed sideways that the orientation
# check did not turn. Pages of text read 70 and more; such pages 19-35.
FIGURE_CONFIDENCE = 40
FIGURE_WORD_SHARE = 0.5
FIGURE_MIN_WORDS = 20
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def figure_pages(pages: list[OcrPage], dictionary: frozenset[str]) -> frozenset[int]:
    """The numbers of the pages OCR found a picture's labels on, not text (see
    FIGURE_CONFIDENCE); none without a dictionary (a language written without spaces)."""
    if not dictionary:
        return frozenset()
    found = set()
    for page in pages:
        confidence = page.confidence
        if confidence is None or confidence >= FIGURE_CONFIDENCE:
            continue
        words = [w.lower() for word in page.words for w in _LATIN_WORD.findall(word.text)]
        if len(words) < FIGURE_MIN_WORDS:
            continue
        if sum(word in dictionary for word in words) < FIGURE_WORD_SHARE * len(words):
            found.add(page.number)
    return frozenset(found)


def pronoun_bars(text: str) -> str:
    """`| am confident` -> `I am confident`; on a whole text too, where the bar ends a
    line and its verb opens the next."""
    return _BAR_I.sub("I", text) if "|" in text else text


def dictionary_from(words: Iterable[str]) -> frozenset[str]:
    """A dictionary in lower case, as WordFixer compares."""
    return frozenset(word.lower() for word in words)
