"""What ingest says about a file is shown in the interface language (issue 16.13): the
English sentences the parsers give are matched at display time and translated."""

from django.test import SimpleTestCase
from django.utils import translation

from ingest.messages import MESSAGES, display
from ingest.parsers.types import ParseError
from ingest.readers import read_document

BAD_FILES = [
    (b"", "x.txt", ""),
    (b"\xff\xfe\x00\x00abc", "x.txt", ""),
    (b"a\x00b", "x.txt", ""),
    (b"%PDF-1.4 broken", "x.pdf", ""),
    (b"plain text", "x.pdf", ""),
    (b"%PDF-1.4\n", "x.txt", ""),
    ("工作组举行了会议。".encode(), "x.txt", ""),
    ("工作组举行了会议。".encode(), "x.txt", "not a symbol"),
]


class DisplayTests(SimpleTestCase):
    def test_real_parse_errors_are_shown_in_chinese(self):
        for data, name, symbol in BAD_FILES:
            with self.subTest(name=name, data=data[:20]):
                with self.assertRaises(ParseError) as caught:
                    read_document(data, name, symbol=symbol)
                english = str(caught.exception)
                with translation.override("zh-hans"):
                    shown = display(english)
                self.assertNotEqual(shown, english)
                self.assertRegex(shown, r"[\u4e00-\u9fff]")

    def test_values_are_kept_and_file_names_stay_in_front(self):
        with translation.override("zh-hans"):
            self.assertEqual(
                display("the PDF has 900 pages; the limit is 500"), "PDF 有 900 页；上限为 500 页"
            )
            self.assertEqual(
                display("report.txt: the document is empty or has no letters"),
                "report.txt: 文件为空或没有文字",
            )
            self.assertEqual(display("something new"), "something new")

    def test_every_template_has_a_chinese_translation(self):
        for _, template in MESSAGES:
            with translation.override("en"):
                english = str(template)
            with translation.override("zh-hans"):
                with self.subTest(template=english):
                    self.assertNotEqual(str(template), english)
