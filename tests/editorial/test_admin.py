"""The admin is an editor's tool: changes become corrections through the service, briefers
are merged by an editor, the pages speak Chinese and English under the site's own name."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from archive.models import Briefer, Document, Meeting
from editorial.models import BrieferAlias, Correction

from .helpers import REPORT_NAME, ReportTestCase, edited

FIRST = dt.date(2011, 8, 24)


class AdminTestCase(ReportTestCase):
    def setUp(self):
        self.ingest()
        self.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(self.editor)

    def change(self, obj, **values):
        url = reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])
        response = self.client.get(url)
        form = response.context["adminform"].form
        data = {k: ("" if v is None else v) for k, v in form.initial.items()}
        for formset in response.context["inline_admin_formsets"]:
            fs = formset.formset
            data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
            for i, inline in enumerate(fs.forms):
                data[f"{fs.prefix}-{i}-id"] = inline.instance.pk
                data[f"{fs.prefix}-{i}-{fs.fk.name}"] = obj.pk
        data.update(values)
        with self.captureOnCommitCallbacks(execute=False):
            return self.client.post(url, data)


class EditingTests(AdminTestCase):
    def test_a_change_in_the_admin_is_a_correction_with_its_reason_and_editor(self):
        meeting = Meeting.objects.get(date=FIRST)
        r = self.change(
            meeting, title="第一次实质性会议（更正）", correction_reason="见 PDF 第 3 页"
        )
        self.assertEqual(r.status_code, 302, r.context and r.context["errors"])
        c = Correction.objects.get()
        self.assertEqual(
            (c.target, c.key, c.field, c.parser_value, c.value, c.reason, c.user),
            (
                "meeting",
                "2011-08-24",
                "title",
                "第一次实质性会议",
                "第一次实质性会议（更正）",
                "见 PDF 第 3 页",
                self.editor,
            ),
        )
        self.ingest(edited(("工作组的议程因安理会成员", "工作组的议程因安全理事会成员")))
        self.assertEqual(Meeting.objects.get(date=FIRST).title, "第一次实质性会议（更正）")

    def test_parsed_fields_that_are_not_facts_to_correct_cannot_be_changed(self):
        meeting = Meeting.objects.get(date=FIRST)
        self.change(meeting, seq="7", ordinal="9")
        meeting.refresh_from_db()
        self.assertEqual((meeting.seq, meeting.ordinal), (1, 1))
        self.assertFalse(Correction.objects.exists())

    def test_a_bad_value_is_shown_on_the_form_and_nothing_is_saved(self):
        other = Meeting.objects.get(date=dt.date(2011, 11, 2))
        r = self.change(other, date="2011-08-24")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "该日期已有另一次会议")
        self.assertFalse(Correction.objects.exists())

    def test_a_document_deleted_in_the_admin_goes_through_the_service(self):
        doc = Document.objects.get()
        url = reverse("admin:archive_document_delete", args=[doc.pk])
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            r = self.client.post(url, {"post": "yes"})
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Meeting.objects.exists())
        self.assertGreaterEqual(len(callbacks), 1)  # the search index follows (after commit)

    def test_parse_warnings_are_a_list_not_raw_json(self):
        doc = Document.objects.get()
        Document.objects.filter(pk=doc.pk).update(parse_warnings=["页眉无法读取", "no date"])
        r = self.client.get(reverse("admin:archive_document_change", args=[doc.pk]))
        self.assertContains(r, "<ul><li>页眉无法读取</li><li>no date</li></ul>", html=True)
        self.assertNotContains(r, "[&quot;")

    def test_flagged_corrections_are_listed_for_review(self):
        meeting = Meeting.objects.get(date=dt.date(2011, 11, 2))
        self.change(meeting, title="第二次会议（更正）")
        self.ingest(edited(("工作组于 11 月 2 日举行", "工作组于 11 月 9 日举行")))
        url = reverse("admin:editorial_correction_changelist") + "?state__exact=review"
        r = self.client.get(url)
        self.assertContains(r, "第二次会议（更正）")
        self.assertContains(r, "需要审核")
        r = self.client.get(reverse("admin:index"))
        self.assertContains(r, url.replace("&", "&amp;"))


class BrieferTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.gaye = Briefer.objects.get(name="巴巴卡尔·盖伊")
        self.latin = Briefer.objects.create(name="Babacar Gaye", name_key="babacargaye")

    def test_the_suggestions_page_offers_the_pinyin_pair_and_merges_on_request(self):
        chen = Briefer.objects.create(name="陈伟雄", name_key="陈伟雄")
        latin = Briefer.objects.create(name="Weixiong CHEN", name_key="weixiongchen")
        url = reverse("admin:archive_briefer_suggestions")
        r = self.client.get(url)
        self.assertContains(r, "Weixiong CHEN")
        self.assertContains(r, "拼音相同")
        self.assertNotContains(r, "巴巴卡尔·盖伊")  # a transliteration is not read by pinyin
        self.assertEqual(Briefer.objects.filter(pk=latin.pk).count(), 1)
        with self.captureOnCommitCallbacks(execute=False):
            r = self.client.post(url, {"keep": chen.pk, "other": latin.pk})
        self.assertRedirects(r, reverse("admin:archive_briefer_change", args=[chen.pk]))
        self.assertEqual(BrieferAlias.objects.get().briefer, chen)

    def test_the_merge_action_asks_which_name_to_keep(self):
        url = reverse("admin:archive_briefer_changelist")
        chosen = {"action": "merge", "_selected_action": [self.gaye.pk, self.latin.pk]}
        r = self.client.post(url, chosen)
        self.assertContains(r, 'name="keep"', count=2)
        with self.captureOnCommitCallbacks(execute=False):
            self.client.post(url, {**chosen, "keep": self.latin.pk})
        self.assertEqual(list(Briefer.objects.filter(name__contains="Gaye")), [self.latin])
        self.assertEqual(self.latin.aliases.get().name, "巴巴卡尔·盖伊")


class LanguageTests(AdminTestCase):
    def test_every_admin_page_renders_in_chinese_and_english_under_the_sites_name(self):
        meeting = Meeting.objects.get(date=FIRST)
        doc = Document.objects.get()
        urls = [reverse("admin:index")]
        for model in ["document", "meeting", "briefer", "briefing", "paragraph", "recommendation"]:
            urls.append(reverse(f"admin:archive_{model}_changelist"))
        urls += [
            reverse("admin:archive_document_change", args=[doc.pk]),
            reverse("admin:archive_document_history", args=[doc.pk]),
            reverse("admin:archive_meeting_change", args=[meeting.pk]),
            reverse("admin:editorial_correction_changelist"),
            reverse("admin:archive_briefer_suggestions"),
        ]
        for lang, header in [
            ("zh-hans", "维持和平行动工作组档案"),
            ("en", "Peacekeeping Working Group archive"),
        ]:
            for url in urls:
                with self.subTest(url=url, lang=lang):
                    r = self.client.get(url, headers={"accept-language": lang})
                    self.assertEqual(r.status_code, 200)
                    self.assertContains(r, header)
                    self.assertNotContains(r, "Django")
        r = self.client.get(reverse("admin:archive_meeting_change", args=[meeting.pk]))
        self.assertContains(r, "更正理由")
        self.assertContains(r, "按原文：第一次")


class ReplaceTests(AdminTestCase):
    def test_a_new_file_of_a_known_symbol_is_compared_then_replaces_on_confirmation(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = edited(("工作组于 11 月 2 日举行", "工作组于 11 月 9 日举行"))
        url = reverse("editorial:replace")
        r = self.client.post(url, {"files": SimpleUploadedFile(REPORT_NAME, data)})
        self.assertContains(r, "新增会议: 2011-11-09")
        self.assertTrue(Meeting.objects.filter(date=dt.date(2011, 11, 2)).exists())
        sha = r.context["sha"]
        with self.captureOnCommitCallbacks(execute=False):
            r = self.client.post(url, {"confirm": "1", "sha": sha, "file_name": REPORT_NAME})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Meeting.objects.filter(date=dt.date(2011, 11, 9)).exists())
        self.assertEqual(self.client.post(url, {"confirm": "1", "sha": sha}).status_code, 404)
