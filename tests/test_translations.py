"""The Chinese interface is complete: every message of the catalogue is translated, none
left fuzzy (Django ignores fuzzy entries and shows the English), and the compiled
catalogue is up to date with the source."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.test import SimpleTestCase

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            yield (
                block,
                "".join(re.findall(r'"(.*)"', msgid.group(1))),
                "".join(re.findall(r'"(.*)"', msgstr.group(1))),
            )


class ChineseCatalogueTests(SimpleTestCase):
    def test_every_message_is_translated_and_none_is_fuzzy(self):
        untranslated = [mid for _, mid, mstr in entries() if mid and not mstr]
        fuzzy = [mid for block, mid, _ in entries() if re.search(r"^#,.*\bfuzzy\b", block, re.M)]
        self.assertEqual(untranslated, [])
        self.assertEqual(fuzzy, [])

    def test_placeholders_are_kept(self):
        for _, mid, mstr in entries():
            if mid:
                with self.subTest(mid=mid):
                    self.assertEqual(
                        sorted(re.findall(r"%\(\w+\)s", mid)),
                        sorted(re.findall(r"%\(\w+\)s", mstr)),
                    )

    def test_the_compiled_catalogue_matches_the_source(self):
        if shutil.which("msgfmt") is None:
            if os.environ.get("CI") == "true":
                self.fail("CI=true but msgfmt is missing (apt-get install gettext)")
            self.skipTest("msgfmt is missing (apt-get install gettext)")
        compiled = subprocess.run(["msgfmt", "-o", "-", str(PO)], capture_output=True, check=False)
        self.assertEqual(compiled.returncode, 0, compiled.stderr.decode())
        self.assertEqual(compiled.stdout, PO.with_suffix(".mo").read_bytes())
