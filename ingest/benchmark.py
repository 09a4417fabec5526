"""Timing of the PDF reader against bare pdfplumber, on the same files in one run."""

import io
import tempfile
import time
from dataclasses import dataclass
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


def bench_pdfs(paths: list[Path], *, repeat: int = 3, save: bool = False) -> BenchResult:
    files = [(p.name, p.read_bytes()) for p in paths]
    blobs = [data for _, data in files]
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
    return BenchResult(pages, best_plumber, best_ingest)
