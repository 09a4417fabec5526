"""Site-wide: the favicon, and the upload page linked from the header for staff
(issue 16.12, 16.14)."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse


class FaviconTests(TestCase):
    def test_it_serves_favicon_ico_and_links_it(self):
        r = self.client.get("/favicon.ico")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "image/x-icon")
        body = b"".join(r.streaming_content)
        self.assertEqual(body[:4], b"\x00\x00\x01\x00")  # an ICO file
        self.assertContains(self.client.get("/"), '<link rel="icon" href="/favicon.ico"')


class StaffLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.staff = users.create_user("editor", password="x", is_staff=True)
        cls.reader = users.create_user("reader", password="x")

    def test_staff_see_the_upload_page_in_the_header(self):
        upload = reverse("ingest:upload")
        self.assertNotContains(self.client.get("/"), f'href="{upload}"')
        self.client.force_login(self.reader)
        self.assertNotContains(self.client.get("/"), f'href="{upload}"')
        self.client.force_login(self.staff)
        self.assertContains(self.client.get("/"), f'<a class="staff-link" href="{upload}">')
