"""The real corpus, ingested, then walked page by page: every page answers and every
internal link on it leads somewhere (a page or a redirect to one)."""

import re
from pathlib import Path

from archive.models import Briefer, Document, Meeting, Topic
from ingest.service import ingest_path
from tests.test_page_cache import PageTestCase

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
HREF = re.compile(r'href="(/[^"#]*)')
NOT_OURS = ("/static/", "/search/", "/i18n/", "/admin/", "/upload/")


class CorpusWalkTests(PageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.outcomes = [ingest_path(p) for p in sorted(CORPUS.glob("*.txt"))]

    def test_it_ingested_the_corpus(self):
        self.assertEqual(
            [o.status for o in self.outcomes], ["created"] * 5, [o.messages for o in self.outcomes]
        )

    def test_it_serves_every_page_and_every_link_on_it(self):
        pages = ["/", "/documents/", "/meetings/", "/briefers/", "/topics/"]
        pages += [d.get_absolute_url() + f"?lang={d.language}" for d in Document.objects.all()]
        pages += [m.get_absolute_url() for m in Meeting.objects.all()]
        pages += [b.get_absolute_url() for b in Briefer.objects.all()]
        pages += [t.get_absolute_url() for t in Topic.objects.all()]
        seen, links = set(), set()
        for url in pages:
            r = self.client.get(url)
            self.assertEqual(r.status_code, 200, url)
            seen.add(url)
            links.update(h.replace("&amp;", "&") for h in HREF.findall(r.content.decode()))
        for url in sorted(links - seen):
            if url.startswith(NOT_OURS):
                continue
            r = self.client.get(url, follow=True)
            self.assertEqual(r.status_code, 200, url)

    def test_it_links_the_report_to_its_meetings_and_the_documents_it_cites(self):
        r = self.client.get("/documents/S/2017/130/")
        self.assertContains(r, 'href="/meetings/2016-04-28/"')
        self.assertContains(r, 'href="/documents/S/2016/1019/"')
        self.assertContains(r, 'id="p104"')
        data = self.client.get("/api/documents/S/2017/130").json()
        self.assertIn("S/PRST/2001/3", data["cites"])
        self.assertTrue(any(m["date"] == "2016-04-28" for m in data["meetings"]))
