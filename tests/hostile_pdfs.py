"""Small PDFs that are expensive to read (issue 13, finding 1), made on the spot.

Each is a few kilobytes to a few hundred on disk; reading it unbounded costs gigabytes or
minutes. Used by the sandbox tests and by scripts/loadtest.py. Written by hand (not with
reportlab) so that the content streams are exactly what a hostile file would hold.
"""

from __future__ import annotations

import zlib

SYMBOL_LINE = b"BT /F1 10 Tf 72 760 Td (S/2020/99) Tj ET\n"


def _deflate(chunks) -> bytes:
    compressor = zlib.compressobj(9)
    out = [compressor.compress(chunk) for chunk in chunks]
    out.append(compressor.flush())
    return b"".join(out)


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from its numbered objects (1 = catalog); a valid cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return (
        b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra)
        + data
        + (b"\nendstream")
    )


def _page_pdf(content: bytes, xobjects: list[bytes] = ()) -> bytes:
    """Catalog, pages, one page with the Helvetica font, its content stream and any
    further objects (numbered from 6 on)."""
    names = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(len(xobjects)))
    resources = b"<< /Font << /F1 4 0 R >> /XObject << %s >> >>" % names
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 5 0 R >>"
        % resources,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content,
        *xobjects,
    ]
    return _pdf(objects)


def many_characters(count: int = 3_000_000) -> bytes:
    """One page drawing `count` characters (the finding's 7 KB PDF: 3.56 GB to read)."""
    line = b"(" + b"A" * 1000 + b") Tj\n"
    chunks = [SYMBOL_LINE, b"BT /F1 1 Tf 72 700 Td\n", *([line] * (count // 1000)), b"ET\n"]
    return _page_pdf(_stream(_deflate(chunks)))


def inflating_spaces(size: int = 1_500_000_000) -> bytes:
    """A content stream that inflates to `size` bytes of spaces (the finding's 1.5 MB PDF,
    accepted after 9.6 s at 3.03 GB)."""
    return _page_pdf(_stream(_repeated_deflate(b" ", size >> 20)))


def _repeated_deflate(byte: bytes, megabytes: int) -> bytes:
    """zlib data of `megabytes` MiB of one byte, without compressing them all: after a full
    flush, deflate codes the same block the same way, so one block's code is repeated and
    the Adler-32 checksum is computed in closed form."""
    block = byte * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first[2:] == again, "deflate coded a repeated block differently"
    length, value, mod = megabytes << 20, byte[0], 65521
    a = (1 + length * value) % mod
    b = (length + value * length * (length + 1) // 2) % mod
    end_block = b"\x03\x00"  # an empty final block
    return first[:2] + again * megabytes + end_block + ((b << 16) | a).to_bytes(4, "big")


def xobject_fan_out(depth: int = 9, fan: int = 10) -> bytes:
    """Form XObjects that each draw the next one `fan` times: fan ** depth characters
    drawn from a 2 KB file (the finding's 2.7 KB PDF: killed at 30 s)."""
    xobjects = []
    for level in range(depth):
        if level == depth - 1:
            body = b"BT /F1 1 Tf (A) Tj ET"
        else:
            body = b" ".join([b"/X%d Do" % (level + 1)] * fan)
        resources = b"<< /Font << /F1 4 0 R >> /XObject << /X%d %d 0 R >> >>" % (
            level + 1,
            6 + level + 1,
        )
        extra = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s " % resources
        xobjects.append(_stream(_deflate([body]), extra))
    content = _stream(_deflate([SYMBOL_LINE, b"/X0 Do\n"]))
    return _page_pdf(content, xobjects)
