import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand, CommandError

from ingest import service
from ingest.files import collect_files


def _parse_in_worker(job):
    return service.parse_or_error(*job)


class Command(BaseCommand):
    help = "Ingest UN documents (plain text or PDF; files or folders). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--symbol", default="", help="symbol to use when a single file has none"
        )
        parser.add_argument("--jobs", type=int, default=1, help="parse in N processes")
        parser.add_argument("--quiet", action="store_true", help="only the summary")

    def handle(self, paths, symbol, jobs, quiet, **options):
        files, errors = collect_files(paths)
        for error in errors:
            self.stderr.write(self.style.ERROR(error))
        if symbol and len(files) != 1:
            raise CommandError("--symbol applies to exactly one file")
        counts = Counter()
        counts["failed"] += len(errors)
        for index, outcome in enumerate(self._outcomes(files, symbol, jobs), start=1):
            counts[outcome.status] += 1
            if not quiet:
                self._report(index, len(files), outcome)
        summary = ", ".join(
            f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "failed")
        )
        self.stdout.write(f"{len(files)} file(s): {summary}")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed", returncode=1)

    def _outcomes(self, files, symbol, jobs):
        if jobs <= 1 or len(files) < 2:
            for path in files:
                yield service.ingest_path(path, symbol=symbol)
            return
        # Parsing is pure and runs in worker processes; saving stays in this process,
        # one transaction per document, in file order.
        todo = []
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                yield service.ingest_path(path)  # reports the read error
                continue
            if service.find_unchanged(service.sha256_bytes(data)):
                yield service.ingest_bytes(data, path.name)
            else:
                todo.append((data, path.name, symbol))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for job, parsed in zip(
                todo, pool.map(_parse_in_worker, todo, chunksize=4), strict=True
            ):
                yield service.ingest_bytes(job[0], job[1], symbol=symbol, parsed=parsed)

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
