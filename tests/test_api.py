from unittest import mock

from django.test import TestCase

from archive import api
from tests.factories import build_sample_archive, make_briefer

DOCUMENT_KEYS = {
    "symbol",
    "symbols",
    "language",
    "doc_type",
    "title",
    "date",
    "url",
    "meetings",
    "recommendations",
    "cites",
    "cited_by",
    "paragraphs",
}
MEETING_KEYS = {"date", "kind", "title", "url", "concept_note", "briefers"}


class DocumentApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_returns_the_document_in_the_contract_shape(self):
        r = self.client.get("/api/documents/S/2017/130")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        data = r.json()
        self.assertLessEqual(DOCUMENT_KEYS, set(data))
        self.assertEqual(data["symbol"], "S/2017/130")
        self.assertEqual(data["symbols"], ["S/2017/130"])
        self.assertEqual(data["language"], "zh")
        self.assertEqual(data["doc_type"], "report")
        self.assertEqual(data["date"], "2017-02-14")
        self.assertEqual(data["url"], "http://testserver/documents/S/2017/130/")
        self.assertEqual(
            data["cites"],
            ["S/PRST/2001/3", "S/2017/2/Rev.1", "A/70/95", "S/2015/446", "S/2016/1019"],
        )
        self.assertEqual(data["cited_by"], ["S/2011/817"])
        self.assertEqual(
            data["recommendations"],
            [
                {
                    "paragraph": "104",
                    "text": "工作组建议继续举行专题讨论。<script>alert(1)</script>",
                    "url": "http://testserver/documents/S/2017/130/#p104",
                }
            ],
        )
        self.assertEqual(
            data["paragraphs"][1],
            {
                "number": "1",
                "anchor": "p1",
                "kind": "paragraph",
                "text": self.s.report.paragraphs.get(anchor="p1").text,
            },
        )
        self.assertEqual(len(data["paragraphs"]), 11)

    def test_it_lists_reported_meetings_with_briefers(self):
        meetings = self.client.get("/api/documents/S/2017/130").json()["meetings"]
        self.assertEqual([m["date"] for m in meetings], [None, "2016-04-28", "2016-04-28"])
        tech = meetings[1]
        self.assertLessEqual(MEETING_KEYS, set(tech))
        self.assertEqual(tech["kind"], "thematic")
        self.assertEqual(tech["concept_note"], "S/2016/1019")
        self.assertEqual(tech["url"], "http://testserver/meetings/2016-04-28/")
        self.assertEqual(
            tech["briefers"][0],
            {
                "name": "埃尔韦·拉德苏",
                "role": "主管维持和平行动副秘书长",
                "url": f"http://testserver/briefers/{self.s.ladsous.pk}/",
            },
        )
        self.assertIsNone(meetings[0]["concept_note"])

    def test_it_tolerates_spelling_joint_symbols_and_a_language(self):
        self.assertEqual(
            self.client.get("/api/documents/s/2017/130/").json()["symbol"], "S/2017/130"
        )
        joint = self.client.get("/api/documents/S/2015/446").json()
        self.assertEqual(
            (joint["symbol"], joint["symbols"]), ("A/70/95", ["A/70/95", "S/2015/446"])
        )
        self.assertEqual(
            self.client.get("/api/documents/S/2017/130?lang=en").json()["language"], "en"
        )

    def test_it_answers_404_in_json_for_an_unknown_symbol(self):
        for path in ["/api/documents/S/1999/1", "/api/documents/S/PRST/2001/3", "/api/nothing"]:
            r = self.client.get(path)
            self.assertEqual(r.status_code, 404, path)
            self.assertEqual(r["Content-Type"], "application/json")
            self.assertEqual(r.json()["status"], 404)

    def test_it_says_who_cites_a_symbol_it_does_not_hold(self):
        r = self.client.get("/api/documents/S/PRST/2001/3")
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json()["cited_by"], ["S/2017/130"])
        self.assertEqual(r.json()["official_text"], "https://undocs.org/S/PRST/2001/3")

    def test_it_refuses_other_methods_in_json(self):
        r = self.client.post("/api/documents/S/2017/130")
        self.assertEqual(r.status_code, 405)
        self.assertEqual(r.json()["status"], 405)


class ListApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_lists_the_meetings_of_a_year(self):
        data = self.client.get("/api/meetings", {"year": "2016"}).json()
        self.assertEqual(data["count"], 3)
        self.assertEqual(
            [m["slug"] for m in data["results"]],
            ["2016-organizational", "2016-04-28", "2016-04-28-2"],
        )
        self.assertEqual(data["results"][1]["url"], "http://testserver/meetings/2016-04-28/")
        self.assertLessEqual(MEETING_KEYS, set(data["results"][0]))
        self.assertEqual(self.client.get("/api/meetings").json()["count"], 4)

    def test_it_answers_400_for_a_bad_year_or_page(self):
        for query in [
            {"year": "20x6"},
            {"year": "١٢٣٤"},
            {"year": ""},
            {"page": "0"},
            {"page": "x"},
        ]:
            r = self.client.get("/api/meetings", query)
            self.assertEqual(r.status_code, 400, query)
            self.assertEqual(r.json()["status"], 400)
        self.assertEqual(self.client.get("/api/meetings", {"page": "5"}).status_code, 404)

    def test_it_lists_briefers_with_their_briefings(self):
        data = self.client.get("/api/briefers").json()
        self.assertEqual([b["name"] for b in data["results"]], ["Renata Dwan", "埃尔韦·拉德苏"])
        ladsous = data["results"][1]
        self.assertEqual(ladsous["url"], f"http://testserver/briefers/{self.s.ladsous.pk}/")
        self.assertEqual(
            [(b["date"], b["role"]) for b in ladsous["briefings"]],
            [("2011-07-14", "副秘书长"), ("2016-04-28", "主管维持和平行动副秘书长")],
        )

    def test_it_paginates(self):
        for i in range(5):
            make_briefer(f"Briefer {i}")
        with mock.patch.object(api, "PAGE_SIZE", 3):
            first = self.client.get("/api/briefers").json()
            second = self.client.get(first["next"]).json()
        self.assertEqual((first["count"], first["pages"], len(first["results"])), (7, 3, 3))
        self.assertEqual(first["next"], "http://testserver/api/briefers?page=2")
        self.assertIsNone(first["previous"])
        self.assertEqual(second["page"], 2)
        self.assertEqual(second["previous"], "http://testserver/api/briefers?page=1")
