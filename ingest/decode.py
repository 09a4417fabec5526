"""Bytes of a text file -> str, for the encodings UN text extracts come in.

UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, and
GB18030 (which includes GBK and GB2312). Anything else is refused with the reason:
guessing wrong would store mojibake in the archive.
"""

import codecs
import re

from ingest.parsers.types import ParseError

# Control characters (Unicode category Cc) but those a text file may hold: tab, line
# feed, vertical tab, form feed, carriage return (\x09-\x0d).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# GB18030 decodes many byte strings that are not Chinese text (Latin-1 or cp1252 text
# among them): such a "decoding" puts a Han character inside a Latin word.
_HAN_IN_LATIN_WORD = re.compile(r"[A-Za-z][\u4e00-\u9fff][a-z]")


def decode_text(data: bytes) -> str:
    """Decode a text file, or raise ParseError saying why it is not one we accept."""
    if not data:
        raise ParseError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_decode(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8"))
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ParseError("UTF-32 text is not accepted; save the file as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_decode(data, "utf-16", "UTF-16"))
    if b"\x00" in data:
        raise ParseError(
            "not a text file (it contains NUL bytes; UTF-16 text needs a byte-order mark)"
        )
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParseError(
            "the text is not in UTF-8, UTF-16 (with byte-order mark) or GB18030/GBK; "
            "save it as UTF-8 and upload it again"
        ) from None
    if not _looks_chinese(text):
        raise ParseError(
            "the text is not UTF-8 and does not read as GB18030/GBK Chinese "
            "(another encoding?); save it as UTF-8 and upload it again"
        )
    return _checked(text)


def _decode(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"the file starts as {label} but is not valid {label} (byte {exc.start})"
        ) from None


def _checked(text: str) -> str:
    if "\x00" in text:
        raise ParseError("not a text file (it contains NUL characters)")
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 200):
        raise ParseError("not a text file (it contains many control characters)")
    if not text.strip():
        raise ParseError("the file contains no text")
    return text


def _looks_chinese(text: str) -> bool:
    """Whether GB18030-decoded text reads as Chinese: its non-ASCII characters are Han
    characters or CJK/full-width punctuation, and none sits inside a Latin word."""
    other = [ch for ch in text if ord(ch) > 127]
    if not other:
        return True
    cjk = sum(1 for ch in other if _is_cjk(ch))
    if cjk < 0.95 * len(other):
        return False
    if len(_HAN_IN_LATIN_WORD.findall(text)) > max(1, cjk // 500):
        return False
    # Chinese prose draws on the 3,755 common characters of GB2312 level 1; another
    # encoding read as GBK (Shift-JIS, Big5) comes out as a scatter of rare ones.
    han = [ch for ch in other if "\u4e00" <= ch <= "\u9fff"]
    return not han or sum(map(_is_common_han, han)) >= 0.8 * len(han)


def _is_common_han(ch: str) -> bool:
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: “ ” — …
        or code in (0x00B7, 0x00D7, 0x2116, 0x25CF, 0x25A0, 0x2022)  # · × № ● ■ •
        or 0x2460 <= code <= 0x24FF  # circled numbers
    )
