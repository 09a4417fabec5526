"""Facts read by OCR, checked before they are believed.

OCR misreads the characters UN symbols are made of (`S` as `$`, `S$`, `8`, `6` or `5`; a `9`
as `3`), and a garbled masthead lets a date of the body pass for the issue date. So, for
a scanned document:

- symbols in the text are repaired where the symbol grammar allows it (`$/1996/813` and
  `s/1996/813` are `S/1996/813`: nothing else is written `$/1996/813`);
- the document's symbol is what page 1's symbol block and the running headers of the
  other pages agree on (UN pages repeat the symbol at their top); a page that reads it
  otherwise is a warning, not a second opinion silently dropped;
- the issue date comes from page 1's symbol block only; when it cannot be read there,
  the document has no date and a warning says so (a date from the body is a date of
  something else);
- the original language is the first one named on the `ORIGINAL:` line, also when the
  line wraps (`ORIGINAL: ENGLISH/ SPANISH` is `en`);
- pages read with low confidence are named in a warning.

A PDF may also carry an OCR layer made long ago, under its scanned pages: `garbled_share`
measures how much of such a layer no typesetting could have printed, so that a poor one
is read again by OCR rather than believed.

Pure functions over what tesseract read (ocr_layer.OcrPage): no tools, no ORM.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .blocks import ENDNOTE_HEADINGS
from .furniture import JOB_LETTERS, LANGUAGE_NAMES
from .ocr_layer import OcrLine, OcrPage
from .symbols import normalize_symbol

# The top of a later page holds the running header (symbol / English / Page n).
HEADER_ZONE = 0.15
# Page 1's symbol block (symbol, Distr., date, ORIGINAL) lies in this top part.
BLOCK_ZONE = 0.35

# Words on a line of the symbol block at most (the date line has three).
MAX_BLOCK_WORDS = 6
MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()

# What OCR makes of the `S` that opens a Security Council symbol, before a slash and
# either a year and a number (S/1996/813) or an old-style number (S/24833).
_S_MISREAD = r"(?:S\$|\$|§|s|5|6|8)"
_S_BODY = r"(?=/[ ]?(?:(?:19|20)\d\d/\d{1,4}|\d{4,5})(?!\d)(?!/(?!(?i:add|corr|rev|amend)\.)))"
_S_REPAIR = re.compile(rf"(?<![A-Za-z0-9/$§.,-]){_S_MISREAD}{_S_BODY}")
# A space OCR put after the slash of a symbol (`S/ 23766`, `S/1997/ 631`).
_SLASH_SPACE = re.compile(
    r"(?<![A-Za-z0-9/])([AS]/(?:19|20)\d\d/|S/) (?=(?<=\d/ )\d{1,4}(?![\d/])|\d{4,5}(?![\d/])"
    r"|(?:19|20)\d\d/\d{1,4}(?![\d/]))"
)
# The number of a symbol's suffix read as a letter (`S/22454/Add.i`, `and Add.i-3`).
_SUFFIX_ONE = re.compile(r"\b((?:Add|Corr|Rev|ADD|CORR|REV)\.)[iIl|](?![A-Za-z])")
# Lower-case symbols of other series: a/51/695, e/cn.4/...
_LOWER_SERIES = re.compile(r"(?<![A-Za-z0-9/])(a|e)(?=/\d{1,2}/\d{1,4}(?![\d/]))")
# A symbol as OCR may print it in a header: any misread S, a year (maybe misread),
# a number, suffixes.
_HEADER_SYMBOL = re.compile(
    rf"(?<![A-Za-z0-9/]){_S_MISREAD}?S?\s?/\s?(\d{{2,5}}(?:/\d{{1,4}})?"
    r"(?:/(?:Add|Corr|Rev|Amend|ADD|CORR|REV|AMEND)\.\s?\d{1,3})*)"
)
_JOB_LETTER = re.compile(r"\b(\d{2}-\d{5})\s*[({\[]\s*([AECFRSB8])[A-Z]?\s*[)}\]]")
# A typewriter's E read as B or 8; the job letter is one of A C E F R S.
_JOB_LETTER_MISREADS = {"B": "E", "8": "E"}
# The page-1 footer of the early 1990s as OCR reads it: the job number, a typing code
# (`3266e`), the language letter, date stamps and the `/...` mark, each maybe misread
# (`92-15338 3072i ° (E) 020492 020492 fans`, `92~73938`). Read as the job number and
# its letter, which is what the PDF reader knows as a footer; a letter OCR could not
# read (`{m)`) is left out rather than guessed, where a date stamp follows it. A job
# number with a digit lost (`92-0155 28384 (B)`), with its typing code and letter, is the
# footer still: it goes, as no number can be read from it.
_OLD_FOOTER = re.compile(
    r"^\s*(\d{2})[-~](\d{4,5})\S?(?P<codes>(?:\s+\S{1,6}){0,2})\s*[({\[]\s*([A-Za-z8])[A-Za-z]?\s*[)}\]]"
    r"(?P<rest>(?:\s+\S{1,12}){0,4})\s*$"
)
_STAMP = re.compile(r"^\s+[\dOo]{6}(?!\S)")
# The page-1 footer of a typeset report as OCR reads it: the job number, then its date
# stamps and the bar code read as specks (`11-27300* il 040411 eS`): a few short tokens,
# one a six-digit stamp. Read as the job number alone, a footer the reader knows.
_STAMPED_FOOTER = re.compile(
    r"^\s*(\d{2}-\d{5})\*?(?=(?:\s+\S{1,8}){1,4}\s*$)(?=.*\s[\dOo]{6}(?:\s|$)).*$"
)
# `Annex IIL`, `Annex IT`: Roman numerals of an annex label as OCR misread them.
_ANNEX_LABEL = re.compile(r"^(\s*)(ANNEX|Annex)[ \t]+([IVX][IVXLlT1|]{0,4})[ \t]*$", re.M)
# Where page 1's title ends: a section heading, a numbered paragraph, a contents list.
# `introduction` alone: a heading in small capitals, which OCR reads as lower case.
_TITLE_END = re.compile(
    r"^(?:[IVXil1|]{1,4}[.,]\s|\d{1,3}\.\s|CONTENTS\b|Contents\b|INTRODUCTION\b"
    r"|(?i:introduction|contents)\s*$)"
)
# Marks OCR makes of specks and underlines; never in a title.
_TITLE_NOISE = re.compile(r"[~|_{}\[\]<>@#$%^=+\\]")
MAX_TITLE_LINES = 6
TITLE_END_WORDS = ("introduction", "contents")
# The line of a report's title block (`Report of the Secretary-General`), and how close
# a line read by OCR must be to it to be it (one or two letters misread in 31).
REPORT_LINES = ("report of the secretary-general", "report by the secretary-general")
REPORT_LINE_RATIO = 0.85
# A line on page 1 lower than this share of the median line's height is specks.
SPECK_HEIGHT = 0.5
# `ORIGINAL: ENGLISH` as OCR reads it: the label itself may be misread (`ORISINAL`,
# `ORIGINAL;`), so it is any word close to ORIGINAL before a stop and a language.
_ORIGINAL = re.compile(r"(?<![A-Za-z])(\S{6,10}?)\s*[:;.,]?\s+([A-Za-z]{4,10})")
ORIGINAL_LABEL = "ORIGINAL"
# The whole line `ORISINAL: ENGLISH` (maybe `ENGLISH/` wrapping), rewritten as printed so
# that the reader knows the symbol block's last line.
_ORIGINAL_AS_PRINTED = re.compile(
    r"^\s*(?:ORIGINAL|Original):\s*(?:ENGLISH|FRENCH|SPANISH|RUSSIAN|ARABIC|CHINESE"
    r"|English|French|Spanish|Russian|Arabic|Chinese)/?\s*$"
)
_ORIGINAL_LINE = re.compile(r"^\s*[O0Q]\S{4,9}\s*[:;.,]?\s+[A-Za-z]{4,10}(/?)\s*$")
# A year of three digits (`992`): the thin leading 1 of 19xx, lost (the years of UN
# documents are 1946-1999 or 20xx; `9xx` can only be 19xx).
_DATE = re.compile(r"\b([0-9OoIil|]{1,2})\s+([A-Za-z0][A-Za-z]{2,9})[,.]?\s+([0-9OoIl|]{3,4})\b")
_DATE_SPECKS = re.compile(r"(?<=\s)[^\w\s]+(?=\d)|(?<=\d)[,.](?=\d{3}\b)")
_DIGIT_MISREADS = str.maketrans({"O": "0", "o": "0", "I": "1", "i": "1", "l": "1", "|": "1"})
# A line that may open a numbered paragraph as OCR read it: `ll.`, `i2.`, `45,`, `4,`.
# A page's first line follows the form feed that ends the page before: a line start too.
_NUMBER_LINE = re.compile(
    r"(?:^|(?<=\f))([ \t]*)([0-9lIiOo|éB]{1,4})([.,])(\s+)(?=[A-Z\"'(])", re.M
)
_DIGIT_SHAPES = {"O": "0", "o": "0", "i": "1", "I": "1", "l": "1", "|": "1", "é": "6", "B": "8"}
_NUMBER_MISREADS = str.maketrans(_DIGIT_SHAPES)
DIGIT_CONFUSIONS = {
    frozenset(p) for p in ["14", "17", "38", "39", "56", "58", "68", "08", "06", "09", "89"]
}
# Characters after the number on a paragraph's first line at least (a typed line holds
# 70-80; a lettered sub-heading is shorter).
SENTENCE_LINE = 50
# A clean number further ahead than this is not the next paragraph (`1997. The ...`).
MAX_GAP = 5
_PART_LINE = re.compile(r"(?:^|(?<=\f))[ \t]*ANNEX(?:[ \t]+[IVX\d]{1,5})?[ \t]*$", re.I | re.M)
# A paragraph number OCR could not read as one (`7.` read `qe`, `4.` read `&.`): a token
# no sentence starts with (lower case, or a sign), before a sentence's capital.
_LOST_NUMBER = re.compile(
    r"(?:^|(?<=\f))([ \t]*)([a-z&§$%#@][^\s]{0,2}|\d{1,3})([ \t]+)(?=[A-Z])", re.M
)
_REPAIRED_NUMBER = re.compile(r"(?:^|(?<=\f))[ \t]*(\d{1,3})\.[ \t]", re.M)
# A typescript's endnote as OCR reads it: a marker of one or two characters and a slash
# (`1/`, `i/`, `a/`) opening the line; a marker cited in the text (`provisions; ]/ noted`);
# the lone word heading the notes; what OCR makes of an underlined digit marker.
_ENDNOTE_LINE = re.compile(r"^([\f \t]*)(\S{1,2})/([ \t]+)(?=\S)")
_CITED_NOTE = re.compile(r"(?:(?<=[ \t,;.)])|^)(\S{1,2})/(?=[ \t.,;:)]|$)")
_LONE_WORD = re.compile(r"[\f \t]*[A-Za-z]{3,8}[ \t]*")
_NOTE_MISREADS = str.maketrans(
    _DIGIT_SHAPES | {"]": "1", "[": "1", "!": "1", "Z": "2", "z": "2", "S": "5", "§": "5"}
)
# The end of a sentence, maybe with a speck or two after it (`(UNPROFOR). —`).
_SENTENCE_END = re.compile(r"[.:;\"'”’)](?:\s*[^\w\s]){0,2}\s*$")


# Words no typesetting prints, as an old OCR layer has them: a digit or a sign inside
# lower-case letters (`hi8`, `b%tweeu`, `Nation8`), a case that flips back and forth
# (`REsoLuTIoN`, `COAcUrr8d`). Ordinals (`21st`), symbols (`S/1996/813`) and one
# capital inside a name (`McDonald`, `MacKenzie`) are printed so and do not count.
_LAYER_WORD = re.compile(r"[^\s]{2,}")
_GARBLED = re.compile(
    r"[a-z][0-9$%#&@~§¶|\\{}\[\]<>^!?*][a-z]"  # a sign or digit between letters
    r"|[a-z]{2}[0-9$%#&@~§¶|\\{}\[\]<>^]$"  # ... or closing a word (`Nation8`)
    r"|^[0-9$%#&@~§¶|\\{}\[\]<>^][a-z]{2}(?<!st)(?<!nd)(?<!rd)(?<!th)"
    r"|[a-z][A-Z].*[a-z][A-Z]|[A-Z]{2}[a-z]{1,2}[A-Z]"  # case flips (`REsoLuTIoN`)
)
# Share of garbled words from which an OCR layer is read again: typeset PDFs of every
# era have none; old OCR layers that lose titles and paragraph numbers have one in 100
# and more.
POOR_LAYER_SHARE = 0.003
# Words enough to judge a layer by (a page of a report holds about 400).
MIN_LAYER_WORDS = 200


def garbled_share(text: str) -> float:
    """Share of the words of `text` (tokens with at least one letter, bracket and stop
    trimmed) that no typesetting prints: the mark of a poor OCR layer."""
    total = garbled = 0
    for match in _LAYER_WORD.finditer(text):
        word = match.group(0).strip("()[]\"'.,;:")
        if "/" in word or not any(c.isalpha() for c in word):
            continue
        total += 1
        # each part of a compound alone: a map's reversed names (`ésinagrO-tnoM`) are
        # printed so, and read back to front they are names
        garbled += any(_GARBLED.search(part) for part in word.split("-"))
    return garbled / total if total else 0.0


def poor_layer(text: str) -> bool:
    """The text of a scanned PDF's OCR layer is too garbled to believe (see
    POOR_LAYER_SHARE); a short text is never judged."""
    words = len(_LAYER_WORD.findall(text))
    return words >= MIN_LAYER_WORDS and garbled_share(text) >= POOR_LAYER_SHARE


NO_BLOCK_DATE = (
    "OCR: the issue date in the page 1 symbol block could not be read; "
    "enter the date (a date from the body is not taken)"
)


@dataclass
class OcrFacts:
    """What the OCR pages say about the document, checked, with the warnings found."""

    symbol: str = ""
    date: dt.date | None = None
    original_language: str = ""
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def repair_symbols(text: str) -> str:
    """OCR text with misread symbol series repaired (`$/1996/813` -> `S/1996/813`,
    `s/24833` -> `S/24833`, `a/51/695` -> `A/51/695`, `S/ 23766` -> `S/23766`), the
    `ORIGINAL:` line (`ORISINAL: ENGLISH` -> `ORIGINAL: ENGLISH`), and the job number's language
    letter as printed (`96-32594 {EB}` -> `96-32594 (E)`; a suffix's 1 (`Add.i` -> `Add.1`); an early-1990s footer line
    `92-15104 3266e (E} 020492 /...` -> `92-15104 (E)`), so that page furniture is
    recognised as such, and annex labels' numerals (`Annex IIL` -> `Annex III`)."""
    text = _S_REPAIR.sub("S", text)
    text = _SLASH_SPACE.sub(r"\1", text)
    text = _ORIGINAL_LINE.sub(_original_line, text)
    text = _OLD_FOOTER.sub(_old_footer, text)
    text = _STAMPED_FOOTER.sub(r"\1", text)
    text = _JOB_LETTER.sub(
        lambda m: f"{m.group(1)} ({_JOB_LETTER_MISREADS.get(m.group(2), m.group(2))})", text
    )
    text = _ANNEX_LABEL.sub(_annex_label, text)
    text = _SUFFIX_ONE.sub(r"\g<1>1", text)
    return _LOWER_SERIES.sub(lambda m: m.group(1).upper(), text)


def _old_footer(match) -> str:
    job = f"{match.group(1)}-{match.group(2)}"
    letter = _JOB_LETTER_MISREADS.get(match.group(4), match.group(4))
    if len(match.group(2)) == 4:
        return "" if match.group("codes").strip() and letter in JOB_LETTERS else match.group(0)
    if letter in JOB_LETTERS:
        return f"{job} ({letter})"
    return job if _STAMP.match(match.group("rest")) else match.group(0)


def _original_line(match) -> str:
    name = _original_language_name(match.group(0))
    if not name or _ORIGINAL_AS_PRINTED.match(match.group(0)):
        return match.group(0)
    return f"ORIGINAL: {name.upper()}{match.group(1)}"


def _annex_label(match) -> str:
    numeral = re.sub(r"[lT1|]", "I", match.group(3))
    numeral = re.sub(r"L$", "I", numeral)  # `IIL`: a last I read as L (no annex L)
    return f"{match.group(1)}{match.group(2)} {numeral}"


def repair_numbering(text: str) -> str:
    """Paragraph numbers as OCR misread them, repaired where the sequence tells what
    they are: after paragraph 10, `ll.` is 11, and after 14, `45,` is 15 (a digit of like
    shape off the next number; a comma for the full stop). A number ahead of the
    sequence is taken when the one after it follows it (a paragraph number was lost);
    Roman headings (`I.`, `II.`) and what fits no sequence (a year opening a line) are
    left alone. The count restarts at each annex."""
    candidates = []  # (match, digits as read, or None for an annex line)
    pattern = re.compile(f"{_NUMBER_LINE.pattern}|{_PART_LINE.pattern}", re.M | re.I)
    for match in pattern.finditer(text):
        if _PART_LINE.match(match.group(0)):
            candidates.append((match, None))
            continue
        token = match.group(2)
        digits = token.translate(_NUMBER_MISREADS)
        if _is_heading(text, match):
            if re.fullmatch(r"[Il1i|]{1,3}", token):  # `i. INTRODUCTION`: Roman I
                candidates.append((match, "I" * len(token)))
        elif token == "B":
            # `B.` opens a lettered sub-heading (`B. Military component`), a short line;
            # before a sentence as wide as the page it is an 8 misread, taken only
            # where the sequence expects 8
            if _rest_of_line(text, match) >= SENTENCE_LINE:
                candidates.append((match, digits))
        elif digits.isdigit() and not (token.isupper() and not any(c.isdigit() for c in token)):
            candidates.append((match, digits))
    out, last, position = [], 0, 0
    for index, (match, digits) in enumerate(candidates):
        if digits is None:
            last = 0
            continue
        if digits.startswith("I"):  # a Roman heading, not a paragraph
            out.append(text[position : match.start()])
            out.append(f"{match.group(1)}{digits}.{match.group(4)}")
            position = match.end()
            continue
        following = candidates[index + 1][1] if index + 1 < len(candidates) else None
        if match.group(2) == "B" and digits != str(last + 1):
            continue
        number = _paragraph_number(match, digits, last, following)
        if number is None:
            continue
        last = number
        indent, space = match.group(1), match.group(4)
        out.append(text[position : match.start()])
        out.append(f"{indent}{number}.{space}")
        position = match.end()
    out.append(text[position:])
    return _fill_gaps("".join(out))


def repair_endnotes(text: str) -> str:
    """The endnotes of a typescript as OCR misread them. A part (the body, an annex)
    may end with its notes under a heading, one per line, marked `1/`, `2/`, ... and cited
    so in its text. OCR reads an underlined marker as a letter of like shape or as none
    (`i/`, `a/`) and the heading as a word of none (`Vatas`). Where the markers of the
    part's last run of such lines can be read as the sequence 1, 2, 3 (each a digit in its
    place, a look-alike of it, or a letter no digit looks like) and at least one of them,
    and one marker cited in the part's text, reads as its number, the markers are that
    sequence, the heading is `Notes`, and the markers cited in the text are repaired the
    same way. Lettered notes (`a/`, `b/`) read no digit and stay as they are."""
    lines = text.split("\n")
    starts = [0] + [i for i, line in enumerate(lines) if _PART_LINE.fullmatch(line)]
    ends = starts[1:] + [len(lines)]
    for start, end in zip(starts, ends, strict=True):
        _repair_part_notes(lines, start, end)
    return "\n".join(lines)


def _repair_part_notes(lines: list[str], start: int, end: int) -> None:
    heading, run = _endnote_run(lines, start, end)
    if heading is None:
        return
    marks = [_ENDNOTE_LINE.match(lines[index]) for index in run]
    reads = [_note_number(match.group(2)) for match in marks]
    if any(read is not None and read != place for place, read in enumerate(reads, 1)):
        return
    if not any(read == place for place, read in enumerate(reads, 1)):
        return
    cited = [
        (index, match, number)
        for index in range(start, heading)
        for match in _CITED_NOTE.finditer(lines[index])
        if (number := _note_number(match.group(1))) is not None and 1 <= number <= len(run)
    ]
    if not cited:
        return
    for place, (index, match) in enumerate(zip(run, marks, strict=True), 1):
        lines[index] = f"{match.group(1)}{place}/{match.group(3)}{lines[index][match.end() :]}"
    if lines[heading].strip().lower() not in ENDNOTE_HEADINGS:
        indent = lines[heading][: len(lines[heading]) - len(lines[heading].lstrip())]
        lines[heading] = f"{indent}{'Notes' if len(run) > 1 else 'Note'}"
    highest = 0
    repaired: dict[int, list[tuple[int, int, int]]] = {}
    for index, match, number in cited:
        if number > highest + 1:  # a citation ahead of the sequence is something else
            continue
        highest = max(highest, number)
        repaired.setdefault(index, []).append((match.start(1), match.end(1), number))
    for index, spans in repaired.items():
        line, pieces, position = lines[index], [], 0
        for left, right, number in spans:  # in pieces: a line may cite thousands
            pieces += [line[position:left], str(number)]
            position = right
        lines[index] = "".join(pieces) + line[position:]


def _endnote_run(lines: list[str], start: int, end: int) -> tuple[int | None, list[int]]:
    """The heading and the note lines of the run that ends a part: a lone word, then
    lines opening with a marker (each maybe followed by the lines it wraps onto) up to
    the part's end, with no numbered paragraph among them."""
    run: list[int] = []
    above_note = False  # the lines walked since the last note line read are blank
    for index in range(end - 1, start - 1, -1):
        line = lines[index]
        if _REPAIRED_NUMBER.match(line) or _NUMBER_LINE.match(line):
            return None, []
        if _ENDNOTE_LINE.match(line):
            run.append(index)
            above_note = True
            continue
        if not line.strip(" \t\f"):
            continue
        if above_note and _LONE_WORD.fullmatch(line):
            return index, run[::-1]
        above_note = False
    return None, []


def _note_number(token: str) -> int | None:
    """The number a note marker reads as (`3`; `i` and `]` are a 1), or None for a
    marker no digit looks like (`a`)."""
    read = token.translate(_NOTE_MISREADS)
    return int(read) if read.isdigit() else None


def _fill_gaps(text: str) -> str:
    """A paragraph number the sequence lacks, found where it must be: between paragraph
    n-1 and paragraph n+1 (or the end of the part) exactly one line opens a sentence
    after a sentence's end with what no sentence starts with (`qe In this context`,
    `&. UNIKOM also`) or with the number without its stop (`2 It is now clear`); a wide
    line, not a heading or a table's row. The sign stands for n only with n+1 after it;
    the bare number n is n."""
    marks = sorted(
        [(m.start(), int(m.group(1))) for m in _REPAIRED_NUMBER.finditer(text)]
        + [(m.start(), 0) for m in _PART_LINE.finditer(text)]
    )
    fills = []
    for index, (start, number) in enumerate(marks):
        if not number:
            continue
        end, after = len(text), None
        if index + 1 < len(marks):
            end, after = marks[index + 1]
        if after == number + 1:
            continue
        expected = number + 1
        found = []
        for match in _LOST_NUMBER.finditer(text, start + 1, end):
            token = match.group(2)
            if token.isdigit() and token != str(expected):
                continue
            if not token.isdigit() and after != expected + 1:
                continue
            line_start = text.rfind("\n", 0, match.start())
            before = text[: max(line_start, 0)].rstrip("\f")
            if _rest_of_line(text, match) < SENTENCE_LINE or not _SENTENCE_END.search(before):
                continue
            found.append(match)
        if len(found) == 1:
            fills.append((found[0], expected))
    for match, number in reversed(fills):
        repaired = f"{match.group(1)}{number}.{match.group(3)}"
        text = text[: match.start()] + repaired + text[match.end() :]
    return text


def _rest_of_line(text: str, match) -> int:
    end = text.find("\n", match.end())
    return len(text[match.end() : end if end >= 0 else len(text)].strip())


def _is_heading(text: str, match) -> bool:
    """The line after the number is in capitals: a section heading (`I. INTRODUCTION`),
    never a paragraph, which opens with a sentence."""
    end = text.find("\n", match.end())
    rest = text[match.end() : end if end >= 0 else len(text)]
    letters = [c for c in rest if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _paragraph_number(match, digits: str, last: int, following: str | None) -> int | None:
    """The number this candidate line stands for, or None if it is no paragraph number."""
    expected = last + 1
    token, stop = match.group(2), match.group(3)

    def leads_to(number: int) -> bool:
        return (
            following is None
            or following == str(number + 1)
            or _one_off(following, str(number + 1))
        )

    if digits == str(expected):
        return expected
    if _one_off(digits, str(expected)) and leads_to(expected):
        return expected
    clean = token.isdigit() and stop == "."
    if clean and 0 < int(token) - last <= MAX_GAP and leads_to(int(token)):
        return int(token)
    if _one_off(digits, str(expected)):
        return expected
    return None


def _one_off(read: str, expected: str) -> bool:
    """One digit misread as a digit of like shape (`4` for `1`, `3` for `8`)."""
    if len(read) != len(expected):
        return False
    pairs = [(a, b) for a, b in zip(read, expected, strict=True) if a != b]
    return len(pairs) == 1 and frozenset(pairs[0]) in DIGIT_CONFUSIONS


def check_facts(
    pages: list[OcrPage], *, parsed_symbol: str = "", low_confidence: float = 80.0
) -> OcrFacts:
    """The document's symbol, date and original language as the OCR pages show them,
    with a warning for each disagreement and each page read with low confidence."""
    facts = OcrFacts()
    if not pages:
        return facts
    first = pages[0]
    block = _top_lines(first, BLOCK_ZONE)
    _check_symbol(facts, pages, block, parsed_symbol)
    facts.date = block_date(block)
    if facts.date is None:
        facts.warnings.append(NO_BLOCK_DATE)
    facts.original_language = original_language([ln.text for ln in block])
    facts.title = block_title(first, block)
    for page in pages:
        confidence = page.confidence
        if confidence is not None and confidence < low_confidence:
            facts.warnings.append(
                f"OCR: page {page.number} was read with low confidence ({confidence:.0f}%); "
                "check its text against the scan"
            )
    return facts


def _check_symbol(facts: OcrFacts, pages, block: list[OcrLine], parsed_symbol: str) -> None:
    readings: dict[int, str] = {}
    block_symbol = _symbol_in([ln.text for ln in block])
    if block_symbol:
        readings[pages[0].number] = block_symbol
    for page in pages[1:]:
        header = [ln.text for ln in _top_lines(page, HEADER_ZONE)]
        if symbol := _symbol_in(header):
            readings[page.number] = symbol
    votes = Counter(readings.values())
    if not readings:
        facts.symbol = normalize_symbol(repair_symbols(parsed_symbol)) if parsed_symbol else ""
        if facts.symbol:
            facts.warnings.append(
                f"OCR: the symbol {facts.symbol} was found in the text but not in the "
                "page headers; check it against the scan"
            )
        return
    (symbol, count), *_ = votes.most_common()
    facts.symbol = symbol
    others = {number: s for number, s in readings.items() if s != symbol}
    if others:
        pages_text = ", ".join(f"page {n}: {s}" for n, s in sorted(others.items())[:5])
        facts.warnings.append(
            f"OCR: the page headers disagree on the symbol; {count} of {len(readings)} read "
            f"{symbol}, taken ({pages_text})"
        )
    elif len(readings) == 1 and len(pages) > 1:
        facts.warnings.append(
            f"OCR: the symbol {symbol} was read on one page only; check it against the scan"
        )


def _top_lines(page: OcrPage, zone: float) -> list[OcrLine]:
    """The short lines in the top `zone` of the page, from the top down (long lines there
    are body text, which may cite other symbols and dates)."""
    lines = [ln for ln in page.lines() if ln.bottom <= page.height * zone]
    return sorted(
        (ln for ln in lines if len(ln.text.split()) <= MAX_BLOCK_WORDS), key=lambda ln: ln.top
    )


def _symbol_in(lines: list[str]) -> str:
    """The first symbol-like token of these header lines, repaired and normalized."""
    for text in lines:
        for match in _HEADER_SYMBOL.finditer(text):
            body = re.sub(r"\s", "", match.group(1))
            if not re.match(r"^(?:\d{4}/\d{1,4}|\d{4,5})(?:/|$)", body):
                continue
            if re.match(r"^(?:13|18)\d\d/", body):  # a 9 read as 3 or 8: 1397 -> 1997
                body = "19" + body[2:]
            return normalize_symbol(f"S/{body}")
    return ""


def block_date(block: list[OcrLine]) -> dt.date | None:
    """The issue date of page 1's symbol block (`31 October 1997`), with misread digits
    and a misspelt month repaired; None when no line there is a date. `block`: the
    block's short lines from the top down (`_top_lines`)."""
    for line in block:
        # specks read as signs in the date (`10 January },992`) go first
        cleaned = _DATE_SPECKS.sub("", line.text)
        for match in [*_DATE.finditer(line.text), *_DATE.finditer(cleaned)]:
            day, month_text, year = match.groups()
            month = _month(month_text)
            if month is None:
                continue
            year = year.translate(_DIGIT_MISREADS)
            if len(year) == 3:
                if not year.startswith("9"):
                    continue
                year = "1" + year
            try:
                date = dt.date(int(year), month, int(day.translate(_DIGIT_MISREADS)))
            except ValueError:
                continue
            if 1945 <= date.year <= dt.date.today().year:
                return date
    return None


def _month(text: str) -> int | None:
    close = difflib.get_close_matches(text.lower().replace("0", "o"), MONTH_NAMES, cutoff=0.75)
    return MONTH_NAMES.index(close[0]) + 1 if close else None


def block_title(page: OcrPage, block: list[OcrLine]) -> str:
    """The title printed under page 1's symbol block: the lines from the one below the
    block's last line (`ORIGINAL: ENGLISH`, the date) down to the first heading, numbered
    paragraph or contents list; OCR's specks taken out, a footnote star dropped, and the
    line every report's title has (`Report of the Secretary-General`) as printed where
    OCR misread a letter of it (`Repert of the Secretacy-General`)."""
    ends = [ln for ln in block if _original_language_name(ln.text) or block_date([ln])]
    if not ends:
        return ""
    bottom = max(ln.bottom for ln in ends)
    lines = page.lines()
    heights = sorted(ln.bottom - ln.top for ln in lines)
    # a rule's remains, read as a line of specks (`pone`), are no letters' height
    low = heights[len(heights) // 2] * SPECK_HEIGHT if heights else 0
    below = sorted(
        (ln for ln in lines if ln.top > bottom and ln.bottom - ln.top >= low),
        key=lambda ln: ln.top,
    )
    title = []
    for line in below[: MAX_TITLE_LINES + 1]:
        text = " ".join(_TITLE_NOISE.sub("", line.text).split()).rstrip("*").strip()
        if _TITLE_END.match(text) or _misread_heading(text):
            break
        if text:
            title.append(_report_line(text))
    else:
        return ""  # no end in sight: not a title block
    return " ".join(title)


def _misread_heading(text: str) -> bool:
    """A lone word close to `Introduction` or `Contents` (`YntroAauction`): the heading
    after the title."""
    return " " not in text and any(
        difflib.SequenceMatcher(None, text.lower(), word).ratio() >= 0.75
        for word in TITLE_END_WORDS
    )


def _report_line(text: str) -> str:
    """`Report of the Secretary-General` (or `by`) as printed, in the line's case, where
    the whole line is that phrase with a letter or two misread; other lines as read."""
    folded = text.lower()
    best = max(REPORT_LINES, key=lambda p: difflib.SequenceMatcher(None, folded, p).ratio())
    if folded == best or difflib.SequenceMatcher(None, folded, best).ratio() < REPORT_LINE_RATIO:
        return text
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) / 2:
        return best.upper()
    return best.replace("report", "Report").replace("secretary-general", "Secretary-General")


def original_language(lines: list[str]) -> str:
    """The first language named on the `ORIGINAL:` line (the line may wrap after a
    slash: `ORIGINAL: ENGLISH/` + `SPANISH` is English)."""
    for text in lines:
        if name := _original_language_name(text):
            return LANGUAGE_NAMES[name]
    return ""


def _original_language_name(text: str) -> str:
    """`english` when the line is `ORIGINAL: ENGLISH` as OCR may read it (`ORISINAL:
    ENGLISH/`), else ""."""
    for match in _ORIGINAL.finditer(text):
        label = match.group(1).upper().rstrip(":;.,").replace("0", "O")
        if not label.startswith("O") or (
            difflib.SequenceMatcher(None, label, ORIGINAL_LABEL).ratio() < 0.75
        ):
            continue  # `REGIONAL` is not a misread ORIGINAL
        name = match.group(2).lower()
        close = difflib.get_close_matches(name, list(LANGUAGE_NAMES), n=1, cutoff=0.75)
        if close:
            return close[0]
    return ""
