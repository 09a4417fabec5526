"""Text files: UTF-8, UTF-16 with BOM and GB18030/GBK are read; anything else is refused."""

import codecs
import unittest
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.decode import decode_text
from ingest.parsers.types import ParseError

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
SAMPLE = "安全理事会维持和平行动工作组的报告（S/2011/817）\n1. 工作组举行了 5 次会议。“专题讨论”——第 1353(2001)号决议。\n"


class DecodeTests(unittest.TestCase):
    def test_it_reads_utf8_with_and_without_bom(self):
        self.assertEqual(decode_text(SAMPLE.encode("utf-8")), SAMPLE)
        self.assertEqual(decode_text(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")), SAMPLE)

    def test_it_reads_utf16_with_bom_both_byte_orders(self):
        self.assertEqual(decode_text(SAMPLE.encode("utf-16")), SAMPLE)
        self.assertEqual(decode_text(codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")), SAMPLE)

    def test_it_reads_gb18030_and_gbk(self):
        self.assertEqual(decode_text(SAMPLE.encode("gb18030")), SAMPLE)
        self.assertEqual(decode_text(SAMPLE.encode("gbk")), SAMPLE)

    def test_it_reads_every_corpus_text_in_every_accepted_encoding(self):
        for path in sorted(CORPUS.glob("*.zh.txt")):
            text = path.read_text(encoding="utf-8")
            for codec in ("utf-8", "utf-8-sig", "utf-16", "gb18030"):
                with self.subTest(file=path.name, codec=codec):
                    self.assertEqual(decode_text(text.encode(codec)), text)

    def test_it_reads_plain_ascii(self):
        self.assertEqual(decode_text(b"S/2017/130\n1. Text.\n"), "S/2017/130\n1. Text.\n")

    def assertRefused(self, data, message):
        with self.assertRaises(ParseError) as caught:
            decode_text(data)
        self.assertIn(message, str(caught.exception))

    def test_it_refuses_an_empty_file(self):
        self.assertRefused(b"", "empty file")
        self.assertRefused(b" \n\r\n", "no text")

    def test_it_refuses_binary_data(self):
        self.assertRefused(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "NUL")
        self.assertRefused(bytes(range(1, 32)) * 10, "control characters")

    def test_it_refuses_utf16_without_bom(self):
        self.assertRefused(SAMPLE.encode("utf-16-le"), "byte-order mark")

    def test_it_refuses_a_broken_utf16_file(self):
        self.assertRefused(codecs.BOM_UTF16_LE + b"\x00\xd8A", "not valid UTF-16")

    def test_it_refuses_utf32(self):
        self.assertRefused(SAMPLE.encode("utf-32"), "UTF-32")

    def test_it_refuses_other_encodings(self):
        french = "Résumé du général: l’été à Genève, où l’on a décidé.\n" * 5
        self.assertRefused(french.encode("cp1252"), "UTF-8")
        self.assertRefused(french.replace("’", "'").encode("latin-1"), "UTF-8")
        self.assertRefused("Доклад Генерального секретаря\n".encode("koi8-r"), "UTF-8")
        self.assertRefused("報告書の作成について\n".encode("shift_jis"), "UTF-8")
        self.assertRefused("維持和平行動工作組報告\n".encode("big5"), "UTF-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=500))
def test_it_raises_only_parse_errors(data):
    try:
        assert isinstance(decode_text(data), str)
    except ParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1))
def test_it_reads_any_utf8_text(text):
    if text.strip():
        assert decode_text(text.encode("utf-8")) == text
