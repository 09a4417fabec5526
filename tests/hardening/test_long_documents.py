"""Long documents on pages: the text by part (main text, each annex) and a page at a time,
so that a million-paragraph document makes pages of a bounded size in a bounded number
of queries; paragraph permalinks find the page that holds the paragraph."""

import tracemalloc

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.views import document_parts, fragments
from tests.factories import build_long_document, make_document

PAGE_BYTES = 400_000  # a page of 500 short paragraphs with its layout


def get(client, url):
    fragments.clear()
    cache.clear()
    return client.get(url)


class MillionParagraphTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = build_long_document("S/2020/1000", 1_000_000, annexes=2, cite_every=1000)
        cls.url = cls.doc.get_absolute_url()

    def test_the_first_page_is_bounded_in_size_queries_and_memory(self):
        fragments.clear()
        cache.clear()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertLess(len(response.content), PAGE_BYTES)
        self.assertTrue('id="p500"' in body, 'id="p500"')
        self.assertFalse('id="p501"' in body, 'id="p501"')
        self.assertLessEqual(len(queries), 25)
        self.assertLess(peak, 40 * 2**20)  # bytes of Python memory at the peak
        self.assertTrue("第 1 页，共 2000 页" in body, "第 1 页，共 2000 页")
        self.assertTrue(
            f'href="{self.url}para/p100000"' in body, f'href="{self.url}para/p100000"'
        )  # a cited place, on page 200

    def test_a_later_page_holds_its_paragraphs(self):
        response = get(self.client, f"{self.url}?page=2000")
        body = response.content.decode()
        self.assertTrue('id="p1000000"' in body and 'id="p999500"' not in body)
        self.assertLess(len(response.content), PAGE_BYTES)

    def test_a_paragraph_permalink_redirects_to_its_page(self):
        response = self.client.get(reverse("archive:paragraph", args=["S/2020/1000", "830"]))
        self.assertRedirects(response, f"{self.url}?page=2#p830", fetch_redirect_response=False)
        self.assertTrue(
            'id="p830"' in get(self.client, f"{self.url}?page=2").content.decode(), 'id="p830"'
        )
        response = self.client.get(reverse("archive:paragraph", args=["S/2020/1000", "p999999"]))
        self.assertRedirects(
            response, f"{self.url}?page=2000#p999999", fetch_redirect_response=False
        )

    def test_each_annex_is_a_part(self):
        response = self.client.get(reverse("archive:paragraph", args=["S/2020/1000", "annex2-p3"]))
        self.assertRedirects(
            response, f"{self.url}?part=3#annex2-p3", fetch_redirect_response=False
        )
        body = get(self.client, f"{self.url}?part=3").content.decode()
        self.assertTrue('id="annex2-p3"' in body, 'id="annex2-p3"')
        self.assertFalse('id="annex1-p3"' in body, 'id="annex1-p3"')
        self.assertFalse('id="p1"' in body, 'id="p1"')

    def test_page_numbers_out_of_range_give_the_nearest_page(self):
        for query, present in (("page=0", "p1"), ("page=99999999", "p1000000"), ("part=x", "p1")):
            with self.subTest(query=query):
                response = get(self.client, f"{self.url}?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(f'id="{present}"' in response.content.decode(), f'id="{present}"')


class PartsTests(TestCase):
    def test_a_short_document_is_one_page_with_links_on_it(self):
        doc = make_document("S/2017/130", paragraphs=["一。", "二。"])
        parts = document_parts.text_parts(doc)
        self.assertEqual([(p.first, p.last, p.rows, p.pages) for p in parts], [(1, 2, 2, 1)])
        body = self.client.get(doc.get_absolute_url()).content.decode()
        self.assertFalse("text-pages" in body, "text-pages")

    def test_an_unknown_paragraph_is_a_404(self):
        make_document("S/2017/130", paragraphs=["一。"])
        response = self.client.get(reverse("archive:paragraph", args=["S/2017/130", "p99"]))
        self.assertEqual(response.status_code, 404)
        response = self.client.get(reverse("archive:paragraph", args=["S/2099/1", "p1"]))
        self.assertEqual(response.status_code, 404)
