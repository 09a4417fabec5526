"""Reading untrusted files in a bounded child process (ingest/sandbox.py; issue 13,
finding 1): the hostile PDFs are made here, a few KB each, and refused with a reason the
admin understands within the test's own limits (256 MB, a few seconds); the asking
process never grows, and the next file reads normally."""

import resource
import unittest
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from ingest.parsers.types import ParsedDocument, ParseError
from ingest.sandbox import Sandbox, read_bounded, size_text
from tests import hostile_pdfs

CORPUS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "corpus"
LETTER = (CORPUS / "S_2015_1039.zh.txt").read_bytes()
MB = 1024 * 1024
TEST_MEMORY = 256 * MB


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class HostilePdfTests(SimpleTestCase):
    def setUp(self):
        self.rss_before = peak_rss_mb()

    def read(self, data, seconds):
        sandbox = Sandbox(memory=TEST_MEMORY, seconds=seconds)
        self.addCleanup(sandbox.close)
        answer = sandbox.read(data, "hostile.pdf")
        self.assertIsInstance(answer.result, ParseError)
        # The asking process did not read the file: its peak did not grow with it.
        self.assertLess(peak_rss_mb() - self.rss_before, 100)
        # The child was killed or ended: no process left behind.
        self.assertIsNone(sandbox.process)
        return str(answer.result)

    def test_it_refuses_a_stream_that_inflates_past_the_memory_limit(self):
        data = hostile_pdfs.inflating_spaces(320 * MB)
        self.assertLess(len(data), 400_000)
        reason = self.read(data, seconds=60)
        self.assertEqual(reason, "needs more than 256 MB to read; it was not saved")

    def test_it_refuses_a_fan_out_of_xobjects_past_the_time_limit(self):
        data = hostile_pdfs.xobject_fan_out()
        self.assertLess(len(data), 4_000)
        reason = self.read(data, seconds=3)
        self.assertEqual(reason, "took longer than 3 s to read; it was not saved")

    def test_it_refuses_millions_of_characters_on_one_page(self):
        data = hostile_pdfs.many_characters(3_000_000)
        self.assertLess(len(data), 10_000)
        reason = self.read(data, seconds=5)
        # Which limit is reached first depends on the machine's speed; either refuses it.
        self.assertIn(
            reason,
            [
                "needs more than 256 MB to read; it was not saved",
                "took longer than 5 s to read; it was not saved",
            ],
        )


class SandboxTests(SimpleTestCase):
    def test_it_reads_an_ordinary_file_as_the_reader_does(self):
        parsed = read_bounded(LETTER, "S_2015_1039.zh.txt")
        self.assertIsInstance(parsed, ParsedDocument)
        self.assertEqual(parsed.symbol, "S/2015/1039")
        self.assertGreater(len(parsed.blocks), 5)

    def test_it_gives_the_readers_reason_for_a_bad_file(self):
        result = read_bounded(b"%PDF-1.7\n" + bytes(range(256)) * 40, "bad.pdf")
        self.assertIsInstance(result, ParseError)
        self.assertIn("the PDF is damaged", str(result))

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_the_child_reads_with_the_settings_of_the_asking_process(self):
        result = read_bounded(LETTER, "S_2015_1039.zh.txt")
        self.assertIn("file is too large", str(result))

    def test_a_child_replaced_after_a_refusal_reads_the_next_file(self):
        sandbox = Sandbox(memory=TEST_MEMORY, seconds=60)
        self.addCleanup(sandbox.close)
        refused = sandbox.read(hostile_pdfs.inflating_spaces(320 * MB), "a.pdf").result
        self.assertIn("needs more than 256 MB", str(refused))
        first = sandbox.read(LETTER, "S_2015_1039.zh.txt").result
        child = sandbox.process.pid
        again = sandbox.read(LETTER, "copy.txt").result
        self.assertEqual((first.symbol, again.symbol), ("S/2015/1039", "S/2015/1039"))
        self.assertEqual(sandbox.process.pid, child)  # one child reads file after file

    def test_limits_read_as_the_admin_reads_them(self):
        self.assertEqual(size_text(1024 * MB), "1 GB")
        self.assertEqual(size_text(256 * MB), "256 MB")


if __name__ == "__main__":
    unittest.main()
