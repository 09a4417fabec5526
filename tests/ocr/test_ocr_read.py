"""A scan is read by OCR (ocrmypdf + tesseract) through the ordinary read path: one
synthetic one-page scan drawn in the test, so the suite's OCR cost stays a few seconds.
The six real scans are checked by the fidelity report (manage.py pdf_fidelity), not here."""

import io
import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from django.test import TestCase, override_settings
from PIL import Image, ImageDraw, ImageFont

from archive.models import Document
from ingest import ocr
from ingest.parsers.types import ParseError
from ingest.readers import read_document
from ingest.service import ingest_bytes

TOOLS_MISSING = ocr.missing_packages(["eng"])
SKIP = bool(TOOLS_MISSING) and os.environ.get("CI") != "true"
REASON = f"OCR tools missing ({', '.join(TOOLS_MISSING)}): {ocr.INSTALL}"

DPI = 200
LINES = [
    # (x in inches, y in inches, text): a UN page 1 in the layout of the 1990s
    (5.6, 0.9, "S/1997/832"),
    (5.6, 1.2, "31 October 1997"),
    (5.6, 1.5, "ORIGINAL: ENGLISH"),
    (1.0, 2.3, "REPORT OF THE SECRETARY-GENERAL ON THE TEST MISSION"),
    (1.0, 2.9, "1. The present report is submitted pursuant to resolution"),
    # A typescript's faint `s` is read `a`: the word is put right from the dictionary.
    (1.0, 3.15, "1123 (1997) of 30 July 1997 and is aufficiently detailed."),
    (1.0, 3.6, "2. The Council met on 5 January 1999 to consider the matter"),
    (1.0, 3.85, "(see S/1997/755) and decided to remain seized of it."),
]


def scanned_pdf(lines=LINES) -> bytes:
    """A one-page image-only PDF (no text layer), as a scanner makes it."""
    out = io.BytesIO()
    Image.open(io.BytesIO(scanned_page_png(lines))).save(out, "PDF", resolution=DPI)
    return out.getvalue()


def scanned_page_png(lines=LINES) -> bytes:
    image = Image.new("L", (int(8.5 * DPI), int(11 * DPI)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(DPI * 0.16))
    for x, y, text in lines:
        draw.text((x * DPI, y * DPI), text, fill=0, font=font)
    out = io.BytesIO()
    image.convert("1").save(out, "PNG")
    return out.getvalue()


@unittest.skipIf(SKIP, REASON)
@override_settings(OCR_LANGUAGES="eng")
class OcrReadTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pdf = scanned_pdf()
        cls.parsed = read_document(cls.pdf, "scan.pdf")

    def test_it_reads_the_facts_of_a_scan(self):
        parsed = self.parsed
        self.assertEqual(parsed.symbol, "S/1997/832")
        self.assertEqual(str(parsed.date), "1997-10-31")  # the block's, not the body's
        self.assertEqual((parsed.language, parsed.original_language), ("en", "en"))
        numbers = [b.number for b in parsed.blocks if b.kind == "paragraph"]
        self.assertEqual(numbers, ["1", "2"])
        self.assertIn("S/1997/755", parsed.citations)

    def test_a_word_misread_by_one_look_alike_letter_is_put_right(self):
        (first,) = [b for b in self.parsed.blocks if b.number == "1"]
        self.assertIn("1123 (1997) of 30 July 1997 and is sufficiently detailed.", first.text)
        self.assertIn(
            "OCR: 1 misread words put right from the dictionary (aufficiently → sufficiently)",
            " ".join(self.parsed.warnings),
        )

    def test_it_gives_a_confidence_for_the_page(self):
        (confidence,) = self.parsed.ocr_confidence
        self.assertGreater(confidence, 80)
        self.assertLessEqual(confidence, 100)

    def test_the_document_records_that_its_text_is_ocr(self):
        outcome = ingest_bytes(self.pdf, "scan.pdf", parsed=self.parsed)
        document = Document.objects.get(pk=outcome.document.pk)
        self.assertEqual(document.source_format, "pdf-ocr")
        self.assertEqual(document.ocr_confidence, self.parsed.ocr_confidence)
        page = self.client.get(document.get_absolute_url())  # Chinese by default
        self.assertContains(page, "文本由光学字符识别（OCR）从扫描的 PDF 读取")
        self.assertContains(page, f"{self.parsed.ocr_confidence[0]:.0f}%")

    def test_the_benchmark_reports_ocr_pages_per_second(self):
        from ingest.benchmark import bench_ocr

        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "scan.pdf").write_bytes(self.pdf)
            (Path(tmp) / "text.pdf").write_bytes(b"%PDF-1.4 damaged")  # not a scan: skipped
            result = bench_ocr(sorted(Path(tmp).glob("*.pdf")))
        self.assertEqual((result.files, result.pages, result.languages), (1, 1, "eng"))
        self.assertGreater(result.seconds, 0)

    def test_it_stops_at_the_time_limit(self):
        with override_settings(OCR_TIMEOUT=0.01), self.assertRaises(ParseError) as caught:
            read_document(self.pdf, "scan.pdf")
        self.assertIn("OCR took longer than 0 s (OCR_TIMEOUT)", str(caught.exception))


class OcrRefusalTest(TestCase):
    def test_without_the_tools_the_refusal_says_how_to_install_them(self):
        with mock.patch("ingest.ocr.shutil.which", return_value=None):
            with self.assertRaises(ParseError) as caught:
                read_document(scanned_pdf([]), "scan.pdf")
        self.assertIn(
            "apt-get install ocrmypdf tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim",
            str(caught.exception),
        )

    @override_settings(OCR_MAX_PAGES=0)
    def test_it_refuses_more_pages_than_the_limit(self):
        with mock.patch("ingest.ocr.check_available"), self.assertRaises(ParseError) as caught:
            read_document(scanned_pdf([]), "scan.pdf")
        self.assertIn("OCR reads at most 0 pages", str(caught.exception))

    def test_a_caller_that_cannot_wait_gets_a_refusal(self):
        with self.assertRaises(ParseError) as caught:
            read_document(scanned_pdf([]), "scan.pdf", ocr=False)
        self.assertIn("read by OCR in the background only", str(caught.exception))


class ScriptTest(unittest.TestCase):
    def test_page_one_script_narrows_the_languages(self):
        latin = "Script: Latin\nScript confidence: 9.7\n"
        han = "Script: Han\nScript confidence: 4.1\n"
        both = ["eng", "chi_sim"]
        self.assertEqual(ocr.languages_for_script(latin, both), ["eng"])
        self.assertEqual(ocr.languages_for_script(han, both), ["chi_sim", "eng"])
        self.assertEqual(ocr.languages_for_script("Too few characters", both), both)
        self.assertEqual(
            ocr.languages_for_script("Script: Latin\nScript confidence: 0.5", both), both
        )


class ScriptCheckBoundTest(unittest.TestCase):
    """The first page's script check runs as OCR does: in a process group of its own,
    recorded in the OCR folder while it runs, and stopped at its time limit."""

    def test_a_check_past_its_time_limit_is_stopped_and_reads_every_language(self):
        tools = Path(tempfile.mkdtemp())
        work = Path(tempfile.mkdtemp())
        seen = work / "seen"
        # A ghostscript that never ends, and says where it is and what it found.
        fake = tools / "gs"
        fake.write_text(
            f"#!/bin/sh\necho $$ > {seen}\nls {work} >> {seen}\nexec sleep 60\n", encoding="utf-8"
        )
        fake.chmod(0o755)
        path = f"{tools}{os.pathsep}{os.environ['PATH']}"
        with (
            mock.patch.dict(os.environ, {"PATH": path}),
            mock.patch.object(ocr, "LANGUAGE_CHECK_SECONDS", 1),
            override_settings(OCR_LANGUAGES="eng+chi_sim"),
        ):
            languages = ocr._languages_for(work / "in.pdf", work)
        self.assertEqual(languages, ["eng", "chi_sim"])
        pid, *listing = seen.read_text().split()
        self.assertIn(ocr.GROUP_FILE, listing)  # recorded while it ran
        self.assertFalse((work / ocr.GROUP_FILE).exists())  # and no longer
        with self.assertRaises(ProcessLookupError):  # stopped, not left sleeping
            os.kill(int(pid), 0)
