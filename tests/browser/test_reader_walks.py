"""A reader clicks through the sample archive: from the home page to a paragraph, and
from "cited by" to an anchor, switching language (screenshots under
test-artifacts/screenshots/)."""

import re

import pytest

from tests.browser.conftest import shot


@pytest.fixture
def archive(transactional_db):
    from tests.factories import build_sample_archive

    return build_sample_archive()


def test_it_walks_from_home_to_a_paragraph_by_clicking(browser, live_server, archive):
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot(page, "home")

    page.locator(".year-list").get_by_role("link", name="2016").click()
    page.wait_for_url(re.compile(r"/years/2016/$"))
    assert page.locator("h1").inner_text() == "2016"
    assert page.locator("svg circle").count() == 3
    shot(page, "year")

    page.locator("#meetings a.meeting-link[href='/meetings/2016-04-28/']").click()
    page.wait_for_url(re.compile(r"/meetings/2016-04-28/$"))
    assert "埃尔韦·拉德苏" in page.locator("#briefers").inner_text()
    shot(page, "meeting")

    page.locator("#briefers").get_by_role("link", name="埃尔韦·拉德苏").click()
    page.wait_for_url(re.compile(r"/briefers/\d+/$"))
    assert page.locator("h1").inner_text() == "埃尔韦·拉德苏"
    assert page.locator("ol.briefings > li").count() == 2
    shot(page, "briefer")

    # the source links to the paragraph stating the briefing (issue 16.10)
    page.locator("ol.briefings a.symbol", has_text="S/2017/130").click()
    page.wait_for_url(re.compile(r"/documents/S/2017/130/\?lang=zh#p6$"))
    assert page.locator("#text").get_attribute("lang") == "zh"
    assert page.locator("#p6").is_visible()
    shot(page, "document")

    # A symbol in the text that the archive only knows as cited
    page.locator("#p1 a.sym", has_text="S/PRST/2001/3").click()
    page.wait_for_url(re.compile(r"/documents/S/PRST/2001/3/$"))
    assert page.locator("a.undocs").get_attribute("href") == "https://undocs.org/S/PRST/2001/3"
    shot(page, "cited-symbol")

    # ... and from there to the paragraph that cites it: the permalink lands on it
    page.locator("#cited-by a", has_text="S/2017/130，第1段").click()
    page.wait_for_url(re.compile(r"/documents/S/2017/130/\?lang=zh#p1$"))
    target = page.locator("#p1")
    assert target.evaluate("el => el.matches(':target')")
    assert target.is_visible()
    assert "S/2017/130，第1段" in target.locator("a.cite").get_attribute("data-cite")
    shot(page, "paragraph")
    page.close()


def test_it_follows_cited_by_to_an_anchor_and_switches_language(browser, live_server, archive):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
    page.goto(live_server.url + "/documents/S/2017/130/")
    page.locator("#cited-by a", has_text="S/2011/817，第53段").click()
    page.wait_for_url(re.compile(r"/documents/S/2011/817/\?lang=zh#p53$"))
    assert page.locator("#p53").evaluate("el => el.matches(':target')")
    # readable on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "document-phone")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#text h2").inner_text() == "Full text"
    page.goto(live_server.url + "/meetings/")
    assert page.locator(".timeline svg").is_visible()
    shot(page, "meetings-phone")

    page.locator("a.topic").first.click()
    page.wait_for_url(re.compile(r"/topics/technology/$"))
    assert page.locator("ol.meeting-list > li").count() == 1
    shot(page, "topic-phone")

    response = page.goto(live_server.url + "/documents/S/1999/999/")
    assert response.status == 404
    page.locator("main input[name=q]").fill("技术")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    shot(page, "not-found-then-search")
    page.close()
