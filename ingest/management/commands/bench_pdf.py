"""Pages per second: upload ingest of PDFs against bare pdfplumber `extract_text`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.benchmark import bench_pdfs

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "corpus" / "pdf"
TARGET = 1.3


class Command(BaseCommand):
    help = "Benchmark PDF ingest (read_document, optionally the database save) against pdfplumber."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help=f"PDF files (default: {DEFAULT_DIR}/*.pdf)")
        parser.add_argument(
            "--repeat", type=int, default=3, help="rounds; the best of each is kept"
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="also save each document (in a transaction that is rolled back)",
        )

    def handle(self, paths, repeat, save, **options):
        files = [Path(p) for p in paths] or sorted(DEFAULT_DIR.glob("*.pdf"))
        missing = [str(p) for p in files if not p.is_file()]
        if missing or not files:
            raise CommandError(f"no such PDF: {', '.join(missing) or DEFAULT_DIR}")
        result = bench_pdfs(files, repeat=max(1, repeat), save=save)
        for line in result.refused:
            self.stdout.write(f"not timed, refused: {line}")
        if not result.pages:
            raise CommandError("no PDF the archive reads from its text layer; nothing timed")
        files = [f for f in files if not any(r.startswith(f"{f.name}: ") for r in result.refused)]
        what = "read_document + save" if save else "read_document (read_pdf + parse_text)"
        self.stdout.write(f"{len(files)} files, {result.pages} pages, best of {repeat} rounds")
        self.stdout.write(
            f"pdfplumber extract_text: {result.plumber_seconds:.3f} s  "
            f"{result.pages / result.plumber_seconds:.1f} pages/s"
        )
        self.stdout.write(
            f"upload ingest ({what}): {result.ingest_seconds:.3f} s  "
            f"{result.pages / result.ingest_seconds:.1f} pages/s"
        )
        ratio = result.ingest_seconds / result.plumber_seconds
        verdict = "within" if ratio <= TARGET else "over"
        style = self.style.SUCCESS if ratio <= TARGET else self.style.WARNING
        self.stdout.write(
            style(f"ratio ingest/pdfplumber: {ratio:.2f}x ({verdict} the {TARGET}x target)")
        )
