"""Building the index: the in-memory segment writer gives the files Whoosh's own writer
gives, a rebuild split in shares or segments finds the same entries, and a one-character
query still finds the character anywhere without a separate field."""

import os
import tempfile
from unittest import mock

import haystack
from django.test import override_settings
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

import search
from search.engines.whoosh.build import build
from search.engines.whoosh.maintenance import _everything
from search.engines.whoosh.writer import ArchiveSegmentWriter
from tests.search.test_engine import IndexedArchiveTestCase, make_document


def backend():
    return haystack.connections["default"].get_backend()


def entries():
    return [backend().prepare_entry(index, obj) for index, obj in _everything()]


def postings(ix):
    """Everything a reader sees: terms with their statistics and postings, field
    lengths and stored fields."""
    with ix.reader() as reader:
        terms = {}
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            items = list(reader.postings(field, text).all_items())
            terms[field, text] = (stats, items)
        lengths = [reader.doc_field_length(n, "text") for n in range(reader.doc_count_all())]
        return terms, lengths, list(reader.all_stored_fields())


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class WriterTest(IndexedArchiveTestCase):
    def write(self, writer_class, docs, then=()):
        ix = FileStorage(tempfile.mkdtemp(dir=self._index_dir)).create_index(backend()._schema())
        writer = writer_class(ix)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        if then:  # a second commit that merges the first segment in (add_reader)
            writer = writer_class(ix)
            for doc in then:
                writer.add_document(**doc)
            writer.commit(optimize=True)
        return ix

    def test_it_writes_what_whooshs_segment_writer_writes(self):
        docs = entries()
        # A long text: positions past the cached ones, more than one block per term.
        docs.append({**docs[-1], "id": "archive.paragraph.999", "text": "直升机。" * 300 + "ok"})
        extra = [{**docs[0], "id": "archive.document.998"}]
        ours = postings(self.write(ArchiveSegmentWriter, docs, extra))
        whooshs = postings(self.write(SegmentWriter, docs, extra))
        self.assertEqual(ours, whooshs)
        self.assertIn(("text", "机".encode()), ours[0])  # the last character of a run

    def test_it_builds_the_same_index_from_shares_and_segments(self):
        expected = sorted(e["id"] for e in entries())
        shares = [sorted(e["id"] for e in _shared(i, 3)) for i in range(3)]
        self.assertTrue(all(shares))
        self.assertEqual(sorted(sum(shares, [])), expected)  # each entry in one share only

        b = backend()
        b.clear()
        with mock.patch("search.engines.whoosh.build.CHECK_EVERY", 5):
            count = build(b, b.writer(), _everything, procs=1, limitmb=0)  # 5 per segment
        self.assertEqual(count, len(expected))
        self.assertEqual(len(b.index.refresh()._segments()), -(-count // 5))
        self.assertTrue(search.check().ok)
        self.assertEqual(
            sorted((h.symbol, h.paragraph) for h in search.search("直升机").hits),
            [("S/2011/817", "1")],
        )

    def test_it_falls_back_to_one_process_inside_a_transaction(self):
        self.assertEqual(search.rebuild(procs=2), len(entries()))
        self.assertTrue(search.check().ok)


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class SegmentFilesTest(IndexedArchiveTestCase):
    """Segments are written as separate files: Whoosh reads a compound segment file's
    parts through BufferFile(BytesIO(...)), a copy of every posting file in the memory of
    every process that searches."""

    def test_rebuilt_and_updated_segments_are_not_compound(self):
        search.rebuild()
        document = make_document("S/2099/1", [("1", "直升机和无人机")])
        search.index_document(document.pk)
        segments = backend().index.refresh()._segments()
        self.assertGreaterEqual(len(segments), 1)
        self.assertEqual([s.is_compound() for s in segments], [False] * len(segments))
        files = os.listdir(backend().path)
        self.assertFalse([f for f in files if f.endswith(".seg")], files)
        self.assertIn("S/2099/1", [h.symbol for h in search.search("无人机").hits])


def _shared(share, shares):
    return (backend().prepare_entry(index, obj) for index, obj in _everything(share, shares))


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class SingleCharacterTest(IndexedArchiveTestCase):
    def test_it_finds_a_character_inside_at_the_end_of_and_alone_in_a_run(self):
        document = make_document(
            "S/2019/1", [("1", "甲乙丙。"), ("2", "乙丙丁"), ("3", "丙"), ("4", "丁戊")]
        )
        search.index_document(document.pk)

        def found(query):
            return sorted(h.paragraph for h in search.search(query).hits if h.symbol == "S/2019/1")

        self.assertEqual(found("丙"), ["1", "2", "3"])
        self.assertEqual(found("乙"), ["1", "2"])
        self.assertEqual(found("戊"), ["4"])
        self.assertEqual(found("甲乙丙"), ["1"])
        self.assertIn("<mark>丙</mark>", search.search("丙").hits[0].snippet)
