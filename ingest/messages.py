"""The reasons and warnings an upload job records, shown in the admin's language.

Upload.messages keeps them in English (logs, the ingest command and tests read them as
they are); `translate` finds the message's pattern here and gives its translation, with
the same values filled in. A message with no pattern here is shown as it was stored.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

PATTERNS = [
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
    for pattern in PATTERNS:
        parts = re.split(r"%\((\w+)\)s", pattern)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        out.append((re.compile(regex + r"\Z"), pattern))
    return out


def translate(message: str) -> str:
    for regex, pattern in _compiled():
        match = regex.match(message)
        if match:
            return gettext(pattern) % match.groupdict()
    return message
