"""What ingest says about a file (parse errors and warnings, upload job reasons, kept in
Upload.messages), in the reader's language.

The parsers, the ingest service and the upload jobs say it in English, as plain text any
log and command line can show, and that English is what is stored. Each sentence is also a
message code: `display(message)` (alias `translate`) finds the pattern it was made from and
renders the translated template with the same values, at display time, in the interface
language. A sentence with no pattern here (a new one) is shown as it is.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# The upload jobs' reasons, written with %(name)s placeholders.
JOB_PATTERNS = [
    gettext_noop("already in the archive"),
    gettext_noop("needs more than %(size)s to read; it was not saved"),
    gettext_noop("took longer than %(seconds)s s to read; it was not saved"),
    gettext_noop(
        "the reading process stopped on this file (a crash in the PDF library); it was not saved"
    ),
    gettext_noop("the file is nested too deeply to read; it was not saved"),
    gettext_noop("file is too large (more than %(limit)s MB); it was not saved"),
    gettext_noop(
        "the file name is %(length)s characters long (at most %(limit)s); "
        "rename the file and upload it again"
    ),
    gettext_noop("the file changed after it was uploaded; it was not saved"),
    gettext_noop(
        "a file name in this upload is too long (more than about 900 characters); nothing of "
        "this upload was saved: rename the file and upload it again"
    ),
    gettext_noop(
        "the file changed while it was read (is it still being written?); "
        "it was not saved, try again when it is complete"
    ),
    gettext_noop("the worker stopped while reading this file; it is read again"),
    gettext_noop("the worker stopped twice while reading this file; it was not saved"),
    gettext_noop("the upload job failed (%(error)s); it was not saved"),
]


@cache
def _compiled():
    out = []
    for pattern in JOB_PATTERNS:
        parts = re.split(r"%\((\w+)\)s", pattern)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        out.append((re.compile(regex + r"\Z"), pattern))
    return out


def _job_message(message: str) -> str | None:
    for regex, pattern in _compiled():
        match = regex.match(message)
        if match:
            return gettext(pattern) % match.groupdict()
    return None


# (pattern of the English sentence, translatable template with the pattern's groups)
MESSAGES = [
    (r"already in the archive", _("already in the archive")),
    (r"no meetings found", _("no meetings found")),
    (r"unknown date", _("unknown date")),
    (
        r"the report announces (?P<expected>\d+) meetings; (?P<found>\d+) found",
        _("the report announces %(expected)s meetings; %(found)s found"),
    ),
    (
        r"meeting of (?P<date>\d{4}-\d{2}-\d{2}): no briefer named",
        _("meeting of %(date)s: no briefer named"),
    ),
    (
        r"paragraph (?P<number>\d+) follows paragraph (?P<previous>\d+) \(page (?P<page>\w+)\)",
        _("paragraph %(number)s follows paragraph %(previous)s (page %(page)s)"),
    ),
    (
        r"page (?P<page>\d+): low text yield \((?P<chars>\d+) characters\); it may be a "
        r"scanned image, which this archive does not OCR",
        _(
            "page %(page)s: low text yield (%(chars)s characters); it may be a scanned image, "
            "which this archive does not OCR"
        ),
    ),
    (
        r"the PDF's text layer is a poor OCR of a scan \((?P<share>[\d.]+%) of its words "
        r"misread\); read in the background \(python manage\.py ingest FILE\), it is read "
        r"again by OCR",
        _(
            "the PDF's text layer is a poor OCR of a scan (%(share)s of its words misread); "
            "read in the background (python manage.py ingest FILE), it is read again by OCR"
        ),
    ),
    (
        r"the PDF's text layer is a poor OCR of a scan \((?P<share>[\d.]+%) of its words "
        r"misread\); it could not be read again by OCR \((?P<error>.+)\)",
        _(
            "the PDF's text layer is a poor OCR of a scan (%(share)s of its words misread); "
            "it could not be read again by OCR (%(error)s)"
        ),
    ),
    (r"empty file", _("empty file")),
    (r"not a PDF file", _("not a PDF file")),
    (
        r"the PDF is encrypted \(password protected\); upload an unprotected copy",
        _("the PDF is encrypted (password protected); upload an unprotected copy"),
    ),
    (r"the PDF is truncated \(it ends too early\)", _("the PDF is truncated (it ends too early)")),
    (
        r"the PDF is damaged and cannot be read \((?P<detail>.*)\)",
        _("the PDF is damaged and cannot be read (%(detail)s)"),
    ),
    (
        r"the PDF has no readable pages \(is it truncated or damaged\?\)",
        _("the PDF has no readable pages (is it truncated or damaged?)"),
    ),
    (
        r"the PDF has (?P<pages>\d+) pages; the limit is (?P<limit>\d+)",
        _("the PDF has %(pages)s pages; the limit is %(limit)s"),
    ),
    (
        r"the PDF's fonts have no Unicode map, so its text cannot be read; this archive does "
        r"not OCR",
        _(
            "the PDF's fonts have no Unicode map, so its text cannot be read; this archive "
            "does not OCR"
        ),
    ),
    (r"no text layer; this archive does not OCR", _("no text layer; this archive does not OCR")),
    (r"file is named (?P<suffix>\S+) but is a PDF", _("file is named %(suffix)s but is a PDF")),
    (r"file is named \.pdf but is not a PDF", _("file is named .pdf but is not a PDF")),
    (
        r"the parser could not read this file \((?P<error>\w+)\); please report it",
        _("the parser could not read this file (%(error)s); please report it"),
    ),
    (
        r"the parser failed on this file \((?P<error>\w+)\); it was not saved",
        _("the parser failed on this file (%(error)s); it was not saved"),
    ),
    (
        r"no document symbol found in the file; enter the symbol and upload it again",
        _("no document symbol found in the file; enter the symbol and upload it again"),
    ),
    (
        r"no document symbol found \(expected e\.g\. S/2017/130 in the page header\); supply one",
        _("no document symbol found (expected e.g. S/2017/130 in the page header); supply one"),
    ),
    (
        r"file is too large \((?P<size>[^;]+); the limit is (?P<limit>[^)]+)\)",
        _("file is too large (%(size)s; the limit is %(limit)s)"),
    ),
    (
        r"(?P<symbol>.+) is not a UN document symbol \(e\.g\. S/2017/130\)",
        _("%(symbol)s is not a UN document symbol (e.g. S/2017/130)"),
    ),
    (
        r"UTF-32 text is not accepted; save the file as UTF-8",
        _("UTF-32 text is not accepted; save the file as UTF-8"),
    ),
    (
        r"not a text file \(it contains NUL bytes; UTF-16 text needs a byte-order mark\)",
        _("not a text file (it contains NUL bytes; UTF-16 text needs a byte-order mark)"),
    ),
    (
        r"the text is not in UTF-8, UTF-16 \(with byte-order mark\) or GB18030/GBK; save it "
        r"as UTF-8 and upload it again",
        _(
            "the text is not in UTF-8, UTF-16 (with byte-order mark) or GB18030/GBK; save it "
            "as UTF-8 and upload it again"
        ),
    ),
    (
        r"the text is not UTF-8 and does not read as GB18030/GBK Chinese \(another "
        r"encoding\?\); save it as UTF-8 and upload it again",
        _(
            "the text is not UTF-8 and does not read as GB18030/GBK Chinese (another "
            "encoding?); save it as UTF-8 and upload it again"
        ),
    ),
    (
        r"the file starts as (?P<encoding>\S+) but is not valid (?P=encoding) \(byte (?P<byte>\d+)\)",
        _("the file starts as %(encoding)s but is not valid %(encoding)s (byte %(byte)s)"),
    ),
    (r"the document text is not text", _("the document text is not text")),
    (
        r"the document is too long \((?P<chars>\d+) characters; at most (?P<limit>\d+)\)",
        _("the document is too long (%(chars)s characters; at most %(limit)s)"),
    ),
    (r"the document is empty or has no letters", _("the document is empty or has no letters")),
    (
        r"the document has no body text \(only page headers and footers\)",
        _("the document has no body text (only page headers and footers)"),
    ),
    (r"cannot read file: (?P<error>.+)", _("cannot read file: %(error)s")),
    (r"could not be saved: (?P<error>.+)", _("could not be saved: %(error)s")),
]
_COMPILED = [(re.compile(rf"{pattern}\Z", re.S), template) for pattern, template in MESSAGES]
# Parsers put the file's name before some messages: "report.txt: the document is empty ..."
_SOURCE = re.compile(r"(?P<source>[^:\n]{1,255}\.(?:txt|pdf)): (?P<rest>.+)\Z", re.S | re.I)


def display(message) -> str:
    """The message in the interface language (as it is when no pattern knows it)."""
    text = str(message)
    source = _SOURCE.match(text)
    if source:
        rest = display(source["rest"])
        return f"{source['source']}: {rest}" if rest != source["rest"] else text
    for pattern, template in _COMPILED:
        match = pattern.match(text)
        if match:
            return str(template) % match.groupdict() if match.groupdict() else str(template)
    job = _job_message(text)
    return text if job is None else job


translate = display
