"""A real report (fixtures/corpus/S_2011_817.zh.txt) ingested through the service, and
edited versions of its text, as an editor meets them."""

from pathlib import Path
from unittest import mock

from django.test import TestCase

from ingest import service

CORPUS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "corpus"
REPORT_NAME = "S_2011_817.zh.txt"
REPORT = (CORPUS / REPORT_NAME).read_text(encoding="utf-8")


def edited(*replacements: tuple[str, str]) -> bytes:
    text = REPORT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode("utf-8")


class ReportTestCase(TestCase):
    def ingest(self, data: bytes | None = None, name=REPORT_NAME):
        with self.captureOnCommitCallbacks(execute=False):
            outcome = service.ingest_bytes(data or REPORT.encode("utf-8"), name)
        self.assertTrue(outcome.ok, outcome.messages)
        return outcome

    def bump_parser(self):
        return mock.patch("ingest.service.PARSER_VERSION", "999")
