"""Security Council symbols before 1994 had no year: `S/25812`, `S/23106/Add.1`. Reports
of the 1990s cite them constantly; they are citations like any other symbol."""

import unittest

from ingest.parsers.symbols import find_symbols, is_symbol


def found(text):
    return [m.symbol for m in find_symbols(text)]


class OldStyleSymbolTests(unittest.TestCase):
    def test_old_style_council_symbols_are_found(self):
        self.assertEqual(
            found("my report of 28 October 1991 (S/23171) and S/23106/Add.1, para. 28."),
            ["S/23171", "S/23106/Add.1"],
        )
        self.assertEqual(found("(see S/25812 and Corr.1)"), ["S/25812", "S/25812/Corr.1"])

    def test_the_span_is_the_symbol(self):
        text = "as stated in document S/25812, the Council"
        match = find_symbols(text)[0]
        self.assertEqual(text[match.start : match.end], "S/25812")

    def test_new_style_symbols_are_unchanged(self):
        self.assertEqual(found("S/1995/444 and S/2011/817"), ["S/1995/444", "S/2011/817"])
        self.assertTrue(is_symbol("S/25812"))

    def test_short_numbers_are_not_symbols(self):
        # a year or a count after `S/` is not an old-style symbol: those had 4-5 digits
        # and never stood alone as `S/12`
        self.assertEqual(found("S/12 and A/5"), [])
        self.assertEqual(found("S/258123"), [])
