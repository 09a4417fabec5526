"""export then import into an empty database reproduces the archive exactly."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from archive.models import Document, Meeting
from ingest import backup, service
from tests.test_ingest_service import make_concept_note, make_report


class BackupTests(TestCase):
    def setUp(self):
        with self.captureOnCommitCallbacks(execute=False):
            service.ingest_bytes(b"report bytes", "S_2017_130.zh.txt", parsed=make_report())
            service.ingest_bytes(b"note bytes", "S_2016_1018.zh.txt", parsed=make_concept_note())

    def stored_files(self):
        root = Path(settings.SOURCE_FILES_DIR)
        return {d.symbol: (root / d.source_path).read_bytes() for d in Document.objects.all()}

    def test_it_round_trips_every_record_and_stored_file(self):
        before = backup.export_data()
        self.assertEqual(len(before["documents"]), 2)
        with tempfile.TemporaryDirectory() as folder:
            call_command("export", folder, stderr=open("/dev/null", "w"))
            stored = self.stored_files()
            # Empty the archive and its stored files, then import.
            for doc in Document.objects.all():
                with self.captureOnCommitCallbacks(execute=False):
                    service.delete_document(doc)
            for path in Path(settings.SOURCE_FILES_DIR).rglob("*"):
                if path.is_file():
                    path.unlink()
            self.assertEqual((Document.objects.count(), Meeting.objects.count()), (0, 0))
            with self.captureOnCommitCallbacks(execute=False):
                call_command("import", folder, stdout=open("/dev/null", "w"))
        after = backup.export_data()
        self.assertEqual(after, before)
        self.assertEqual(self.stored_files(), stored)
        meeting = Meeting.objects.get(date="2016-06-24")
        self.assertEqual(
            sorted(meeting.briefings.values_list("briefer__name", flat=True)),
            ["Renata Dwan", "陈伟雄"],
        )

    def test_it_refuses_to_import_into_a_non_empty_archive(self):
        with tempfile.TemporaryDirectory() as folder:
            backup.export_archive(Path(folder))
            with self.assertRaisesMessage(CommandError, "not empty"):
                call_command("import", folder)
        self.assertEqual(Document.objects.count(), 2)

    def test_it_refuses_an_export_whose_file_does_not_match_its_checksum(self):
        with tempfile.TemporaryDirectory() as folder:
            backup.export_archive(Path(folder))
            first = Document.objects.order_by("symbol").first().source_path
            for doc in Document.objects.all():
                with self.captureOnCommitCallbacks(execute=False):
                    service.delete_document(doc)
            tampered = Path(folder) / "sources" / first
            tampered.write_bytes(b"tampered")
            with self.assertRaisesMessage(CommandError, "does not match its checksum"):
                call_command("import", folder)
        self.assertEqual(Document.objects.count(), 0)
