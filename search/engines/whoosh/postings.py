"""Whoosh posting lists read a block at a time, for search.engines.whoosh.matching.

Whoosh's matchers step through postings one document at a time in Python, and each
posting block is unpickled whole, positions included (128 small `_codecs.encode` calls
per block). Here a block's ids and weights are unpickled alone (the prefix of the
block's pickle that holds them), turned into global document numbers with
`itertools.accumulate`, and positions are decoded only for the documents a phrase
needs. Anything unusual (inlined postings, another codec, a pickle shaped differently)
goes through Whoosh's own matcher instead, so results never depend on the shortcut.

A term with posting arrays (search.engines.whoosh.arrays) is read from them in one piece, and
its blocks only when a phrase needs positions.

Built on Whoosh 2.7's W3 codec (whoosh.codec.whoosh3); `Segment` is per index segment.
"""

import logging
import pickle
import re
import zlib
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3TermsReader,
    _lenfield,
)
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .arrays import BLOCK, SegmentArrays

log = logging.getLogger(__name__)

# A block's pickle starts with its ids tuple (deltas, small ints), memo 0, then its weights
# (a tuple of floats, one float, or None), then the values. Tuples of 1-3 items use other
# opcodes: those blocks, and anything else, are unpickled whole.
_IDS_WEIGHTS = re.compile(rb"\x80\x02(\((?:K.|M..|J....)*t)q\x00(\((?:G.{8})*t|G.{8}|N)", re.S)
_ONE_POSITION = b"\x80\x02]q\x00K"  # after the count: pickle of [n], n < 256
LENGTH_OF_BYTE = tuple(byte_to_length(b) for b in range(256))


class Block:
    """One posting block of a term in a segment: global ids, weights, lazy values."""

    __slots__ = ("ids", "weights", "_data", "_compressed", "_values")

    def __init__(self, ids, weights, data=None, compressed=False, values=None):
        self.ids = ids
        self.weights = weights
        self._data = data
        self._compressed = compressed
        self._values = values

    def values(self):
        """The block's posting values (encoded positions), unpickled whole on first use."""
        if self._values is None:
            data = zlib.decompress(self._data) if self._compressed else self._data
            self._values = pickle.loads(data)[2]
            self._data = None
        return self._values


def _weights(weights, count):
    if weights is None:
        return (1.0,) * count
    if isinstance(weights, float):
        return (weights,) * count
    return weights


def _decode(data, compressed, count, offset):
    """The Block of one block's data (ids and weights only, unless that fails)."""
    # The pickled ids and weights take at most 5 and 9 bytes a posting: decompress no more.
    head = zlib.decompressobj().decompress(data, 14 * count + 32) if compressed else data
    match = _IDS_WEIGHTS.match(head)
    if match is None:
        ids, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
        ids = tuple(accumulate(ids, initial=offset))[1:]
        return Block(ids, _weights(weights, len(ids)), values=values)
    ids, weights = pickle.loads(head[: match.end()] + b"\x86.")
    ids = tuple(accumulate(ids, initial=offset))[1:]
    return Block(ids, _weights(weights, len(ids)), data, compressed)


class SegmentTerm:
    """A term's postings in one segment: global ids (sorted) and weights as arrays, and
    each posting's value (encoded positions) on demand, a block at a time."""

    __slots__ = ("segment", "ids", "weights", "_offsets", "_blocks", "_starts")

    def __init__(self, segment, ids, weights, offsets=None, blocks=None):
        self.segment = segment
        self.ids = ids
        self.weights = weights.astype(np.float64)
        self._offsets = offsets
        self._blocks = blocks
        self._starts = None

    def values(self, docs):
        """{doc: encoded value} for those of `docs` (global numbers) that hold the term."""
        docs = np.asarray(sorted(docs), dtype=np.int64)
        at = np.searchsorted(self.ids, docs)
        inside = at < len(self.ids)
        found = np.zeros(len(docs), dtype=bool)
        found[inside] = self.ids[at[inside]] == docs[inside]
        result = {}
        for d, i in zip(docs[found].tolist(), at[found].tolist(), strict=True):
            block, k = self._block_of(i)
            result[d] = block.values()[k]
        return result

    def _block_of(self, i):
        """(block, index in it) of the i-th posting."""
        if self._blocks is None:
            self._blocks = {}
        if self._offsets is not None:  # from posting arrays: blocks of BLOCK postings
            k = i // BLOCK
            if k not in self._blocks:
                self._blocks[k] = self.segment.block_at(int(self._offsets[k]))
            return self._blocks[k], i % BLOCK
        if self._starts is None:
            self._starts = np.cumsum([0] + [len(b.ids) for b in self._blocks])
        k = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self._blocks[k], i - int(self._starts[k])


class Segment:
    """One segment of the index: its reader, first global document number, deletions."""

    def __init__(self, reader, offset):
        self.reader = reader
        self.offset = offset
        self.doc_count_all = reader.doc_count_all()
        self.deleted = set()
        if reader.has_deletions():
            segment = getattr(reader, "_segment", None)
            if hasattr(segment, "deleted_docs"):
                self.deleted = {offset + d for d in segment.deleted_docs()}
            else:
                live = set(reader.all_doc_ids())
                self.deleted = {offset + d for d in range(self.doc_count_all) if d not in live}
        self._lengths = {}
        try:
            self.arrays = SegmentArrays.of(reader)
        except (OSError, ValueError) as exc:  # unreadable: the blocks give the same postings
            log.warning("posting arrays of a segment not used: %s", exc)
            self.arrays = None

    def term(self, fieldname, tbytes):
        """The term's postings in this segment (deleted documents included), or None."""
        if self.arrays is not None:
            found = self.arrays.get(fieldname, tbytes)
            if found is not None:
                offsets, ids, weights = found
                return SegmentTerm(self, ids.astype(np.int64) + self.offset, weights, offsets)
        blocks = self.blocks(fieldname, tbytes)
        if not blocks:
            return None
        ids = np.fromiter((d for b in blocks for d in b.ids), dtype=np.int64)
        weights = np.fromiter((w for b in blocks for w in b.weights), dtype=np.float64)
        return SegmentTerm(self, ids, weights, blocks=blocks)

    def block_at(self, position):
        """The posting block that starts at this offset of the postings file."""
        return self._read_block(position)[0]

    def _read_block(self, position):
        """(block, where the next one starts, whether it is the term's last block)."""
        postfile = self.reader._terms._postfile
        postfile.seek(position)
        length = postfile.read_int()  # negative for the term's last block
        info = postfile.read_pickle()  # (count, max id, max weight, compression, ...)
        start = postfile.tell()
        end = position + 4 + abs(length)
        block = _decode(postfile.get(start, end - start), info[3], info[0], self.offset)
        return block, end, length < 0

    def blocks(self, fieldname, tbytes):
        """The term's posting blocks (deleted documents still in them)."""
        reader = self.reader
        terms = getattr(reader, "_terms", None)
        if type(terms) is not W3TermsReader:
            if (fieldname, tbytes) not in reader:
                return []
            return [self._matcher_block(reader.postings(fieldname, tbytes))]
        try:  # one look-up in the term table, and no matcher (it reads the first block)
            terminfo = terms.term_info(fieldname, tbytes)
        except TermNotFound:
            return []
        if terminfo.is_inlined():  # (whoosh-reloaded's writer cannot inline: defensive)
            return [self._matcher_block(reader.postings(fieldname, tbytes))]
        position = terminfo.extent()[0] + len(WHOOSH3_HEADER_MAGIC)
        blocks, last = [], False
        while not last:
            block, position, last = self._read_block(position)
            blocks.append(block)
        return blocks

    def _matcher_block(self, matcher):
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(self.offset + matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        return Block(tuple(ids), tuple(weights), values=tuple(values))

    def length_bytes(self, fieldname):
        """Each document's encoded field length (0-255, see LENGTH_OF_BYTE), local ids."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read_lengths(fieldname)
        return self._lengths[fieldname]

    def _read_lengths(self, fieldname):
        n = self.doc_count_all
        perdoc = getattr(self.reader, "_perdoc", None)
        column = perdoc and perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None and hasattr(column, "_dbfile") and column._typecode == "B":
            raw = column._dbfile.get(column._basepos, min(column._count, n))
            return raw + bytes(n - len(raw))
        if column is not None:
            return bytes(column[d] for d in range(n))
        return bytes(n)


def positions(value: bytes) -> list[int]:
    """The positions in a Positions-format posting value (formats.Positions.encode)."""
    if value[4:10] == _ONE_POSITION and value[:4] == b"\x00\x00\x00\x01":
        return [value[10]]  # the usual case, one position below 256, without unpickling
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[4:])))
