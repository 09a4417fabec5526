"""Golden files: parse_text(...).to_dict() of each Chinese corpus file equals
fixtures/expected/<stem>.json. After a deliberate change run
`python manage.py regenerate_golden '*.zh.txt'` and review the diff."""

import difflib
import json
import unittest
from pathlib import Path

from ingest.management.commands.regenerate_golden import dump, golden_path, parse_source

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
FILES = sorted(CORPUS.glob("*.zh.txt"))


def short_diff(expected: str, actual: str, limit: int = 40) -> str:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "expected", "parsed", n=1, lineterm=""
        )
    )
    more = f"\n... {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


class GoldenTests(unittest.TestCase):
    def test_it_has_a_golden_file_for_every_chinese_extract(self):
        self.assertEqual(len(FILES), 5)
        for path in FILES:
            self.assertTrue(golden_path(path).exists(), golden_path(path))
            self.assertEqual(golden_path(path).name, path.name.replace(".txt", ".json"))

    def test_it_matches_the_golden_files(self):
        for path in FILES:
            with self.subTest(path.name):
                expected = golden_path(path).read_text(encoding="utf-8")
                actual = dump(parse_source(path), path)
                if actual != expected:
                    self.fail(
                        f"{path.name} differs from its golden file:\n{short_diff(expected, actual)}"
                    )

    def test_the_golden_files_are_reviewable_json(self):
        for path in FILES:
            text = golden_path(path).read_text(encoding="utf-8")
            data = json.loads(text)
            self.assertIn("安全理事会", text)  # ensure_ascii=False: Chinese stays readable
            self.assertTrue(text.startswith('{\n "symbol": '))  # indent 1, fields in contract order
            self.assertEqual(data["symbol"], path.name.split(".")[0].replace("_", "/"))
