"""The UN-style citation label (archive.citations): one function for every page and export."""

from types import SimpleNamespace

from django.test import SimpleTestCase
from django.utils import translation

from archive.citations import locator_label, paragraph_at, un_citation


def para(kind, number, anchor, part="body"):
    return SimpleNamespace(kind=kind, number=number, anchor=anchor, part=part)


DOC = SimpleNamespace(symbol="S/2013/139")


class UnCitationTests(SimpleTestCase):
    def test_it_cites_a_body_paragraph(self):
        p = para("paragraph", "53", "p53")
        self.assertEqual(un_citation(DOC, p, "en"), "S/2013/139, para. 53")
        self.assertEqual(un_citation(DOC, p, "zh-hans"), "S/2013/139，第53段")

    def test_it_cites_an_annex_paragraph_apart_from_the_body_paragraph_of_that_number(self):
        annex = para("paragraph", "10", "annex1-p10", part="annex")
        body = para("paragraph", "10", "p10")
        self.assertEqual(un_citation(DOC, annex, "en"), "S/2013/139, annex, para. 10")
        self.assertEqual(un_citation(DOC, annex, "zh"), "S/2013/139，附件第10段")
        self.assertNotEqual(un_citation(DOC, annex, "en"), un_citation(DOC, body, "en"))

    def test_a_second_annex_is_numbered(self):
        p = para("paragraph", "3", "annex2-p3", part="annex")
        self.assertEqual(un_citation(DOC, p, "en"), "S/2013/139, annex II, para. 3")
        self.assertEqual(un_citation(DOC, p, "zh"), "S/2013/139，附件二第3段")

    def test_items_and_bullets_name_their_paragraph(self):
        item = para("item", "(c)", "p7-c")
        self.assertEqual(un_citation(DOC, item, "en"), "S/2013/139, para. 7 (c)")
        self.assertEqual(un_citation(DOC, item, "zh"), "S/2013/139，第7(c)段")
        bullet = para("item", "•", "p4-b1")
        self.assertEqual(un_citation(DOC, bullet, "en"), "S/2013/139, para. 4")
        annex_item = para("item", "(a)", "annex1-p10-a", part="annex")
        self.assertEqual(locator_label(annex_item, "en"), "annex, para. 10 (a)")

    def test_headings_footnotes_and_unnumbered_text(self):
        self.assertEqual(
            un_citation(DOC, para("heading", "II", "h3"), "en"), "S/2013/139, sect. II"
        )
        self.assertEqual(un_citation(DOC, para("heading", "二", "h3"), "zh"), "S/2013/139，第二节")
        self.assertEqual(
            un_citation(DOC, para("footnote", "4", "fn4"), "en"), "S/2013/139, footnote 4"
        )
        self.assertEqual(
            un_citation(DOC, para("text", "", "t1", part="letter"), "en"), "S/2013/139"
        )
        self.assertEqual(
            un_citation(DOC, para("table", "", "tbl1", part="annex"), "zh"), "S/2013/139，附件"
        )

    def test_the_document_alone_and_the_active_language(self):
        self.assertEqual(un_citation("S/2017/130"), "S/2017/130")
        with translation.override("en"):
            self.assertEqual(un_citation(DOC, para("paragraph", "1", "p1")), "S/2013/139, para. 1")
        with translation.override("zh-hans"):
            self.assertEqual(un_citation(DOC, para("paragraph", "1", "p1")), "S/2013/139，第1段")


class ParagraphAtTests(SimpleTestCase):
    """A search hit knows its paragraph only by number and permalink."""

    def test_it_reads_the_kind_and_part_from_the_anchor(self):
        cases = {
            ("p7-c", "(c)"): "S/2013/139, para. 7 (c)",
            ("p4-b1", "•"): "S/2013/139, para. 4",
            ("annex1-p10", "10"): "S/2013/139, annex, para. 10",
            ("h5", "A"): "S/2013/139, sect. A",
            ("p53", "53"): "S/2013/139, para. 53",
            ("fn2", "2"): "S/2013/139, footnote 2",
            ("t1", ""): "S/2013/139",
        }
        for (anchor, number), label in cases.items():
            with self.subTest(anchor=anchor):
                self.assertEqual(un_citation(DOC, paragraph_at(anchor, number), "en"), label)
