"""Every character of the body reaches a block; no furniture does.

The body is the source minus furniture lines, link lines and footnote rules
(ingest.parsers.furniture.body_lines); that classification is checked on its own too.
Paragraph numbers lose their dot ("53." -> number "53"), so dots are left out of the
comparison; footnotes are compared where they are, the body in order around them.
"""

import re
import unittest
from collections import Counter
from pathlib import Path

from ingest.parsers import parse_text
from ingest.parsers.furniture import body_lines

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
FILES = sorted(CORPUS.glob("*.zh.txt"))


def chars(text: str) -> str:
    return re.sub(r"[\s.．]+", "", text)


class NoTextLostTests(unittest.TestCase):
    def test_it_keeps_every_body_character_in_order(self):
        self.assertEqual(len(FILES), 5)
        for path in FILES:
            with self.subTest(path.name):
                text = path.read_text(encoding="utf-8")
                doc = parse_text(text)
                source = chars("".join(body_lines(text)))
                everything = chars("".join(b.number + b.text for b in doc.blocks))
                self.assertEqual(Counter(everything), Counter(source))
                # footnotes sit where they are printed; the body reads in order around them
                rest = source
                for note in (b for b in doc.blocks if b.kind == "footnote"):
                    note_chars = chars(note.number + note.text)
                    self.assertIn(note_chars, rest)
                    rest = rest.replace(note_chars, "", 1)
                body = chars("".join(b.number + b.text for b in doc.blocks if b.kind != "footnote"))
                self.assertEqual(body, rest)

    def test_it_classifies_known_furniture(self):
        text = (CORPUS / "S_2011_817.zh.txt").read_text(encoding="utf-8")
        lines = [line.strip() for line in body_lines(text)]
        self.assertNotIn("S/2011/817", lines)
        self.assertFalse(any("12-20064" in line for line in lines))
        self.assertIn("9. 后，秘书处提出的建议是，特派团之间的合作不应仅限于分享军警人员和", lines)
        text = (CORPUS / "S_2017_130.zh.txt").read_text(encoding="utf-8")
        lines = [line.strip() for line in body_lines(text)]
        for furniture in [
            "联 合 国   S/2017/130",
            "安全理事会",
            "Distr.: General",
            "14 February 2017",
            "Chinese",
            "Original: English",
            "*1702287*",
            "S/2017/130",
            "13/13 17-02287 (C)",
        ]:
            self.assertNotIn(furniture, lines)
        self.assertFalse(any(line.startswith("http://undocs.org") for line in lines))
        self.assertIn("日期 通报人 主题", lines)
        text = (CORPUS / "A_62_627.zh.txt").read_text(encoding="utf-8")
        lines = [line.strip() for line in body_lines(text)]
        for furniture in ["A/62/627", "07-66270 (C)10", "1107-66270 (C)"]:
            self.assertNotIn(furniture, lines)
        self.assertIn("1", lines)  # a footnote marker on its own line is body text

    def test_it_puts_no_furniture_in_any_block(self):
        for path in FILES:
            doc = parse_text(path.read_text(encoding="utf-8"))
            for block in doc.blocks:
                with self.subTest(path.name, anchor=block.anchor):
                    self.assertNotRegex(block.text, r"\d{2}-\d{5} \([A-Z]\)")
                    self.assertNotIn("http://undocs.org", block.text)
                    self.assertNotIn("Distr.", block.text)
                    self.assertNotRegex(block.text, r"\*\d{7}\*")

    def test_it_puts_paragraph_9_of_the_2011_report_in_paragraph_9(self):
        doc = parse_text((CORPUS / "S_2011_817.zh.txt").read_text(encoding="utf-8"))
        [block] = [b for b in doc.blocks if "后，秘书处提出的建议是" in b.text]
        self.assertEqual((block.kind, block.number), ("paragraph", "9"))

    def test_it_tells_running_headers_from_a_cited_symbol_on_its_own_line(self):
        text = (
            "S/2020/10\n12-34567 (C)2\n1. 见下列文件：\nS/2016/1019\n2. 第二段。\n"
            " S/2020/10 \n3/5 12-34567 (C)\n1107-66270 (C)\n2 13-24582S/2020/10\n*1234567*S/2020/10\n"
            "http://undocs.org/ch/S/2016/1019 http://undocs.org/ch/S/2020/10\n3. 第三段。\n"
            "S/2020/10  07-66270 (C)10\n2/22 16-03381\n12-20064 (C)4\n17-02287 (C)    270217    280217\n"
        )
        self.assertEqual(
            [line.strip() for line in body_lines(text)],
            ["1. 见下列文件：", "S/2016/1019", "2. 第二段。", "3. 第三段。"],
        )
