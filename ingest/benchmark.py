"""Timing of the PDF reader against bare pdfplumber, on the same files in one run."""

import io
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from django.db import transaction
from django.test.utils import override_settings

from ingest.readers import read_document


@dataclass
class BenchResult:
    pages: int
    plumber_seconds: float
    ingest_seconds: float
    refused: list[str] = field(default_factory=list)  # "name: reason", not timed


class _Rollback(Exception):
    pass


def plumber_pass(blobs: list[bytes]) -> int:
    """What pdfplumber alone does: open and `extract_text` every page."""
    pages = 0
    for data in blobs:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages


def ingest_pass(files: list[tuple[str, bytes]], save: bool) -> None:
    for name, data in files:
        parsed = read_document(data, name)
        if save:
            _save_and_roll_back(parsed, name)


def _save_and_roll_back(parsed, name):
    from ingest.service import save_parsed

    try:
        with transaction.atomic():
            save_parsed(parsed, sha="0" * 64, file_name=name)
            raise _Rollback
    except _Rollback:
        pass


def readable(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files the archive reads from their text layer, and the others with the reason
    the archive gives (a scan, which OCR reads: `bench_ocr`; a damaged file; no symbol).
    Timing a refusal against pdfplumber's reading would compare nothing."""
    from ingest.parsers.pdf import extract_pdf
    from ingest.parsers.types import NoTextLayer, ParseError

    kept, refused = [], []
    for name, data in files:
        try:
            extract_pdf(data)  # a scan is refused here, before any OCR
            read_document(data, name)
        except NoTextLayer as exc:
            refused.append(f"{name}: {exc} (a scan: see the OCR benchmark)")
        except ParseError as exc:
            refused.append(f"{name}: {exc}")
        else:
            kept.append((name, data))
    return kept, refused


def bench_pdfs(paths: list[Path], *, repeat: int = 3, save: bool = False) -> BenchResult:
    files, refused = readable([(p.name, p.read_bytes()) for p in paths])
    blobs = [data for _, data in files]
    if not files:
        return BenchResult(0, 0.0, 0.0, refused)
    best_plumber = best_ingest = float("inf")
    pages = 0
    with tempfile.TemporaryDirectory() as tmp, override_settings(SOURCE_FILES_DIR=Path(tmp)):
        for _ in range(repeat):
            start = time.perf_counter()
            pages = plumber_pass(blobs)
            best_plumber = min(best_plumber, time.perf_counter() - start)
            start = time.perf_counter()
            ingest_pass(files, save)
            best_ingest = min(best_ingest, time.perf_counter() - start)
    return BenchResult(pages, best_plumber, best_ingest, refused)


@dataclass
class OcrBenchResult:
    files: int
    pages: int
    seconds: float
    languages: str
    failed: list[str] = field(default_factory=list)


def bench_ocr(paths: list[Path]) -> OcrBenchResult | None:
    """OCR pages per second: the scans among `paths` (PDFs without a text layer) read as
    the archive reads them (OCR, then the PDF reader and the parser), one pass, since a
    pass takes minutes. None when there is no scan or the OCR tools are missing."""
    from django.conf import settings

    from ingest import ocr
    from ingest.parsers.pdf import extract_pdf
    from ingest.parsers.types import NoTextLayer, ParseError

    if ocr.missing_packages():
        return None
    scans = []
    for path in paths:
        data = path.read_bytes()
        try:
            extract_pdf(data)
        except NoTextLayer as scan:
            scans.append((path.name, data, scan.page_count or 0))
        except ParseError:
            continue
    if not scans:
        return None
    start = time.perf_counter()
    failed = []
    for name, data, _ in scans:
        try:
            read_document(data, name)
        except ParseError as exc:  # over the time limit on a busy machine, say
            failed.append(f"{name}: {exc}")
    seconds = time.perf_counter() - start
    pages = sum(count for _, _, count in scans)
    return OcrBenchResult(len(scans), pages, seconds, settings.OCR_LANGUAGES, failed)
