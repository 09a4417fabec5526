"""Print the parser fidelity table over hand-written goldens (fixtures/pdf-wide)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.fidelity import format_report, run

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "pdf-wide"


class Command(BaseCommand):
    help = "Parse the PDFs of a fixtures folder and compare each fact with its golden JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(DEFAULT_DIR),
            help="folder of PDFs with goldens in expected/<stem>.json",
        )
        parser.add_argument(
            "--source",
            choices=["text", "ocr"],
            help="only goldens of text-layer PDFs or of scans (OCR is slow)",
        )
        parser.add_argument("names", nargs="*", help="only these files (name or stem)")

    def handle(self, fixtures, names, source, **options):
        folder = Path(fixtures)
        if not (folder / "expected").is_dir():
            raise CommandError(f"{folder} has no expected/ folder of goldens")
        results = run(folder, names=names or None, sources={source} if source else None)
        if not results:
            raise CommandError(f"no PDF with a golden in {folder}")
        self.stdout.write(format_report(results), ending="")
