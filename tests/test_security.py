"""Web security: headers, escaping, staff-only upload, CSRF, downloads, and `check --deploy`
with production settings (login limits: tests/hardening/test_login_limits.py)."""

import hashlib
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from archive.models import Upload
from tests.factories import make_document

ROOT = Path(__file__).resolve().parent.parent
OUR_MIDDLEWARE = ["config.security.SecurityHeadersMiddleware"]
# Our middleware whether or not settings.MIDDLEWARE lists it yet.
MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in OUR_MIDDLEWARE] + OUR_MIDDLEWARE
SCRIPT = '<script>alert("x")</script>'
PASSWORD = "a-long-test-password-41"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(MIDDLEWARE=MIDDLEWARE)
class HeadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document("S/2017/130", paragraphs=["维持和平行动。"], title="报告")

    def test_it_sends_security_headers_on_pages(self):
        for url in (reverse("archive:home"), self.doc.get_absolute_url(), "/no-such-page/"):
            response = self.client.get(url)
            csp = response["Content-Security-Policy"]
            self.assertIn("default-src 'self'", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertIn("style-src 'self'", csp)
            self.assertIn("img-src 'self' data:", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertIn("base-uri 'self'", csp)
            self.assertIn("form-action 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertIn("camera=()", response["Permissions-Policy"])
            self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertEqual(response["X-Frame-Options"], "DENY")
            self.assertEqual(response["Referrer-Policy"], "same-origin")

    def test_it_sends_headers_on_api_and_admin(self):
        for url in (reverse("archive:api_meetings"), reverse("admin:login")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("frame-ancestors 'none'", response["Content-Security-Policy"])

    def test_it_keeps_a_policy_a_view_sets_itself(self):
        from django.http import HttpResponse

        from config.security import SecurityHeadersMiddleware

        def view(request):
            response = HttpResponse("x")
            response["Content-Security-Policy"] = "default-src 'none'"
            return response

        response = SecurityHeadersMiddleware(view)(None)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")

    def test_it_has_no_inline_script_in_pages(self):
        # script-src 'self' blocks inline scripts: pages must not rely on them.
        body = self.client.get(self.doc.get_absolute_url()).content.decode()
        for chunk in body.split("<script")[1:]:
            self.assertIn("src=", chunk.split(">")[0])


INLINE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)", re.IGNORECASE)


def test_it_has_no_inline_styles_or_scripts_in_templates():
    # The policy allows only files from our own origin: inline CSS and JS would be blocked.
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


class EscapingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = make_document(
            "S/2015/1042",
            title=f"标题 {SCRIPT}",
            source_name="evil<script>.txt",
            paragraphs=[f"第一段 {SCRIPT} 见 S/2011/817。", '<img src=x onerror="alert(1)">'],
        )

    def test_it_shows_script_in_document_text_as_text(self):
        response = self.client.get(self.doc.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertNotIn(SCRIPT, body)
        self.assertNotIn("<img src=x", body)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", body)
        self.assertIn("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", body)
        # The symbol in the same paragraph is still linked.
        self.assertIn(reverse("archive:document", args=["S/2011/817"]), body)

    def test_it_escapes_script_in_the_api_as_json_text(self):
        response = self.client.get(reverse("archive:api_document", args=["S/2015/1042"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        self.assertIn(SCRIPT, response.json()["title"])

    def test_it_escapes_a_symbol_path_with_markup(self):
        response = self.client.get("/documents/S/2099/%3Cscript%3Ealert(1)%3C/script%3E/")
        self.assertIn(response.status_code, (404, 400))
        self.assertNotIn("<script>alert(1)", response.content.decode())


def make_user(username, *, staff):
    return User.objects.create_user(username, password=PASSWORD, is_staff=staff)


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
class UploadAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_user("staff", staff=True)
        cls.reader = make_user("reader", staff=False)
        cls.url = reverse("ingest:upload")

    def upload_file(self):
        return SimpleUploadedFile("a.txt", "S/2017/130\n报告".encode(), "text/plain")

    def test_it_sends_anonymous_visitors_to_login(self):
        for method in ("get", "post"):
            response = getattr(self.client, method)(self.url)
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        response = self.client.post(self.url, {"files": self.upload_file()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Upload.objects.count(), 0)

    def test_it_refuses_signed_in_non_staff(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        response = self.client.post(self.url, {"files": self.upload_file()})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Upload.objects.count(), 0)
        self.assertEqual(self.client.get(reverse("ingest:results")).status_code, 403)

    def test_it_refuses_non_staff_in_admin(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def test_it_lets_staff_see_the_upload_form(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "csrfmiddlewaretoken")


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
class CsrfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_user("staff", staff=True)

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)

    def test_it_refuses_an_upload_without_a_token(self):
        self.client.force_login(self.staff)
        upload = SimpleUploadedFile("a.txt", b"S/2017/130", "text/plain")
        response = self.client.post(reverse("ingest:upload"), {"files": upload})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Upload.objects.count(), 0)

    def test_it_refuses_a_login_without_a_token(self):
        response = self.client.post(
            reverse("admin:login"), {"username": "staff", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_accepts_a_login_with_the_token(self):
        self.client.get(reverse("admin:login"))
        token = self.client.cookies[settings.CSRF_COOKIE_NAME].value
        response = self.client.post(
            reverse("admin:login"),
            {"username": "staff", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.staff.pk))


class SourceDownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data = b"%PDF-1.4 not really\n<script>alert(1)</script>"
        sha = hashlib.sha256(data).hexdigest()
        relative = f"{sha[:2]}/{sha}.pdf"
        target = Path(settings.SOURCE_FILES_DIR) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        cls.doc = make_document(
            "S/2012/534",
            language="en",
            source_name='../../etc/pass"wd<script>.pdf',
            source_sha256=sha,
            source_path=relative,
        )
        cls.bare = make_document("S/2013/139", language="en", source_path="")

    def test_it_serves_the_source_as_an_attachment_with_a_safe_name(self):
        response = self.client.get(reverse("ingest:source", args=[self.doc.pk]))
        self.assertEqual(response.status_code, 200)
        disposition = response["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"), disposition)
        self.assertIn('filename="S_2012_534.en.pdf"', disposition)
        for bad in ("..", "/", "<", '"wd'):
            self.assertNotIn(bad, disposition.split("filename=")[1].strip('"'))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-1.4"))

    def test_it_answers_404_when_no_file_is_stored(self):
        self.assertEqual(
            self.client.get(reverse("ingest:source", args=[self.bare.pk])).status_code, 404
        )
        self.assertEqual(self.client.get(reverse("ingest:source", args=[999999])).status_code, 404)

    def test_it_stores_uploads_under_a_safe_name(self):
        from ingest.service import safe_file_name

        self.assertEqual(safe_file_name("../../etc/passwd"), "passwd")
        self.assertEqual(safe_file_name("C:\\temp\\a b<c>.pdf"), "a_b_c_.pdf")
        self.assertEqual(safe_file_name("\x00\n.."), "upload")
        self.assertEqual(safe_file_name("报告 S_2017_130.txt"), "报告_S_2017_130.txt")
        self.assertLessEqual(len(safe_file_name("a" * 1000 + ".pdf")), 200)


class DeployCheckTests(TestCase):
    def test_it_passes_check_deploy_with_production_settings(self):
        alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
        # A production environment, not this test run's: the browser tests allow async-unsafe
        # ORM calls in this process, which check --deploy rightly refuses.
        inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env = {
            **inherited,
            "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "ARCHIVE_HTTPS": "1",
            "ALLOWED_HOSTS": "archive.example.org",
            "DEBUG": "0",
            "ARCHIVE_PRODUCTION": "1",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("System check identified no issues", output)
        self.assertNotIn("WARNINGS", output)
