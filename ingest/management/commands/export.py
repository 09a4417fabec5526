from django.core.management.base import BaseCommand, CommandError

from ingest.backup import BackupError, export_archive, export_records, write_records


class Command(BaseCommand):
    help = (
        "Export the whole archive: FOLDER gets archive.jsonl and sources/; '-' prints the "
        "records (JSON Lines) only."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="folder to write, or - for standard output")

    def handle(self, target, **options):
        if target == "-":
            write_records(export_records(), self.stdout)
            return
        try:
            counts = export_archive(target)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"exported {counts['documents']} documents, {counts['meetings']} meetings, "
            f"{counts['briefers']} briefers to {target}"
        )
