"""Symbols in running text, turned into links to their pages.

The text is untrusted: each slice between symbols is escaped on its own and only the
anchor markup we build is marked safe.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ingest.parsers.symbols import find_symbols, normalize_symbol


def document_url(symbol):
    return _document_url(
        normalize_symbol(symbol), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )


@functools.lru_cache(maxsize=4096)
def _document_url(symbol, script_prefix, urlconf):
    # A page may link the same symbols hundreds of times; reverse() is not free.
    return reverse("archive:document", args=[symbol], urlconf=urlconf)


def undocs_url(symbol):
    return "https://undocs.org/" + normalize_symbol(symbol)


def link_symbols(text):
    """HTML for `text` with every UN symbol in it linked to its document page."""
    text = text or ""
    parts, pos = [], 0
    for match in find_symbols(text):
        if match.start < pos or not match.symbol:
            continue
        parts.append(escape(text[pos : match.start]))
        parts.append(
            format_html(
                '<a class="sym" href="{}">{}</a>',
                document_url(match.symbol),
                text[match.start : match.end],
            )
        )
        pos = match.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))
