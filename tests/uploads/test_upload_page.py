"""The upload pages in the Chinese interface (issue 16.13-14): messages in Chinese, one
word for each status on both pages, no warning that a Secretary-General report has no
meetings, cited symbols linked, two distinct column heads."""

import tempfile
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from archive.models import Document, Upload

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


@override_settings(
    SOURCE_FILES_DIR=Path(tempfile.mkdtemp(prefix="sources-")), LANGUAGE_CODE="zh-hans"
)
class ChineseUploadPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("clerk", password="x", is_staff=True)

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
        self.client.force_login(self.staff)
        patcher = mock.patch("search.index_document")
        patcher.start()
        self.addCleanup(patcher.stop)

    def upload(self, name, data, symbol=""):
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                "/upload/", {"files": [SimpleUploadedFile(name, data)], "symbol": symbol}
            )
        self.assertEqual(r.status_code, 302)
        return self.client.get(r["Location"]).content.decode()

    def test_a_secretary_general_report_is_not_warned_for_having_no_meetings(self):
        html = self.upload("A_62_627.zh.txt", (CORPUS / "A_62_627.zh.txt").read_bytes())
        self.assertEqual(Document.objects.get().doc_type, Document.DocType.SG_REPORT)
        self.assertNotIn("no meetings found", html)
        self.assertNotIn("未找到会议", html)

    def test_messages_are_chinese_and_cited_symbols_are_links(self):
        data = (CORPUS / "S_2011_817.zh.txt").read_bytes()
        html = self.upload("S_2011_817.zh.txt", data)
        self.assertIn(
            '<a class="symbol" href="/documents/S/RES/1353(2001)/">S/RES/1353(2001)</a>', html
        )
        html = self.upload("again.txt", data)
        self.assertIn("已在档案中", html)
        self.assertNotIn("already in the archive", html)

    def test_a_refused_file_has_one_status_word_on_both_pages(self):
        html = self.upload("empty.txt", "没有文号的文字。".encode())
        self.assertIn('<span class="status status-failed">已拒绝</span>', html)
        self.assertIn("未找到文号", html)
        self.assertEqual(Upload.objects.get().status, Upload.Status.FAILED)
        page = self.client.get("/upload/").content.decode()
        self.assertIn('<span class="status status-failed">已拒绝</span>', page)
        # one status word: the Job column says the job's state, never the status
        status = page[page.index('<td data-label="状态">') :]
        self.assertNotIn("失败", status[: status.index("</td>")])
        self.assertIn("未找到文号", page)
        heads = page[page.index("<thead>") : page.index("</thead>")]
        self.assertEqual(heads.count("<th>文件名</th>"), 1)
        self.assertEqual(heads.count("<th>文号</th>"), 1)
        self.assertIn('<button type="submit" class="primary">', page)
