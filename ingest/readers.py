"""One entry point for every file the archive is given: bytes -> ParsedDocument.

The content decides the reader (a PDF starts with `%PDF-`), not the file name; a name
that contradicts the content is refused. PDF and text then go through the same text
parser, so both give the same document.
"""

import logging
import re
from pathlib import PurePath

from django.conf import settings

from ingest.decode import decode_text
from ingest.parsers.ocr_facts import (
    NO_BLOCK_DATE,
    OcrFacts,
    check_facts,
    garbled_share,
    poor_layer,
    repair_endnotes,
    repair_numbering,
    repair_symbols,
)
from ingest.parsers.ocr_words import WordFixer, figure_pages, pronoun_bars
from ingest.parsers.pdf import PdfText, extract_pdf
from ingest.parsers.symbols import normalize_symbol, split_joint
from ingest.parsers.types import DocumentHints, NoTextLayer, ParsedDocument, ParseError

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = {".txt", ".text"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_pdf(data: bytes) -> bool:
    # The PDF header may follow a little garbage; readers accept it within 1 KB.
    return PDF_MAGIC in data[:1024]


def read_document(
    data: bytes, file_name: str, *, symbol: str = "", ocr: bool = True
) -> ParsedDocument:
    """Parse one uploaded or ingested file. Raises ParseError with a reason for a person.
    A PDF without a text layer is read by OCR (slow: `ocr=False` refuses it instead,
    for callers that must answer at once), and so is a PDF whose text layer is a poor
    OCR of a scan (`ocr=False` reads that layer as it is, with a warning)."""
    from ingest.parsers import parse_text

    check_size(data)
    suffix = PurePath(file_name or "").suffix.lower()
    hints = DocumentHints()
    warnings: list[str] = []
    facts = None
    poor = False  # a poor OCR layer, read as it is (OCR could not read it again)
    confidences: list[float | None] = []
    if is_pdf(data):
        if suffix in TEXT_SUFFIXES:
            raise ParseError(f"file is named {suffix} but is a PDF")
        try:
            pdf = extract_pdf(data, max_pages=settings.UPLOAD_MAX_PAGES)
        except NoTextLayer as scan:
            if not ocr:
                raise ParseError(
                    f"{scan}: a scan, which is read by OCR in the background only "
                    "(python manage.py ingest FILE)"
                ) from scan
            pdf, facts, confidences = _read_scan(data, scan.page_count, scan.unreadable_fonts)
        else:
            if poor_layer(pdf.text):
                pdf, facts, confidences = _reread_layer(data, pdf, ocr=ocr)
                poor = facts is None
        text, hints, warnings = pdf.text, pdf.hints, pdf.warnings
    else:
        if suffix == ".pdf":
            raise ParseError("file is named .pdf but is not a PDF")
        text = decode_text(data)
    if facts is not None or poor:
        text = repair_endnotes(repair_numbering(text))
    if facts is not None:
        _apply_facts_to_hints(hints, facts)
    check_lines(text)
    if symbol.strip():
        hints.symbol = clean_symbol(symbol)
    try:
        parsed = parse_text(text, hints=hints, source_name=file_name)
    except ParseError:
        raise
    except Exception as exc:
        # A parser bug must not become a traceback page for the admin: refuse the file
        # with a reason, and keep the traceback in the log for the developers.
        log.exception("parse_text failed on %s", file_name)
        raise ParseError(
            f"the parser could not read this file ({type(exc).__name__}); please report it"
        ) from exc
    if not parsed.symbol:
        raise ParseError(
            "no document symbol found in the file; enter the symbol and upload it again"
        )
    if facts is not None:
        # The issue date is the symbol block's or none: never a date of the body.
        parsed.date = facts.date
        parsed.title = facts.title or parsed.title
        parsed.original_language = facts.original_language or parsed.original_language
        parsed.ocr_confidence = confidences
        warnings = [*warnings, *facts.warnings]
    elif poor:
        # As for OCR: the symbol block's date or none (a garbled block lets a date of the
        # body pass for the issue date).
        parsed.date = hints.date
        if parsed.date is None:
            warnings = [*warnings, NO_BLOCK_DATE]
    parsed.warnings.extend(w for w in warnings if w not in parsed.warnings)
    return parsed


def _reread_layer(data: bytes, pdf: PdfText, *, ocr: bool) -> tuple[PdfText, OcrFacts | None, list]:
    """A text layer too garbled to believe (an old OCR of a scan: `hi8 command`, a title
    lost) is read again by OCR, its pages rasterized; where OCR cannot run, the layer is
    read as it is, with a warning that says why its facts may be wrong."""
    share = f"{garbled_share(pdf.text):.1%}"
    why = f"the PDF's text layer is a poor OCR of a scan ({share} of its words misread)"
    if ocr:
        # The layer's script names the languages: no script detection to wait for.
        script = "Han" if _CJK.search(pdf.text[:20000]) else "Latin"
        try:
            return _read_scan(data, pdf.hints.page_count, force=True, script=script)
        except ParseError as exc:  # tools missing, too many pages, time limit
            reason = f"it could not be read again by OCR ({exc})"
    else:
        reason = "read in the background (python manage.py ingest FILE), it is read again by OCR"
    # The layer as it is, its misread symbols repaired (`s/23402`), as OCR text is.
    layer = extract_pdf(data, max_pages=settings.UPLOAD_MAX_PAGES, repair=repair_symbols)
    layer.warnings.append(f"{why}; {reason}")
    return layer, None, []


def _read_scan(
    data: bytes, page_count: int | None, force: bool, script: str = ""
) -> tuple[PdfText, OcrFacts, list]:
    """OCR a PDF (`force`: rasterize pages that carry text) and read the result like any
    PDF."""
    from ingest import ocr

    result = ocr.ocr_pdf(data, force=force, page_count=page_count, script=script)
    # Words misread by one look-alike letter are put right as the text is read.
    dictionary = ocr.dictionaries(result.languages)
    fixer = WordFixer.for_pages(dictionary, result.pages, sure=settings.OCR_LOW_CONFIDENCE)
    try:
        pdf = extract_pdf(
            result.pdf,
            max_pages=settings.UPLOAD_MAX_PAGES,
            repair=lambda text: fixer.fix(repair_symbols(text)),
            figures=figure_pages(result.pages, dictionary),
        )
    except NoTextLayer as exc:
        raise ParseError("OCR found no text on any page (blank pages or pictures only)") from exc
    pdf.text = pronoun_bars(pdf.text)  # a bar that ends a line, its verb on the next
    facts = check_facts(result.pages, low_confidence=settings.OCR_LOW_CONFIDENCE)
    facts.title = fixer.fix(facts.title)
    if note := fixer.warning():
        facts.warnings.append(note)
    log.info("OCR of %d pages in %.1f s (%s)", len(result.pages), result.seconds, result.languages)
    return pdf, facts, result.confidences(pdf.hints.page_count or len(result.pages))


def _apply_facts_to_hints(hints: DocumentHints, facts: OcrFacts) -> None:
    """The checked OCR facts win over what the reader found in the OCR text."""
    found = normalize_symbol(repair_symbols(hints.symbol)) if hints.symbol else ""
    if facts.symbol and facts.symbol not in split_joint(found):
        if found:
            facts.warnings.append(
                f"OCR: the symbol block reads {found}, the page headers {facts.symbol}; "
                f"{facts.symbol} taken"
            )
        found = facts.symbol
    hints.symbol = found
    hints.date = facts.date
    hints.original_language = facts.original_language or hints.original_language


def check_size(data: bytes) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if not data:
        raise ParseError("empty file")
    if len(data) > limit:
        raise ParseError(
            f"file is too large ({_megabytes(len(data))}; the limit is {_megabytes(limit)})"
        )


def check_lines(text: str) -> None:
    """Refuse a text of more lines than any document of the archive has, before parsing
    it: the parser's time grows with the lines, and a text of 260,000 one-character lines
    (520 KB) took minutes to read and made a document of 157,000 paragraphs."""
    limit = settings.TEXT_MAX_LINES
    lines = text.count("\n") + 1
    if lines > limit:
        raise ParseError(
            f"the text has {lines:,} lines; the archive reads documents of up to {limit:,} lines"
        )


def clean_symbol(symbol: str) -> str:
    """An admin-supplied symbol in normalized form, or ParseError if it is not one."""
    value = normalize_symbol(symbol)
    if not value or "/" not in value or len(value) > 120 or not value[0].isalpha():
        raise ParseError(f"{symbol.strip()[:60]!r} is not a UN document symbol (e.g. S/2017/130)")
    return value


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
