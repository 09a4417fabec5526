"""parse_text: a whole document's text (pages joined by form feeds, or a plain-text
extract) -> ParsedDocument. Furniture is read as metadata, the body becomes Blocks,
then structure extraction (meetings, briefers, recommendations) runs on the blocks."""

from __future__ import annotations

from .blocks import build_blocks
from .furniture import classify
from .metadata import (
    agenda_item,
    choose_title,
    detect_language,
    doc_type,
    document_date,
    ga_session,
    period,
)
from .symbols import find_symbols, normalize_symbol, split_joint
from .types import DocumentHints, ParsedDocument, ParseError

MAX_CHARS = 5_000_000


def parse_text(
    text: str, *, hints: DocumentHints | None = None, source_name: str = ""
) -> ParsedDocument:
    """Parse one document. Non-empty `hints` fields win over what the text says.

    Raises ParseError with a message for a person when the text has no letters or no
    document symbol can be found (and hints give none).
    """
    hints = hints or DocumentHints()
    label = f"{source_name}: " if source_name else ""
    if not isinstance(text, str):
        raise ParseError(f"{label}the document text is not text")
    if len(text) > MAX_CHARS:
        raise ParseError(
            f"{label}the document is too long ({len(text)} characters; at most {MAX_CHARS})"
        )
    if not any(ch.isalpha() for ch in text):
        raise ParseError(f"{label}the document is empty or has no letters")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufeff", "")

    furniture = classify(text)
    if not any(any(ch.isalpha() for ch in line.text) for line in furniture.lines):
        raise ParseError(f"{label}the document has no body text (only page headers and footers)")
    symbols = list(furniture.symbols)
    if hints.symbol:
        symbols = split_joint(hints.symbol)  # the reader's or the admin's symbol wins
    if not symbols:
        raise ParseError(
            f"{label}no document symbol found (expected e.g. S/2017/130 in the page header); supply one"
        )
    language = hints.language or detect_language(furniture, text)
    result = build_blocks(furniture.lines, language)
    blocks = result.blocks
    for block in blocks:
        seen: dict[str, None] = {}
        for match in find_symbols(block.text):
            seen.setdefault(match.symbol, None)
        block.citations = list(seen)

    body_text = "\n".join(block.text for block in blocks[:400])
    letter_text = "\n".join(block.text for block in blocks if block.part == "letter")
    start_text = "\n".join(block.text for block in blocks if block.part != "letter")[:3000]
    main = normalize_symbol(symbols[0])
    doc = ParsedDocument(
        symbol=main,
        symbols=[normalize_symbol(s) for s in symbols],
        language=language,
        original_language=hints.original_language or furniture.original_language,
        doc_type=doc_type(result),
        title=choose_title(result),
        date=hints.date or document_date(furniture, result, body_text),
        organ={"S": "SC", "A": "GA"}.get(main.split("/", 1)[0], ""),
        ga_session=ga_session(result.front, body_text) if main.startswith("A/") else None,
        agenda_item=agenda_item(result.front),
        job_number=hints.job_number or furniture.job_number,
        distribution=hints.distribution or furniture.distribution,
        page_count=hints.page_count or furniture.page_count,
        blocks=blocks,
        warnings=list(result.warnings),
    )
    doc.period_start, doc.period_end = period(result, letter_text, start_text)

    from .structure import extract_structure

    extract_structure(doc)
    return doc
