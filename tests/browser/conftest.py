"""Browser tests (what a reader, a new user (issue 16) and an editor see), in Debian's
Chromium driven by Playwright (never a downloaded browser), with screenshots in
test-artifacts/screenshots/ named for the page and the viewport width.

Without Chromium they skip with the reason, unless ARCHIVE_REQUIRE_BROWSER=1 or CI=true
(CI), where they fail. The archive is the real corpus (parsed once a session, loaded per test).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"desktop": 1280, "phone": 390}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("ARCHIVE_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
        pytest.fail(f"a browser is required here but {reason}")
    pytest.skip(reason)


# Package scope: one Chromium for every browser test (they are all in this folder), and
# Playwright's event loop stops when they end, before the rest of the suite runs.
@pytest.fixture(scope="package")
def browser():
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def corpus_dump(tmp_path_factory):
    """The corpus ingested once (in the first test that asks), dumped to load in the next."""
    return tmp_path_factory.mktemp("corpus") / "archive.json"


@pytest.fixture
def corpus(transactional_db, corpus_dump):
    """The corpus's text files ingested (parsed once a session, then loaded)."""
    from django.core.management import call_command

    from ingest.service import ingest_bytes

    if corpus_dump.exists():
        call_command("loaddata", str(corpus_dump), verbosity=0)
        return
    for path in sorted(CORPUS.glob("*.txt")):
        outcome = ingest_bytes(path.read_bytes(), path.name, index=False)
        assert outcome.ok, outcome.messages
    call_command("dumpdata", "archive", output=str(corpus_dump), verbosity=0)


@pytest.fixture
def indexed_corpus(corpus):
    """The corpus and a search index of exactly it."""
    import haystack

    import search

    # The live server's thread opens the index configured now; this thread's connection
    # may still be one an earlier test pointed elsewhere: build where the server reads.
    haystack.connections.reload("default")
    search.rebuild()
    yield
    # The index outlives this test's database rows: leave it empty for the next tests
    # (e.g. check_index expects it to match their database).
    haystack.connections["default"].get_backend().clear()


@pytest.fixture
def pages(browser):
    """new_page(width name, lang) -> a page at that width; closed after the test."""
    opened = []

    def new_page(width="desktop", lang="zh-CN"):
        page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900}, locale=lang)
        opened.append(page)
        return page

    yield new_page
    for page in opened:
        page.close()


def shot(page, name):
    """A full-page screenshot named for the page and the viewport width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
