"""Page bodies are cached until the archive changes: a re-ingested or removed document, or
an edit in the admin, shows on the next request of every page."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Briefer, Document, Meeting
from archive.views import fragments
from ingest.service import delete_document, ingest_bytes

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
OLD = "6. 4 月 28 日，工作组举行会议，讨论在维持和平行动中使用技术和创新的问题。"
NEW = "6. 4 月 28 日，工作组举行会议，讨论在维持和平行动中使用新技术和无人机的问题。"


def clear_page_caches():
    fragments.clear()


class PageTestCase(TestCase):
    """Pages rendered afresh in each test: tests that read `response.context` need it,
    and a test's data, rolled back, may leave the archive's marker as another test's."""

    def setUp(self):
        clear_page_caches()


class PageCacheTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.text = (CORPUS / "S_2017_130.zh.txt").read_text(encoding="utf-8")
        cls.assertIn(cls, OLD, cls.text)
        outcome = ingest_bytes(cls.text.encode(), "S_2017_130.zh.txt", index=False)
        cls.doc = outcome.document
        cls.pages = [
            cls.doc.get_absolute_url(),
            reverse("archive:meeting", args=["2016-04-28"]),
            reverse("archive:home"),
            reverse("archive:year", args=[2016]),
            reverse("archive:meetings"),
            Briefer.objects.get(name="苏和").get_absolute_url(),
        ]

    def get(self, url, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url, **kwargs)
        self.assertEqual(r.status_code, 200, url)
        return r, len(ctx)

    def reingest(self, text):
        outcome = ingest_bytes(text.encode(), "S_2017_130.zh.txt", index=False)
        self.assertEqual(outcome.status, "updated")

    def test_it_renders_each_page_once_then_serves_it_from_the_cache(self):
        for url in self.pages:
            with self.subTest(url):
                cold, cold_queries = self.get(url)
                warm, warm_queries = self.get(url)
                self.assertGreater(cold_queries, 2)
                self.assertEqual(warm_queries, 1)  # the archive's marker
                self.assertIn("body", warm.context)  # the cached body in the layout
                self.assertEqual(_main(warm), _main(cold))

    def test_it_shows_the_new_text_after_a_re_ingest(self):
        doc_url, meeting_url = self.pages[:2]
        for url in (doc_url, meeting_url):
            self.assertContains(self.get(url)[0], OLD[3:])
        self.reingest(self.text.replace(OLD, NEW))
        for url in (doc_url, meeting_url):
            with self.subTest(url):
                r, queries = self.get(url)
                self.assertGreater(queries, 2)  # rendered afresh
                self.assertContains(r, NEW[3:])
                self.assertNotContains(r, OLD[3:])

    def test_it_shows_a_removed_document_gone_from_every_page(self):
        for url in self.pages:
            self.get(url)
        self.assertContains(self.get("/")[0], "<strong>1</strong>", html=True)
        delete_document(Document.objects.get(pk=self.doc.pk))
        self.assertContains(self.get("/")[0], "档案为空。")
        for url in self.pages[0:2] + self.pages[3:4] + self.pages[5:]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_shows_an_admin_edit(self):
        meeting = Meeting.objects.get(date="2016-04-28")
        url = self.pages[1]
        self.assertNotContains(self.get(url)[0], "改过的标题")
        admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        change = reverse("admin:archive_meeting_change", args=[meeting.pk])
        form = self.client.get(change).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(title="改过的标题", **_inline_management(self.client.get(change)))
        r = self.client.post(change, data)
        self.assertEqual(r.status_code, 302, getattr(r, "context", None) and r.context["errors"])
        self.client.logout()
        self.assertContains(self.get(url)[0], "改过的标题")

    def test_it_keeps_one_body_per_interface_language(self):
        url = self.pages[0]
        self.assertContains(self.get(url)[0], "S/2017/130，第6段")
        r, _ = self.get(url, headers={"accept-language": "en"})
        self.assertContains(r, "S/2017/130, para. 6")
        self.assertContains(self.get(url)[0], "S/2017/130，第6段")

    def test_it_renders_the_layout_for_each_request(self):
        url = self.pages[0]
        self.get(url)
        r, _ = self.get(url + "?lang=zh")
        self.assertContains(
            r, '<input name="next" type="hidden" value="/documents/S/2017/130/?lang=zh">'
        )
        self.assertContains(r, "<title>S/2017/130 · ")
        self.assertContains(r, 'name="csrfmiddlewaretoken"')

    def test_workers_share_what_one_of_them_rendered(self):
        url = self.pages[1]
        cold, _ = self.get(url)
        caches["default"].clear()  # another worker: only the shared cache has the body
        warm, queries = self.get(url)
        self.assertEqual(queries, 1)
        self.assertEqual(_main(warm), _main(cold))

    def test_pages_stay_out_of_the_cache_of_login_counts(self):
        login_counts = Path(settings.DATA_DIR, "cache")
        before = set(login_counts.glob("*.djcache"))
        self.get(self.pages[0])
        self.assertEqual(set(login_counts.glob("*.djcache")), before)
        self.assertEqual(len(list(Path(settings.DATA_DIR, "page_cache").glob("*.djcache"))), 1)

    def test_the_marker_moves_with_a_save_a_removal_and_an_admin_log(self):
        first = fragments.archive_state()
        self.assertEqual(fragments.archive_state(), first)
        Document.objects.get(pk=self.doc.pk).save()
        second = fragments.archive_state()
        self.assertNotEqual(second, first)
        delete_document(Document.objects.get(pk=self.doc.pk))
        self.assertNotEqual(fragments.archive_state(), second)

    def test_a_new_version_of_the_templates_is_not_served_old_bodies(self):
        template = Path(settings.BASE_DIR, "templates", "archive", "meeting.html")
        times = template.stat()
        fragments.code_version.cache_clear()
        before = fragments.code_version()
        try:
            os.utime(template, ns=(times.st_atime_ns, times.st_mtime_ns + 10**9))
            fragments.code_version.cache_clear()
            self.assertNotEqual(fragments.code_version(), before)
        finally:
            os.utime(template, ns=(times.st_atime_ns, times.st_mtime_ns))
            fragments.code_version.cache_clear()
        self.assertEqual(fragments.code_version(), before)


def _main(response):
    html = response.content.decode()
    return html[html.index('<main id="content">') : html.index("</main>")]


def _inline_management(response):
    """The management form fields of the change page's inlines, as they are."""
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for i, form in enumerate(fs.forms):
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None:
                    data[f"{fs.prefix}-{i}-{name}"] = _plain(value)
    return data


def _plain(value):
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return getattr(value, "pk", value)
