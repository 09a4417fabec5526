"""The page cache keeps one body per page and plain query string: made-up query strings
are rendered afresh and not kept, so that a crawl of them cannot fill the cache."""

from django.test import TestCase

from archive.views import fragments
from tests.factories import make_document


def shared_entries():
    return len(list(fragments.shared_pages()._list_cache_files()))


class PageCacheBoundTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document("S/2017/130", paragraphs=["一。"])

    def setUp(self):
        fragments.clear()

    def test_made_up_query_strings_are_not_kept(self):
        url = self.doc.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(shared_entries(), 1)
        for i in range(30):
            for query in (f"x={i}", f"page=0{i}", f"page={i}&page=1", f"lang=<{i}>"):
                response = self.client.get(f"{url}?{query}")
                self.assertEqual(response.status_code, 200)
        self.assertEqual(shared_entries(), 1)

    def test_the_parameters_a_page_reads_are_kept_apart(self):
        url = self.doc.get_absolute_url()
        for query in ("", "?page=1", "?lang=zh", "?part=1&page=1"):
            self.client.get(url + query)
        self.assertEqual(shared_entries(), 4)
        self.client.get(url + "?page=1")
        self.assertEqual(shared_entries(), 4)

    def test_a_made_up_parameter_does_not_reach_the_links_of_a_kept_page(self):
        url = "/meetings/"
        self.client.get(url + "?evil=1")
        body = self.client.get(url).content.decode()
        self.assertNotIn("evil", body)


class PageFileCacheTests(TestCase):
    def test_it_stays_near_its_bound_and_lists_its_folder_once_per_batch_of_writes(self):
        import tempfile
        from unittest import mock

        cache = fragments.PageFileCache(tempfile.mkdtemp(prefix="pages-"), {})
        cache._max_entries = 40
        listed = mock.patch.object(
            cache, "_list_cache_files", wraps=cache._list_cache_files
        ).start()
        self.addCleanup(mock.patch.stopall)
        for i in range(600):
            cache.set(f"page{i}", ["<p>body</p>", i], 60)
        self.assertEqual(listed.call_count, 600 // cache.CULL_EVERY + 1)
        # culled to two thirds of the bound once per batch of writes, then a batch more
        self.assertLessEqual(len(cache.__class__._list_cache_files(cache)), 40 + cache.CULL_EVERY)
        self.assertEqual(cache.get("page599"), ["<p>body</p>", 599])
