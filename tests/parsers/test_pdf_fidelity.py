"""Fidelity over fixtures/pdf-wide: real reports of the Secretary-General (1992-2019) with
goldens written by reading the rendered pages. Every fact must be right except those
listed in KNOWN_WRONG (shrink it as the parser learns; never grow it to make a change
pass). The report itself: `python manage.py pdf_fidelity`."""

import json
import unittest
from pathlib import Path

from ingest.fidelity import FACTS, DocumentResult, check_document, format_report, run
from ingest.parsers.types import Block, ParsedDocument

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "pdf-wide"

# file -> facts still wrong on it (see notes/pdf.md for why).
KNOWN_WRONG: dict[str, set[str]] = {
    "MINUJUSTH_S_2019_198.pdf": {"footnotes"},
    "MINUSTAH_S_2007_503.pdf": {"body coverage"},
    "MINUSTAH_S_2011_183.pdf": {"footnotes", "body coverage"},
    "MINUSTAH_S_2016_753.pdf": {"footnotes"},
    "ONUCA_S_23421.pdf": {"title", "original language", "paragraphs", "no furniture"},
    "ONUSAL_S_23402.pdf": {
        "date",
        "title",
        "original language",
        "paragraphs",
        "annex paragraphs",
        "no furniture",
    },
    "UNIKOM_S_23766.pdf": {"parse"},
    "UNMIK_S_2007_768.pdf": {"annex paragraphs"},
    "UNMISET_S_2004_888.pdf": {"body coverage"},
    "UNMOP_S_2000_305.pdf": {"paragraphs", "spot sentences"},
    "UNOMIG_S_1994_818_Add.1.pdf": {"annex paragraphs", "body coverage"},
    "UNOMIG_S_2007_439.pdf": {"footnotes", "body coverage"},
    "UNOMIG_S_2009_254.pdf": {"footnotes", "body coverage"},
    "UNPREDEP_S_1997_631.pdf": {
        "date",
        "title",
        "original language",
        "paragraphs",
        "annex paragraphs",
        "no furniture",
    },
    "UNPROFOR_S_23777.pdf": {
        "title",
        "original language",
        "paragraphs",
        "annex paragraphs",
        "no furniture",
    },
    "UNTAET_S_2000_53.pdf": {"annex paragraphs"},
}

_results: list[DocumentResult] | None = None


def results() -> list[DocumentResult]:
    global _results
    if _results is None:
        _results = run(FIXTURES, sources={"text"})
    return _results


class GoldenFilesTests(unittest.TestCase):
    def test_every_text_layer_pdf_has_a_golden(self):
        manifest = (FIXTURES / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
        text_layer = [row.split("\t")[0] for row in manifest if row.split("\t")[2] == "yes"]
        self.assertEqual(len(text_layer), 30)
        for name in text_layer:
            path = FIXTURES / "expected" / (name[:-4] + ".json")
            golden = json.loads(path.read_text(encoding="utf-8"))
            self.assertEqual(golden["file"], name)
            self.assertEqual(golden["source"], "text")  # the scans' goldens: helper ocr
            self.assertTrue(golden["symbols"][0].startswith("S/"))


class FidelityTests(unittest.TestCase):
    def test_every_fact_is_right_except_the_known_ones(self):
        wrong = {}
        for result in results():
            known = KNOWN_WRONG.get(result.name, set())
            failing = {"parse"} if result.error else set(result.failing)
            unexpected = failing - known
            if unexpected:
                wrong[result.name] = sorted(unexpected)
        if wrong:
            self.fail(f"facts wrong: {wrong}\n\n{format_report(results())}")

    def test_it_scored_every_document(self):
        self.assertEqual(len(results()), 30)


class CheckDocumentTests(unittest.TestCase):
    """The comparison itself can fail: a wrong parse is reported, fact by fact."""

    GOLDEN = {
        "file": "X.pdf",
        "symbols": ["S/1995/444"],
        "date": "1995-05-31",
        "title": "REPORT OF THE SECRETARY-GENERAL",
        "language": "en",
        "original_language": "en",
        "body_last_paragraph": 3,
        "annexes": [{"label": "Annex", "last_paragraph": 2}],
        "footnotes": {"count": 1, "markers": ["*"]},
        "body_contains": ["one two three"],
        "body_excludes": ["95-16038"],
    }

    def doc(self, blocks, **fields):
        values = dict(symbol="S/1995/444", symbols=["S/1995/444"], language="en")
        values.update(fields)
        return ParsedDocument(blocks=blocks, **values)

    def test_a_right_parse_scores_every_fact(self):
        import datetime as dt

        blocks = [
            Block("paragraph", "one two three", "1", anchor="p1"),
            Block("paragraph", "b", "2", anchor="p2"),
            Block("paragraph", "c", "3", anchor="p3"),
            Block("footnote", "note", "*", anchor="fn*"),
            Block("heading", "Annex", level=1, part="annex", anchor="h1"),
            Block("paragraph", "d", "1", part="annex", anchor="annex1-p1"),
            Block("paragraph", "e", "2", part="annex", anchor="annex1-p2"),
        ]
        doc = self.doc(
            blocks,
            date=dt.date(1995, 5, 31),
            title="REPORT OF THE  SECRETARY-GENERAL",
            original_language="en",
        )
        result = check_document(doc, self.GOLDEN, None)
        self.assertEqual(result.failing, [])
        self.assertEqual(set(result.facts), set(FACTS) - {"body coverage"})

    def test_a_wrong_parse_fails_the_facts_it_gets_wrong(self):
        blocks = [
            Block("paragraph", "one two", "1", anchor="p1"),
            Block("paragraph", "three 95-16038 (E)", "3", anchor="p3"),
            Block("paragraph", "d", "1", anchor="p1-2"),  # an annex paragraph in the body
        ]
        doc = self.doc(blocks, title="ORIGINAL: ENGLISH")
        result = check_document(doc, self.GOLDEN, None)
        self.assertEqual(
            result.failing,
            [
                "date",
                "title",
                "original language",
                "paragraphs",
                "annex paragraphs",
                "footnotes",
                "spot sentences",
                "no furniture",
            ],
        )
        self.assertIn("missing 2", result.reasons["paragraphs"])
        self.assertIn("twice 1", result.reasons["paragraphs"])
