"""Posting arrays: beside each index segment, its frequent terms' postings as flat arrays.

Whoosh stores a term's postings as pickled blocks of 128; reading a frequent word
(400,000 postings at 10,000 documents) means unpickling thousands of blocks in Python.
search.engines.whoosh.writer also writes, for every term with at least MIN_POSTINGS postings
in the segment, its document numbers (uint32), weights (float32) and the file offset of
each of its posting blocks (uint64) into one more file of the segment,
`_MAIN_<segment id>.arr` (weights as one byte each where they are small whole numbers,
as term frequencies are). A search reads a term's arrays with one read and works on
them with NumPy (search.engines.whoosh.matching); the blocks are still read for positions (phrases).

Whoosh deletes the file with its segment (its name matches the segment's pattern).
A segment without the file (written by Whoosh's own writer) is read block by block.

File layout, little-endian: MAGIC, then per term (each start aligned to 8 bytes) the
block offsets, ids and weights; then the directory, a pickle of
{fieldname: {term bytes: (start, postings, blocks, weights' dtype)}}; then the directory's start (uint64)
and MAGIC again.
"""

import os
import pickle
import struct

import numpy as np

MAGIC = b"ARCPOST2"
EXTENSION = ".arr"
MIN_POSTINGS = 64
BLOCK = 128  # postings per block (W3Codec's default blocklimit)
_TRAILER = struct.Struct("<Q8s")


class ArraysWriter:
    """Writes one segment's posting arrays as terms come (in any order)."""

    def __init__(self, file):
        self._file = file
        self._file.write(MAGIC)
        self._position = len(MAGIC)
        self._directory = {}

    def add(self, fieldname, tbytes, ids, weights, block_offsets):
        n = len(ids)
        if n < MIN_POSTINGS:
            return
        pad = -self._position % 8
        start = self._position + pad
        weights = np.frombuffer(weights, dtype=np.float32)
        # Weights are mostly term frequencies: one byte each when they all fit.
        small = bool(((weights >= 0) & (weights < 256) & (weights == np.floor(weights))).all())
        kind = "<u1" if small else "<f4"
        parts = [
            b"\x00" * pad,
            np.asarray(block_offsets, dtype="<u8").tobytes(),
            np.frombuffer(ids, dtype=np.uint32).astype("<u4").tobytes(),
            weights.astype(kind).tobytes(),
        ]
        for part in parts:
            self._file.write(part)
            self._position += len(part)
        entry = (start, n, len(block_offsets), kind)
        self._directory.setdefault(fieldname, {})[tbytes] = entry

    def close(self):
        directory = pickle.dumps(self._directory, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(directory)
        self._file.write(_TRAILER.pack(self._position, MAGIC))
        self._file.close()


class SegmentArrays:
    """One segment's posting arrays, read with pread (no mapping: what a query reads is
    freed after it, so a web worker's memory does not grow with the terms it has seen)."""

    def __init__(self, path):
        self._fd = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(self._fd).st_size
            start, magic = _TRAILER.unpack(os.pread(self._fd, _TRAILER.size, size - _TRAILER.size))
            head = os.pread(self._fd, len(MAGIC), 0)
            if magic != MAGIC or head != MAGIC or not len(MAGIC) <= start <= size:
                raise ValueError(f"{path}: not a posting arrays file")
            raw = os.pread(self._fd, size - _TRAILER.size - start, start)
            self._directory = pickle.loads(raw)
        except Exception:
            os.close(self._fd)
            raise

    @classmethod
    def of(cls, reader):
        """The arrays of a Whoosh segment reader's segment, or None (no such file)."""
        segment = getattr(reader, "_segment", None)
        folder = getattr(getattr(reader, "_storage", None), "folder", None)
        if segment is None or folder is None:
            return None
        path = os.path.join(folder, segment.make_filename(EXTENSION))
        if not os.path.exists(path):
            return None
        return cls(path)

    def get(self, fieldname, tbytes):
        """(block offsets, local ids, weights) of a term, or None: not in the file."""
        entry = self._directory.get(fieldname, {}).get(tbytes)
        if entry is None:
            return None
        start, n, nb, kind = entry
        size = 8 * nb + 4 * n + np.dtype(kind).itemsize * n
        raw = os.pread(self._fd, size, start)
        if len(raw) != size:
            raise ValueError("posting arrays file is truncated")
        offsets = np.frombuffer(raw, dtype="<u8", count=nb)
        ids = np.frombuffer(raw, dtype="<u4", count=n, offset=8 * nb)
        weights = np.frombuffer(raw, dtype=kind, count=n, offset=8 * nb + 4 * n)
        return offsets, ids, weights

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
