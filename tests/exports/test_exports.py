"""CSV and JSON exports: the right columns, Chinese intact for spreadsheet programs,
streamed, and holding exactly the rows of the list page they are linked from."""

import csv
import io
import json
from unittest import mock

from django.test import TestCase
from django.urls import reverse

import search
from archive.views import fragments
from tests.factories import build_sample_archive


def download(response):
    return b"".join(response.streaming_content)


def read_csv(response):
    raw = download(response)
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]  # UTF-8 byte-order mark, once
    assert raw.count(b"\xef\xbb\xbf") == 1
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def export(self, kind, fmt="csv", **query):
        r = self.client.get(reverse("archive:export", args=[kind, fmt]), query)
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.streaming)
        self.assertIn("attachment;", r["Content-Disposition"])
        return r

    def test_it_exports_meetings_with_briefers_reports_and_paragraphs(self):
        rows = read_csv(self.export("meetings"))
        self.assertEqual(
            list(rows[0]),
            [
                "date",
                "year",
                "slug",
                "kind",
                "ordinal",
                "title",
                "topic",
                "concept_note",
                "briefers",
                "reports",
                "report_paragraphs",
                "url",
            ],
        )
        tech = next(r for r in rows if r["slug"] == "2016-04-28")
        self.assertEqual(tech["title"], "在维持和平行动中使用技术")
        self.assertEqual(tech["kind"], "thematic")
        self.assertEqual(tech["ordinal"], "1")
        self.assertEqual(tech["concept_note"], "S/2016/1019")
        self.assertEqual(
            tech["briefers"],
            "埃尔韦·拉德苏 (主管维持和平行动副秘书长); Renata Dwan (维持和平行动部政策和最佳做法处处长)",
        )
        self.assertEqual(tech["reports"], "S/2016/1019 (zh); S/2017/130 (zh)")
        self.assertEqual(tech["report_paragraphs"], "S/2017/130，第6段; S/2017/130，第6(a)段")
        self.assertEqual(tech["url"], "http://testserver/meetings/2016-04-28/")
        self.assertEqual([r["slug"] for r in rows][:2], ["2011-07-14", "2016-organizational"])

    def test_it_exports_one_row_per_briefer_per_meeting(self):
        rows = read_csv(self.export("briefings"))
        self.assertEqual(
            [(r["meeting"], r["briefer"], r["role"]) for r in rows],
            [
                ("2011-07-14", "埃尔韦·拉德苏", "副秘书长"),
                ("2016-04-28", "埃尔韦·拉德苏", "主管维持和平行动副秘书长"),
                ("2016-04-28", "Renata Dwan", "维持和平行动部政策和最佳做法处处长"),
            ],
        )

    def test_it_exports_recommendations_and_documents(self):
        recs = read_csv(self.export("recommendations"))
        self.assertEqual(
            [(r["symbol"], r["paragraph"], r["citation"]) for r in recs],
            [("S/2017/130", "104", "S/2017/130，第104段")],
        )
        self.assertIn("<script>", recs[0]["text"])  # data, not HTML: kept as written
        docs = read_csv(self.export("documents"))
        self.assertEqual(len(docs), 5)
        joint = next(d for d in docs if d["symbol"] == "A/70/95")
        self.assertEqual(joint["symbols"], "A/70/95; S/2015/446")
        self.assertEqual(joint["title"], "和平行动问题高级别独立小组的报告")
        self.assertEqual(joint["official_text"], "https://undocs.org/A/70/95")

    def test_it_exports_the_same_rows_as_json(self):
        for kind in ("meetings", "briefings", "recommendations", "documents"):
            with self.subTest(kind):
                rows = json.loads(download(self.export(kind, "json")))
                self.assertEqual(len(rows), len(read_csv(self.export(kind))))
        meetings = json.loads(download(self.export("meetings", "json")))
        tech = next(m for m in meetings if m["slug"] == "2016-04-28")
        self.assertEqual(
            tech["briefers"][1],
            {"name": "Renata Dwan", "role": "维持和平行动部政策和最佳做法处处长"},
        )
        self.assertEqual([p["anchor"] for p in tech["reports"][1]["paragraphs"]], ["p6", "p6-a"])

    def test_it_refuses_a_filter_it_cannot_use(self):
        r = self.client.get(reverse("archive:export", args=["meetings", "csv"]), {"year": "x"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.client.get("/exports/people.csv").status_code, 404)


class FilteredExportTests(TestCase):
    """An export linked from a list page holds the rows that page lists."""

    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def export_link(self, page, kind, fmt="csv"):
        fragments.clear()  # the page rendered now, with its context
        r = self.client.get(page)
        self.assertEqual(r.status_code, 200)
        prefix = reverse("archive:export", args=[kind, fmt])
        links = [
            a.split('"')[0].replace("&amp;", "&")
            for a in r.content.decode().split('href="')[1:]
            if a.startswith(prefix)
        ]
        self.assertTrue(links, f"no {kind} export on {page}")
        return r, links[0]

    def rows(self, url):
        return read_csv(self.client.get(url))

    def test_the_documents_page_and_its_export_hold_the_same_documents(self):
        for query in [
            "",
            "?doc_type=report",
            "?year=2017",
            "?organ=SC&year=2017",
            "?topic=technology",
        ]:
            with self.subTest(query):
                page, link = self.export_link(
                    f"/documents/{query}&page=1".replace("/&", "/?"), "documents"
                )
                listed = [(d.symbol, d.language) for d in page.context["page"].object_list]
                self.assertNotIn("page=", link)
                self.assertEqual([(r["symbol"], r["language"]) for r in self.rows(link)], listed)

    def test_the_year_page_and_its_exports_hold_the_same_meetings_and_documents(self):
        page, link = self.export_link("/years/2016/", "meetings")
        self.assertEqual(
            [r["slug"] for r in self.rows(link)], [m.slug for m in page.context["meetings"]]
        )
        page, link = self.export_link("/years/2016/", "documents")
        self.assertEqual(
            [r["symbol"] for r in self.rows(link)], [d.symbol for d in page.context["documents"]]
        )

    def test_the_briefer_page_and_its_export_hold_the_same_briefings(self):
        page, link = self.export_link(self.s.ladsous.get_absolute_url(), "briefings")
        self.assertEqual(
            [(r["meeting"], r["role"]) for r in self.rows(link)],
            [(b.meeting.slug, b.role) for b in page.context["briefings"]],
        )

    def test_the_topic_page_and_its_exports_hold_the_same_rows(self):
        page, link = self.export_link(self.s.topic.get_absolute_url(), "meetings")
        self.assertEqual(
            [r["slug"] for r in self.rows(link)], [m.slug for m in page.context["meetings"]]
        )
        page, link = self.export_link(self.s.topic.get_absolute_url(), "documents")
        self.assertEqual(
            [r["symbol"] for r in self.rows(link)], [d.symbol for d in page.context["documents"]]
        )

    def test_the_meetings_and_briefers_pages_export_everything(self):
        _page, link = self.export_link("/meetings/?page=1", "meetings")
        self.assertEqual(len(self.rows(link)), 4)
        _page, link = self.export_link("/briefers/", "briefings")
        self.assertEqual(len(self.rows(link)), 3)


class SearchExportTests(TestCase):
    def hits(self, n):
        return [
            search.Hit(
                type="paragraph",
                symbol=f"S/2017/{i}",
                paragraph="6",
                title="报告",
                date=None,
                url=f"/documents/S/2017/{i}/#p6",
                snippet="",
                score=1.0,
            )
            for i in range(n)
        ]

    def test_it_exports_every_page_of_a_searchs_hits(self):
        from archive import exports

        hits = self.hits(250)

        def fake_search(query, *, page=1, per_page=20, filters=None, sort="relevance", facets=True):
            chunk = hits[(page - 1) * per_page : page * per_page]
            return search.SearchResults(
                query=query, hits=chunk, count=len(hits), page=page, per_page=per_page
            )

        with mock.patch.object(search, "search", side_effect=fake_search) as called:
            r = self.client.get(
                reverse("archive:search_export", args=["csv"]), {"q": "技术", "doc_type": "report"}
            )
            rows = read_csv(r)
        self.assertEqual(len(rows), 250)
        self.assertEqual(rows[0]["url"], "http://testserver/documents/S/2017/0/#p6")
        self.assertEqual(list(rows[0]), [c.name for c in exports.SEARCH_COLUMNS])
        self.assertEqual(called.call_args.kwargs["filters"]["doc_type"], "report")

    def test_it_refuses_an_empty_query(self):
        r = self.client.get(reverse("archive:search_export", args=["csv"]), {"q": ""})
        self.assertEqual(r.status_code, 400)


class DocumentsPageFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_filters_the_documents_page_and_says_what_it_cannot_use(self):
        r = self.client.get("/documents/", {"doc_type": "concept_note"})
        self.assertEqual([d.symbol for d in r.context["page"].object_list], ["S/2016/1019"])
        r = self.client.get("/documents/", {"year": "twenty"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "?year=2016", status_code=400)
        self.assertEqual(list(r.context["page"].object_list), [])
