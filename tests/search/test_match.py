"""search.engines.whoosh.matching and search.engines.whoosh.postings give Whoosh's own answers: the same
matches, counts, facet counts and ranking (scores), from posting blocks read directly."""

import datetime as dt
import os
import random
import shutil
import tempfile
import unittest
from unittest import mock

from django.test import override_settings
from haystack import connections
from haystack.constants import DJANGO_CT
from whoosh import fields
from whoosh import query as Q
from whoosh.filedb.filestore import FileStorage

import search
from archive.models import Document
from search.engines.whoosh.arrays import EXTENSION, MIN_POSTINGS, ArraysWriter, SegmentArrays
from search.engines.whoosh.index_view import IndexView
from search.engines.whoosh.matching import Evaluation
from search.engines.whoosh.postings import Segment, positions
from search.engines.whoosh.writer import ArchiveSegmentWriter
from tests.search.test_engine import IndexedArchiveTestCase, make_document

QUERIES = [
    "直升机",
    "机",
    "工作组",
    "维持和平",
    "特派团 AND 合作",
    "直升机 OR 无人机",
    "工作组 NOT 直升机",
    "工作组 NOT 会议",
    '"非洲联盟和平基金"',
    '"非洲和平基金"',
    "Renata Dwan",
    "S/2016/1019",
    "symbol:S/2016/1019",
    "cites:S/RES/1353(2001)",
    "peace operations",
    "报告 报告",
]


@override_settings(SEARCH_ENGINE="whoosh")  # Whoosh's own machinery
class SameAsWhooshTest(IndexedArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        words = ["维持和平", "工作组", "特派团", "合作", "报告", "直升机", "会议"]
        rng = random.Random(3)
        for i in range(12):
            text = "".join(rng.choice(words) + "。" for _ in range(rng.randint(1, 8)))
            make_document(
                f"S/2012/{i + 1}",
                [(str(n), text[n:]) for n in range(1, 4)],
                date=dt.date(2012, 1, 1) + dt.timedelta(days=i),
            )

    def compare(self, text, sort="relevance", filters=None):
        backend = connections["default"].get_backend()
        searcher = backend._searcher()
        query = backend._expand_single_characters(backend.parse_query(text))
        facets = [DJANGO_CT, "year", "language"]
        new = backend._run(searcher, query, 1, 50, filters or {}, sort, facets)
        old = backend._run_whoosh(searcher, query, [], 1, 50, filters or {}, sort, facets)
        self.assertEqual(new["count"], old["count"])
        self.assertEqual(new["facets"], old["facets"])
        if sort == "date":  # Whoosh puts undated entries first (the archive last) and
            # entries of the same date in reverse order (the archive in index order)
            dated = [h for h in new["hits"] if h.get("date")]
            self.assertEqual([h["date"] for h in dated], sorted(h["date"] for h in dated)[::-1])
            if new["count"] <= 50:
                self.assertEqual({h["id"] for h in new["hits"]}, {h["id"] for h in old["hits"]})
        else:
            self.assertEqual(
                [(h["id"], round(h["score"], 9)) for h in new["hits"]],
                [(h["id"], round(h["score"], 9)) for h in old["hits"]],
            )
        return new

    def test_it_ranks_and_counts_as_whoosh_does(self):
        for text in QUERIES:
            for sort in ("relevance", "date"):
                with self.subTest(query=text, sort=sort):
                    self.compare(text, sort=sort)
        self.assertGreater(self.compare("工作组")["count"], 20)

    def test_it_filters_as_whoosh_does(self):
        for filters in ({"year": "2011"}, {DJANGO_CT: "archive.paragraph", "language": "zh"}):
            with self.subTest(filters=filters):
                self.compare("工作组", filters=filters)

    def test_it_leaves_out_deleted_entries(self):
        before = search.search("直升机").count
        document = Document.objects.get(symbol="S/2011/817")
        document.paragraphs.filter(number="1").update(text="工作组讨论了航空资产。")
        search.index_document(document.pk)
        self.assertEqual(search.search("直升机").count, before - 1)
        self.assertTrue(IndexView(connections["default"].get_backend()._searcher()).deleted)
        for text in ("直升机", "工作组", "机"):
            with self.subTest(query=text):
                self.compare(text)

    def test_it_lists_a_prefix_by_date_and_lets_whoosh_rank_it(self):
        by_date = search.search("s/2017/*", sort="date")
        self.assertEqual([h.symbol for h in by_date.hits], ["S/2017/130"])
        ranked = search.search("S/2012/")  # a scored prefix query: Whoosh's own search
        self.assertEqual(ranked.count, 12)
        self.assertEqual({h.type for h in ranked.hits}, {"document"})


class SameAsWhooshFromArraysTest(SameAsWhooshTest):
    """The same answers when every term of the rebuilt index has posting arrays."""

    def setUp(self):
        with mock.patch("search.engines.whoosh.arrays.MIN_POSTINGS", 1):
            super().setUp()  # rebuilds the index

    def test_every_term_is_read_from_arrays(self):
        view = IndexView(connections["default"].get_backend()._searcher())
        segment = view.segments[0]
        self.assertIsNotNone(segment.arrays)
        tbytes = "直升".encode()
        term = segment.term("text", tbytes)
        self.assertIsNotNone(term._offsets)  # from the arrays file, not the blocks
        expected = [d + segment.offset for d in segment.reader.postings("text", tbytes).all_ids()]
        self.assertEqual(term.ids.tolist(), expected)


WORDS = ["alpha", "beta", "gamma", "delta", "zeta", "eta", "theta", "kappa"]


def _new_index(prefix):
    """(folder, empty index) with an id and a positional text field."""
    folder = tempfile.mkdtemp(prefix=prefix)
    schema = fields.Schema(id=fields.ID(stored=True), text=fields.TEXT(phrase=True))
    return folder, FileStorage(folder).create_index(schema)


def _text(rng, n):
    """Document n's text: up to 400 random WORDS, and "rare" in every 97th."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 400))]
    return " ".join(words + ["rare"] * (n % 97 == 0))


class WhooshAnswers:
    """Phrases, counts and ranking against Whoosh's, on `cls.index` (made by setUpClass)."""

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_phrases_and_counts_match_whoosh(self):
        with self.index.searcher() as searcher:
            view = IndexView(searcher)
            for query in [
                Q.Phrase("text", ["alpha", "beta"]),
                Q.Phrase("text", ["alpha", "beta", "alpha"]),
                Q.And([Q.Term("text", "rare"), Q.Term("text", "gamma")]),
                Q.Or([Q.Term("text", "rare"), Q.Phrase("text", ["eta", "eta", "eta"])]),
            ]:
                with (
                    self.subTest(query=query),
                    mock.patch("search.engines.whoosh.matching.VERIFY_ALL", 10**6),
                ):
                    matches = Evaluation(view).run(query, scored=True)
                    expected = searcher.search(query, limit=20)
                    self.assertFalse(matches.approximate)
                    self.assertEqual(matches.count, len(expected))
                    self.assertEqual(
                        [(d, round(s, 9)) for d, s in matches.top(20)],
                        [(hit.docnum, round(hit.score, 9)) for hit in expected],
                    )

    def test_a_phrase_with_many_candidates_is_checked_where_needed(self):
        query = Q.Phrase("text", ["alpha", "beta", "gamma"])
        with self.index.searcher() as searcher:
            expected = searcher.search(query, limit=30)
            with mock.patch("search.engines.whoosh.matching.VERIFY_ALL", 10):
                matches = Evaluation(IndexView(searcher)).run(query, scored=True)
                top = matches.top(30)
            self.assertTrue(matches.approximate)
            self.assertGreater(len(matches.ids), len(expected))  # candidates, unchecked
            self.assertLess(abs(matches.count - len(expected)), len(expected) * 0.3)
            self.assertEqual(
                [(d, round(s, 9)) for d, s in top],
                [(hit.docnum, round(hit.score, 9)) for hit in expected],
            )


class PostingBlocksTest(WhooshAnswers, unittest.TestCase):
    """Full blocks of 128 postings (the shortcut) and short ones (unpickled whole)."""

    @classmethod
    def setUpClass(cls):
        cls.dir, cls.index = _new_index("postings-test-")
        rng = random.Random(5)
        writer = cls.index.writer()
        for n in range(700):
            writer.add_document(id=str(n), text=_text(rng, n))
        writer.commit()

    def test_blocks_hold_whooshs_ids_weights_and_positions(self):
        with self.index.searcher() as searcher:
            reader = searcher.reader()
            segment = Segment(reader, 0)
            self.assertEqual(len(list(reader.lexicon("text"))), len(WORDS) + 1)
            for tbytes in reader.lexicon("text"):
                with self.subTest(term=tbytes):
                    matcher = reader.postings("text", tbytes)
                    expected = []
                    while matcher.is_active():
                        expected.append(
                            (matcher.id(), matcher.weight(), matcher.value_as("positions"))
                        )
                        matcher.next()
                    got = [
                        (d, w, positions(v))
                        for block in segment.blocks("text", tbytes)
                        for d, w, v in zip(block.ids, block.weights, block.values(), strict=True)
                    ]
                    self.assertEqual(got, expected)


class PostingArraysTest(WhooshAnswers, unittest.TestCase):
    """The same postings and answers from an index written by ArchiveSegmentWriter (with
    posting arrays), in two segments, some documents deleted."""

    @classmethod
    def setUpClass(cls):
        cls.dir, cls.index = _new_index("arrays-test-")
        rng = random.Random(5)
        for first, last in ((0, 400), (400, 700)):
            writer = ArchiveSegmentWriter(cls.index)
            for n in range(first, last):
                writer.add_document(id=str(n), text=_text(rng, n))
            writer.commit(merge=False)
        writer = cls.index.writer()
        for n in range(0, 700, 50):
            writer.delete_by_term("id", str(n))
        writer.commit(merge=False)

    def test_terms_come_from_arrays_with_whooshs_postings(self):
        with self.index.searcher() as searcher:
            view = IndexView(searcher)
            self.assertEqual(len(view.segments), 2)
            self.assertEqual(len(view.deleted), 14)
            for segment in view.segments:
                name = segment.reader._segment.make_filename(EXTENSION)
                self.assertIn(name, list(FileStorage(self.dir)))
                for word in ["alpha", "theta"]:
                    tbytes = word.encode()
                    term = segment.term("text", tbytes)
                    self.assertIsNotNone(term._offsets)
                    matcher = segment.reader.postings("text", tbytes)
                    expected = []
                    while matcher.is_active():
                        expected.append(
                            (matcher.id() + segment.offset, matcher.weight(), matcher.value())
                        )
                        matcher.next()
                    values = term.values(set(term.ids.tolist()))
                    got = [
                        (d, w, values[d])
                        for d, w in zip(term.ids.tolist(), term.weights.tolist(), strict=True)
                        if d not in view.deleted  # Whoosh's matcher skips them
                    ]
                    self.assertEqual(got, expected)
                # "rare" is in too few documents for arrays: read from its blocks
                self.assertIsNone(segment.term("text", b"rare")._offsets)


class ArraysFileTest(unittest.TestCase):
    def test_it_reads_back_what_it_wrote_whole_and_fractional_weights(self):
        from array import array

        path = tempfile.mktemp(prefix="arrays-", suffix=EXTENSION)
        self.addCleanup(lambda: os.path.exists(path) and os.remove(path))
        n = 3 * (MIN_POSTINGS // 3 + 1)
        terms = {
            b"whole": (array("I", range(0, 3 * n, 3)), array("f", [1.0, 2.0, 255.0] * (n // 3))),
            b"fraction": (array("I", range(n)), array("f", [0.5] * n)),
            b"large": (array("I", range(1, n + 1)), array("f", [300.0] * n)),
            b"rare": (array("I", [4, 9]), array("f", [1.0, 1.0])),
        }
        writer = ArraysWriter(open(path, "wb"))
        for tbytes, (ids, weights) in terms.items():
            writer.add("text", tbytes, ids, weights, [7, 700])
        writer.close()
        arrays = SegmentArrays(path)
        self.addCleanup(arrays.close)
        for tbytes, (ids, weights) in terms.items():
            with self.subTest(term=tbytes):
                got = arrays.get("text", tbytes)
                if tbytes == b"rare":  # fewer than MIN_POSTINGS: left to the blocks
                    self.assertIsNone(got)
                    continue
                offsets, got_ids, got_weights = got
                self.assertEqual(offsets.tolist(), [7, 700])
                self.assertEqual(got_ids.tolist(), ids.tolist())
                self.assertEqual(got_weights.astype(float).tolist(), weights.tolist())
        self.assertEqual(arrays.get("text", b"whole")[2].dtype.itemsize, 1)
        self.assertEqual(arrays.get("text", b"fraction")[2].dtype.itemsize, 4)

    def test_it_refuses_a_file_that_is_not_its_own(self):
        path = tempfile.mktemp(prefix="arrays-", suffix=EXTENSION)
        self.addCleanup(lambda: os.path.exists(path) and os.remove(path))
        with open(path, "wb") as f:
            f.write(b"not an arrays file at all, but long enough")
        with self.assertRaises(ValueError):
            SegmentArrays(path)


class UnionTest(unittest.TestCase):
    def test_the_dense_and_the_sorted_union_give_the_same_ids_and_sums(self):
        import numpy as np

        from search.engines.whoosh import matching

        rng = random.Random(5)
        for size, n in ((50, 200), (100_000, 30)):  # dense (many postings), sorted (few)
            parts = []
            for _ in range(6):
                ids = np.array(sorted(rng.sample(range(size), min(n, size))), dtype=np.int64)
                parts.append((ids, np.array([rng.random() for _ in ids])))
            ids, scores = matching._union(parts, True)
            expected = {}
            for part_ids, part_scores in sorted(parts, key=lambda p: len(p[0]), reverse=True):
                for d, s in zip(part_ids.tolist(), part_scores.tolist(), strict=True):
                    expected[d] = expected.get(d, 0.0) + s
            self.assertEqual(ids.tolist(), sorted(expected))
            self.assertEqual(scores.tolist(), [expected[d] for d in sorted(expected)])
            self.assertEqual(matching._union(parts, False)[0].tolist(), sorted(expected))
