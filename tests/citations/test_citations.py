"""Citations: the UN style in Chinese and English, and BibTeX, RIS and CSL-JSON that
reference managers read (parsed back with bibtexparser and rispy, rendered by citeproc)."""

import json

import bibtexparser
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.test import TestCase

from tests.factories import add_paragraphs, build_sample_archive


class CitationFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()
        annex = add_paragraphs(cls.s.report, [("paragraph", "10", "附件段落。")])[0]
        annex.part = "annex"
        annex.save()

    def get(self, fmt, **query):
        r = self.client.get("/cite/", {"symbol": "S/2017/130", "format": fmt, **query})
        self.assertEqual(r.status_code, 200)
        self.assertIn("attachment;", r["Content-Disposition"])
        return r.content.decode("utf-8")

    def test_the_bibtex_parses_with_the_official_text_url(self):
        for lang in ("zh", "en"):
            with self.subTest(lang):
                library = bibtexparser.parse_string(self.get("bibtex", lang=lang))
                self.assertEqual(library.failed_blocks, [])
                (entry,) = library.entries
                self.assertEqual(entry.entry_type, "techreport")
                self.assertEqual(entry["url"], "https://undocs.org/S/2017/130")
                self.assertEqual(entry["number"], "S/2017/130")
                self.assertEqual(entry["year"], "2017")
        zh = bibtexparser.parse_string(self.get("bibtex", paragraph="p6")).entries[0]
        self.assertEqual(zh["author"], "{联合国安全理事会}")
        self.assertIn("S/2017/130，第6段", zh["note"])
        en = bibtexparser.parse_string(self.get("bibtex", lang="en", paragraph="p1")).entries[0]
        self.assertEqual(
            en["title"], "Report of the Working Group on Peacekeeping Operations for 2016"
        )

    def test_the_ris_parses(self):
        (entry,) = rispy.loads(self.get("ris", paragraph="p10"))
        self.assertEqual(entry["type_of_reference"], "GOVDOC")
        self.assertEqual(entry["urls"], ["https://undocs.org/S/2017/130"])
        self.assertEqual(entry["year"], "2017")
        self.assertEqual(entry["authors"], ["联合国安全理事会"])
        self.assertIn("S/2017/130，附件第10段", entry["notes"][0])
        self.assertIn("#p10", entry["notes"][0])

    def test_the_csl_json_renders_with_citeproc(self):
        items = json.loads(self.get("csl", lang="en", paragraph="p1"))
        self.assertEqual(items[0]["note"][:20], "S/2017/130, para. 1.")
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        citation = Citation([CitationItem(items[0]["id"])])
        bibliography.register(citation)
        self.assertEqual(
            bibliography.cite(citation, lambda item: None),
            "(United Nations, 2017)",
        )
        (rendered,) = [str(b) for b in bibliography.bibliography()]
        self.assertIn("Report of the Working Group on Peacekeeping Operations for 2016", rendered)
        self.assertIn("https://undocs.org/S/2017/130", rendered)

    def test_the_api_gives_every_format_and_the_page_links_them(self):
        data = self.client.get("/api/citation", {"symbol": "S/2017/130", "paragraph": "p6"}).json()
        self.assertEqual(data["un"], {"zh": "S/2017/130，第6段", "en": "S/2017/130, para. 6"})
        self.assertEqual(data["csl"]["URL"], "https://undocs.org/S/2017/130")
        self.assertTrue(data["bibtex"].startswith("@techreport{S_2017_130_zh_p6,"))
        page = self.client.get(self.s.report.get_absolute_url()).content.decode()
        self.assertIn('href="/cite/?symbol=S%2F2017%2F130&amp;lang=zh&amp;format=bibtex"', page)
        self.assertIn('format=ris"', page)
        self.assertIn('format=csl"', page)

    def test_it_refuses_unknown_documents_paragraphs_and_formats(self):
        for query in [
            {"symbol": "S/1999/1"},
            {"symbol": "S/2017/130", "paragraph": "p999"},
            {"symbol": "S/2017/130", "format": "doc"},
        ]:
            self.assertEqual(self.client.get("/cite/", query).status_code, 404, query)
