"""Plain data produced by the parsers. No ORM here: the ingest service saves these.

`ParsedDocument.to_dict()` is the golden-file form (fixtures/expected/*.json).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


class ParseError(ValueError):
    """The input cannot be turned into a document; the message says why, for a person."""


class NoTextLayer(ParseError):
    """A PDF whose pages carry no readable text (a scan, or fonts without a Unicode map):
    a case for OCR (ingest.ocr)."""

    def __init__(self, message: str, *, page_count: int | None = None, unreadable_fonts=False):
        super().__init__(message)
        self.page_count = page_count
        self.unreadable_fonts = unreadable_fonts


@dataclass
class Block:
    """One unit of body text, in reading order.

    kind: heading | paragraph (numbered) | text (unnumbered) | item ((a), bullet) |
          footnote | table | figure (a map or chart: its caption and labels)
    number: as printed: "53", "(a)", "•", footnote "1", heading "一" / "A" / "I"
    level: heading level (1 Roman section, 2 lettered subsection, 3 unnumbered subheading)
    part: letter | body | annex
    section: text of the innermost enclosing heading
    anchor: permalink fragment, unique in the document: p53, p53-a, fn1, h3, b17
    citations: normalized symbols mentioned in this block, in order of appearance
    """

    kind: str
    text: str
    number: str = ""
    level: int = 0
    part: str = "body"
    section: str = ""
    anchor: str = ""
    page: int | None = None
    citations: list[str] = field(default_factory=list)


@dataclass
class ParsedBriefer:
    name: str
    role: str = ""  # as stated: 维持和平行动部政策和最佳做法处处长
    honorific: str = ""  # 先生 | 女士 | 大使 | 将军 | 准将 | ...


@dataclass
class ParsedMeeting:
    date: dt.date
    kind: str = "other"  # organizational | tcc | substantive | thematic | other
    ordinal: int | None = None
    title: str = ""
    topic: str = ""
    concept_note: str = ""  # normalized symbol
    briefers: list[ParsedBriefer] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # blocks that report it


@dataclass
class ParsedRecommendation:
    number: str
    text: str
    anchor: str


@dataclass
class ParsedQuestion:
    number: str
    text: str
    anchor: str


@dataclass
class DocumentHints:
    """Metadata a reader found outside the body text (PDF header/footer, page 1 block,
    or an admin's form). Non-empty values take precedence over what the text says."""

    symbol: str = ""
    date: dt.date | None = None
    language: str = ""
    original_language: str = ""
    job_number: str = ""
    distribution: str = ""
    page_count: int | None = None


@dataclass
class ParsedDocument:
    symbol: str  # normalized main symbol
    symbols: list[str]  # all symbols (joint documents), main first
    language: str  # zh | en | ...
    original_language: str = ""
    doc_type: str = "other"  # report | concept_note | sg_report | mission_report | letter | other
    title: str = ""
    date: dt.date | None = None
    organ: str = ""  # SC | GA | ""
    ga_session: int | None = None
    agenda_item: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    job_number: str = ""
    distribution: str = ""
    page_count: int | None = None
    blocks: list[Block] = field(default_factory=list)
    meetings: list[ParsedMeeting] = field(default_factory=list)
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    questions: list[ParsedQuestion] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Read by OCR: tesseract's confidence (0-100) per page, None for a page without words.
    ocr_confidence: list[float | None] = field(default_factory=list)

    @property
    def citations(self) -> list[str]:
        seen: dict[str, None] = {}
        for block in self.blocks:
            for symbol in block.citations:
                seen.setdefault(symbol, None)
        return list(seen)

    def to_dict(self) -> dict:
        def convert(value):
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, list):
                return [convert(v) for v in value]
            return value

        data = convert(asdict(self))
        if not self.ocr_confidence:  # text documents' golden files stay as they were
            del data["ocr_confidence"]
        return data
