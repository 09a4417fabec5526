"""Symbols in running text, turned into links to their pages.

The text is untrusted: each slice between symbols is escaped on its own and only the
anchor markup we build is marked safe.
"""

import functools
import html
import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from ingest.parsers.symbols import find_symbols, fold, normalize_symbol


def escape(value) -> str:
    """Django's `escape` without its lazy-string wrapper, which cost more than the
    escaping itself, called for every field of every paragraph (the same `html.escape`;
    callers mark the built HTML safe)."""
    return html.escape(str(value))


def document_url(symbol):
    return _document_url(
        normalize_symbol(symbol), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )


@functools.lru_cache(maxsize=4096)
def _document_url(symbol, script_prefix, urlconf):
    # A page may link the same symbols hundreds of times; reverse() is not free.
    return reverse("archive:document", args=[symbol], urlconf=urlconf)


_PLAIN_ARG = re.compile(r"^[0-9A-Za-z_-]+$")
_SENTINELS = ("0-url-arg-0", "9081726354")  # for text, then for integer arguments


def fast_url(name, arg):
    """reverse(name, args=[arg]) for a one-argument route, without reverse()'s cost
    (~50 µs, and list pages build hundreds of links): the route is reversed once with a
    placeholder, then the argument is put in its place. Arguments that would need quoting
    go through reverse()."""
    arg = str(arg)
    if not _PLAIN_ARG.match(arg):
        return reverse(name, args=[arg])
    pattern = _url_pattern(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if pattern is None:
        return reverse(name, args=[arg])
    url, sentinel = pattern
    return url.replace(sentinel, arg)


@functools.lru_cache(maxsize=64)
def _url_pattern(name, script_prefix, urlconf):
    """(URL with a placeholder argument, the placeholder), or None."""
    for sentinel in _SENTINELS:
        try:
            url = reverse(name, args=[sentinel], urlconf=urlconf)
        except NoReverseMatch:
            continue
        if url.count(sentinel) == 1:
            return url, sentinel
    return None


def meeting_url(meeting):
    return fast_url("archive:meeting", meeting.slug)


def briefer_url(briefer_id):
    return fast_url("archive:briefer", briefer_id)


def undocs_url(symbol):
    return "https://undocs.org/" + normalize_symbol(symbol)


def _triggers():
    # Every symbol find_symbols matches has a slash (S/2011/817, 61/279) or a parenthesis
    # (1353(2001)), as written or after its fold (full-width ／ and （).
    chars = "".join(map(chr, range(0x10000)))
    return frozenset(c for c, f in zip(chars, fold(chars), strict=True) if f in "/(")


_TRIGGERS = _triggers()


def link_symbols(text):
    """HTML for `text` with every UN symbol in it linked to its document page."""
    text = text or ""
    if _TRIGGERS.isdisjoint(text):  # most paragraphs: no symbol can be in them
        return mark_safe(escape(text))
    parts, pos = [], 0
    for match in find_symbols(text):
        if match.start < pos or not match.symbol:
            continue
        url = escape(document_url(match.symbol))
        parts.append(
            f'{escape(text[pos : match.start])}<a class="sym" href="{url}">'
            f"{escape(text[match.start : match.end])}</a>"
        )
        pos = match.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))
