"""Both search engines side by side (bench.engines) on a database made for the run."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


class Command(BaseCommand):
    help = "Benchmark the Whoosh and PostgreSQL search engines on one synthetic archive."

    def add_arguments(self, parser):
        parser.add_argument("--docs", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--pg",
            default=os.getenv("ARCHIVE_BENCH_PG", DEFAULT_PG),
            help="a PostgreSQL server to make the run's database on",
        )
        parser.add_argument("--out", default="", help="append the table to this file")

    def handle(self, *args, **o):
        workdir = Path(tempfile.mkdtemp(prefix="bench-engines-"))
        name = f"bench_engines_{os.getpid()}"
        base = o["pg"].rsplit("/", 1)[0]
        try:
            with psycopg.connect(o["pg"], autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as exc:
            raise CommandError(f"cannot make a database on {o['pg']}: {exc}") from exc
        env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_INDEX_DIR"}
        env.update(
            ARCHIVE_DATA_DIR=str(workdir / "data"),
            DATABASE_URL=f"{base}/{name}",
            DJANGO_SETTINGS_MODULE="config.settings",
        )
        out_json = workdir / "result.json"
        argv = [
            sys.executable,
            "-m",
            "bench.engines",
            "--json",
            str(out_json),
            "--docs",
            str(o["docs"]),
            "--repeat",
            str(o["repeat"]),
        ]
        try:
            if subprocess.call(argv, env=env, cwd=settings.BASE_DIR):
                raise CommandError("the benchmark failed")
            result = json.loads(out_json.read_text())
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            with psycopg.connect(o["pg"], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        from bench.engines import render

        command = "python manage.py bench_engines " + shlex.join(
            ["--docs", str(o["docs"]), "--repeat", str(o["repeat"])]
        )
        table = render(result, command)
        self.stdout.write(table)
        if o["out"]:
            with open(o["out"], "a", encoding="utf-8") as out:
                out.write("\n## Search engines side by side\n\n" + table + "\n")
