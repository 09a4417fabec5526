"""The index follows ingest: per-document updates after commit, removal, the writer lock,
the rebuild_index and check_index commands."""

import io
import threading

import haystack
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

import search
from archive.models import Document, Paragraph
from tests.search.test_engine import IndexedArchiveTestCase, make_document


def paragraphs_found(query):
    return sorted(
        (h.symbol, h.paragraph) for h in search.search(query).hits if h.type == "paragraph"
    )


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class FollowIngestTest(IndexedArchiveTestCase):
    def ingest(self, symbol, paragraphs, **kwargs):
        """What the ingest service does: save in a transaction, index after commit."""
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with transaction.atomic():
                Document.objects.filter(symbol=symbol).delete()
                document = make_document(symbol, paragraphs, **kwargs)
                transaction.on_commit(lambda: search.index_document(document.pk))
        self.assertEqual(len(callbacks), 1)
        return document

    def test_it_indexes_a_new_document_after_commit(self):
        self.assertEqual(paragraphs_found("三方合作机制"), [])
        self.ingest("S/2018/1", [("1", "建立三方合作机制。"), ("2", "其他内容。")])
        self.assertEqual(paragraphs_found("三方合作机制"), [("S/2018/1", "1")])

    def test_it_replaces_a_reingested_documents_entries_only(self):
        self.ingest("S/2018/1", [("1", "建立三方合作机制。"), ("2", "直升机租赁合同。")])
        before = paragraphs_found("直升机")
        self.assertIn(("S/2018/1", "2"), before)
        self.ingest("S/2018/1", [("1", "建立三方合作机制。")])  # paragraph 2 is gone
        self.assertEqual(paragraphs_found("直升机"), [p for p in before if p[0] != "S/2018/1"])
        self.assertEqual(paragraphs_found("三方合作机制"), [("S/2018/1", "1")])
        self.assertTrue(search.check().ok)

    def test_it_updates_only_the_documents_entries(self):
        para = Paragraph.objects.get(document__symbol="S/2011/817", number="1")
        para.text = "工作组讨论了无人驾驶航空系统。"
        para.save()
        other = Paragraph.objects.get(document__symbol="S/2017/130", number="27")
        other.text = "改动但未重新索引。"
        other.save()
        search.index_document(para.document_id)
        self.assertEqual(paragraphs_found("无人驾驶"), [("S/2011/817", "1")])
        self.assertEqual(paragraphs_found("非洲联盟和平基金"), [("S/2017/130", "27")])

    def test_it_removes_a_deleted_document_and_reindexes_its_meetings(self):
        document = self.archive["2017"]
        doc_id = document.pk
        with self.captureOnCommitCallbacks(execute=True):
            with transaction.atomic():
                document.delete()
                transaction.on_commit(lambda: search.remove_document(doc_id))
        self.assertEqual(paragraphs_found("非洲联盟和平基金"), [])
        meetings = [h for h in search.search("Renata Dwan").hits if h.type == "meeting"]
        self.assertEqual(meetings, [])  # their briefings came from the deleted document
        self.assertEqual(
            [h.url for h in search.search("symbol:S/2016/1019").hits], ["/meetings/2016-04-28/"]
        )
        self.assertTrue(search.check().ok)

    def test_it_waits_for_another_writer(self):
        backend = haystack.connections["default"].get_backend()
        busy = backend.writer()
        threading.Timer(0.5, busy.cancel).start()
        search.index_document(self.archive["2011"].pk)  # waits, then writes
        self.assertEqual(paragraphs_found("直升机"), [("S/2011/817", "1")])

    def test_it_gives_up_after_the_lock_timeout(self):
        backend = haystack.connections["default"].get_backend()
        busy = backend.writer()
        backend.lock_timeout = 0.3
        try:
            with self.assertRaises(search.IndexBusy):
                search.index_document(self.archive["2011"].pk)
        finally:
            busy.cancel()
            backend.lock_timeout = 60
        self.assertEqual(paragraphs_found("直升机"), [("S/2011/817", "1")])


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class CommandsTest(IndexedArchiveTestCase):
    def test_it_rebuilds_with_the_rebuild_index_command(self):
        search.remove_document(self.archive["2011"].pk)
        self.assertEqual(paragraphs_found("直升机"), [])
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.assertEqual(paragraphs_found("直升机"), [("S/2011/817", "1")])
        self.assertTrue(search.check().ok)

    def test_it_checks_and_fixes_the_index(self):
        out = io.StringIO()
        call_command("check_index", stdout=out)
        self.assertIn("The index matches the database.", out.getvalue())

        para = Paragraph.objects.get(document__symbol="S/2011/817", number="1")
        haystack.connections["default"].get_backend().remove(para)
        Document.objects.filter(pk=self.archive["2017"].pk).update(title="新标题")
        Document.objects.get(pk=self.archive["2017"].pk).save()  # a newer updated_at
        out = io.StringIO()
        with self.assertRaisesRegex(CommandError, "differs"):
            call_command("check_index", stdout=out)
        report = out.getvalue()
        self.assertIn(f"missing: 1\n  archive.paragraph.{para.pk}", report)
        self.assertIn(f"archive.document.{self.archive['2017'].pk}", report)

        out = io.StringIO()
        call_command("check_index", "--fix", stdout=out)
        self.assertIn("Fixed", out.getvalue())
        self.assertTrue(search.check().ok)
        self.assertEqual(paragraphs_found("直升机"), [("S/2011/817", "1")])

    def test_it_reports_an_unreadable_index(self):
        from tests.search.test_views import delete_index

        delete_index()
        with self.assertRaisesRegex(CommandError, "not been built"):
            call_command("check_index", stdout=io.StringIO())
        call_command("check_index", "--fix", stdout=io.StringIO())
        self.assertTrue(search.check().ok)
