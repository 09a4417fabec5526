"""Every feed is Atom a reader accepts: id, title and updated on the feed, and entries each
with id, link and updated; the pages link their feeds."""

import re
import xml.etree.ElementTree as ET
from unittest import mock

from django.test import TestCase

import search
from tests.factories import build_sample_archive

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def parse(self, url, **query):
        r = self.client.get(url, query)
        self.assertEqual(r.status_code, 200, url)
        self.assertTrue(r["Content-Type"].startswith("application/atom+xml"))
        feed = ET.fromstring(r.content)
        self.assertEqual(feed.tag, f"{ATOM}feed")
        for name in ("id", "title", "updated"):
            self.assertTrue(feed.findtext(f"{ATOM}{name}"), f"{url}: no {name}")
        entries = feed.findall(f"{ATOM}entry")
        ids = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                self.assertTrue(entry.findtext(f"{ATOM}{name}"), f"{url}: entry without {name}")
            link = entry.find(f"{ATOM}link")
            self.assertTrue(link.get("href").startswith("http://testserver/"))
            ids.append(entry.findtext(f"{ATOM}id"))
        self.assertEqual(len(ids), len(set(ids)), f"{url}: entry ids repeat")
        return feed, entries

    def titles(self, entries):
        return [e.findtext(f"{ATOM}title") for e in entries]

    def test_the_new_documents_feed(self):
        _feed, entries = self.parse("/feeds/documents/")
        self.assertEqual(len(entries), 5)
        self.assertIn(
            "S/2017/130 (zh) 关于维持和平行动工作组 2016年1月1日至12月31日期间活动的报告",
            self.titles(entries),
        )

    def test_the_meetings_feed(self):
        _feed, entries = self.parse("/feeds/meetings/")
        self.assertEqual(len(entries), 4)
        self.assertTrue(self.titles(entries)[0].startswith("2016-04-28"))

    def test_a_briefers_feed(self):
        feed, entries = self.parse(f"/feeds/briefers/{self.s.ladsous.pk}/")
        self.assertIn("埃尔韦·拉德苏", feed.findtext(f"{ATOM}title"))
        self.assertEqual(len(entries), 2)
        self.assertEqual(self.client.get("/feeds/briefers/999999/").status_code, 404)

    def test_a_topics_feed(self):
        _feed, entries = self.parse("/feeds/topics/technology/")
        self.assertEqual(len(entries), 2)  # one meeting, one document

    def test_a_saved_search_feed(self):
        hit = search.Hit(
            type="paragraph",
            symbol="S/2017/130",
            paragraph="6",
            title="报告",
            date=self.s.report.date,
            url="/documents/S/2017/130/#p6",
            snippet="<mark>技术</mark>",
            score=1.0,
        )
        results = search.SearchResults(query="技术", hits=[hit], count=1, page=1, per_page=50)
        with mock.patch.object(search, "search", return_value=results) as called:
            feed, entries = self.parse("/feeds/search/", q="技术", doc_type="report")
        self.assertEqual(called.call_args.kwargs["filters"]["doc_type"], "report")
        self.assertEqual(called.call_args.kwargs["sort"], "date")
        self.assertIn("技术", feed.findtext(f"{ATOM}title"))
        self.assertEqual(self.titles(entries), ["S/2017/130, 6 报告"])

    def test_pages_link_their_feeds(self):
        def alternates(url):
            body = self.client.get(url).content.decode()
            return re.findall(
                r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', body
            )

        self.assertEqual(alternates("/"), ["/feeds/documents/", "/feeds/meetings/"])
        self.assertIn(
            f"/feeds/briefers/{self.s.ladsous.pk}/", alternates(self.s.ladsous.get_absolute_url())
        )
        self.assertIn("/feeds/topics/technology/", alternates(self.s.topic.get_absolute_url()))
