"""Edits and deletions made in the admin reach the index (after commit), and
check_index notices what changed behind the index's back."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import search
from archive.models import Briefer, Document, Meeting, Paragraph, Topic
from tests.search.test_engine import IndexedArchiveTestCase


def urls(query, **filters):
    return sorted(h.url for h in search.search(query, per_page=50, filters=filters).hits)


class AdminEditsTest(IndexedArchiveTestCase):
    def setUp(self):
        super().setUp()
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(admin)

    def post_change(self, obj, data):
        url = reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(url, data)
        self.assertEqual(
            r.status_code, 302, getattr(r, "context", None) and r.context.get("errors")
        )

    def test_a_corrected_paragraph_number_reaches_the_index(self):
        # The admin corrects facts (editorial): a paragraph's number is one of them.
        para = Paragraph.objects.get(document__symbol="S/2011/817", number="1")
        self.post_change(para, {"number": "1 bis", "correction_reason": "misread"})
        hits = [h for h in search.search("直升机").hits if h.type == "paragraph"]
        self.assertEqual([h.paragraph for h in hits], ["1 bis"])
        self.assertTrue(search.check().ok)

    def test_a_renamed_briefer_is_found_by_the_new_name(self):
        dwan = self.archive["dwan"]
        self.post_change(
            dwan,
            {
                "name": "Renata Nouvelle",
                "name_key": dwan.name_key,
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual({h.type for h in search.search("Nouvelle").hits}, {"briefer", "meeting"})
        self.assertTrue(search.check().ok)

    def test_a_topic_renamed_in_the_admin_reaches_its_meetings_entries(self):
        # Topics are edited in a plain ModelAdmin (not through the ingest service): the
        # LogEntry hook (search.admin_edits) is what re-indexes their meetings.
        topic = Topic.objects.create(name="旧议题", slug="old-topic")
        meeting = self.archive["meetings"][min(self.archive["meetings"])]
        Meeting.objects.filter(pk=meeting.pk).update(topic=topic)
        search.rebuild()
        url = reverse("admin:archive_topic_change", args=[topic.pk])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                url,
                {"name": "伙伴关系", "name_en": "", "slug": "partners", "position": "0"},
            )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(urls("伙伴关系", type="meeting"), [meeting.get_absolute_url()])
        self.assertTrue(search.check().ok)

    def test_topics_applied_again_from_the_admin_reach_the_meetings_entries(self):
        # The action re-assigns topics with bulk updates (no LogEntry per meeting): the
        # meetings it changed are re-indexed by the topic rules' own call.
        meeting = self.archive["meetings"][min(self.archive["meetings"])]
        Meeting.objects.filter(pk=meeting.pk).update(topic=None, topic_by_editor=False)
        word = meeting.title.split()[0] if " " in meeting.title else meeting.title[:4]
        topic = Topic.objects.create(name="试验议题", slug="trial", keywords=word)
        search.rebuild()
        self.assertEqual(urls("试验议题", type="meeting"), [])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                reverse("admin:archive_topic_changelist"),
                {"action": "apply_rules", "_selected_action": [topic.pk]},
            )
        self.assertEqual(r.status_code, 302)
        meeting.refresh_from_db()
        self.assertEqual(meeting.topic_id, topic.pk)
        self.assertIn(meeting.get_absolute_url(), urls("试验议题", type="meeting"))
        self.assertTrue(search.check().ok)

    def test_a_deleted_document_leaves_the_index(self):
        document = self.archive["2017"]
        url = reverse("admin:archive_document_delete", args=[document.pk])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(url, {"post": "yes"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual([h for h in search.search("无人机").hits], [])
        self.assertTrue(search.check().ok)


class CheckNoticesTest(IndexedArchiveTestCase):
    """Changes made without the index following (a raw UPDATE, a shell)."""

    def test_it_notices_an_edited_paragraph(self):
        para = Paragraph.objects.get(document__symbol="S/2011/817", number="1")
        Paragraph.objects.filter(pk=para.pk).update(text="改过的文字")
        check = search.check()
        self.assertEqual(check.stale, [f"archive.paragraph.{para.pk}"])
        search.fix(check)
        self.assertEqual(urls("改过"), ["/documents/S/2011/817/#p1"])

    def test_it_notices_a_renamed_briefer(self):
        dwan = self.archive["dwan"]
        Briefer.objects.filter(pk=dwan.pk).update(name="Someone Else")
        stale = search.check().stale
        self.assertIn(f"archive.briefer.{dwan.pk}", stale)
        self.assertTrue(all(i.startswith(("archive.briefer.", "archive.meeting.")) for i in stale))

    def test_it_notices_a_deleted_document(self):
        document = self.archive["2017"]
        paragraphs = list(document.paragraphs.values_list("pk", flat=True))
        Document.objects.filter(pk=document.pk).delete()
        extra = search.check().extra
        self.assertIn(f"archive.document.{document.pk}", extra)
        self.assertTrue({f"archive.paragraph.{pk}" for pk in paragraphs} <= set(extra))
