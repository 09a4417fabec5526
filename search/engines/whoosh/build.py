"""A full rebuild of the Whoosh index: entries -> segments, in one or more processes.

A rebuild writes the new segments beside the index's current ones and replaces them in
one commit of the table of contents (replace=True): searches read the old segments
until then, and a failed build leaves them. The entries are split into `procs` shares (`entries(share, shares)`, each a generator of
(search index, object) pairs); each share is indexed by its own writer into its own
segments, in a forked worker process when procs > 1. A writer starts a new segment
when its postings pass `limitmb` (an estimate), so memory stays bounded. The caller's
writer holds the index lock throughout and writes the table of contents listing every
segment at the end. Segments are not merged: a search reads them all.
"""

import logging
import multiprocessing

from django.db import connections

from .writer import ArchiveSegmentWriter

log = logging.getLogger(__name__)
CHECK_EVERY = 1000  # entries between two looks at a writer's memory


def build(backend, writer, entries, *, procs=1, limitmb=512, replace=False) -> int:
    """Index `entries` into new segments and commit them with `writer` (which holds the
    lock), beside the existing segments or, with `replace`, instead of them: readers
    keep the old segments until this commit. Returns the number of entries."""
    global _job
    procs = max(1, int(procs))
    if procs > 1 and any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        # A forked worker cannot share the open transaction's connection.
        log.warning("index rebuild inside a transaction: using one process")
        procs = 1
    try:
        if procs == 1:
            results = [build_share(backend, backend.index, entries, 0, 1, limitmb)]
        else:
            connections.close_all()  # each worker opens its own connection
            _job = (backend, backend.index, entries, limitmb)  # inherited by the fork
            context = multiprocessing.get_context("fork")
            with context.Pool(procs) as pool:
                results = pool.starmap(_forked_share, [(i, procs) for i in range(procs)])
    except BaseException:
        writer.cancel()
        raise
    finally:
        _job = None
    segments = [segment for share_segments, _ in results for segment in share_segments]
    # No merge: the existing segments are kept as they are, or all dropped.
    kept = [] if replace else writer._merge_segments(None, None, False)
    writer._close_segment()
    writer._commit_toc(kept + segments)
    writer._finish()
    return sum(count for _, count in results)


_job = None


def _forked_share(share, shares):
    backend, ix, entries, limitmb = _job
    return build_share(backend, ix, entries, share, shares, limitmb)


def build_share(backend, ix, entries, share, shares, limitmb):
    """Index one share into new segments (not yet listed in the index). Returns
    (segments, number of entries)."""
    segments, count = [], 0
    writer = ArchiveSegmentWriter(ix, _lk=False)
    limit = limitmb * 1024 * 1024
    try:
        for index, obj in entries(share, shares):
            doc = backend.prepare_entry(index, obj)
            if doc is None:
                continue
            writer.add_document(**doc)
            count += 1
            if count % CHECK_EVERY == 0 and writer.memory_estimate() > limit:
                segments.append(writer._finalize_segment())
                writer = ArchiveSegmentWriter(ix, _lk=False)
    except BaseException:
        writer._close_segment()
        raise
    if writer._added:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    return segments, count
