"""One rebuild path: built beside the old index and swapped in when complete (searches
read the old one until then; a failed build leaves it); the index records its version."""

import io
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

import search
from search.engines.whoosh.backend import ChineseWhooshSearchBackend
from search.engines.whoosh.schema_version import SCHEMA_VERSION, VERSION_FILE
from tests.search.test_engine import IndexedArchiveTestCase, make_document


def urls(query):
    return sorted(h.url for h in search.search(query, per_page=50).hits)


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class RebuildTest(IndexedArchiveTestCase):
    def add_unindexed_document(self):
        return make_document("S/2020/1", [("1", "新增的扫雷行动。")])

    def test_searches_read_the_old_index_until_the_swap(self):
        before = urls("工作组")
        self.add_unindexed_document()
        seen = []
        original = ChineseWhooshSearchBackend.prepare_entry

        def prepare_and_search(backend, index, obj):
            if not seen:  # halfway through the build: the old index answers
                seen.append((urls("工作组"), search.search("扫雷").count))
            return original(backend, index, obj)

        with mock.patch.object(ChineseWhooshSearchBackend, "prepare_entry", prepare_and_search):
            search.rebuild()
        self.assertEqual(seen, [(before, 0)])
        self.assertEqual(urls("扫雷"), ["/documents/S/2020/1/#p1"])
        self.assertTrue(search.check().ok)

    def test_a_failed_build_leaves_the_old_index(self):
        before = urls("工作组")
        self.add_unindexed_document()
        calls = []
        original = ChineseWhooshSearchBackend.prepare_entry

        def fail_on_the_fifth(backend, index, obj):
            calls.append(obj)
            if len(calls) == 5:
                raise RuntimeError("the database went away")
            return original(backend, index, obj)

        with mock.patch.object(ChineseWhooshSearchBackend, "prepare_entry", fail_on_the_fifth):
            with self.assertRaisesMessage(RuntimeError, "went away"):
                search.rebuild()
        self.assertEqual(urls("工作组"), before)
        self.assertEqual(search.search("扫雷").count, 0)
        search.rebuild()
        self.assertEqual(search.search("扫雷").count, 1)

    def test_it_records_its_version_and_refuses_another(self):
        version_file = Path(self.index_path()) / VERSION_FILE
        self.assertEqual(version_file.read_text().strip(), str(SCHEMA_VERSION))
        version_file.write_text("1\n")
        with self.assertRaisesMessage(search.SearchUnavailable, "rebuild_index"):
            search.search("工作组")
        with self.assertRaisesMessage(search.SearchUnavailable, "rebuild_index"):
            search.check()
        out = io.StringIO()
        call_command("rebuild_index", "--if-needed", stdout=out)
        self.assertIn("Index rebuilt", out.getvalue())
        self.assertTrue(search.search("工作组").count)
        out = io.StringIO()
        call_command("rebuild_index", "--if-needed", stdout=out)
        self.assertIn("up to date", out.getvalue())

    def test_check_index_fix_rebuilds_an_index_of_another_version(self):
        (Path(self.index_path()) / VERSION_FILE).unlink()  # built before versions were kept
        out = io.StringIO()
        call_command("check_index", "--fix", stdout=out)
        self.assertIn("Index rebuilt", out.getvalue())
        self.assertTrue(search.check().ok)

    def test_every_command_takes_the_same_path(self):
        with mock.patch("search.engines.whoosh.maintenance.rebuild_index", return_value=7) as rb:
            call_command("rebuild_index", "--noinput", stdout=io.StringIO())
        rb.assert_called_once_with(procs=1)
