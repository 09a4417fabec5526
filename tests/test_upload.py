"""The upload pages: staff only, several files at once, a report of what was understood,
and for every kind of bad input a clear reason and nothing changed (no document rows, no
stored file, no index update; the Upload row recording the failure is kept on purpose)."""

import io
import tempfile
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from PIL import Image
from reportlab.pdfgen import canvas

from archive.models import Citation, Document, Meeting, Paragraph, Upload
from tests.pdfgen import layout_text, make_pdf, simple_layout

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
MISSION_PDF = (CORPUS / "pdf" / "S_2012_534.en.pdf").read_bytes()
LETTER_TEXT = (CORPUS / "S_2015_1039.zh.txt").read_bytes()
REPORT_TEXT = (CORPUS / "S_2011_817.zh.txt").read_bytes()
UPLOAD_URL = "/upload/"


def english_pdf(
    symbol="S/2020/7", paragraphs=("The Working Group met.", "It recommends more."), **kwargs
):
    return make_pdf(simple_layout(symbol, list(paragraphs), **kwargs), font="Helvetica")


def drawn_pdf(draw, *, encrypt=None):
    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@override_settings(SOURCE_FILES_DIR=Path(tempfile.mkdtemp(prefix="sources-")))
class UploadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("clerk", password="x", is_staff=True)
        cls.reader = User.objects.create_user("reader", password="x")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.client.force_login(self.staff)
        patcher = mock.patch("search.document_saved")
        self.index_update = patcher.start()
        self.addCleanup(patcher.stop)

    def post(self, *files, symbol="", client=None):
        uploads = [SimpleUploadedFile(name, data) for name, data in files]
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).post(UPLOAD_URL, {"files": uploads, "symbol": symbol})

    def stored_files(self):
        from django.conf import settings

        return sorted(
            p.relative_to(settings.SOURCE_FILES_DIR)
            for p in Path(settings.SOURCE_FILES_DIR).rglob("*")
            if p.is_file()
        )

    def snapshot(self):
        return {
            "documents": Document.objects.count(),
            "paragraphs": Paragraph.objects.count(),
            "citations": Citation.objects.count(),
            "meetings": Meeting.objects.count(),
            "files": self.stored_files(),
            "index_updates": self.index_update.call_count,
        }


class UploadPageTests(UploadTestCase):
    def test_it_shows_the_form_with_a_multiple_file_input(self):
        response = self.client.get(UPLOAD_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'type="file"')
        self.assertContains(response, "multiple")
        self.assertContains(response, 'name="symbol"')

    def test_it_is_linked_from_the_admin_index(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, f'href="{reverse("ingest:upload")}"')

    def test_it_ingests_a_pdf_and_reports_what_it_understood(self):
        files = len(self.stored_files())
        response = self.post(("S_2012_534.en.pdf", MISSION_PDF))
        upload = Upload.objects.get()
        self.assertRedirects(response, f"{reverse('ingest:results')}?ids={upload.pk}")
        document = Document.objects.get()
        self.assertEqual(
            (document.symbol, document.language, document.source_format),
            ("S/2012/534", "en", "pdf"),
        )
        self.assertEqual(Paragraph.objects.filter(document=document, kind="paragraph").count(), 41)
        self.assertEqual(
            (upload.status, upload.user, upload.document), ("created", self.staff, document)
        )
        self.assertEqual(upload.size, len(MISSION_PDF))
        self.assertEqual(len(self.stored_files()), files + 1)
        self.index_update.assert_called_once_with(document.pk)
        page = self.client.get(response["Location"])
        self.assertContains(page, "S/2012/534")
        self.assertContains(page, "July 11, 2012")
        self.assertContains(page, '<span class="status status-created">Added</span>')
        self.assertContains(page, upload.sha256)
        self.assertContains(page, reverse("ingest:source", args=[document.pk]))

    def test_it_takes_several_files_at_once(self):
        response = self.post(
            ("S_2015_1039.zh.txt", LETTER_TEXT), ("S_2011_817.zh.txt", REPORT_TEXT)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(Document.objects.values_list("symbol", flat=True)), ["S/2011/817", "S/2015/1039"]
        )
        self.assertEqual(Upload.objects.filter(status="created").count(), 2)
        page = self.client.get(response["Location"])
        self.assertContains(page, "S/2011/817")
        self.assertContains(page, "S/2015/1039")
        self.assertContains(page, "<h3>Meetings</h3>", html=False)

    def test_it_says_already_in_the_archive_for_the_same_file_again(self):
        self.post(("S_2011_817.zh.txt", REPORT_TEXT))
        before = self.snapshot()
        response = self.post(("copy.txt", REPORT_TEXT))
        self.assertEqual(self.snapshot(), before)
        upload = Upload.objects.first()
        self.assertEqual(upload.status, "unchanged")
        self.assertContains(self.client.get(response["Location"]), "already in the archive")

    def test_it_replaces_a_document_with_a_new_file_of_the_same_symbol(self):
        first = english_pdf(paragraphs=["Old text."])
        second = english_pdf(paragraphs=["New text.", "Another paragraph."])
        self.post(("old.pdf", first))
        old = Document.objects.get()
        response = self.post(("new.pdf", second))
        document = Document.objects.get()
        self.assertEqual(document.pk, old.pk)
        self.assertEqual(
            list(document.paragraphs.filter(kind="paragraph").values_list("text", flat=True)),
            ["New text.", "Another paragraph."],
        )
        upload = Upload.objects.first()
        self.assertEqual((upload.status, upload.previous_sha256), ("updated", old.source_sha256))
        self.assertContains(self.client.get(response["Location"]), "Replaced")

    def test_it_gives_the_same_document_from_the_pdf_as_from_the_text(self):
        self.post(("S_2011_817.zh.txt", REPORT_TEXT))
        from_text = list(Paragraph.objects.values_list("kind", "number", "anchor", "text"))
        pdf = make_pdf(layout_text(REPORT_TEXT.decode("utf-8"), "S/2011/817"))
        response = self.post(("S_2011_817.zh.pdf", pdf))
        document = Document.objects.get()
        self.assertEqual(
            (document.source_format, Upload.objects.first().status), ("pdf", "updated")
        )
        self.assertEqual(
            list(Paragraph.objects.values_list("kind", "number", "anchor", "text")), from_text
        )
        self.assertContains(self.client.get(response["Location"]), "Replaced")

    def test_it_warns_about_pages_with_little_text(self):
        def page(pdf, text):
            pdf.setFont("Helvetica", 10)
            pdf.drawString(72, 700, text)
            pdf.drawInlineImage(Image.new("L", (8, 8), 128), 72, 100, 400, 550)
            pdf.showPage()

        out = io.BytesIO()
        pdf = canvas.Canvas(out)
        page(pdf, "1. The Working Group met twice.")
        page(pdf, "")
        pdf.save()
        response = self.post(("scan.pdf", out.getvalue()), symbol="S/2020/9")
        upload = Upload.objects.get()
        self.assertEqual(upload.status, "created")
        self.assertIn("page 2: low text yield (0 characters)", " ".join(upload.messages))
        self.assertContains(
            self.client.get(response["Location"]), "page 1: low text yield (26 characters)"
        )

    def test_it_refuses_a_symbol_for_several_files(self):
        before = self.snapshot()
        response = self.post(("a.txt", REPORT_TEXT), ("b.txt", LETTER_TEXT), symbol="S/2020/1")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "one file at a time", status_code=400)
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(Upload.objects.exists())


class DownloadTests(UploadTestCase):
    def test_it_serves_the_original_file_as_an_attachment(self):
        self.post(("mission report.pdf", MISSION_PDF))
        document = Document.objects.get()
        self.client.logout()
        response = self.client.get(reverse("ingest:source", args=[document.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="S_2012_534.en.pdf"'
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), MISSION_PDF)

    def test_it_answers_404_without_a_stored_file(self):
        self.assertEqual(self.client.get(reverse("ingest:source", args=[999])).status_code, 404)


class RefusedUploadTests(UploadTestCase):
    """Each bad file: a reason on the page, an Upload row saying "failed", nothing else."""

    def assertRefused(self, name, data, reason, symbol=""):
        before = self.snapshot()
        response = self.post((name, data), symbol=symbol)
        self.assertEqual(self.snapshot(), before)
        upload = Upload.objects.get()
        self.assertEqual((upload.status, upload.document), ("failed", None))
        self.assertIn(reason, " ".join(upload.messages))
        page = self.client.get(response["Location"])
        self.assertContains(page, '<span class="status status-failed">Refused</span>')
        self.assertContains(page, reason)
        return upload

    def test_it_refuses_a_file_named_pdf_that_is_not_one(self):
        self.assertRefused("report.pdf", REPORT_TEXT, "file is named .pdf but is not a PDF")

    def test_it_refuses_an_empty_file(self):
        self.assertRefused("empty.txt", b"", "empty file")

    def test_it_refuses_an_encrypted_pdf(self):
        pdf = drawn_pdf(lambda c: c.drawString(72, 700, "S/2020/7"), encrypt="secret")
        self.assertRefused("locked.pdf", pdf, "encrypted")

    def test_it_refuses_a_truncated_pdf(self):
        self.assertRefused("cut.pdf", MISSION_PDF[: len(MISSION_PDF) // 2], "truncated")

    def test_it_refuses_a_corrupted_pdf(self):
        self.assertRefused("bad.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "the PDF is damaged")

    def test_it_refuses_a_scan_without_a_text_layer(self):
        pdf = drawn_pdf(lambda c: c.rect(72, 72, 400, 600, fill=1))
        # Uploads are background jobs: a scan is read by OCR there (this one has no text),
        # or refused with the reason when the OCR tools are missing.
        from ingest import ocr
        from ingest.parsers.types import ParseError

        try:
            ocr.check_available()
            reason = "OCR found no text on any page"
        except ParseError as exc:
            reason = str(exc)
        self.assertRefused("scan.pdf", pdf, reason)

    def test_it_refuses_a_binary_file(self):
        self.assertRefused("data.txt", b"PK\x03\x04\x00\x00binary", "not a text file")

    def test_it_refuses_text_in_another_encoding(self):
        self.assertRefused("latin.txt", "Résumé du général à Genève.\n".encode("latin-1"), "UTF-8")

    @override_settings(UPLOAD_MAX_BYTES=10_000)
    def test_it_refuses_a_file_over_the_size_limit(self):
        self.assertRefused("big.pdf", MISSION_PDF, "file is too large")

    @override_settings(UPLOAD_MAX_PAGES=3)
    def test_it_refuses_a_pdf_over_the_page_limit(self):
        self.assertRefused("long.pdf", MISSION_PDF, "the PDF has 14 pages; the limit is 3")

    def test_it_refuses_a_document_without_a_symbol(self):
        text = "1. 工作组举行了一次会议。\n2. 工作组建议加强协商。\n".encode()
        self.assertRefused("note.txt", text, "no document symbol found")

    def test_it_takes_a_document_without_a_symbol_when_the_admin_gives_one(self):
        text = "1. 工作组举行了一次会议。\n2. 工作组建议加强协商。\n".encode()
        files = len(self.stored_files())
        response = self.post(("note.txt", text), symbol="S/2020/8")
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get()
        self.assertEqual(document.symbol, "S/2020/8")
        self.assertEqual(Upload.objects.get().status, "created")
        self.assertEqual(len(self.stored_files()), files + 1)

    def test_it_refuses_a_malformed_symbol(self):
        before = self.snapshot()
        response = self.post(("note.txt", REPORT_TEXT), symbol="not a symbol")
        self.assertContains(response, "is not a UN document symbol", status_code=400)
        self.assertEqual(self.snapshot(), before)


class AccessTests(UploadTestCase):
    def assertNothingChanged(self, before):
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(Upload.objects.exists())

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        self.client.logout()
        before = self.snapshot()
        for response in (self.client.get(UPLOAD_URL), self.post(("r.txt", REPORT_TEXT))):
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.assertNothingChanged(before)

    def test_it_refuses_signed_in_users_who_are_not_staff(self):
        self.client.force_login(self.reader)
        before = self.snapshot()
        self.assertEqual(self.client.get(UPLOAD_URL).status_code, 403)
        self.assertEqual(self.post(("r.txt", REPORT_TEXT)).status_code, 403)
        self.assertEqual(self.client.get(reverse("ingest:results")).status_code, 403)
        self.assertNothingChanged(before)

    def test_it_enforces_csrf(self):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(self.staff)
        before = self.snapshot()
        response = self.post(("r.txt", REPORT_TEXT), client=client)
        self.assertEqual(response.status_code, 403)
        self.assertNothingChanged(before)

    def test_it_accepts_a_post_with_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(self.staff)
        token = client.get(UPLOAD_URL).context["csrf_token"]
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(
                UPLOAD_URL,
                {
                    "files": [SimpleUploadedFile("r.txt", REPORT_TEXT)],
                    "csrfmiddlewaretoken": str(token),
                },
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.get().symbol, "S/2011/817")
