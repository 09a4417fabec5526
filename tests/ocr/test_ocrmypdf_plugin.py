"""The ocrmypdf plugin whitens rules and underlines in the image tesseract reads, and
leaves the letters. It runs inside ocrmypdf's own Python; here its image work is tried
alone (ocrmypdf's `hookimpl` stood in for where ocrmypdf is not importable)."""

import importlib.util
import sys
import types
import unittest
from unittest import mock

from django.test import override_settings
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr


def load_plugin():
    try:
        import ocrmypdf  # noqa: F401
    except ImportError:  # the archive's venv has no ocrmypdf: the plugin needs its decorator
        sys.modules.setdefault("ocrmypdf", types.SimpleNamespace(hookimpl=lambda f: f))
    spec = importlib.util.spec_from_file_location("ocrmypdf_plugin", ocr.PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plugin = load_plugin()
DPI = 300


def ink(image, box):
    """Black pixels of `image` inside `box`."""
    return sum(image.convert("L").crop(box).histogram()[:128])


class RemoveRulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        page = Image.new("L", (8 * DPI // 2, DPI * 2), 255)
        draw = ImageDraw.Draw(page)
        font = ImageFont.load_default(size=40)
        draw.text((100, 100), "Report of the Secretary-General", fill=0, font=font)
        # a typed underline, which the descenders (`p`, `y`) reach
        draw.line((100, 150, 760, 150), fill=0, width=3)
        draw.line((100, 300, 1100, 301), fill=0, width=3)  # a footnote rule, a little slanted
        draw.rectangle((50, 400, 1150, 424), fill=0)  # the masthead's thick rule
        draw.text((100, 500), "in paragraph 4 of the report", fill=0, font=font)
        cls.page = page.convert("1")
        cls.cleaned = plugin.remove_rules(cls.page, DPI)

    def test_the_image_keeps_its_size_and_mode(self):
        self.assertEqual(self.cleaned.size, self.page.size)
        self.assertEqual(self.cleaned.mode, "1")

    def test_rules_and_underlines_go(self):
        self.assertEqual(ink(self.cleaned, (0, 148, 1200, 153)), 0)
        self.assertEqual(ink(self.cleaned, (0, 296, 1200, 306)), 0)
        self.assertEqual(ink(self.cleaned, (0, 390, 1200, 435)), 0)

    def test_the_letters_stay(self):
        for box in [(90, 90, 1000, 145), (90, 490, 1000, 560)]:
            with self.subTest(box=box):
                self.assertEqual(ink(self.cleaned, box), ink(self.page, box))


class CacheKeyTest(unittest.TestCase):
    def test_what_ocr_read_is_kept_by_the_plugin_too(self):
        # a changed plugin reads pages otherwise: what was kept before is not reused
        with override_settings(OCR_CACHE_DIR="/tmp/cache"):
            with mock.patch.object(ocr, "_plugin_digest", return_value=b"one"):
                before = ocr._cache_path(b"%PDF scan", False, "Latin")
            with mock.patch.object(ocr, "_plugin_digest", return_value=b"two"):
                after = ocr._cache_path(b"%PDF scan", False, "Latin")
        self.assertNotEqual(before, after)
