"""A faster Whoosh segment writer for the archive's index.

Whoosh's SegmentWriter sends every posting (term, document) through an external sort
pool and then writes it with one Python call per posting, reading the document's field
length back from disk each time. Here the postings of a segment are gathered in memory,
term by term (documents arrive in order, so each term's list is already sorted), and
written a block of 128 at a time; frequent terms are also written as flat arrays
(search.engines.whoosh.arrays). The files are the ones Whoosh's W3 codec writes
(same blocks, term infos and columns), so any Whoosh reader opens them; only the way
of producing them differs.

The `text` field is analyzed by search.analysis.index_terms, which gives the same
terms and positions as the field's analyzer in one pass, without Token objects.
Everything else (other fields, stored values, columns, deletions, merging, the TOC)
is Whoosh's own code.
"""

import zlib
from array import array
from itertools import pairwise
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.formats import Positions
from whoosh.system import emptybytes, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from search.analysis import index_terms

from .analysis import ChineseTokenizer
from .arrays import BLOCK, EXTENSION, ArraysWriter

COMPRESS_FROM = 64  # bytes: smaller blocks are written uncompressed
_ONE = pack_uint(1)
# The encoded value of a term at one position p (the common case), as Positions.encode.
_SINGLE = [_ONE + dumps([p], 2) for p in range(4096)]


def _positions_value(poslist):
    if len(poslist) == 1:
        p = poslist[0]
        return _SINGLE[p] if p < 4096 else _ONE + dumps([p], 2)
    deltas = [poslist[0]]
    deltas += [b - a for a, b in pairwise(poslist)]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class _Postings:
    __slots__ = ("ids", "weights", "values")

    def __init__(self):
        self.ids = array("I")
        self.weights = array("f")
        self.values = []


class ArchiveSegmentWriter(SegmentWriter):
    """SegmentWriter with in-memory postings and block-at-a-time writing."""

    def __init__(self, ix, **kwargs):
        # Separate segment files, not one compound file: Whoosh opens a compound file's
        # parts as BufferFile(BytesIO(mmap slice)), which copies every posting file into
        # each process's memory (1.1 GB per web worker at 10,000 documents).
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)
        self._fast = isinstance(self.codec, W3Codec) and isinstance(self.fieldwriter, W3FieldWriter)
        self._terms = {}  # fieldname -> {term bytes: _Postings}
        self._lengths = {}  # fieldname -> array of quantized lengths, by docnum - docbase
        self._last = {}  # fieldname -> (value, its postings items)
        self._count = 0  # postings held
        self._fast_text = {
            name
            for name, field in self.schema.items()
            if isinstance(field.analyzer if hasattr(field, "analyzer") else None, ChineseTokenizer)
            and type(field.format) is Positions
        }

    def add_document(self, **fields):
        if not self._fast:
            return super().add_document(**fields)
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        if any(name.startswith("_") for name in fields):
            raise ValueError("boosts and _stored_ values are not supported by this writer")

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    length = self._index_field(fieldname, field, value, docnum)
                    if field.scorable:
                        self._set_length(fieldname, docnum, length)
                    else:
                        length = 0
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {fieldname!r}: vectors/spelling not supported")
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_field(self, fieldname, field, value, docnum):
        """Add the field's postings for this document; returns its length (token count)."""
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
        if fieldname in self._fast_text and isinstance(value, str):
            # Terms as str (encoded once per term when written); weight = frequency.
            boost = field.format.field_boost
            get = terms.get
            length = 0
            found = index_terms(value)
            self._count += len(found)
            for text, poslist in found.items():
                postings = get(text)
                if postings is None:
                    postings = terms[text] = _Postings()
                n = len(poslist)
                length += n
                postings.ids.append(docnum)
                if n == 1:
                    postings.weights.append(boost)
                    p = poslist[0]
                    postings.values.append(_SINGLE[p] if p < 4096 else _positions_value(poslist))
                else:
                    postings.weights.append(n * boost)
                    postings.values.append(_positions_value(poslist))
            return length
        # Other fields: Whoosh's own analysis; consecutive entries (the paragraphs of
        # one document) often repeat a value, so the last result is kept.
        last = self._last.get(fieldname)
        if last is not None and last[0] == value:
            items = last[1]
        else:
            items = [
                (key, freq, weight, vbytes or emptybytes)
                for key, freq, weight, vbytes in field.index(value)
            ]
            self._last[fieldname] = (value, items)
        length = 0
        self._count += len(items)
        for key, freq, weight, vbytes in items:
            postings = terms.get(key)
            if postings is None:
                postings = terms[key] = _Postings()
            length += freq
            postings.ids.append(docnum)
            postings.weights.append(weight)
            postings.values.append(vbytes)
        return length

    def memory_estimate(self) -> int:
        """Bytes held by the postings gathered so far (roughly)."""
        return self._count * 24 + sum(len(terms) for terms in self._terms.values()) * 200

    def _set_length(self, fieldname, docnum, length):
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = array("I")
        offset = docnum - self.docbase
        if len(lengths) <= offset:
            lengths.extend([0] * (offset + 1 - len(lengths)))
        # What a reader gives back: the length through its one-byte approximation.
        lengths[offset] = byte_to_length(length_to_byte(length))

    # --- writing the segment -------------------------------------------------------

    def _flush_segment(self):
        if not self._fast:
            return super()._flush_segment()
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            # Postings of merged segments (add_reader) come through Whoosh's pool, in
            # order and after this writer's own documents.
            for fieldname, btext, docnum, weight, value in self.pool.iter_postings():
                terms = self._terms.setdefault(fieldname, {})
                if fieldname in self._fast_text:
                    btext = btext.decode("utf-8")
                postings = terms.get(btext)
                if postings is None:
                    postings = terms[btext] = _Postings()
                postings.ids.append(docnum)
                postings.weights.append(weight)
                postings.values.append(value or emptybytes)
                field = self.schema[fieldname]
                if pdr is not None and field.scorable:
                    length = pdr.doc_field_length(docnum, fieldname)
                    self._set_length(fieldname, docnum, length)
            self._write_postings()
        finally:
            if pdr is not None:
                pdr.close()
        self.fieldwriter.close()

    def _write_postings(self):
        fw = self.fieldwriter
        postfile = fw._postfile
        tindex = fw._tindex
        base = self.docbase
        arrays = ArraysWriter(self.newsegment.create_file(self.storage, EXTENSION))
        for fieldname in sorted(self._terms):
            terms = self._terms[fieldname]
            field = self.schema[fieldname]
            fw.start_field(fieldname, field)
            fieldid = pack_ushort(fw._fieldid)
            fixedsize = field.format.fixed_value_size()
            lengths = self._lengths.get(fieldname) if field.scorable else None
            # str keys (the fast text field) sort as their UTF-8 bytes do.
            for term in sorted(terms):
                postings = terms[term]
                btext = term.encode("utf-8") if isinstance(term, str) else term
                info = W3TermInfo()
                start = postfile.tell()
                postfile.write(WHOOSH3_HEADER_MAGIC)
                ids, weights, values = postings.ids, postings.weights, postings.values
                n = len(ids)
                offsets = []
                for i in range(0, n, BLOCK):
                    offsets.append(postfile.tell())
                    j = min(i + BLOCK, n)
                    block_ids = ids[i:j]
                    block_weights = weights[i:j]
                    if lengths is not None:
                        ls = [
                            lengths[d - base] if d - base < len(lengths) else 0 for d in block_ids
                        ]
                        ls = [x for x in ls if x]
                    else:
                        ls = []
                    _write_block(
                        postfile, info, block_ids, block_weights, values[i:j], fixedsize, ls, j == n
                    )
                info.set_extent(start, postfile.tell() - start)
                tindex.add(fieldid + btext, info.to_bytes())
                arrays.add(fieldname, btext, ids, weights, offsets)
            fw.finish_field()
        arrays.close()
        self._terms = {}
        self._lengths = {}


def _write_block(postfile, info, ids, weights, values, fixedsize, lengths, last):
    """One block of postings, exactly as W3PostingsWriter._write_block writes it."""
    minlength = min(lengths) if lengths else None
    maxlength = max(lengths) if lengths else 0
    maxweight = max(weights)
    if maxweight < 0:
        maxweight = 0
    # The term's statistics (W3TermInfo.add_block)
    info._weight += sum(weights)
    info._df += len(ids)
    if info._minlength is None:
        info._minlength = minlength
    elif minlength is not None:
        info._minlength = min(info._minlength, minlength)
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    if info._minid is None:
        info._minid = ids[0]
    info._maxid = ids[-1]

    deltas = [ids[0]]
    deltas += [b - a for a, b in pairwise(ids)]
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        mini_weights = None
    elif weights.count(first) == len(weights):
        mini_weights = first
    else:
        mini_weights = tuple(weights)
    if fixedsize is None or fixedsize < 0:
        mini_values = tuple(values)
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = emptybytes.join(values)
    databytes = dumps((tuple(deltas), mini_weights, mini_values), 2)
    # Whoosh compresses every block; a small one only grows (and costs time to read).
    comp = 3 if len(databytes) >= COMPRESS_FROM else 0
    if comp:
        databytes = zlib.compress(databytes, comp)
    infobytes = dumps(
        (len(ids), ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)),
        2,
    )
    blocklength = len(infobytes) + len(databytes)
    postfile.write_int(-blocklength if last else blocklength)
    postfile.write(infobytes)
    postfile.write(databytes)
