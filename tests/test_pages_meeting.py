from django.urls import reverse

from tests.factories import build_sample_archive
from tests.test_page_cache import PageTestCase


class MeetingPageTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_shows_kind_ordinal_topic_briefers_and_concept_note(self):
        r = self.client.get("/meetings/2016-04-28/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["meeting"], self.s.tech)
        self.assertContains(r, "专题讨论")  # kind, in the Chinese interface
        self.assertContains(r, "第1次")
        self.assertContains(
            r,
            f'<a href="{self.s.topic.get_absolute_url()}">在维持和平行动中使用技术</a>',
            html=True,
        )
        self.assertContains(r, f'href="{self.s.ladsous.get_absolute_url()}"')
        self.assertContains(r, "主管维持和平行动副秘书长")
        self.assertContains(
            r, '<a class="symbol" href="/documents/S/2016/1019/">S/2016/1019</a>', html=True
        )
        self.assertContains(r, "技术如何改善维持和平人员的安全？")

    def test_it_quotes_the_report_paragraphs_that_describe_it(self):
        r = self.client.get("/meetings/2016-04-28/")
        self.assertContains(r, 'href="/documents/S/2017/130/?lang=zh#p6"')
        self.assertContains(r, "S/2017/130，第6段")
        self.assertContains(r, "4 月 28 日，工作组举行会议。")
        self.assertEqual(
            [r.document.symbol for r in r.context["reports"]], ["S/2016/1019", "S/2017/130"]
        )

    def test_it_links_previous_and_next_meetings(self):
        r = self.client.get("/meetings/2016-04-28/")
        self.assertEqual(r.context["previous"], self.s.organizational)
        self.assertEqual(r.context["next"], self.s.second)
        self.assertContains(r, 'href="/meetings/2016-04-28-2/"')
        r = self.client.get("/meetings/2011-07-14/")
        self.assertIsNone(r.context["previous"])
        self.assertEqual(r.context["next"], self.s.organizational)

    def test_it_finds_a_second_meeting_on_one_date_and_an_undated_one(self):
        r = self.client.get("/meetings/2016-04-28-2/")
        self.assertEqual(r.context["meeting"], self.s.second)
        r = self.client.get("/meetings/2016-organizational/")
        self.assertEqual(r.context["meeting"], self.s.organizational)
        self.assertContains(r, "2016年(日期不详)")

    def test_it_answers_404_for_unknown_or_malformed_slugs(self):
        for slug in ["2016-04-29", "2016-13-45", "2016-04-28-9", "2016-nonsense", "x", "2016-tcc"]:
            r = self.client.get(reverse("archive:meeting", args=[slug]))
            self.assertEqual(r.status_code, 404, slug)
            self.assertContains(r, 'action="/search/"', status_code=404)


class BrieferAndTopicPageTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def test_it_lists_every_briefing_of_a_briefer_with_role_and_meeting(self):
        r = self.client.get(self.s.ladsous.get_absolute_url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual([b.meeting for b in r.context["briefings"]], [self.s.old, self.s.tech])
        self.assertContains(r, "副秘书长")
        self.assertContains(r, 'href="/meetings/2011-07-14/"')
        self.assertContains(r, 'href="/meetings/2016-04-28/"')
        self.assertContains(r, 'href="/documents/S/2011/817/?lang=zh"')

    def test_it_lists_briefers(self):
        r = self.client.get(reverse("archive:briefers"))
        self.assertContains(r, "Renata Dwan")
        self.assertContains(r, "2 次通报")

    def test_it_answers_404_for_an_unknown_briefer(self):
        self.assertEqual(self.client.get(reverse("archive:briefer", args=[99999])).status_code, 404)

    def test_it_shows_a_topic_with_its_meetings_and_documents(self):
        r = self.client.get(self.s.topic.get_absolute_url())
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["meetings"], [self.s.tech])
        self.assertEqual(r.context["documents"], [self.s.report])
        r = self.client.get(reverse("archive:topics"))
        self.assertContains(r, "1 次会议，1 份文件")
        self.assertEqual(self.client.get("/topics/nothing/").status_code, 404)
