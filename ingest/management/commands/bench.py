"""Benchmark the archive at scale: python manage.py bench --docs 10000 --out BENCHMARKS.md

The work (bench.run) happens in a child process whose data directory is a temporary
directory: ./var and the configured database are never touched.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.report import render


class Command(BaseCommand):
    help = "Ingest, index, serve and time a synthetic archive of N documents (temporary dir)."

    def add_arguments(self, parser):
        parser.add_argument("--docs", type=int, default=10000)
        parser.add_argument("--seconds", type=float, default=180, help="HTTP driving, at most")
        parser.add_argument("--requests", type=int, default=20, help="timed requests per URL")
        parser.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--out", default="", help="write the report here (BENCHMARKS.md)")
        parser.add_argument("--skip-pdf", action="store_true", help="no PDF figures")
        parser.add_argument(
            "--skip-ocr", action="store_true", help="no OCR figure (minutes: the pdf-wide scans)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the temporary directory")

    def handle(self, *args, **o):
        if o["docs"] < 1:
            raise CommandError("--docs must be 1 or more")
        workdir = Path(tempfile.mkdtemp(prefix="bench-"))
        env = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_INDEX_DIR")
        }
        env.update(ARCHIVE_DATA_DIR=str(workdir / "data"), DJANGO_SETTINGS_MODULE="config.settings")
        out_json = workdir / "result.json"
        argv = [sys.executable, "-m", "bench.run", "--json", str(out_json)]
        for name in ("docs", "seconds", "requests", "procs", "seed"):
            argv += [f"--{name}", str(o[name])]
        if o["skip_pdf"]:
            argv.append("--skip-pdf")
        if o["skip_ocr"]:
            argv.append("--skip-ocr")
        self.stdout.write(f"Working in {workdir}")
        try:
            status = subprocess.call(argv, env=env, cwd=settings.BASE_DIR)
            if status:
                raise CommandError(f"benchmark failed (exit status {status})")
            result = json.loads(out_json.read_text())
        finally:
            if o["keep"]:
                self.stdout.write(f"Kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        command = "python manage.py bench " + shlex.join(
            a for name in ("docs", "seconds", "requests") for a in (f"--{name}", str(o[name]))
        )
        report = render(result, command)
        self.stdout.write(report)
        if o["out"]:
            Path(o["out"]).write_text(report + "\n", encoding="utf-8")
            self.stdout.write(f"Written to {o['out']}")
        self.result = result
