"""The search page and the search API."""

import shutil
from pathlib import Path
from unittest import mock

import haystack
from django.test import override_settings
from django.urls import reverse

import search
from archive.models import Paragraph
from tests.search.test_engine import IndexedArchiveTestCase


def break_index():
    """A newer table of contents that cannot be read: the index is corrupt."""
    path = Path(haystack.connections["default"].get_backend().path)
    for toc in path.glob("*.toc"):
        toc.unlink()
    (path / "_MAIN_999.toc").write_bytes(b"not an index")


def delete_index():
    shutil.rmtree(haystack.connections["default"].get_backend().path)


@override_settings(SEARCH_ENGINE="whoosh")  # index files deleted, Whoosh internals patched
@override_settings(LANGUAGE_CODE="en")
class SearchPageTest(IndexedArchiveTestCase):
    url = reverse("search:search")

    def test_it_shows_results_with_symbol_paragraph_date_and_highlight(self):
        r = self.client.get(self.url, {"q": "直升机"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(
            r, '<a class="result-link" href="/documents/S/2011/817/#p1">S/2011/817, para. 1</a>'
        )
        self.assertContains(r, '<time datetime="2011-12-30">Dec. 30, 2011</time>')
        self.assertContains(r, "<mark>直升机</mark>")

    def test_it_escapes_indexed_text(self):
        para = Paragraph.objects.get(document__symbol="S/2011/817", number="1")
        para.text = "<script>alert(1)</script> 直升机"
        para.save()
        search.index_document(para.document_id)
        r = self.client.get(self.url, {"q": "直升机"})
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt; <mark>直升机</mark>")
        self.assertNotContains(r, "<script>alert")

    def test_it_redirects_a_known_symbol_to_its_document(self):
        for query, target in [
            ("s/2011/817", "/documents/S/2011/817/"),
            ("S/2011/ 817", "/documents/S/2011/817/"),
            ("A/70/95-S/2015/446", "/documents/A/70/95-S/2015/446/"),
        ]:
            with self.subTest(query=query):
                r = self.client.get(self.url, {"q": query})
                self.assertRedirects(r, target, fetch_redirect_response=False)

    def test_it_lists_documents_under_a_symbol_prefix(self):
        r = self.client.get(self.url, {"q": "S/2017/"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'href="/documents/S/2017/130/"')
        self.assertEqual(r.context["results"].count, 1)

    def test_it_filters_sorts_and_links_facets(self):
        r = self.client.get(self.url, {"q": "工作组", "type": "paragraph", "sort": "date"})
        self.assertEqual(r.status_code, 200)
        hits = r.context["results"].hits
        self.assertEqual({h.type for h in hits}, {"paragraph"})
        self.assertEqual([h.symbol for h in hits], ["S/2017/130", "S/2011/817", "S/2011/817"])
        self.assertContains(r, "<strong>Paragraphs</strong> (3)")
        self.assertContains(
            r,
            'href="?q=%E5%B7%A5%E4%BD%9C%E7%BB%84&amp;type=paragraph&amp;sort=date&amp;year=2011"',
        )

    def test_it_counts_results(self):
        r = self.client.get(self.url, {"q": "工作组"})
        self.assertContains(r, "1–6")
        self.assertEqual(len(r.context["results"].hits), 6)

    def test_it_says_when_counts_are_estimated(self):
        exact = self.client.get(self.url, {"q": '"非洲联盟和平基金"'})
        self.assertContains(exact, "1–1 of 1")
        self.assertNotContains(exact, "estimated")
        with mock.patch("search.engines.whoosh.matching.VERIFY_ALL", 0):  # check only what is shown
            r = self.client.get(self.url, {"q": '"非洲联盟和平基金"'})
        self.assertContains(r, "1–1 of about 1")
        self.assertContains(r, "(estimated)")

    def test_it_says_when_the_page_does_not_exist(self):
        r = self.client.get(self.url, {"q": "工作组", "page": "5"})
        self.assertEqual(r.status_code, 404)

    def test_it_explains_a_malformed_query(self):
        for params, message in [
            ({"q": '"特派团'}, "unclosed quotation mark"),
            ({"q": "直升机", "page": "x"}, "page number"),
            ({"q": "直升机", "page": "0"}, "page number"),
            ({"q": "直升机", "year": "20"}, "four digits"),
            ({"q": "直升机", "type": "nothing"}, "Unknown result type"),
            ({"q": "doc_type:report"}, "Only the fields"),
        ]:
            with self.subTest(params=params):
                r = self.client.get(self.url, params)
                self.assertEqual(r.status_code, 400)
                self.assertContains(r, message, status_code=400)

    def test_an_empty_query_shows_the_search_page_with_how_to_search(self):
        for params in ({"q": "  "}, {}):
            with self.subTest(params=params):
                r = self.client.get(self.url, params)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, '<details class="search-help" id="search-help" open>')
                self.assertContains(r, "<code>cites:S/RES/1353(2001)</code>")
                self.assertNotContains(r, "search-results")

    def test_it_says_search_is_unavailable_when_the_index_is_missing(self):
        delete_index()
        r = self.client.get(self.url, {"q": "直升机"})
        self.assertContains(r, "Search is unavailable", status_code=503)
        self.assertEqual(self.client.get(reverse("archive:documents")).status_code, 200)

    def test_it_says_search_is_unavailable_when_the_index_is_corrupt(self):
        self.client.get(self.url, {"q": "直升机"})  # a cached searcher must not hide it
        break_index()
        r = self.client.get(self.url, {"q": "直升机"})
        self.assertContains(r, "Search is unavailable", status_code=503)


@override_settings(SEARCH_ENGINE="whoosh")  # index files deleted, Whoosh internals patched
@override_settings(LANGUAGE_CODE="en")
class SearchApiTest(IndexedArchiveTestCase):
    url = reverse("archive:api_search")

    def test_it_returns_counts_and_results(self):
        r = self.client.get(self.url, {"q": '"非洲联盟和平基金"'})
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual((data["count"], data["count_is_estimate"]), (1, False))
        self.assertEqual(
            data["results"],
            [
                {
                    "type": "paragraph",
                    "symbol": "S/2017/130",
                    "paragraph": "27",
                    "title": "安全理事会维持和平行动工作组 2016 年的报告",
                    "date": "2017-02-13",
                    "url": "http://testserver/documents/S/2017/130/#p27",
                    "snippet": "与会者讨论了<mark>非洲联盟和平基金</mark>的供资问题以及无人机的使用。",
                }
            ],
        )

    def test_it_pages(self):
        first = self.client.get(self.url, {"q": "工作组"}).json()
        self.assertEqual((first["count"], first["page"], first["num_pages"]), (6, 1, 1))
        r = self.client.get(self.url, {"q": "工作组", "page": "2"})
        self.assertEqual(r.status_code, 404)
        self.assertIn("no page 2", r.json()["error"])

    def test_it_answers_errors_in_json(self):
        cases = [
            ({}, 400, "q is required"),
            ({"q": "(直升机"}, 400, "parentheses"),
            ({"q": "直升机", "page": "-1"}, 400, "page number"),
        ]
        for params, status, message in cases:
            with self.subTest(params=params):
                r = self.client.get(self.url, params)
                self.assertEqual(r.status_code, status)
                self.assertIn(message, r.json()["error"])
        self.assertEqual(self.client.post(self.url, {"q": "直升机"}).status_code, 405)

    def test_it_answers_503_when_the_index_is_missing(self):
        delete_index()
        r = self.client.get(self.url, {"q": "直升机"})
        self.assertEqual(r.status_code, 503)
        self.assertIn("unavailable", r.json()["error"])
