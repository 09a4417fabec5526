"""The upload page for staff in a browser (issue 16.14): linked from the header, a styled
button, the recent uploads readable on a phone."""

from tests.browser.conftest import no_horizontal_scroll, shot


def signed_in(page, live_server, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_staff_reach_the_upload_page_and_read_it_on_a_phone(live_server, pages, transactional_db):
    from django.contrib.auth.models import User

    from archive.models import Upload

    staff = User.objects.create_user("clerk", password="x", is_staff=True)
    for i in range(3):
        Upload.objects.create(
            user=staff,
            file_name=f"a-very-long-file-name-of-an-upload-{i}.zh.txt",
            status=Upload.Status.FAILED,
            messages=["no document symbol found in the file; enter the symbol and upload it again"],
        )
    for width in ("desktop", "phone"):
        page = pages(width)
        signed_in(page, live_server, staff)
        page.goto(live_server.url + "/")
        page.locator("a.staff-link").click()
        page.wait_for_url(live_server.url + "/upload/")
        button = page.locator("form.upload-form button[type=submit]")
        assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(31, 95, 168)"
        assert no_horizontal_scroll(page)
        status = page.locator("table.uploads .status").first
        assert status.inner_text() == "已拒绝"
        # the status reads as a word, not one character a line
        assert status.evaluate("s => s.getBoundingClientRect().height") < 30
        shot(page, "upload")
