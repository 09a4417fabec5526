"""Browse pages (issue 16.8, 16.9): a year lists the report covering it and its meetings'
concept notes; a cited-only concept note links to its meeting; an unknown symbol's 404
links to the official text."""

import datetime as dt

from django.test import TestCase, override_settings

from tests.factories import build_sample_archive, cite, make_document, make_meeting


def _section(html, section_id):
    start = html.index(f'<section id="{section_id}">')
    return html[start : html.index("</section>", start)]


@override_settings(LANGUAGE_CODE="zh-hans")
class YearPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a = build_sample_archive()
        # a concept note the archive only knows as cited
        cls.intel = make_meeting(
            "2016-07-27", title="维持和平行动中的情报政策框架", concept_note_symbol="S/2016/1033"
        )
        cite(cls.a.report.paragraphs.get(anchor="p6"), "S/2016/1033")
        cls.other_year = make_document("S/2019/1", date=dt.date(2019, 3, 1))

    def test_a_year_lists_the_report_covering_it(self):
        html = self.client.get("/years/2016/").content.decode()
        dated = _section(html, "documents")
        about = _section(html, "documents-about")
        self.assertIn("S/2016/1019", dated)  # dated 2016
        self.assertIn("S/2017/130", about)  # dated 2017, covers 2016
        self.assertNotIn("S/2017/130", dated)
        self.assertNotIn("S/2019/1", html)

    def test_a_year_lists_its_meetings_concept_notes_in_the_archive_or_not(self):
        html = self.client.get("/years/2016/").content.decode()
        notes = html[html.index('<section id="concept-notes">') :]
        self.assertIn('<a class="symbol" href="/documents/S/2016/1019/">S/2016/1019</a>', notes)
        self.assertIn(
            '<a class="symbol" href="/documents/S/2016/1033/">S/2016/1033</a> <span class="not-in-archive">',
            notes,
        )
        self.assertIn('href="/meetings/2016-07-27/"', notes)

    def test_a_year_with_only_a_covering_report_lists_it(self):
        make_document(
            "S/2013/99",
            date=dt.date(2013, 2, 1),
            period_start=dt.date(2012, 1, 1),
            period_end=dt.date(2012, 12, 31),
        )
        r = self.client.get("/years/2012/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "S/2013/99")


@override_settings(LANGUAGE_CODE="zh-hans")
class SymbolPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a = build_sample_archive()
        make_meeting("2016-07-27", title="情报", concept_note_symbol="S/2016/1033")
        cite(cls.a.report.paragraphs.get(anchor="p6"), "S/2016/1033")

    def test_a_cited_only_concept_note_links_to_its_meeting(self):
        r = self.client.get("/documents/S/2016/1033/")
        self.assertContains(r, "此文件是以下会议的概念说明")
        self.assertContains(
            r, '<a class="meeting-link" href="/meetings/2016-07-27/">2016年7月27日</a> (情报)'
        )

    def test_a_concept_note_in_the_archive_links_to_its_meeting(self):
        r = self.client.get("/documents/S/2016/1019/")
        self.assertContains(r, '<p class="concept-note-for">')
        self.assertContains(r, 'href="/meetings/2016-04-28/"')

    def test_the_unknown_symbol_page_links_to_the_official_text(self):
        r = self.client.get("/documents/S/1999/999/")
        self.assertEqual(r.status_code, 404)
        self.assertContains(
            r, '<a class="undocs" href="https://undocs.org/S/1999/999"', status_code=404
        )
        r = self.client.get("/documents/nonsense/")
        self.assertNotContains(r, "undocs.org/nonsense", status_code=404)
