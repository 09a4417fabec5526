from django.core.management.base import BaseCommand, CommandError

from ingest.backup import BackupError, import_archive


class Command(BaseCommand):
    help = (
        "Import an export folder (archive.jsonl, or archive.json of version 1, + sources/) "
        "into an empty archive, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="folder written by `manage.py export`")

    def handle(self, source, **options):
        try:
            counts = import_archive(source)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{n} {k}" for k, n in counts.items()) + " imported")
