"""Document and meeting pages (issue 16.5, 16.7): the annex table of meetings as a table
(a meeting's page shows its row), a table of contents for long texts, languages by name."""

from pathlib import Path

from django.test import TestCase, override_settings

from ingest.service import ingest_path

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


@override_settings(LANGUAGE_CODE="zh-hans")
class AnnexTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        outcome = ingest_path(CORPUS / "S_2017_130.zh.txt")
        assert outcome.ok, outcome.messages

    def test_the_document_page_shows_the_meetings_table_as_a_table(self):
        html = self.client.get("/documents/S/2017/130/").content.decode()
        table = html[html.index('<table class="annex-table"') : html.index("</table>")]
        self.assertIn('<th scope="col">日期</th><th scope="col">通报人</th>', table)
        self.assertEqual(table.count("<tr>"), 6)  # the head and five meetings
        self.assertIn('<th scope="row"><a href="/meetings/2016-04-28/">4月28日</a></th>', table)
        # a name split over two printed lines is one name again, linked to its briefer
        self.assertRegex(
            table,
            r'<span class="role">主管外勤支助事务副秘书长</span><a href="/briefers/\d+/">阿图尔·哈雷</a>',
        )
        self.assertNotIn("阿图\n尔", html)

    def test_a_meeting_page_shows_its_own_row_of_the_table(self):
        html = self.client.get("/meetings/2016-04-28/").content.decode()
        row = html[html.index('<figure class="annex-row"') : html.index("</figure>")]
        self.assertIn("S/2017/130，附件", row)
        self.assertIn("苏和", row)
        self.assertIn("在维持和平行动中使用技术", row)
        self.assertNotIn("卡西姆", row)  # another meeting's row
        self.assertNotIn("阿图\n尔", html)
        self.assertNotIn("阿图 尔", html)

    def test_a_long_document_has_a_table_of_contents(self):
        html = self.client.get("/documents/S/2017/130/").content.decode()
        contents = html[html.index('<details class="contents"') : html.index("</details>")]
        self.assertIn("目录（", contents)
        self.assertIn(
            '<a href="#h5"><span class="num">A.</span> 在维持和平行动中使用技术</a>', contents
        )
        self.assertIn("附件", contents)

    def test_languages_are_named(self):
        html = self.client.get("/documents/S/2017/130/").content.decode()
        self.assertIn("<dt>语文</dt><dd>中文 (原文： 英文)</dd>", html)
        self.assertIn('<strong class="lang-badge" aria-current="true">中文</strong>', html)
