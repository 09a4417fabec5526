"""Parser fidelity over hand-written goldens: how many real PDFs come out right, per fact.

Each PDF in a fixtures folder (default `fixtures/pdf-wide/`) has a golden
`expected/<stem>.json` written by reading the rendered pages (format:
`fixtures/pdf-wide/README.md`). `check_document` parses the PDF with the archive's own
reader and compares fact by fact; `run` does it for a folder; `format_report` prints the
table `manage.py pdf_fidelity` shows. A golden may leave a fact out: it is then not
scored for that document.

Body coverage compares the words of the parsed blocks with the words of the page text
as an independent extractor reads it (poppler's `pdftotext` when installed, otherwise
pdfplumber's raw words), so a parser that drops text is caught even where no golden
sentence sits.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.parsers.types import ParsedDocument, ParseError

FACTS = [
    "symbol",
    "date",
    "title",
    "language",
    "original language",
    "paragraphs",
    "annex paragraphs",
    "footnotes",
    "spot sentences",
    "no furniture",
    "body coverage",
]
# Share of the independent extractor's words that must reach the blocks. Page furniture
# (symbol block, running headers, job numbers) is in the extractor's words and rightly
# not in the blocks: a few per cent.
COVERAGE_TARGET = 0.97
# The page-1 symbol block (`United Nations`, the organ, `Distr.: General`, the symbol, the
# date, `Original: English`) is a dozen words whatever the length of the document: on a
# two-page addendum of 300 words it alone is 4%. It is left out of the total.
MASTHEAD_WORDS = 12
# Furniture that must never be inside a block, whatever the golden lists.
GENERIC_FURNITURE = [
    re.compile(r"\b\d{2}-\d{5}\*? \([AECFRS]\)"),  # job number with its language letter
    re.compile(r"\*\d{7,9}\*"),  # bar code
    re.compile(r"\bEnglish Page \d+\b"),  # 1990s header block `S/1995/444 / English / Page 3`
    re.compile(r"(?:^|\s)/\s?\.\.\.\s*$"),  # the `/...` continuation mark
]
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPACE = re.compile(r"\s+")


@dataclass
class DocumentResult:
    name: str
    facts: dict[str, bool] = field(default_factory=dict)  # fact -> right (scored facts only)
    reasons: dict[str, str] = field(default_factory=dict)  # fact -> what was wrong
    coverage: float | None = None
    error: str = ""

    @property
    def failing(self) -> list[str]:
        return [fact for fact in FACTS if self.facts.get(fact) is False]


def golden_dir(fixtures: Path) -> Path:
    return fixtures / "expected"


def load_golden(fixtures: Path, pdf: Path) -> dict | None:
    path = golden_dir(fixtures) / f"{pdf.stem}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def words(text: str) -> Counter[str]:
    return Counter(match.group(0).lower() for match in _WORD.finditer(text or ""))


def source_words(data: bytes) -> Counter[str]:
    """The page text's words as an extractor independent of the archive's reader sees them."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode == 0:
            return words(done.stdout.decode("utf-8", "replace"))
    import pdfplumber

    found: Counter[str] = Counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found.update(words(" ".join(w["text"] for w in page.extract_words())))
            page.close()
    return found


def coverage(doc: ParsedDocument, source: Counter[str]) -> float:
    kept = words(" ".join(block.text for block in doc.blocks))
    total = sum(source.values())
    if not total:
        return 1.0
    found = sum(min(count, kept[word]) for word, count in source.items())
    return min(1.0, found / max(1, total - MASTHEAD_WORDS))


def _sequence_reason(numbers: list[int], last: int) -> str:
    """Why the numbers of a part are not exactly 1..last, each once ("" when they are)."""
    expected = list(range(1, last + 1))
    if numbers == expected:
        return ""
    counts = Counter(numbers)
    missing = [n for n in expected if n not in counts]
    extra = sorted({n for n in numbers if n > last or n < 1})
    doubled = sorted(n for n, c in counts.items() if c > 1)
    parts = []
    if missing:
        parts.append(f"missing {_ranges(missing)}")
    if extra:
        parts.append(f"unexpected {_ranges(extra)}")
    if doubled:
        parts.append(f"twice {_ranges(doubled)}")
    if not parts:
        parts.append("out of order")
    return "; ".join(parts)


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = n
    text = ", ".join(out[:6])
    return text + (", ..." if len(out) > 6 else "")


def _annex_labels(doc: ParsedDocument) -> list[str]:
    return [
        collapse(block.text)
        for block in doc.blocks
        if block.kind == "heading"
        and block.part == "annex"
        and re.match(r"(?i)^annex(?:es)?\b", collapse(block.text))
    ]


def check_document(
    doc: ParsedDocument, golden: dict, source: Counter[str] | None
) -> DocumentResult:
    result = DocumentResult(golden.get("file", doc.symbol))

    def score(fact: str, right: bool, reason: str = ""):
        result.facts[fact] = right
        if not right:
            result.reasons[fact] = reason

    if "symbols" in golden:
        score("symbol", doc.symbols == golden["symbols"], f"got {doc.symbols}")
    if "date" in golden:
        got = doc.date.isoformat() if doc.date else None
        score("date", got == golden["date"], f"got {got}")
    if "title" in golden:
        score("title", collapse(doc.title) == collapse(golden["title"]), f"got {doc.title!r}")
    if "language" in golden:
        score("language", doc.language == golden["language"], f"got {doc.language!r}")
    if "original_language" in golden:
        score(
            "original language",
            doc.original_language == golden["original_language"],
            f"got {doc.original_language!r}",
        )
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    if "body_last_paragraph" in golden:
        body = [int(b.number) for b in paragraphs if b.part != "annex" and b.number.isdigit()]
        reason = _sequence_reason(body, golden["body_last_paragraph"])
        score("paragraphs", not reason, reason)
    if "annexes" in golden:
        reasons = []
        labels = _annex_labels(doc)
        wanted = [collapse(a["label"]) for a in golden["annexes"]]
        if [label.lower() for label in labels] != [label.lower() for label in wanted]:
            reasons.append(f"annexes {labels}")
        for index, annex in enumerate(golden["annexes"], start=1):
            prefix = f"annex{index}-p"
            numbers = [
                int(b.number)
                for b in paragraphs
                if b.part == "annex" and b.anchor.startswith(prefix) and b.number.isdigit()
            ]
            why = _sequence_reason(numbers, annex["last_paragraph"] or 0)
            if why:
                reasons.append(f"{annex['label']}: {why}")
        score("annex paragraphs", not reasons, "; ".join(reasons))
    if "footnotes" in golden:
        markers = [b.number for b in doc.blocks if b.kind == "footnote"]
        score("footnotes", markers == golden["footnotes"]["markers"], f"got {markers}")
    texts = [collapse(b.text) for b in doc.blocks]
    if golden.get("body_contains"):
        lost = [s for s in golden["body_contains"] if not any(collapse(s) in t for t in texts)]
        score("spot sentences", not lost, f"not intact: {[s[:50] for s in lost]}")
    if "body_excludes" in golden:
        found = sorted(
            {s for s in golden["body_excludes"] for t in texts if s in t}
            | {p.pattern for p in GENERIC_FURNITURE for t in texts if p.search(t)}
        )
        score("no furniture", not found, f"found {found}")
    if source is not None and not doc.ocr_confidence:
        # A document read by OCR (a scan, or a poor OCR layer read again) has no text an
        # independent extractor could read: the file's own layer is what OCR replaced.
        result.coverage = coverage(doc, source)
        score(
            "body coverage",
            result.coverage >= COVERAGE_TARGET,
            f"{result.coverage:.1%} of the words kept",
        )
    return result


def run(
    fixtures: Path, parse=None, names: list[str] | None = None, sources: set[str] | None = None
) -> list[DocumentResult]:
    """Parse every PDF of `fixtures` that has a golden; compare. `parse(data, name)` defaults
    to the archive's reader (ingest.readers.read_document). `sources` keeps only goldens of
    that source (`text`: a text layer; `ocr`: a scan, read by OCR, slow)."""
    if parse is None:
        from ingest.readers import read_document as parse
    results = []
    for pdf in sorted(fixtures.glob("*.pdf")):
        if names and pdf.name not in names and pdf.stem not in names:
            continue
        golden = load_golden(fixtures, pdf)
        if golden is None or (sources and golden.get("source", "text") not in sources):
            continue
        data = pdf.read_bytes()
        try:
            doc = parse(data, pdf.name)
        except ParseError as exc:
            result = DocumentResult(pdf.name, error=str(exc))
            for fact in FACTS:
                result.facts[fact] = False
                result.reasons[fact] = "not parsed"
            results.append(result)
            continue
        result = check_document(doc, golden, source_words(data))
        result.name = pdf.name
        results.append(result)
    return results


def format_report(results: list[DocumentResult]) -> str:
    lines = [f"{len(results)} documents", "", f"{'fact':<20} right"]
    for fact in FACTS:
        scored = [r for r in results if fact in r.facts]
        right = sum(1 for r in scored if r.facts[fact])
        lines.append(f"{fact:<20} {right:>3} / {len(scored)}")
    complete = sum(1 for r in results if not r.failing)
    lines += [f"{'all facts':<20} {complete:>3} / {len(results)}", ""]
    for result in results:
        if result.error:
            lines.append(f"{result.name}: not parsed ({result.error})")
            continue
        if not result.failing:
            continue
        lines.append(f"{result.name}: {', '.join(result.failing)}")
        for fact in result.failing:
            lines.append(f"    {fact}: {result.reasons.get(fact, '')[:300]}")
    return "\n".join(lines) + "\n"
