"""The list endpoints' filters and pages, the fields the pages show, and a long document's
paragraphs a page at a time within a bound on the answer's size."""

import datetime as dt
from unittest import mock

from django.test import TestCase

from archive import api
from tests.factories import add_paragraphs, build_sample_archive, make_document


class ListFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def symbols(self, url, **query):
        data = self.client.get(url, query).json()
        return [(d["symbol"], d["language"]) for d in data["results"]]

    def test_it_filters_documents_like_the_documents_page(self):
        self.assertEqual(
            self.symbols("/api/documents", doc_type="concept_note"), [("S/2016/1019", "zh")]
        )
        self.assertEqual(
            self.symbols("/api/documents", year="2017"),
            [("S/2017/130", "en"), ("S/2017/130", "zh")],
        )
        self.assertEqual(self.symbols("/api/documents", organ="GA"), [("A/70/95", "zh")])
        self.assertEqual(self.symbols("/api/documents", topic="technology"), [("S/2017/130", "zh")])
        self.assertEqual(self.symbols("/api/documents", language="en"), [("S/2017/130", "en")])
        self.assertEqual(len(self.symbols("/api/documents")), 5)

    def test_it_filters_meetings_by_year_kind_topic_and_briefer(self):
        def slugs(**query):
            return [m["slug"] for m in self.client.get("/api/meetings", query).json()["results"]]

        self.assertEqual(slugs(kind="tcc"), ["2016-04-28-2"])
        self.assertEqual(slugs(topic="technology"), ["2016-04-28"])
        self.assertEqual(slugs(briefer=str(self.s.ladsous.pk)), ["2011-07-14", "2016-04-28"])
        self.assertEqual(slugs(year="2011", briefer=str(self.s.ladsous.pk)), ["2011-07-14"])

    def test_it_lists_recommendations_topics_and_one_of_each(self):
        recs = self.client.get("/api/recommendations", {"year": "2017"}).json()["results"]
        self.assertEqual([(r["id"], r["paragraph"]) for r in recs], [("S/2017/130@zh#p104", "104")])
        self.assertEqual(
            self.client.get("/api/recommendations", {"year": "2011"}).json()["count"], 0
        )
        topics = self.client.get("/api/topics").json()["results"]
        self.assertEqual(
            [(t["slug"], t["meetings"], t["documents"]) for t in topics], [("technology", 1, 1)]
        )
        topic = self.client.get(topics[0]["api_url"]).json()
        self.assertEqual([m["slug"] for m in topic["meeting_list"]], ["2016-04-28"])
        briefer = self.client.get(f"/api/briefers/{self.s.ladsous.pk}").json()
        self.assertEqual([b["slug"] for b in briefer["briefings"]], ["2011-07-14", "2016-04-28"])
        meeting = self.client.get("/api/meetings/2016-04-28").json()
        self.assertEqual(
            [(r["symbol"], r["paragraphs"]) for r in meeting["reports"]],
            [("S/2016/1019", []), ("S/2017/130", ["p6", "p6-a"])],
        )
        self.assertEqual(meeting["briefings"][0]["briefer_id"], self.s.ladsous.pk)
        self.assertEqual(meeting["briefings"][0]["honorific"], "先生")


class DocumentFieldTests(TestCase):
    def test_it_shows_every_field_the_document_page_shows(self):
        doc = make_document(
            "A/71/99",
            symbols=["S/2016/1"],
            title="联合报告",
            date=dt.date(2016, 3, 1),
            organ="GA",
            ga_session=71,
            agenda_item="项目 55",
            period_start=dt.date(2015, 1, 1),
            period_end=dt.date(2015, 12, 31),
            job_number="16-03412 (C)",
            page_count=12,
            original_language="en",
            source_path="ab/cd.txt",
            paragraphs=["第一段。"],
        )
        make_document(
            "A/71/99", "en", symbols=["S/2016/1"], title="Joint report", paragraphs=["One."]
        )
        data = self.client.get("/api/documents/S/2016/1", {"lang": "zh"}).json()
        self.assertEqual(data["symbols"], ["A/71/99", "S/2016/1"])
        self.assertEqual(data["id"], "A/71/99@zh")
        self.assertEqual(data["official_text"], "https://undocs.org/A/71/99")
        self.assertEqual((data["job_number"], data["pages"]), ("16-03412 (C)", 12))
        self.assertEqual((data["period_start"], data["period_end"]), ("2015-01-01", "2015-12-31"))
        self.assertEqual(
            (data["organ"], data["ga_session"], data["agenda_item"]), ("GA", 71, "项目 55")
        )
        self.assertEqual(data["original_language"], "en")
        self.assertEqual(data["source_url"], f"http://testserver/upload/source/{doc.pk}/")
        self.assertEqual(
            [(v["language"], v["api_url"]) for v in data["language_versions"]],
            [
                ("en", "http://testserver/api/documents/A/71/99?lang=en"),
                ("zh", "http://testserver/api/documents/A/71/99?lang=zh"),
            ],
        )
        self.assertEqual(
            data["citation_url"], "http://testserver/api/citation?symbol=A%2F71%2F99&lang=zh"
        )
        self.assertEqual(data["paragraph_parts"], {"p1": "body"})


class LongDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document("S/2020/5")
        paras = add_paragraphs(cls.doc, [f"第 {i} 段。" for i in range(1, 11)])
        for p in paras[:2]:
            p.part = "letter"
        for p in paras[7:]:
            p.part = "annex"
        for p in paras[2:7]:
            p.part = "body"
        for p in paras:
            p.save()

    def walk(self, url, **query):
        anchors, pages = [], 0
        while url:
            data = self.client.get(url, query).json()
            query = {}
            anchors += [p["anchor"] for p in data["paragraphs"]]
            self.assertEqual(
                set(data["paragraph_parts"]), {p["anchor"] for p in data["paragraphs"]}
            )
            url, pages = data["paragraphs_next"], pages + 1
        return anchors, pages, data

    def test_it_pages_the_paragraphs_and_counts_them_by_part(self):
        with mock.patch.object(api, "PARAGRAPHS_PER_RESPONSE", 3):
            anchors, pages, data = self.walk("/api/documents/S/2020/5")
        self.assertEqual(anchors, [f"p{i}" for i in range(1, 11)])
        self.assertEqual(pages, 4)
        self.assertEqual(
            [(p["part"], p["count"]) for p in data["parts"]],
            [("annex", 3), ("body", 5), ("letter", 2)],
        )
        self.assertEqual(data["paragraph_count"], 10)

    def test_it_gives_one_part_at_a_time(self):
        with mock.patch.object(api, "PARAGRAPHS_PER_RESPONSE", 2):
            anchors, pages, data = self.walk("/api/documents/S/2020/5", part="annex")
        self.assertEqual((anchors, pages), (["p8", "p9", "p10"], 2))
        self.assertEqual(data["paragraph_count"], 3)

    def test_it_bounds_the_text_of_one_answer(self):
        with mock.patch.object(api, "TEXT_PER_RESPONSE", 12):  # each text is 5-6 characters
            first = self.client.get("/api/documents/S/2020/5").json()
            anchors, pages, _ = self.walk("/api/documents/S/2020/5")
        self.assertEqual([p["anchor"] for p in first["paragraphs"]], ["p1", "p2"])
        self.assertEqual(len(anchors), 10)
        with mock.patch.object(api, "TEXT_PER_RESPONSE", 1):  # still one paragraph a page
            self.assertEqual(self.walk("/api/documents/S/2020/5")[1], 10)

    def test_it_counts_again_when_the_document_changes(self):
        before = self.client.get("/api/documents/S/2020/5").json()["paragraph_count"]
        add_paragraphs(self.doc, [("paragraph", "11", "新增一段。")])
        self.doc.save()  # as ingest does: a new updated_at
        after = self.client.get("/api/documents/S/2020/5").json()["paragraph_count"]
        self.assertEqual((before, after), (10, 11))
