from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Meeting
from tests.factories import brief, build_large_document, build_sample_archive
from tests.test_page_cache import PageTestCase


class HomeTests(PageTestCase):
    def test_it_says_the_archive_is_empty(self):
        r = self.client.get("/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "档案为空。")

    def test_it_shows_counts_range_latest_documents_and_a_search_box(self):
        build_sample_archive()
        r = self.client.get("/")
        summary = r.context["summary"]
        self.assertEqual((summary["documents"], summary["symbols"]), (5, 4))
        self.assertEqual((summary["meetings"], summary["briefers"]), (4, 2))
        self.assertEqual(str(summary["first_date"]), "2011-12-30")
        self.assertEqual(str(summary["last_date"]), "2017-02-14")
        self.assertEqual(r.context["latest"][0].symbol, "S/2017/130")
        self.assertContains(
            r,
            '<form class="search-form home-search" role="search" method="get" action="/search/">',
            html=False,
        )
        self.assertContains(r, 'href="/years/2016/"')
        self.assertContains(r, 'href="/meetings/"')


class MeetingsAndYearsTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_lists_all_meetings_by_year_with_a_timeline(self):
        r = self.client.get(reverse("archive:meetings"))
        self.assertEqual([y for y, _ in r.context["years"]], [2016, 2011])
        self.assertEqual(len(r.context["years"][0][1]), 3)
        self.assertEqual(r.context["year_counts"], [(2016, 3), (2011, 1)])
        self.assertEqual(r.context["page"].paginator.count, 4)
        self.assertContains(r, "<svg")
        # one row per year from 2011 to 2016, one mark per month with meetings (and one
        # for the undated ones), each a link
        self.assertEqual(len(r.context["timeline"]["rows"]), 6)
        self.assertEqual(r.content.decode().count("<circle"), 3)
        marks = [m for row in r.context["timeline"]["rows"] for m in row["marks"]]
        self.assertEqual(
            [(m["when"], m["n"], m["kind"], m["url"]) for m in marks],
            [
                ("2016", 1, "organizational", "/years/2016/#meetings"),
                ("2016-04", 2, "mixed", "/years/2016/#meetings"),
                ("2011-07", 1, "substantive", "/years/2011/#meetings"),
            ],
        )
        self.assertContains(
            r, '<a href="/years/2016/#meetings" class="mark kind-mixed">', html=False
        )

    def test_it_draws_a_year_by_day_linking_each_meeting(self):
        r = self.client.get(reverse("archive:year", args=[2016]))
        marks = r.context["timeline"]["rows"][0]["marks"]
        self.assertEqual(
            [(m["when"], m["kind"], m["url"]) for m in marks],
            [
                ("2016", "organizational", "/meetings/2016-organizational/"),
                ("2016-04-28", "tcc", "/meetings/2016-04-28-2/"),
                ("2016-04-28", "thematic", "/meetings/2016-04-28/"),
            ],
        )
        # two meetings on one day: the second mark is drawn above the first
        self.assertEqual(marks[2]["y"], marks[1]["y"] - 5)
        self.assertContains(
            r, '<a href="/meetings/2016-04-28/" class="mark kind-thematic">', html=False
        )

    def test_it_shows_the_meetings_and_documents_of_one_year(self):
        r = self.client.get(reverse("archive:year", args=[2016]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["meetings"], [self.s.organizational, self.s.tech, self.s.second])
        self.assertEqual(r.context["documents"], [self.s.note])
        # the report dated 2017 covers 2016 and reports its meetings
        self.assertEqual(r.context["documents_about"], [self.s.report])
        self.assertEqual((r.context["previous_year"], r.context["next_year"]), (2015, 2017))
        r = self.client.get(reverse("archive:year", args=[2017]))
        self.assertEqual(sorted(d.language for d in r.context["documents"]), ["en", "zh"])

    def test_it_answers_404_for_an_empty_year(self):
        self.assertEqual(self.client.get("/years/1990/").status_code, 404)


class InterfaceTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_speaks_chinese_by_default_and_english_on_request(self):
        r = self.client.get("/")
        self.assertContains(r, '<html lang="zh-hans">')
        self.assertContains(r, "维持和平行动工作组档案")
        r = self.client.get("/", headers={"accept-language": "en"})
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "Peacekeeping Working Group archive")

    def test_it_switches_language_with_set_language(self):
        r = self.client.post("/i18n/setlang/", {"language": "en", "next": "/documents/S/2017/130/"})
        self.assertRedirects(r, "/documents/S/2017/130/", fetch_redirect_response=False)
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, "Full text")
        self.assertEqual(r.context["doc"].language, "en")

    def test_it_offers_the_language_switch_on_every_page(self):
        r = self.client.get("/meetings/")
        self.assertContains(r, 'action="/i18n/setlang/"')
        self.assertContains(r, 'name="next" type="hidden" value="/meetings/"')
        self.assertContains(
            r,
            '<button type="submit" name="language" value="en" lang="en">English</button>',
            html=True,
        )

    def test_it_escapes_the_query_string_it_echoes(self):
        r = self.client.get("/meetings/", {"x": '"><script>alert(1)</script>'})
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, 'value="/meetings/?x=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"')

    def test_it_renders_the_404_page_with_a_search_form(self):
        r = self.client.get("/no/such/<page>/")
        self.assertEqual(r.status_code, 404)
        self.assertContains(r, 'action="/search/"', status_code=404)
        self.assertNotContains(r, "<page>", status_code=404)

    def test_it_links_a_stylesheet_with_phone_and_print_rules(self):
        from django.contrib.staticfiles import finders

        css = open(finders.find("css/archive.css"), encoding="utf-8").read()
        self.assertIn("@media print", css)
        self.assertIn("@media (max-width:40rem)", css)
        r = self.client.get("/")
        self.assertContains(r, 'name="viewport"')


class BadInputTests(PageTestCase):
    def test_it_answers_404_not_500_for_nul_and_huge_paths(self):
        for url in [
            "/documents/S%00/",
            "/topics/a%00b/",
            "/documents/" + "S/" * 3000 + "1/",
            "/years/99999999999/",
            "/years/0/",
            "/briefers/99999999999999999999999/",
            "/meetings/0000-01-01/",
            "/meetings/2016-tcc-99999999999/",
        ]:
            self.assertEqual(self.client.get(url).status_code, 404, url[:40])
        r = self.client.get("/api/documents/S%00")
        self.assertEqual((r.status_code, r["Content-Type"]), (404, "application/json"))
        r = self.client.get("/api/meetings", {"page": "99999999999999999999"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get("/api/meetings", {"year": "0000"}).json()["count"], 0)


class ListQueryCountTests(PageTestCase):
    def count(self, url):
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        return len(ctx)

    def test_it_runs_the_same_queries_with_many_more_rows(self):
        s = build_sample_archive()
        urls = [
            "/",
            "/meetings/",
            "/briefers/",
            "/topics/",
            "/documents/",
            "/years/2016/",
            "/api/meetings",
            "/api/briefers",
            s.ladsous.get_absolute_url(),
            s.topic.get_absolute_url(),
            s.tech.get_absolute_url(),
        ]
        before = {url: self.count(url) for url in urls}
        build_large_document(
            "S/2016/9999", paragraphs=30, citations=30, meetings=30, cited_by=5, year=2016
        )
        for m in Meeting.objects.filter(year=2016, kind=Meeting.Kind.THEMATIC):
            if m != s.tech:
                brief(m, s.ladsous, s.report, role="副秘书长")
            m.topic = s.topic
            m.save()
        after = {url: self.count(url) for url in urls}
        self.assertEqual(before, after)
