import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import build_large_document, build_sample_archive, make_document
from tests.test_page_cache import PageTestCase, clear_page_caches


def doc_url(symbol):
    return reverse("archive:document", args=[symbol])


class DocumentPageTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_shows_metadata_text_and_anchors(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "关于维持和平行动工作组 2016年1月1日至12月31日期间活动的报告")
        self.assertContains(r, '<section id="text" class="doc-text" lang="zh">', html=False)
        self.assertContains(r, 'id="p6"')
        self.assertContains(r, 'id="p104"')
        self.assertContains(r, 'id="fn1"')
        self.assertContains(r, '<h3 id="h1" class="heading level-1">', html=False)
        self.assertContains(r, "导言")

    def test_it_gives_a_cite_link_per_numbered_paragraph_in_chinese(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, 'data-cite="S/2017/130，第6段"')
        self.assertContains(r, '<a class="permalink" href="#p6" title="永久链接">¶</a>', html=True)

    def test_it_gives_the_english_cite_label_in_the_english_interface(self):
        r = self.client.get("/documents/S/2017/130/", headers={"accept-language": "en"})
        self.assertContains(r, 'data-cite="S/2017/130, para. 1"')
        self.assertContains(r, "Full text")

    def test_it_links_every_symbol_in_the_text(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, '<a class="sym" href="/documents/S/PRST/2001/3/">S/PRST/2001/3</a>')
        self.assertContains(
            r, '<a class="sym" href="/documents/S/2017/2/Rev.1/">S/2017/2/Rev.1</a>'
        )
        # a resolution cited by number in a footnote
        self.assertContains(r, '<a class="sym" href="/documents/S/RES/1353(2001)/">1353(2001)</a>')

    def test_it_escapes_document_text(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_it_shows_reported_meetings_with_briefers(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, f'href="{self.s.tech.get_absolute_url()}"')
        self.assertContains(r, f'href="{self.s.ladsous.get_absolute_url()}"')
        self.assertContains(r, "主管维持和平行动副秘书长")
        self.assertContains(r, 'href="/meetings/2016-04-28-2/"')
        self.assertContains(r, 'href="/meetings/2016-organizational/"')
        self.assertContains(r, '<a href="/documents/S/2016/1019/">S/2016/1019</a>', html=True)

    def test_it_lists_recommendations_and_questions(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, '<a class="para-ref" href="#p104">104</a>', html=True)
        r = self.client.get("/documents/S/2016/1019/")
        self.assertContains(r, "技术如何改善维持和平人员的安全？")

    def test_it_lists_documents_cited_and_cited_by(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, 'id="cites"')
        self.assertContains(r, "S/PRST/2001/3")
        self.assertContains(r, 'href="/documents/S/2011/817/?lang=zh#p53"')
        self.assertContains(r, "S/2011/817，第53段")
        self.assertEqual([e.document.symbol for e in r.context["cited_by"]], ["S/2011/817"])

    def test_it_redirects_other_spellings_to_the_canonical_url(self):
        for spelling in ["s/2017/130", "S / 2017 / 130", "Ｓ／２０１７／１３０"]:
            r = self.client.get(doc_url(spelling))
            self.assertEqual(r.status_code, 301, spelling)
            self.assertEqual(r["Location"], "/documents/S/2017/130/")

    def test_it_adds_the_trailing_slash(self):
        r = self.client.get("/documents/S/2017/130")
        self.assertRedirects(r, "/documents/S/2017/130/", status_code=301)

    def test_it_keeps_the_language_when_redirecting(self):
        r = self.client.get("/documents/s/2017/130/?lang=en")
        self.assertEqual(r["Location"], "/documents/S/2017/130/?lang=en")

    def test_it_redirects_each_symbol_of_a_joint_document(self):
        r = self.client.get("/documents/S/2015/446/")
        self.assertRedirects(r, "/documents/A/70/95/", status_code=301)
        r = self.client.get(doc_url("A/70/95-S/2015/446"))
        self.assertRedirects(
            r, "/documents/A/70/95/", status_code=301, fetch_redirect_response=False
        )
        clear_page_caches()  # assertRedirects rendered the page: afresh, for its context
        r = self.client.get("/documents/A/70/95/")
        self.assertContains(r, "S/2015/446")
        self.assertEqual(r.context["symbols"], ["A/70/95", "S/2015/446"])

    def test_it_shows_the_version_in_the_interface_language_with_links_to_others(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertEqual(r.context["doc"].language, "zh")
        self.assertContains(r, 'href="/documents/S/2017/130/?lang=en"')
        r = self.client.get("/documents/S/2017/130/", headers={"accept-language": "en"})
        self.assertEqual(r.context["doc"].language, "en")
        self.assertContains(r, 'lang="en"')
        r = self.client.get("/documents/S/2017/130/?lang=en")
        self.assertEqual(r.context["doc"].language, "en")
        self.assertContains(r, "The Working Group was established by")
        r = self.client.get("/documents/S/2016/1019/?lang=fr")
        self.assertEqual(r.context["doc"].language, "zh")

    def test_it_gives_a_page_to_a_symbol_that_is_only_cited(self):
        r = self.client.get("/documents/S/PRST/2001/3/")
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "archive/document_cited.html")
        self.assertContains(r, 'href="https://undocs.org/S/PRST/2001/3"')
        self.assertContains(r, 'href="/documents/S/2017/130/?lang=zh#p1"')
        r = self.client.get(doc_url("s/prst/2001/3"))
        self.assertRedirects(r, "/documents/S/PRST/2001/3/", status_code=301)

    def test_it_answers_an_unknown_symbol_with_a_404_offering_search(self):
        r = self.client.get(doc_url("S/1999/999"))
        self.assertEqual(r.status_code, 404)
        self.assertContains(r, 'action="/search/"', status_code=404)
        self.assertContains(r, 'name="q" value="S/1999/999"', status_code=404)

    def test_it_escapes_the_symbol_on_the_404_page(self):
        r = self.client.get("/documents/<b>x</b>\"'/")
        self.assertEqual(r.status_code, 404)
        self.assertNotContains(r, "<b>x</b>", status_code=404)
        self.assertContains(r, "&lt;b&gt;x&lt;/b&gt;", status_code=404)

    def test_it_escapes_titles_and_file_names(self):
        make_document(
            "S/2020/5",
            title='<img src=x onerror="alert(1)">报告',
            source_name="<script>x</script>.txt",
            date=dt.date(2020, 1, 2),
            paragraphs=["正文<b>粗体</b>"],
        )
        for url in ["/documents/S/2020/5/", "/documents/", "/years/2020/", "/"]:
            r = self.client.get(url)
            self.assertNotContains(r, "<img src=x")
            self.assertNotContains(r, "<script>x</script>")
            self.assertNotContains(r, "<b>粗体</b>")
        r = self.client.get("/documents/S/2020/5/")
        self.assertContains(r, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;报告")
        self.assertContains(r, "&lt;script&gt;x&lt;/script&gt;.txt")

    def test_it_lists_documents(self):
        r = self.client.get(reverse("archive:documents"))
        self.assertContains(r, 'href="/documents/A/70/95/?lang=zh"')
        self.assertEqual(r.context["page"].paginator.count, 5)


class DocumentQueryCountTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        # The small one has one of everything, so that no prefetch is skipped as empty.
        cls.small = build_large_document(
            "S/2096/1", paragraphs=1, citations=1, meetings=1, cited_by=1, year=2096
        )
        cls.large = build_large_document(
            "S/2099/1", paragraphs=500, citations=300, meetings=20, cited_by=30
        )

    def queries_for(self, url):
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx)

    def test_it_runs_as_many_queries_for_a_large_document_as_for_a_small_one(self):
        small = self.queries_for(self.small.get_absolute_url())
        with self.assertNumQueries(small):
            r = self.client.get(self.large.get_absolute_url())
        self.assertEqual(r.context["text"].body_count, 500)
        self.assertEqual(len(r.context["meeting_reports"]), 20)
        self.assertEqual(len(r.context["cited_by"]), 30)

    def test_it_keeps_the_api_query_count_constant(self):
        small = self.queries_for(reverse("archive:api_document", args=[self.small.symbol]))
        with self.assertNumQueries(small):
            r = self.client.get(reverse("archive:api_document", args=[self.large.symbol]))
        self.assertEqual(len(r.json()["paragraphs"]), 500)

    def test_it_keeps_list_pages_constant(self):
        for name, args in [
            ("archive:meetings", []),
            ("archive:year", [2098]),
            ("archive:briefers", []),
            ("archive:home", []),
            ("archive:documents", []),
        ]:
            with self.subTest(name):
                count = self.queries_for(reverse(name, args=args))
                self.assertLessEqual(count, 10, name)


class FigurePageTests(PageTestCase):
    """A map page read from a PDF is kept as a figure block and shown with its anchor."""

    def test_a_figure_is_saved_and_shown(self):
        from ingest.readers import read_document
        from ingest.service import save_parsed
        from tests.parsers.test_pdf_figures import report

        parsed = read_document(report(), "map.pdf")
        save_parsed(parsed, sha="f" * 64, file_name="map.pdf", index=False)
        r = self.client.get(doc_url("S/2007/1"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<div id="fig1" class="para kind-figure">', html=False)
        self.assertContains(r, "Limonade")
