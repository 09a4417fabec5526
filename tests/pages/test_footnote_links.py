"""Footnotes are linked from their place in the text, and back (issue 12): a typescript's
`1/`, print's superscript number glued to the word before it; never a number of the
text (`2.26 million`), nor a marker of a note the page does not have."""

import re

from django.test import TestCase, override_settings

from tests.factories import make_document


def body_of(html, anchor):
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</div>", start)]


@override_settings(LANGUAGE_CODE="en")
class FootnoteLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_document(
            "S/2019/198",
            "en",
            paragraphs=[
                "The survey found 5.5 per cent in the emergency phase of food insecurity.1 "
                "A total of 2.26 million people were classified, and 1,500 more.",
                "The mission reported the figures,2 as in 2018 (see S/2018/1).",
                "As proposed in A/61/255/Add.1 and Corr.1 and in para.2 of the same report.",
                "Nothing cites note 7 here: page 7 of the report.",
                ("footnote", "1", "Integrated Food Security Phase Classification."),
                ("footnote", "2", "Figures of the Ministry of Health."),
            ],
        )
        make_document(
            "S/23766",
            "en",
            paragraphs=[
                "The Council approved my report; 1/ noted that the unit had been set up.",
                "Reviewed on 7 October 1991. 2/ And again 1/ later; and/or 3/ is no note.",
                ("footnote", "1", "S/22454 and Add.1-3."),
                ("footnote", "2", "S/23106."),
            ],
        )

    def test_a_superscript_number_links_to_its_note_and_the_note_links_back(self):
        html = self.client.get("/documents/S/2019/198/").content.decode()
        first = body_of(html, "p1")
        self.assertIn(
            'insecurity.<sup><a class="noteref" id="ref-fn1" href="#fn1">1</a></sup> A total',
            first,
        )
        self.assertEqual(first.count('class="noteref"'), 1)  # not 5.5, 2.26, 1,500
        self.assertIn("2.26 million", first)
        second = body_of(html, "p2")
        self.assertIn(
            'figures,<sup><a class="noteref" id="ref-fn2" href="#fn2">2</a></sup>', second
        )
        self.assertIn('<a class="sym" href="/documents/S/2018/1/">S/2018/1</a>', second)
        self.assertNotIn("noteref", body_of(html, "p3"))  # abbreviations, symbols
        self.assertNotIn("noteref", body_of(html, "p4"))
        note = html[html.index('<li id="fn1"') : html.index("</li>", html.index('<li id="fn1"'))]
        self.assertIn('<a class="backref" href="#ref-fn1"', note)

    def test_a_number_after_a_chinese_character_is_no_marker(self):
        make_document(
            "S/2015/1039",
            "zh",
            paragraphs=["在政策对话后，4 个会员国表示支持。", ("footnote", "4", "见 S/2007/1。")],
        )
        html = self.client.get("/documents/S/2015/1039/").content.decode()
        self.assertNotIn("noteref", body_of(html, "p1"))

    def test_a_typescript_marker_links_to_its_endnote(self):
        html = self.client.get("/documents/S/23766/").content.decode()
        first = body_of(html, "p1")
        self.assertIn('report; <a class="noteref" id="ref-fn1" href="#fn1">1/</a> noted', first)
        second = body_of(html, "p2")
        # a second citation of note 1 links to it, without a second id
        self.assertIn('again <a class="noteref" href="#fn1">1/</a> later', second)
        self.assertIn("and/or 3/ is", second)  # no note 3 on the page
        self.assertEqual(len(re.findall(r'id="ref-fn1"', html)), 1)
