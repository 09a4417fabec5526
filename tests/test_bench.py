"""Smoke test of the benchmark harness on 20 documents: every phase runs and the report
carries real figures. Not a timed test: no figure is compared with a target."""

import re
import tempfile
import unittest
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from bench.corpus import generate
from bench.run import percentile, stats
from ingest.readers import read_document

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "corpus"


class GeneratorTests(unittest.TestCase):
    def test_it_writes_parseable_variants_with_new_symbols(self):
        with tempfile.TemporaryDirectory() as tmp:
            summary = generate(CORPUS, Path(tmp), 12, seed=3)
            files = sorted(Path(tmp).iterdir())
            self.assertEqual(len(files), 12)
            self.assertEqual(len(set(summary["symbols"])), 12)
            parsed = [read_document(p.read_bytes(), p.name) for p in files]
        self.assertEqual(sorted(d.symbol for d in parsed), sorted(summary["symbols"]))
        originals = {"S/2011/817", "S/2015/1039", "S/2015/1042", "S/2017/130", "A/62/627"}
        self.assertFalse(originals & {d.symbol for d in parsed})
        self.assertTrue(any(d.meetings for d in parsed))
        big = next(d for d in parsed if d.symbol == summary["large_symbol"])
        self.assertGreaterEqual(len(big.blocks), 400)

    def test_it_is_deterministic_for_a_seed(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            first = generate(CORPUS, Path(a), 5, seed=9)
            second = generate(CORPUS, Path(b), 5, seed=9)
            self.assertEqual(first["symbols"], second["symbols"])
            name = first["files_list"][2]
            self.assertEqual((Path(a) / name).read_text(), (Path(b) / name).read_text())


class StatsTests(unittest.TestCase):
    def test_it_interpolates_percentiles(self):
        self.assertEqual(percentile([1, 2, 3, 4, 5], 50), 3)
        self.assertAlmostEqual(percentile(list(range(1, 101)), 95), 95.05)
        self.assertEqual(stats([4.0]), {"n": 1, "p50": 4.0, "p95": 4.0, "max": 4.0})
        self.assertIsNone(stats([]))


class HarnessTests(unittest.TestCase):
    def test_it_runs_every_phase_on_20_documents(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "BENCH.md"
            call_command(
                "bench",
                "--docs=20",
                "--seconds=30",
                "--requests=2",
                "--skip-pdf",
                "--skip-ocr",
                f"--out={out}",
                stdout=open(Path(tmp) / "log", "w"),  # noqa: SIM115
            )
            report = out.read_text()
        self.assertIn("N = 20 synthetic documents", report)
        self.assertRegex(report, r"Archive: 20 documents, [\d,]+ paragraphs")
        docs_s = float(re.search(r"text ingest, documents/s \| ([\d.]+)", report)[1])
        self.assertGreater(docs_s, 0)
        self.assertRegex(report, r"index rebuild .* \| [\d.]+ s, [\d,]+ entries, [\d.]+ MB")
        for page in (
            "constant (reference)",
            "home",
            "meeting",
            "briefer",
            "document",
            "large document",
            "search page",
            "icontains (reference)",
        ):
            row = re.search(rf"^\| {re.escape(page)} \| \d+ \| (\d+) \| ([\d.]+) \|", report, re.M)
            self.assertIsNotNone(row, page)
            self.assertGreater(int(row[1]), 0)
            self.assertGreater(float(row[2]), 0)
        self.assertRegex(report, r"\| document \| \d+ \| \d+ \|")  # SQL queries at 20 and N
        self.assertNotIn("500x", report)
        hwm = [int(x) for x in re.findall(r"peak (\d+) MB resident", report)]
        self.assertEqual(len(hwm), 2)
        self.assertTrue(all(x > 10 for x in hwm))


class BenchPdfRefusalTests(unittest.TestCase):
    """A file the archive refuses (not a PDF, a scan, no symbol) is reported with its
    reason and left out of the timing; the others are still timed."""

    def test_a_refused_file_is_reported_not_a_crash(self):
        import io

        good = CORPUS / "pdf" / "S_2012_534.en.pdf"
        with tempfile.TemporaryDirectory() as tmp:
            bad = Path(tmp) / "broken.pdf"
            bad.write_bytes(b"this is not a PDF")
            out = io.StringIO()
            call_command("bench_pdf", str(bad), str(good), "--repeat", "1", stdout=out)
        report = out.getvalue()
        self.assertIn("not timed, refused: broken.pdf: not a PDF file", report)
        self.assertIn("1 files,", report)
        self.assertRegex(report, r"ratio ingest/pdfplumber: \d+\.\d\dx")
