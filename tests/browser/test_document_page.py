"""Document and meeting pages in a browser (issue 16.5-7): the annex table, the table of
contents, the text column on a phone, the date written like every other value."""

from tests.browser.conftest import no_horizontal_scroll, shot


def test_the_document_page_on_a_desktop_and_a_phone(live_server, corpus, pages):
    url = live_server.url + "/documents/S/2017/130/?lang=zh"
    page = pages("desktop")
    page.goto(url)
    # the date is a value like the others: same size and colour
    style = "el => [getComputedStyle(el).fontSize, getComputedStyle(el).color]"
    date = page.locator(".meta dd time").evaluate(style)
    other = page.locator(".meta dd").first.evaluate(style)
    assert date == other
    # the table of contents opens and leads to a section
    page.locator("details.contents summary").click()
    page.locator("details.contents a", has_text="结论和建议").click()
    assert page.url.endswith("#h10") or page.locator(":target").inner_text().endswith("结论和建议")
    assert page.locator(":target").is_visible()
    page.locator("#tbl1").scroll_into_view_if_needed()
    assert page.locator("#tbl1 table.annex-table tbody tr").count() == 5
    shot(page, "document")

    page = pages("phone")
    page.goto(url)
    assert no_horizontal_scroll(page)
    # the text keeps the screen: the tools sit under the number, not in a column of their own
    width = page.locator("#p10 > p").evaluate("p => p.getBoundingClientRect().width")
    assert width >= 300, width
    page.locator("#tbl1").scroll_into_view_if_needed()
    shot(page, "document")


def test_a_meeting_page_quotes_its_row_of_the_annex_table(live_server, corpus, pages):
    for width in ("desktop", "phone"):
        page = pages(width)
        page.goto(live_server.url + "/meetings/2016-04-28/")
        row = page.locator("figure.annex-row")
        assert row.locator("tbody tr").count() == 1
        assert "阿图尔·哈雷" in row.inner_text()
        assert no_horizontal_scroll(page)
        row.scroll_into_view_if_needed()
        shot(page, "meeting-annex-row")
