"""Rewrite the golden files: fixtures/expected/<file stem>.json for every corpus file.

Text extracts (fixtures/corpus/*.txt) go through parse_text; the PDFs
(fixtures/corpus/pdf/*.pdf) through the PDF reader when it is installed. Review the diff.
"""

import json
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"
EXPECTED = Path(settings.BASE_DIR) / "fixtures" / "expected"


def golden_path(source: Path) -> Path:
    """fixtures/corpus/S_2011_817.zh.txt -> fixtures/expected/S_2011_817.zh.json"""
    return EXPECTED / (source.name.rsplit(".", 1)[0] + ".json")


def parse_source(source: Path) -> dict:
    """The golden form of one corpus file."""
    from ingest.parsers import parse_text

    if source.suffix.lower() == ".pdf":
        from ingest.readers import read_document

        return read_document(source.read_bytes(), source.name).to_dict()
    return parse_text(source.read_text(encoding="utf-8"), source_name=source.name).to_dict()


def dump(data: dict, source: Path) -> str:
    # The PDF goldens are kept in the PDF reader's format (indent 2); text ones indent 1.
    indent = 2 if source.suffix.lower() == ".pdf" else 1
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False) + "\n"


def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    try:
        from ingest.parsers.pdf import read_pdf  # noqa: F401  (written by the PDF work)
    except ImportError:
        return files
    return files + sorted((CORPUS / "pdf").glob("*.pdf"))


def regenerate(patterns: list[str] | None = None) -> list[tuple[Path, bool]]:
    """Write the golden files (of the corpus files whose names match one of `patterns`,
    e.g. `*.zh.txt`; all by default); return (path, changed) pairs."""
    EXPECTED.mkdir(parents=True, exist_ok=True)
    results = []
    for source in corpus_files():
        if patterns and not any(fnmatch(source.name, pattern) for pattern in patterns):
            continue
        path = golden_path(source)
        text = dump(parse_source(source), source)
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8")
        results.append((path, changed))
    return results


class Command(BaseCommand):
    help = "Rewrite fixtures/expected/*.json from the corpus (text extracts and PDFs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "patterns", nargs="*", help="file name patterns, e.g. '*.zh.txt' (default: all)"
        )

    def handle(self, patterns, **options):
        results = regenerate(patterns)
        for path, changed in results:
            self.stdout.write(
                f"{'updated  ' if changed else 'unchanged'} {path.relative_to(settings.BASE_DIR)}"
            )
        changed = sum(1 for _, c in results if c)
        self.stdout.write(f"{len(results)} golden files, {changed} updated")
