"""The search page as a new user sees it (issue 16, items 2-4): filters beside the
results, results labelled as the archive cites them, dates written as on every other
page, the query syntax explained on the page itself."""

import re
from urllib.parse import quote

from tests.browser.conftest import no_horizontal_scroll, shot

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_it_shows_the_filters_beside_the_results_with_readable_labels(
    live_server, indexed_corpus, pages
):
    page = pages("desktop")
    page.goto(f"{live_server.url}/search/?q={quote('維持和平')}")
    facets = page.locator("aside.facets").bounding_box()
    results = page.locator("ol.search-results").bounding_box()
    # beside the results, at their top: not under them
    assert facets["x"] + facets["width"] <= results["x"]
    assert abs(facets["y"] - results["y"]) < 40
    shot(page, "search")

    labels = page.locator(".result-paragraph .result-link").all_inner_texts()
    assert labels, "no paragraph results"
    cited = re.compile(r"^[AS]/[\w/.()\-]+(，(附件)?(第[\w().]+[段节]|脚注\w+))?$")
    assert [label for label in labels if not cited.match(label.strip())] == []
    assert not any(re.search(r"段 ?[•(A二]", label) for label in labels)

    text = page.locator("ol.search-results").inner_text()
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)
    assert "2017年2月14日" in text

    # a meeting result names its meeting once, and its snippet does not repeat the title
    # (meetings filtered: the engines rank the first page differently)
    page.goto(f"{live_server.url}/search/?q={quote('維持和平')}&type=meeting")
    meeting = page.locator(".result-meeting").first
    title = meeting.locator(".result-link").inner_text()
    snippet = meeting.locator(".snippet")
    assert snippet.count() == 0 or title not in snippet.inner_text()

    # a briefer result does not say the role twice
    page.goto(f"{live_server.url}/search/?q={quote('維持和平')}&type=briefer")
    for briefer in page.locator(".result-briefer .snippet").all_inner_texts():
        parts = [p.strip() for p in briefer.split("·")]
        assert len(parts) == len(set(parts)), briefer

    page = pages("phone")
    page.goto(f"{live_server.url}/search/?q={quote('維持和平')}")
    assert no_horizontal_scroll(page)
    facets = page.locator("aside.facets").bounding_box()
    assert facets["height"] < 400  # compact filters above the results, not a long column
    shot(page, "search")


def test_the_query_syntax_is_explained_on_the_page(live_server, indexed_corpus, pages):
    page = pages("desktop")
    page.goto(f"{live_server.url}/search/?q={quote('直升机')}")
    help_ = page.locator("details.search-help")
    assert not help_.locator("dl").is_visible()
    help_.locator("summary").click()
    assert help_.locator("dl").is_visible()
    text = help_.inner_text()
    for word in ("AND", "OR", "NOT", '"', "symbol:", "cites:"):
        assert word in text
    shot(page, "search-help")


def test_an_empty_search_shows_how_to_search(live_server, pages):
    for width in ("desktop", "phone"):
        page = pages(width)
        response = page.goto(f"{live_server.url}/search/?q=")
        assert response.status == 200
        assert page.url.endswith("/search/?q=")  # not sent elsewhere
        assert page.locator("details.search-help dl").is_visible()
        assert no_horizontal_scroll(page)
        shot(page, "search-empty")
