#!/usr/bin/env python
"""Memory of `export` and `import` as the archive grows: peak Python memory (tracemalloc)
and the process's peak resident size, for archives of DOCS documents of PARAS paragraphs.

    python scripts/bench_backup.py --docs 4 --paras 40000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python scripts/bench_backup.py

Builds the archive in a throwaway data directory (SQLite unless DATABASE_URL is set;
on PostgreSQL the database named in the URL is emptied first), exports it, empties it,
imports it back, prints the figures and removes the directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(label, fn):
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {seconds:.1f} s, peak Python memory {peak / 2**20:.1f} MB, process peak RSS {rss:.0f} MB"
    )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=4)
    parser.add_argument("--paras", type=int, default=40_000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench-backup-")
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from archive.models import Document, Paragraph
        from ingest import backup
        from tests.factories import build_long_document

        call_command("flush", "--noinput", verbosity=0) if "DATABASE_URL" in os.environ else None
        call_command("migrate", verbosity=0)
        for i in range(args.docs):
            with transaction.atomic():
                build_long_document(f"S/2020/{1000 + i}", args.paras, annexes=2, cite_every=5)
        print(f"{Document.objects.count()} documents, {Paragraph.objects.count()} paragraphs")
        target = Path(data_dir) / "export"
        measure("export", lambda: backup.export_archive(target))
        size = (target / backup.FILE_NAME).stat().st_size
        print(f"archive.jsonl: {size / 2**20:.1f} MB")
        with transaction.atomic():
            Document.objects.all().delete()
        from unittest import mock

        # The search index is not what is measured here.
        with mock.patch("django.db.transaction.on_commit"):
            measure("import", lambda: backup.import_archive(target))
        print(f"imported: {Paragraph.objects.count()} paragraphs")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
