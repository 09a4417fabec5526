"""The editor's admin in headless Chromium, in Chinese and in English, and the mark of a
corrected fact on a public page (screenshots under test-artifacts/screenshots/)."""

import re

import pytest

from tests.browser.conftest import shot


@pytest.fixture
def corrected_archive(transactional_db):
    from django.contrib.auth import get_user_model

    from archive.models import Meeting
    from editorial import corrections
    from tests.factories import build_sample_archive

    build_sample_archive()
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-Editor-1")
    meeting = Meeting.objects.get(date="2016-04-28", seq=1)
    corrections.correct(meeting, "title", "更正后的会议标题", user=editor, reason="PDF 第 2 页")
    return meeting


def log_in(page, base):
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "pw-Editor-1")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_the_admin_speaks_both_languages_and_pages_mark_the_correction(
    browser,
    live_server,
    corrected_archive,
):
    meeting = corrected_archive
    for locale, header, reason_label, name in [
        ("zh-CN", "维持和平行动工作组档案", "更正理由", "admin-meeting-zh"),
        (
            "en-US",
            "Peacekeeping Working Group archive",
            "Reason for the correction",
            "admin-meeting-en",
        ),
    ]:
        context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        log_in(page, live_server.url)
        assert page.locator("#site-name").inner_text() == header
        page.goto(f"{live_server.url}/admin/archive/meeting/{meeting.pk}/change/")
        assert reason_label in page.locator("#meeting_form").inner_text()
        assert page.locator("textarea[name=title]").input_value() == "更正后的会议标题"
        shot(page, name)
        page.goto(f"{live_server.url}/admin/editorial/correction/")
        assert "更正后的会议标题" in page.locator("#result_list").inner_text()
        context.close()

    page = browser.new_page(locale="zh-CN", viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/meetings/{meeting.slug}/")
    mark = page.locator(".meeting-title .corrected")
    assert not mark.locator(".corrected-details").is_visible()
    mark.locator(".corrected-mark").focus()  # or hover: the details show
    details = mark.locator(".corrected-details")
    assert details.is_visible()
    text = details.inner_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d更正：文件原文为“.+” \(PDF 第 2 页\)", text), text
    shot(page, "meeting-corrected-title")
    page.close()
