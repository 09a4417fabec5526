"""Page bodies rendered once and kept in the cache until the archive changes.

What the archive's pages show is a function of the database, the interface language, the
path with its query string and where the site is mounted. The database changes when
ingest writes or removes a document (each saves or deletes its Document row, so the
number of documents or their latest `updated_at` moves) or when someone edits in the
admin (which logs every change). `archive_state()` reads those three figures in one query
on indexes; a cached body is used only under the state it was rendered in (and by the
version of the templates and code that rendered it), so any change makes every page
render afresh once.

Only the page's body (the template's `title` and `content` blocks) is kept: the page
around it holds the CSRF token of the language form and the path to come back to, and is
rendered for every request. The bodies are kept in this process (`default`) and in files
under the data directory that every web worker reads (`shared_pages()`), so that a page
rendered by one worker serves the others. Those files are a cache of their own, not the
`shared` one: a crawl of thousands of pages would cull that one, and with it the login
attempt counts kept there.

A page template extends "archive/page_parts.html" (its two blocks, split by a marker)
instead of "base.html"; "archive/page.html" puts them back inside base.html.
"""

import functools
import hashlib
import pickle
import random
import re
import zlib
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.http import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models import Document

CACHE_SECONDS = 24 * 3600
# past this, pages are culled to two thirds of it (checked every
# PageFileCache.CULL_EVERY writes of a process: that many more files at most per process)
SHARED_ENTRIES = 5000
SPLIT = "<!--archive:page-body-->"  # between the blocks in page_parts.html


def archive_state():
    """'count:latest update:last admin change' of the whole archive, one query."""
    with connection.cursor() as cursor:
        cursor.execute(state_sql())
        return ":".join(map(str, cursor.fetchone()))


def state_sql():
    # Plain SQL: building it with the ORM would cost more than running it. The latest
    # update is read from its index (document_updated_at_idx).
    doc = connection.ops.quote_name(Document._meta.db_table)
    log = connection.ops.quote_name("django_admin_log")
    return (
        f"SELECT (SELECT COUNT(*) FROM {doc}), (SELECT MAX(updated_at) FROM {doc}),"
        f" (SELECT MAX(id) FROM {log})"
    )


def cached_page(request, template_name, build, params=()):
    """The page of `template_name` for this request: its body from the cache when the
    archive has not changed since it was rendered, else `build()`'s context rendered
    (and kept). `build` may return a response instead (a redirect, a 404): it is
    returned as it is, and nothing is kept.

    `params` are the query parameters the page reads. Only a request whose query string
    holds nothing else, each once, in its plain form (`page=2`, not `page=02` or
    `page=2&x=1`), is served from and kept in the cache: every other query string is
    rendered afresh and not kept, so that a crawl of made-up query strings cannot fill
    the cache (its links would carry those strings too)."""
    cacheable = is_plain_query(request, params)
    key = _key(request, template_name) if cacheable else None
    parts = _get(key) if cacheable else None
    if parts is None:
        context = build()
        if isinstance(context, HttpResponseBase):
            return context
        parts = tuple(str(render_to_string(template_name, context, request)).split(SPLIT, 1))
        if cacheable:
            _set(key, parts)
    title, body = parts
    return render(
        request, "archive/page.html", {"title": mark_safe(title), "body": mark_safe(body)}
    )


_PLAIN_VALUE = re.compile(r"^(?:[1-9][0-9]{0,6}|[a-z]{2,3}(?:-[a-z]{2,4})?)$", re.IGNORECASE)


def is_plain_query(request, params) -> bool:
    """Does the query string hold only `params`, each once, each a plain page number
    or language code?"""
    for name, values in request.GET.lists():
        if name not in params or len(values) != 1 or not _PLAIN_VALUE.match(values[0]):
            return False
    return True


def _key(request, template_name):
    parts = [template_name, request.get_full_path(), get_language(), get_script_prefix()]
    parts += [archive_state(), code_version()]
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"archive:page:{digest}"


@functools.cache
def code_version():
    """Names, sizes and times of the templates, translations and code that make the
    pages, read once a process: bodies kept on disk by an earlier version of the site
    are not served by a new one."""
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    roots += [Path(d) for d in settings.LOCALE_PATHS] + [Path(__file__).resolve().parent.parent]
    stats = sorted(
        (str(f), f.stat().st_size, f.stat().st_mtime_ns)
        for root in roots
        for f in root.rglob("*")
        if f.suffix in (".html", ".py", ".mo")
    )
    return hashlib.sha256(repr(stats).encode()).hexdigest()


def shared_pages():
    return _file_cache(str(Path(settings.DATA_DIR) / "page_cache"))


class PageFileCache(FileBasedCache):
    """Django's file cache, cheaper to write: it lists the whole folder to count its
    entries on every write (thousands of files, several ms a page and growing with the
    number of pages kept), so here every CULL_EVERY-th write of a process does; and
    pages are compressed at zlib's fastest level (read back by the same decompress)."""

    CULL_EVERY = 64

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CULL_EVERY != 1:
            return
        files = self._list_cache_files()
        if len(files) >= self._max_entries:  # down to two thirds of the bound
            for name in random.sample(files, len(files) - self._max_entries * 2 // 3):
                self._delete(name)

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))


@functools.cache
def _file_cache(location):
    return PageFileCache(location, {"OPTIONS": {"MAX_ENTRIES": SHARED_ENTRIES}})


def clear():
    """Forget every page body (this process's and the shared ones)."""
    caches["default"].clear()
    shared_pages().clear()


def _get(key):
    local = caches["default"]
    parts = local.get(key)
    if parts is None:
        parts = shared_pages().get(key)
        if parts is not None:
            local.set(key, parts, CACHE_SECONDS)
    return parts


def _set(key, parts):
    caches["default"].set(key, parts, CACHE_SECONDS)
    shared_pages().set(key, parts, CACHE_SECONDS)
