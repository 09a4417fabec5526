"""Pages stay bounded when the archive grows: lists are paginated with their counts, the
neighbours of a meeting are found by index, the text of a document is cached."""

import datetime as dt

from django.db import connection
from django.db.models import F
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import queries
from archive.links import link_symbols
from archive.models import Document, Meeting
from tests.factories import add_paragraphs, brief, make_briefer, make_document, make_meeting
from tests.test_page_cache import PageTestCase


class NeighbourTests(PageTestCase):
    def test_it_agrees_with_the_archive_order_across_years_days_and_undated_meetings(self):
        doc = make_document("S/2016/1")
        for year in (2014, 2016):
            for kind in (Meeting.Kind.ORGANIZATIONAL, Meeting.Kind.TCC):
                make_meeting(year=year, kind=kind)
            make_meeting(f"{year}-03-01")
            make_meeting(f"{year}-03-01", seq=2)
            make_meeting(f"{year}-11-30", report=doc)
        make_meeting(year=2015, kind=Meeting.Kind.TCC)
        order = list(Meeting.objects.order_by("year", F("date").asc(nulls_first=True), "seq", "pk"))
        self.assertEqual(len(order), 11)
        for i, meeting in enumerate(order):
            expected = (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
            with self.assertNumQueries(2):
                self.assertEqual(queries.meeting_neighbours(meeting), expected, meeting.slug)


class PaginationTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document("S/2016/1", date=dt.date(2016, 12, 31))
        cls.briefer = make_briefer("Renata Dwan")
        start = dt.date(2016, 1, 1)
        cls.meetings = [
            make_meeting(start + dt.timedelta(days=i // 2), seq=i % 2 + 1) for i in range(120)
        ]
        for m in cls.meetings[:60]:
            brief(m, cls.briefer, cls.doc)

    def test_it_pages_a_year_and_its_timeline_links_to_the_right_page(self):
        r = self.client.get(reverse("archive:year", args=[2016]))
        self.assertEqual(r.context["page"].paginator.count, 120)
        self.assertEqual(r.context["meetings"], self.meetings[:100])
        self.assertContains(r, "<h2>会议 (120)</h2>", html=True)
        r = self.client.get(reverse("archive:year", args=[2016]), {"page": 2})
        self.assertEqual(r.context["meetings"], self.meetings[100:])
        # one mark per day; two meetings a day, so each links to the list, on its page
        marks = r.context["timeline"]["rows"][0]["marks"]
        self.assertEqual(len(marks), 60)
        self.assertEqual((marks[0]["n"], marks[0]["url"]), (2, "/years/2016/#meetings"))
        self.assertEqual(marks[-1]["url"], "/years/2016/?page=2#meetings")

    def test_it_pages_the_briefings_of_a_briefer_and_shows_how_many(self):
        url = self.briefer.get_absolute_url()
        r = self.client.get(url)
        self.assertEqual([b.meeting for b in r.context["briefings"]], self.meetings[:50])
        self.assertContains(r, "60 次通报")
        r = self.client.get(url, {"page": 2})
        self.assertEqual([b.meeting for b in r.context["briefings"]], self.meetings[50:60])
        self.assertContains(r, '<a rel="prev" href="?page=1">')

    def test_it_pages_all_meetings_latest_year_first_with_counts_per_year(self):
        make_meeting("2017-05-01")
        r = self.client.get(reverse("archive:meetings"))
        self.assertEqual(r.context["page"].paginator.count, 121)
        self.assertEqual(r.context["year_counts"], [(2017, 1), (2016, 120)])
        self.assertEqual([y for y, _ in r.context["years"]], [2017, 2016])
        self.assertEqual(len(r.context["years"][1][1]), 99)
        marks = [m for row in r.context["timeline"]["rows"] for m in row["marks"]]
        self.assertEqual(
            [(m["when"], m["n"]) for m in marks][:3],
            [("2017-05", 1), ("2016-01", 62), ("2016-02", 58)],
        )

    def test_it_pages_the_briefers(self):
        r = self.client.get(reverse("archive:briefers"))
        self.assertEqual([(b.name, b.n) for b in r.context["briefers"]], [("Renata Dwan", 60)])


class CitedByTests(PageTestCase):
    def test_it_shows_the_latest_citing_documents_and_how_many_cite_it(self):
        cited = make_document("S/2010/1", paragraphs=["正文。"])
        for i in range(queries.CITING_LIMIT + 5):
            make_document(
                f"S/2011/{i + 1}",
                date=dt.date(2011, 1, 1) + dt.timedelta(days=i),
                paragraphs=[{"kind": "paragraph", "text": "见 S/2010/1。", "cites": ["S/2010/1"]}],
            )
        r = self.client.get(cited.get_absolute_url())
        citing = r.context["cited_by"]
        self.assertEqual((len(citing), citing.total), (queries.CITING_LIMIT, 55))
        self.assertEqual(citing.documents[0].document.symbol, "S/2011/55")  # latest first
        self.assertContains(r, f"{queries.CITING_LIMIT} / 55 份文件")
        self.assertContains(r, "被引用 (55)")
        api = self.client.get(reverse("archive:api_document", args=["S/2010/1"])).json()
        self.assertEqual((len(api["cited_by"]), api["cited_by_count"]), (50, 55))


class DocumentTextCacheTests(PageTestCase):
    def count(self, url):
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url)
        return r, len(ctx)

    def test_it_builds_the_text_once_and_again_when_the_document_changes(self):
        doc = make_document("S/2016/2", paragraphs=["第一段。", ("footnote", "1", "注。")])
        url = doc.get_absolute_url()
        r, cold = self.count(url)
        self.assertContains(r, "第一段。")
        self.assertContains(r, '<li id="fn1" value="1">注。')
        # another query string: the page is rendered again, its text comes from the cache
        r, warm = self.count(url + "?from=list")
        # no paragraphs query, and no page-cache lookup for a parameter the page does not read
        self.assertEqual(warm, cold - 2)
        self.assertContains(r, "第一段。")
        self.assertEqual(r.context["text"].body_count, 1)
        # ingest rewrites the paragraphs and saves the document
        doc.paragraphs.all().delete()
        add_paragraphs(doc, ["改写的段落。"])
        Document.objects.get(pk=doc.pk).save()
        r = self.client.get(url)
        self.assertContains(r, "改写的段落。")
        self.assertNotContains(r, "第一段。")

    def test_it_keeps_one_text_per_interface_language(self):
        doc = make_document("S/2016/3", paragraphs=["第一段。"])
        r = self.client.get(doc.get_absolute_url())
        self.assertContains(r, "S/2016/3，第1段")
        r = self.client.get(doc.get_absolute_url(), headers={"accept-language": "en"})
        self.assertContains(r, "S/2016/3, para. 1")


class LinkSymbolsTests(SimpleTestCase):
    def test_it_escapes_text_without_symbols_and_links_symbols_in_any_width(self):
        self.assertEqual(
            link_symbols("<b>无</b> & 'x'"), "&lt;b&gt;无&lt;/b&gt; &amp; &#x27;x&#x27;"
        )
        self.assertEqual(
            link_symbols("见Ｓ／２０１１／８１７<"),
            '见<a class="sym" href="/documents/S/2011/817/">Ｓ／２０１１／８１７</a>&lt;',
        )
        self.assertEqual(
            link_symbols("第1353（2001）号决议"),
            '第<a class="sym" href="/documents/S/RES/1353(2001)/">1353（2001）</a>号决议',
        )
