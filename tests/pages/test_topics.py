"""Topics (issue 16.11): a curated list of recurring themes in Chinese and English,
assigned to meetings and paragraphs by keywords an editor adjusts, and overridden by hand."""

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from archive import topics
from archive.models import Meeting, Topic
from ingest.service import ingest_path

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


class RuleTests(TestCase):
    def test_it_matches_keywords_across_line_breaks_and_case(self):
        rules = [
            topics.Rule(1, (topics.fold("保护平民"),)),
            topics.Rule(2, (topics.fold("Field Support"),)),
        ]
        self.assertEqual(topics.paragraph_topics("加强保护\n平民的工作", rules), [1])
        self.assertEqual(topics.paragraph_topics("department of field support", rules), [2])
        self.assertEqual(topics.paragraph_topics("与此无关", rules), [])

    def test_a_meeting_topic_needs_its_title_or_two_paragraphs(self):
        rules = [topics.Rule(1, ("情报",)), topics.Rule(2, ("培训",))]
        self.assertEqual(topics.meeting_topic("情报政策框架", ["培训"], rules), 1)
        self.assertEqual(topics.meeting_topic("专题讨论", ["培训", "还是培训"], rules), 2)
        self.assertIsNone(topics.meeting_topic("专题讨论", ["培训"], rules))


@override_settings(LANGUAGE_CODE="zh-hans")
class CorpusTopicsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        topics.load_curated()
        for path in sorted(CORPUS.glob("*.txt")):
            outcome = ingest_path(path)
            assert outcome.ok, outcome.messages

    def test_the_curated_list_is_small_and_bilingual(self):
        names = list(Topic.objects.values_list("name", "name_en"))
        self.assertTrue(5 <= len(names) <= 20)
        self.assertTrue(all(zh and en for zh, en in names))
        self.assertIn(("保护平民", "Protection of civilians"), names)

    def test_topics_recur_across_years_and_the_2011_meetings_have_some(self):
        with_topic = Meeting.objects.filter(topic__isnull=False)
        years_by_topic = {}
        for m in with_topic:
            years_by_topic.setdefault(m.topic.slug, set()).add(m.year)
        self.assertTrue(any(len(years) > 1 for years in years_by_topic.values()), years_by_topic)
        self.assertTrue(with_topic.filter(year=2011).exists())
        self.assertEqual(Meeting.objects.get(date=dt.date(2016, 7, 27)).topic.slug, "intelligence")
        self.assertEqual(
            Meeting.objects.get(date=dt.date(2016, 11, 3)).topic.slug, "protection-of-civilians"
        )

    def test_the_topic_pages_in_both_languages(self):
        topic = Topic.objects.get(slug="technology")
        r = self.client.get(topic.get_absolute_url())
        self.assertContains(r, "<h1>技术与创新</h1>")
        self.assertContains(r, 'href="/meetings/2016-04-28/"')
        self.assertContains(r, '<section id="paragraphs">')
        self.client.cookies["django_language"] = "en"
        r = self.client.get("/topics/")
        self.assertContains(r, ">Technology and innovation</a>")

    def test_an_editor_changes_keywords_and_applies_them_again(self):
        topic = Topic.objects.get(slug="intelligence")
        topic.keywords = "不会出现的词"
        topic.save()
        topics.apply_all()
        self.assertFalse(Meeting.objects.filter(topic=topic).exists())
        self.assertFalse(topic.paragraphs.exists())

    def test_an_editor_sets_a_meetings_topic_in_the_admin_and_the_rules_keep_it(self):
        staff = get_user_model().objects.create_superuser("editor", password="x")
        self.client.force_login(staff)
        meeting = Meeting.objects.get(date=dt.date(2016, 7, 27))
        training = Topic.objects.get(slug="training")
        url = f"/admin/archive/meeting/{meeting.pk}/change/"
        form = self.client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
        data.update({"topic": training.pk, "date": "2016-07-27"})
        for prefix in ("briefings",):
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        r = self.client.post(url, data)
        self.assertEqual(r.status_code, 302, r.content[:2000])
        meeting.refresh_from_db()
        self.assertEqual((meeting.topic, meeting.topic_by_editor), (training, True))
        topics.apply_all()
        meeting.refresh_from_db()
        self.assertEqual(meeting.topic, training)
