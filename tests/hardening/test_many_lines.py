"""A 520 KB text of 260,000 short lines is refused before it is parsed, with its reason;
nothing of it is saved, and the index check has nothing to stumble on."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from archive.models import Document, Paragraph, Upload


class ManyLinesTests(TestCase):
    def test_a_text_of_260000_short_lines_is_refused_with_its_reason(self):
        text = "S/2020/999\n" + "\n".join("a" for _ in range(259_999))
        self.assertLess(len(text.encode()), 530_000)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "S_2020_999.zh.txt"
            path.write_text(text, encoding="utf-8")
            err = io.StringIO()
            with self.assertRaises((CommandError, SystemExit)):
                call_command("ingest", str(path), stdout=io.StringIO(), stderr=err)
        self.assertEqual((Document.objects.count(), Paragraph.objects.count()), (0, 0))
        upload = Upload.objects.get()
        self.assertEqual(upload.status, "failed")
        self.assertEqual(
            upload.messages,
            ["the text has 260,000 lines; the archive reads documents of up to 100,000 lines"],
        )
        out = io.StringIO()
        # The refused file left nothing to index or to fix (other tests' entries may be
        # in the shared test index: only this document's absence is asserted).
        call_command("check_index", "--fix", stdout=out, stderr=io.StringIO())
        self.assertNotIn("S/2020/999", out.getvalue())

    @override_settings(TEXT_MAX_LINES=50)
    def test_the_limit_is_a_setting(self):
        from ingest.service import parse_or_error

        result = parse_or_error(("S/2020/999\n" + "x\n" * 60).encode(), "a.txt")
        self.assertIn("has 62 lines", str(result))
