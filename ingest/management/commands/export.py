import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ingest.backup import BackupError, export_archive, export_data


class Command(BaseCommand):
    help = (
        "Export the whole archive: FOLDER gets archive.json and sources/; '-' prints the JSON only."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="folder to write, or - for standard output")

    def handle(self, target, **options):
        if target == "-":
            json.dump(export_data(), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return
        try:
            data = export_archive(target)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"exported {len(data['documents'])} documents, {len(data['meetings'])} meetings, "
            f"{len(data['briefers'])} briefers to {target}"
        )
