"""whoosh-reloaded is pinned; with another version installed (or the setting off) the
engine falls back to plain Whoosh for writing and reading, with the same answers."""

from unittest import mock

from django.test import SimpleTestCase, override_settings

import search
from search.engines.whoosh import compat
from tests.search.test_cost import HOSTILE
from tests.search.test_engine import IndexedArchiveTestCase

QUERIES = ["直升机", "工作组", "机", '"非洲联盟和平基金"', "S/2011/817", "工作组 NOT 直升机", "维*"]


def answers(query, **kwargs):
    results = search.search(query, per_page=50, **kwargs)
    return results.count, sorted(h.url for h in results.hits), results.facets


class VersionCheckTest(SimpleTestCase):
    def setUp(self):
        compat._version_ok.cache_clear()
        self.addCleanup(compat._version_ok.cache_clear)

    def test_it_accelerates_only_the_tested_version(self):
        with mock.patch.object(compat, "installed_version", return_value=compat.TESTED_VERSION):
            self.assertTrue(compat.accelerated())
        compat._version_ok.cache_clear()
        with (
            mock.patch.object(compat, "installed_version", return_value="2.8.0"),
            self.assertLogs("search.engines.whoosh.compat", "WARNING") as logs,
        ):
            self.assertFalse(compat.accelerated())
        self.assertIn("2.8.0", logs.output[0])

    def test_the_installed_version_is_the_tested_one(self):
        self.assertEqual(compat.installed_version(), compat.TESTED_VERSION)

    @override_settings(SEARCH_WHOOSH_ACCELERATED=False)
    def test_a_setting_turns_it_off(self):
        self.assertFalse(compat.accelerated())


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class PlainWhooshTest(IndexedArchiveTestCase):
    def test_plain_whoosh_gives_the_same_answers(self):
        accelerated = {q: answers(q) for q in QUERIES}
        with override_settings(SEARCH_WHOOSH_ACCELERATED=False):
            search.rebuild()  # written by Whoosh's own writer
            for query in QUERIES:
                with self.subTest(query=query):
                    self.assertEqual(answers(query), accelerated[query])
                    self.assertEqual(answers(query, sort="date")[0], accelerated[query][0])
            self.assertTrue(search.check().ok)

    @override_settings(SEARCH_WHOOSH_ACCELERATED=False)
    def test_plain_whoosh_answers_or_refuses_hostile_queries(self):
        for query in HOSTILE:
            with self.subTest(query=query[:30]):
                try:
                    search.search(query)
                except search.QueryTooBroad:
                    pass

    @override_settings(SEARCH_WHOOSH_ACCELERATED=False, SEARCH_LIMITS={"seconds": 0.0})
    def test_plain_whoosh_stops_at_the_deadline(self):
        with self.assertRaises(search.QueryTooBroad):
            search.search("工作组 OR 特派团")
