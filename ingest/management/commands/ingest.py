import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from ingest import service
from ingest.bulk import BulkStats, ingest_files
from ingest.files import collect_files


class Command(BaseCommand):
    help = "Ingest UN documents (plain text or PDF; files or folders). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--symbol", default="", help="symbol to use when a single file has none"
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="parse in N processes (saving stays in one)"
        )
        parser.add_argument(
            "--defer-index",
            action="store_true",
            help="bulk load: leave the search index alone while saving, rebuild it once at the end",
        )
        parser.add_argument("--quiet", action="store_true", help="only the summary")

    def handle(self, paths, symbol, jobs, defer_index, quiet, **options):
        files, errors = collect_files(paths)
        for error in errors:
            self.stderr.write(self.style.ERROR(error))
        if symbol and len(files) != 1:
            raise CommandError("--symbol applies to exactly one file")
        counts = Counter()
        counts["failed"] += len(errors)
        stats = BulkStats()
        start = time.perf_counter()
        outcomes = ingest_files(files, symbol=symbol, jobs=jobs, index=not defer_index, stats=stats)
        for number, outcome in enumerate(outcomes, start=1):
            counts[outcome.status] += 1
            if not quiet:
                self._report(number, len(files), outcome)
        seconds = time.perf_counter() - start
        summary = ", ".join(
            f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "failed")
        )
        self.stdout.write(f"{len(files)} file(s): {summary}")
        self.stdout.write(
            f"{seconds:.1f} s: {len(files) / max(seconds, 1e-9):.1f} documents/s, "
            f"{stats.characters / max(seconds, 1e-9):,.0f} characters/s "
            f"({max(jobs, 1)} parsing process(es), saving in this one)"
        )
        if options["verbosity"] >= 2:
            self.stdout.write(
                f"parse {stats.parse_s:.1f} s CPU, save {stats.save_s:.1f} s, "
                f"waiting for a parse {stats.wait_s:.1f} s"
            )
        if defer_index and (counts["created"] or counts["updated"]):
            self._rebuild_index(jobs)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed", returncode=1)

    def _rebuild_index(self, jobs):
        import search

        start = time.perf_counter()
        try:
            entries = search.rebuild(procs=max(1, jobs))
        except Exception as exc:
            raise CommandError(
                f"the documents are saved, but the search index could not be rebuilt "
                f"({exc.__class__.__name__}: {exc}); run `manage.py rebuild_index`"
            ) from exc
        self.stdout.write(
            f"search index rebuilt: {entries} entries in {time.perf_counter() - start:.1f} s"
        )

    def _report(self, index, total, outcome):
        width = 30
        done = int(width * index / max(total, 1))
        bar = "#" * done + "." * (width - done)
        symbol = outcome.document.symbol if outcome.document else ""
        line = f"[{bar}] {index}/{total} {outcome.status:9} {outcome.file_name} {symbol}"
        if outcome.status == service.FAILED:
            self.stderr.write(self.style.ERROR(f"{line}: {'; '.join(outcome.messages)}"))
        else:
            self.stdout.write(line)
            for warning in outcome.messages:
                if warning != "already in the archive":
                    self.stdout.write(f"    warning: {warning}")
        sys.stdout.flush()
