"""Site-wide layout (issue 16.12): the timeline whole and readable on a phone, the English
header on one row with its search placeholder whole, a favicon."""

from tests.browser.conftest import no_horizontal_scroll, shot

TEXT_SIZES = """[...document.querySelectorAll('.timeline svg text')].map(t => {
  const r = t.getBoundingClientRect(); return {text: t.textContent, height: r.height,
  left: r.left, right: r.right}; })"""


def test_the_timeline_shows_every_month_readably_on_a_phone(live_server, corpus, pages):
    for path, name in (("/meetings/", "meetings"), ("/years/2016/", "year")):
        page = pages("phone")
        page.goto(live_server.url + path)
        figure = page.locator("figure.timeline")
        # nothing hidden in a scroll box: the figure is as wide as what it holds
        assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
        labels = page.evaluate(TEXT_SIZES)
        months = [t for t in labels if t["text"] in {str(m) for m in range(1, 13)}]
        assert len(months) == 12
        assert all(0 <= t["left"] and t["right"] <= 390 for t in labels), labels
        assert min(t["height"] for t in labels) >= 11, labels  # was 6-7 px
        assert no_horizontal_scroll(page)
        shot(page, f"timeline-{name}")
        page = pages("desktop")
        page.goto(live_server.url + path)
        shot(page, f"timeline-{name}")


PLACEHOLDER_FITS = """(() => { const i = document.querySelector('.header-search input');
  const s = getComputedStyle(i); const c = document.createElement('canvas').getContext('2d');
  c.font = s.font; return c.measureText(i.placeholder).width <=
  i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })()"""


def test_the_english_header_is_one_row_at_1280(live_server, corpus, pages):
    for lang in ("en", "zh-hans"):
        page = pages("desktop")
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        page.goto(live_server.url + "/")
        assert page.locator("html").get_attribute("lang") == lang
        boxes = [
            page.locator(selector).bounding_box()
            for selector in (".site-name", ".site-nav", ".header-search", ".language-switch")
        ]
        # one row: every part of the header overlaps the same horizontal band
        assert max(b["y"] for b in boxes) < min(b["y"] + b["height"] for b in boxes), boxes
        assert page.evaluate(PLACEHOLDER_FITS)
        shot(page, f"header-{lang}")
        page = pages("phone")
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        page.goto(live_server.url + "/")
        assert no_horizontal_scroll(page)
        shot(page, f"header-{lang}")


def test_the_browser_finds_a_favicon(live_server, pages):
    page = pages("desktop")
    response = page.goto(live_server.url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] == "image/x-icon"
