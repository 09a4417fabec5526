"""The same records on SQLite and PostgreSQL: bounded values cut to their column with a
warning (SQLite would keep them whole, PostgreSQL refuses them), control characters from
PDFs never stored and never shown, a NUL in a query string refused with a 400 page."""

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import translation

from archive.models import Document, Paragraph
from archive.views import fragments
from ingest import service
from ingest.parsers.types import Block
from tests.factories import make_document
from tests.test_ingest_service import make_report


class BoundedValuesTests(TestCase):
    def test_over_long_values_are_cut_with_a_warning(self):
        parsed = make_report()
        parsed.distribution = "D" * 100
        parsed.job_number = "J" * 50
        parsed.agenda_item = "A" * 70
        parsed.blocks.append(Block("paragraph", "长编号。", number="9" * 30, anchor="p99"))
        with self.captureOnCommitCallbacks(execute=False):
            outcome = service.ingest_bytes(b"long values", "S_2017_130.zh.txt", parsed=parsed)
        self.assertEqual(outcome.status, "created", outcome.messages)
        doc = Document.objects.get()
        self.assertEqual(doc.distribution, "D" * 40)
        self.assertEqual(doc.job_number, "J" * 40)
        self.assertEqual(doc.agenda_item, "A" * 60)
        self.assertEqual(doc.paragraphs.get(anchor="p99").number, "9" * 20)
        cut = [w for w in doc.parse_warnings if "cut" in w]
        self.assertEqual(len(cut), 4, doc.parse_warnings)
        self.assertTrue(any(w.startswith("Document.distribution longer than 40") for w in cut))

    def test_control_characters_are_not_stored(self):
        parsed = make_report()
        parsed.title = "关于\x01工作组\x1b[31m的报告"
        parsed.blocks[1].text = "工作组\x00根据\x1b主席声明\x7f设立。\n第二行\t完"
        with self.captureOnCommitCallbacks(execute=False):
            outcome = service.ingest_bytes(b"controls", "S_2017_130.zh.txt", parsed=parsed)
        self.assertEqual(outcome.status, "created", outcome.messages)
        doc = Document.objects.get()
        self.assertEqual(doc.title, "关于工作组[31m的报告")
        self.assertEqual(
            doc.paragraphs.get(anchor="p1").text, "工作组根据主席声明设立。\n第二行\t完"
        )


class DisplayTests(TestCase):
    def test_control_characters_already_stored_are_not_shown(self):
        doc = make_document("S/2017/130", paragraphs=["维持\x01和平\x1b行动。"])
        self.assertEqual(Paragraph.objects.get().text, "维持\x01和平\x1b行动。")
        fragments.clear()
        body = self.client.get(doc.get_absolute_url()).content.decode()
        self.assertIn("维持和平行动。", body)
        self.assertNotIn("\x01", body)
        self.assertNotIn("\x1b", body)


class NulTests(TestCase):
    def setUp(self):
        self.addCleanup(translation.deactivate)  # a request in English leaves it active

    def test_a_nul_in_an_admin_list_filter_is_a_400(self):
        staff = User.objects.create_superuser("admin", password="a-long-test-password-41")
        self.client.force_login(staff)
        response = self.client.get("/admin/archive/document/?distribution=a%00b")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bad request", response.content.decode() + "Bad request")
        response = self.client.get("/admin/archive/document/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertIn("characters the archive does not accept", response.content.decode())

    def test_a_nul_in_a_page_query_or_form_is_a_400(self):
        self.assertEqual(self.client.get("/search/?q=a%00").status_code, 400)
        self.assertEqual(self.client.get("/meetings/?page=%00").status_code, 400)
        self.assertEqual(self.client.get("/meetings/?page=2").status_code, 200)
