"""find_symbols / is_symbol / normalize_symbol on the forms UN documents use."""

import unittest

from ingest.parsers.symbols import find_symbols, is_symbol, normalize_symbol, split_joint


def found(text):
    return [(m.symbol, text[m.start : m.end]) for m in find_symbols(text)]


class FindSymbolsTests(unittest.TestCase):
    def test_it_finds_written_symbols(self):
        cases = {
            "见 S/2011/817。": ("S/2011/817", "S/2011/817"),
            "增编（A/62/627/Add.1）": ("A/62/627/Add.1", "A/62/627/Add.1"),
            "(见 S/2017/2/Rev.1)": ("S/2017/2/Rev.1", "S/2017/2/Rev.1"),
            "（A/C.5/60/26，附件）": ("A/C.5/60/26", "A/C.5/60/26"),
            "A/AC.121/2017/L.3 and": ("A/AC.121/2017/L.3", "A/AC.121/2017/L.3"),
            "声明(S/PRST/2001/3)内": ("S/PRST/2001/3", "S/PRST/2001/3"),
            "S/RES/1353 (2001)": ("S/RES/1353(2001)", "S/RES/1353 (2001)"),
            "S/2013/139*": ("S/2013/139", "S/2013/139"),
            "A/61/19（Part II）": ("A/61/19", "A/61/19"),
        }
        for text, expected in cases.items():
            with self.subTest(text):
                self.assertEqual(found(text), [expected])

    def test_it_keeps_a_joint_symbol_whole(self):
        text = "报告(A/70/95-S/2015/446)中提出"
        self.assertEqual(found(text), [("A/70/95-S/2015/446", "A/70/95-S/2015/446")])
        self.assertEqual(split_joint("A/70/95-S/2015/446"), ["A/70/95", "S/2015/446"])
        self.assertEqual(split_joint("S/2011/817"), ["S/2011/817"])

    def test_it_folds_full_width_forms_and_keeps_the_span(self):
        text = "（Ａ/62/627）"
        matches = find_symbols(text)
        self.assertEqual(len(matches), 1)
        self.assertEqual(matches[0].symbol, "A/62/627")
        self.assertEqual(text[matches[0].start : matches[0].end], "Ａ/62/627")

    def test_it_reads_suffixes_written_after_a_symbol_as_symbols(self):
        self.assertEqual(
            found("见 A/61/255 和 Add.1 和 Add.1/Corr.1，A/61/861"),
            [
                ("A/61/255", "A/61/255"),
                ("A/61/255/Add.1", "Add.1"),
                ("A/61/255/Add.1/Corr.1", "Add.1/Corr.1"),
                ("A/61/861", "A/61/861"),
            ],
        )
        self.assertEqual(
            found("（A/61/255/Add.1 和\nCorr.1）")[1], ("A/61/255/Add.1/Corr.1", "Corr.1")
        )
        self.assertEqual(found("A/61/858 和增编"), [("A/61/858", "A/61/858")])

    def test_it_joins_a_symbol_split_after_a_slash(self):
        self.assertEqual(found("无视 S/PRST/ \n2001/3 号文件")[0][0], "S/PRST/2001/3")

    def test_it_reads_chinese_resolution_phrases(self):
        self.assertEqual(found("第 1353(2001)号决议"), [("S/RES/1353(2001)", "1353(2001)")])
        self.assertEqual(found("第1353(2001)号决议"), [("S/RES/1353(2001)", "1353(2001)")])
        text = "安全理事会第 2129(2013)、2185(2014)、2195(2014)和 2242(2015)号决议以及"
        self.assertEqual(
            [s for s, _ in found(text)],
            ["S/RES/2129(2013)", "S/RES/2185(2014)", "S/RES/2195(2014)", "S/RES/2242(2015)"],
        )
        self.assertEqual(found("大会第 61/279 号决议核准")[0], ("A/RES/61/279", "61/279"))
        self.assertEqual(found("第58/257号决议")[0][0], "A/RES/58/257")
        self.assertEqual(found("第 61/267 B号决议")[0][0], "A/RES/61/267B")
        self.assertEqual(found("第 2242(2015)\n号决议")[0][0], "S/RES/2242(2015)")

    def test_it_reads_english_resolution_phrases(self):
        self.assertEqual(
            found("by its resolution 1353 (2001), the"), [("S/RES/1353(2001)", "1353 (2001)")]
        )
        self.assertEqual(
            [s for s, _ in found("resolutions 2086 (2013) and 2100 (2013)")],
            ["S/RES/2086(2013)", "S/RES/2100(2013)"],
        )
        text = "Council resolutions 1542 (2004), 1608 (2005), 2012\n(2011) and 2070 (2012)."
        self.assertEqual(len(found(text)), 4)
        self.assertEqual(found("General Assembly resolution 61/279")[0][0], "A/RES/61/279")

    def test_it_finds_several_in_order_without_overlap(self):
        text = "见 S/2006/507 和 S/2013/630；另见 A/70/357-S/2015/682，第 61 段"
        matches = find_symbols(text)
        self.assertEqual(
            [m.symbol for m in matches], ["S/2006/507", "S/2013/630", "A/70/357-S/2015/682"]
        )
        self.assertTrue(all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False)))

    def test_it_ignores_what_is_not_a_symbol(self):
        for text in [
            "1353",
            "2011 年 12 月 30 日",
            "https：//eroom.un.org/eRoom",
            "http://undocs.org/ch/S/PRST/2001/3",
            "两个 D-2 级非洲区域司",
            "C-34 的 2014 年报告",
            "g8africaclearinghouse.org",
            "部队派遣国/警察派遣国",
            "第 77 段",
            "resolution of the conflict",
            "S/N",
            "",
        ]:
            with self.subTest(text):
                self.assertEqual(find_symbols(text), [])

    def test_it_is_linear_on_long_hostile_input(self):
        import time

        text = (
            "S/" + "1/" * 20000 + "第 " + "1(2001)、" * 5000 + "resolutions " + "1 (2001), " * 5000
        )
        start = time.perf_counter()
        find_symbols(text)
        self.assertLess(time.perf_counter() - start, 2.0)


class IsSymbolTests(unittest.TestCase):
    def test_it_accepts_a_whole_symbol(self):
        for text in [
            "S/2017/130",
            "（Ａ/62/627）",
            "S/RES/1353 (2001)",
            " S/2013/139* ",
            "A/70/95-S/2015/446",
        ]:
            with self.subTest(text):
                self.assertTrue(is_symbol(text))

    def test_it_refuses_anything_else(self):
        for text in [
            "1353",
            "S/2011/817 and more",
            "见 S/2011/817",
            "",
            "Security Council",
            "2011/817",
        ]:
            with self.subTest(text):
                self.assertFalse(is_symbol(text))


class NormalizeTests(unittest.TestCase):
    def test_it_normalizes(self):
        self.assertEqual(normalize_symbol("（Ａ/62/627）"), "A/62/627")
        self.assertEqual(normalize_symbol("S/RES/1353 (2001)"), "S/RES/1353(2001)")
        self.assertEqual(normalize_symbol("a/62/627/add.1"), "A/62/627/Add.1")
        self.assertEqual(normalize_symbol("S/2013/139*"), "S/2013/139")
