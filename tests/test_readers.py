"""read_document: one pipeline, two readers. PDFs and text files give the same document;
the content, not the name, decides the reader; golden files for the English PDFs."""

import datetime as dt
import json
import os
import unittest
from pathlib import Path
from unittest import mock

from django.test import override_settings

from ingest.parsers.types import ParseError
from ingest.readers import clean_symbol, read_document
from tests.pdfgen import layout_text, make_pdf, simple_layout

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"
EXPECTED = ROOT / "fixtures" / "expected"
ENGLISH_PDFS = ["S_2012_534.en.pdf", "S_2013_139.en.pdf"]


def golden_path(pdf_name: str) -> Path:
    return EXPECTED / pdf_name.replace(".pdf", ".json")


def write_golden(pdf_name: str) -> None:
    """Regenerate with REGENERATE_GOLDEN=1 (or `manage.py regenerate_golden`); review the diff."""
    parsed = read_document((CORPUS / "pdf" / pdf_name).read_bytes(), pdf_name)
    golden_path(pdf_name).write_text(
        json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )


def without_pages(data: dict) -> dict:
    data = dict(data, page_count=None)
    data["blocks"] = [dict(block, page=None) for block in data["blocks"]]
    return data


class EnglishPdfGoldenTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if os.environ.get("REGENERATE_GOLDEN"):
            for name in ENGLISH_PDFS:
                write_golden(name)
        cls.parsed = {
            name: read_document((CORPUS / "pdf" / name).read_bytes(), name) for name in ENGLISH_PDFS
        }

    def test_it_matches_the_golden_files(self):
        for name, parsed in self.parsed.items():
            with self.subTest(name):
                expected = json.loads(golden_path(name).read_text(encoding="utf-8"))
                self.assertEqual(parsed.to_dict(), expected)

    def test_it_reads_the_metadata_of_the_mission_report(self):
        doc = self.parsed["S_2012_534.en.pdf"]
        self.assertEqual(doc.symbol, "S/2012/534")
        self.assertEqual((doc.language, doc.original_language), ("en", "en"))
        self.assertEqual(doc.date, dt.date(2012, 7, 11))
        self.assertEqual(doc.job_number, "12-41644")
        self.assertEqual(doc.page_count, 14)
        self.assertEqual(doc.organ, "SC")

    def test_it_reads_the_metadata_of_the_reissued_report(self):
        doc = self.parsed["S_2013_139.en.pdf"]
        self.assertEqual(doc.symbol, "S/2013/139")  # printed S/2013/139*
        self.assertEqual(doc.date, dt.date(2013, 3, 8))
        self.assertEqual(doc.job_number, "13-24582")
        self.assertEqual(doc.distribution, "General")
        self.assertEqual(doc.page_count, 21)

    def test_it_extracts_the_numbered_paragraphs(self):
        mission = self.parsed["S_2012_534.en.pdf"]
        numbers = [b.number for b in mission.blocks if b.kind == "paragraph"]
        self.assertEqual(numbers, [str(n) for n in range(1, 42)])
        first = next(b for b in mission.blocks if b.kind == "paragraph")
        self.assertTrue(
            first.text.startswith(
                "In a letter dated 19 January 2012, the President of the Security Council informed"
            )
        )
        self.assertEqual(first.page, 1)
        report = self.parsed["S_2013_139.en.pdf"]
        body = [b.number for b in report.blocks if b.kind == "paragraph" and b.part == "body"]
        self.assertEqual(body, [str(n) for n in range(1, 69)])
        self.assertIn("S/2012/678", report.blocks[2].citations)

    def test_it_keeps_the_title_lines_of_page_one(self):
        first = self.parsed["S_2012_534.en.pdf"].blocks[0]
        self.assertEqual(
            first.text, "Report of the Security Council Mission to Haiti, 13-16 February 2012"
        )


class SameDocumentBothWaysTests(unittest.TestCase):
    """A Chinese corpus text and a PDF drawn from it (furniture at the page edges) give
    the same document, page numbers aside."""

    def test_it_gives_the_same_document_from_pdf_and_text(self):
        for path in sorted(CORPUS.glob("*.zh.txt")):
            with self.subTest(path.name):
                data = path.read_bytes()
                symbol = path.name.split(".")[0].replace("_", "/")  # for the drawn header only
                from_text = read_document(data, path.name)
                pdf = make_pdf(layout_text(data.decode("utf-8"), symbol))
                from_pdf = read_document(pdf, path.name.replace(".txt", ".pdf"))
                self.assertEqual(from_pdf.symbol, symbol)
                self.assertGreater(len(from_pdf.blocks), 10)
                self.assertEqual(
                    without_pages(from_pdf.to_dict()), without_pages(from_text.to_dict())
                )


class DispatchTests(unittest.TestCase):
    def setUp(self):
        layout = simple_layout("S/2020/7", ["The Working Group met.", "It recommends more."])
        self.pdf = make_pdf(layout, font="Helvetica")

    def test_it_reads_a_pdf_by_its_content_whatever_its_name(self):
        for name in ("report.pdf", "report", "report.bin"):
            self.assertEqual(read_document(self.pdf, name).symbol, "S/2020/7")

    def test_it_refuses_a_file_named_pdf_that_is_not_one(self):
        with self.assertRaisesRegex(ParseError, "file is named .pdf but is not a PDF"):
            read_document(b"S/2020/7\n1. Text.", "report.pdf")

    def test_it_refuses_a_pdf_named_txt(self):
        with self.assertRaisesRegex(ParseError, "file is named .txt but is a PDF"):
            read_document(self.pdf, "report.txt")

    def test_it_reads_a_gb18030_text_file(self):
        text = (CORPUS / "S_2015_1039.zh.txt").read_text(encoding="utf-8")
        parsed = read_document(text.encode("gb18030"), "S_2015_1039.zh.txt")
        self.assertEqual(parsed, read_document(text.encode("utf-8"), "S_2015_1039.zh.txt"))

    def test_it_refuses_an_empty_file(self):
        with self.assertRaisesRegex(ParseError, "empty file"):
            read_document(b"", "x.txt")

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_it_refuses_a_file_over_the_size_limit(self):
        with self.assertRaisesRegex(
            ParseError, r"file is too large \(.* MB; the limit is 0.0 MB\)"
        ):
            read_document(self.pdf, "report.pdf")

    @override_settings(UPLOAD_MAX_PAGES=1)
    def test_it_refuses_a_pdf_over_the_page_limit(self):
        layout = simple_layout("S/2020/7", ["Text."] * 60, lines_per_page=30)
        with self.assertRaisesRegex(ParseError, "the PDF has 2 pages; the limit is 1"):
            read_document(make_pdf(layout, font="Helvetica"), "long.pdf")

    def test_it_refuses_a_document_without_a_symbol_unless_one_is_given(self):
        text = "1. 工作组举行了一次会议。\n2. 工作组建议加强协商。\n".encode()
        with self.assertRaisesRegex(ParseError, "no document symbol found"):
            read_document(text, "note.txt")
        parsed = read_document(text, "note.txt", symbol=" s/2020/ 8 ")
        self.assertEqual(parsed.symbol, "S/2020/8")

    def test_it_prefers_the_admin_symbol(self):
        self.assertEqual(read_document(self.pdf, "r.pdf", symbol="S/2020/9").symbol, "S/2020/9")

    def test_it_turns_a_parser_failure_into_a_parse_error(self):
        with mock.patch("ingest.parsers.parse_text", side_effect=IndexError("boom")):
            with self.assertLogs("ingest.readers", "ERROR"):
                with self.assertRaisesRegex(
                    ParseError, r"the parser could not read this file \(IndexError\)"
                ):
                    read_document(self.pdf, "report.pdf")

    def test_it_checks_an_admin_symbol(self):
        self.assertEqual(clean_symbol("ａ/62/627"), "A/62/627")
        for bad in ("hello", "2017/130", "/x"):
            with self.assertRaisesRegex(ParseError, "is not a UN document symbol"):
                clean_symbol(bad)
