from django.core.management.base import BaseCommand

from ingest.incoming import sweep_incoming
from ingest.sandbox import sweep_scratch
from ingest.sources import sweep


class Command(BaseCommand):
    help = (
        "Remove stored original files that no document refers to any more (replaced "
        "versions, failed saves), upload files no job waits for, and temporary folders of "
        "killed readers (OCR). Safe while ingests run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=3600,
            help="keep files touched in the last N seconds (default: an hour)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only list what would go")

    def handle(self, grace, dry_run, **options):
        report = sweep(grace_seconds=grace, dry_run=dry_run)
        incoming = sweep_incoming(grace_seconds=grace, dry_run=dry_run)
        scratch = sweep_scratch(dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for relative in [*report.removed, *incoming, *scratch]:
            self.stdout.write(f"{verb} {relative}")
        self.stdout.write(
            f"{len(report.removed)} stored file(s), {len(incoming)} upload file(s) and "
            f"{len(scratch)} temporary folder(s) {verb}, "
            f"{report.kept} kept, {report.busy} in use (looked at next time)"
        )
