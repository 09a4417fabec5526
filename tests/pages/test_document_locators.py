"""Document page: annex paragraphs are cited as annex paragraphs, and the lists of where a
document cites or reports something name their paragraphs, not bare numbers (issue 16.6)."""

import datetime as dt

from django.test import TestCase
from django.utils import translation

from tests.factories import make_document


class AnnexCitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document(
            "S/2013/139",
            "en",
            date=dt.date(2013, 3, 8),
            paragraphs=[
                {
                    "kind": "paragraph",
                    "number": "10",
                    "text": "Body ten (S/2011/817).",
                    "cites": ["S/2011/817"],
                },
                ("item", "(c)", "An item citing S/2012/534."),
                {
                    "kind": "paragraph",
                    "number": "10",
                    "text": "Annex ten, S/2011/817.",
                    "part": "annex",
                    "anchor": "annex1-p10",
                    "cites": ["S/2011/817"],
                },
                {"kind": "text", "text": "Letter, S/2012/534.", "part": "letter", "anchor": "t1"},
            ],
        )
        # the item cites too
        from tests.factories import cite

        cite(cls.doc.paragraphs.get(anchor="p10-c"), "S/2012/534")
        cite(cls.doc.paragraphs.get(anchor="t1"), "S/2012/534")
        cls.citing = make_document(
            "S/2014/1",
            "en",
            date=dt.date(2014, 1, 1),
            paragraphs=[
                {
                    "kind": "paragraph",
                    "number": "2",
                    "text": "See S/2013/139.",
                    "cites": ["S/2013/139"],
                },
                ("item", "(b)", "And again S/2013/139."),
            ],
        )
        cite(cls.citing.paragraphs.get(anchor="p2-b"), "S/2013/139")

    def page(self, path, lang="en"):
        with translation.override(lang):
            self.client.cookies["django_language"] = lang
            return self.client.get(path, headers={"accept-language": lang}).content.decode()

    def test_the_annex_paragraph_and_the_body_paragraph_have_different_citations(self):
        html = self.page("/documents/S/2013/139/")
        self.assertIn('data-cite="S/2013/139, para. 10"', html)
        self.assertIn('data-cite="S/2013/139, annex, para. 10"', html)
        self.assertIn('data-cite="S/2013/139, para. 10 (c)"', html)
        html = self.page("/documents/S/2013/139/", "zh-hans")
        self.assertIn('data-cite="S/2013/139，附件第10段"', html)

    def test_the_cited_documents_list_names_each_place(self):
        html = self.page("/documents/S/2013/139/")
        self.assertIn(
            'para. <a href="#p10">10</a>; annex, para. <a href="#annex1-p10">10</a>', html
        )
        self.assertIn('para. <a href="#p10-c">10 (c)</a>; <a href="#t1">covering letter</a>', html)
        html = self.page("/documents/S/2013/139/", "zh-hans")
        self.assertIn('第<a href="#p10">10</a>段；附件第<a href="#annex1-p10">10</a>段', html)

    def test_a_run_of_paragraphs_is_named_once(self):
        from archive.views.text import anchor_links

        rows = list(self.doc.paragraphs.order_by("order"))
        with translation.override("en"):
            html = anchor_links([rows[0], rows[1]])
        self.assertEqual(html, 'paras. <a href="#p10">10</a>, <a href="#p10-c">10 (c)</a>')
        with translation.override("zh-hans"):
            html = anchor_links([rows[0], rows[1]])
        self.assertEqual(html, '第<a href="#p10">10</a>、<a href="#p10-c">10(c)</a>段')

    def test_cited_by_labels_items_under_their_paragraph(self):
        html = self.page("/documents/S/2013/139/")
        self.assertIn(">S/2014/1, para. 2</a>", html)
        self.assertIn(">S/2014/1, para. 2 (b)</a>", html)
