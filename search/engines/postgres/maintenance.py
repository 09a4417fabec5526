"""Keeping the entries table in step with the database. Every write runs in the caller's
transaction (ingest's, the admin's), so a document and its entries commit together."""

from itertools import islice

from django.db import connection, transaction

from ..base import IndexCheck
from . import entries, schema
from .schema import TABLE

BATCH = 1000
# Entries of meetings and briefers are built from several documents: two transactions
# re-indexing at once would each write them from a view without the other's rows. One
# writer at a time (until its commit), and a later writer sees what the earlier committed.
WRITE_LOCK = 7_470_301
OWN_TYPES = ("document", "paragraph", "recommendation")  # built from one document


def _unified():
    from haystack import connections

    return connections["default"].get_unified_index()


def reindex_documents(document_ids, *, with_documents: bool) -> None:
    """Replace everything built from these documents: their own entries, and the
    meetings and briefers linked to them now or before (re-built from what is left)."""
    from archive.models import Briefer, Document, Meeting
    from search.search_indexes import linked_objects

    gone = set(document_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        if with_documents:
            # A re-ingest that deleted and re-created a document left entries under its
            # old id: the same symbol and language, an id that no longer exists.
            for doc in Document.objects.filter(pk__in=document_ids).values(
                "pk", "symbol", "language"
            ):
                cursor.execute(
                    f"SELECT obj_id FROM {TABLE} WHERE type = 'document' "
                    "AND display_symbol = %s AND language = %s AND obj_id <> %s",
                    [doc["symbol"], doc["language"], doc["pk"]],
                )
                old = {r[0] for r in cursor.fetchall()}
                gone |= old - set(Document.objects.filter(pk__in=old).values_list("pk", flat=True))
        cursor.execute(
            f"SELECT type, obj_id FROM {TABLE} WHERE doc_ids && %s::bigint[] "
            "AND type IN ('meeting', 'briefer')",
            [sorted(gone)],
        )
        earlier = {Meeting: set(), Briefer: set()}
        for kind, pk in cursor.fetchall():
            earlier[Meeting if kind == "meeting" else Briefer].add(pk)
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE doc_ids && %s::bigint[] AND type = ANY(%s)",
            [sorted(gone), list(OWN_TYPES)],
        )
        pairs = linked_objects(document_ids if with_documents else [], earlier)
        # Meetings and briefers the index held that are gone from the database.
        found = {(type(obj), obj.pk) for _, obj in pairs}
        vanished = [
            f"archive.{model._meta.model_name}.{pk}"
            for model, pks in earlier.items()
            for pk in sorted(pks)
            if (model, pk) not in found
        ]
        _delete(cursor, vanished)
        entries.write(cursor, [entries.row(index.prepare(obj)) for index, obj in pairs])


def _delete(cursor, idents):
    if idents:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [list(idents)])


def index_objects(objects) -> None:
    unified = _unified()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        rows = [entries.row(unified.get_index(type(obj)).prepare(obj)) for obj in objects]
        entries.write(cursor, rows)


def _everything():
    """(index, object) for every object the archive indexes, in batches."""
    for index in _unified().get_indexes().values():
        if hasattr(index, "index_objects"):
            objects = index.index_objects(0, 1)
        else:
            objects = index.index_queryset().order_by("pk").iterator(chunk_size=500)
        for obj in objects:
            yield index, obj


def rebuild() -> int:
    """Build a new table beside the current one and swap it in, in one transaction:
    searches read the old entries until the commit; writers wait for it (the old table
    is locked against writes, so no update is lost in the swap)."""
    new = f"{TABLE}_new"
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        schema.create(cursor)
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE IF EXISTS {new}")
        cursor.execute(f"CREATE TABLE {new} ({schema.COLUMNS})")
        insert = entries.INSERT.replace(f"INTO {TABLE} ", f"INTO {new} ", 1)
        pairs = _everything()
        while batch := list(islice(pairs, BATCH)):
            cursor.executemany(insert, [entries.row(index.prepare(obj)) for index, obj in batch])
            count += len(batch)
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(f"ALTER INDEX IF EXISTS {new}_pkey RENAME TO {TABLE}_pkey")
        schema.create(cursor)  # the indexes, built once on the full table
        cursor.execute(f"ANALYZE {TABLE}")
    return count


def needs_rebuild() -> bool:
    """The table is missing, or empty while the archive has documents (a database
    migrated before its documents were indexed)."""
    from archive.models import Document

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [TABLE])
        if cursor.fetchone()[0] is None:
            return True
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})")
        return not cursor.fetchone()[0] and Document.objects.exists()


def check() -> IndexCheck:
    """Compare every entry with what the database would give now (its digest): an edited
    paragraph, a renamed briefer, a deleted document all show."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, digest FROM {TABLE}")
        stored = dict(cursor.fetchall())
    found = IndexCheck()
    seen = set()
    for index, obj in _everything():
        data = index.prepare(obj)
        ident = data["id"]
        seen.add(ident)
        if ident not in stored:
            found.missing.append(ident)
        elif stored[ident] != entries.digest(data):
            found.stale.append(ident)
        else:
            continue
        if ident.split(".")[1] in OWN_TYPES and data.get("doc_ids"):
            found.documents[ident] = int(data["doc_ids"][0])
    found.extra = sorted(set(stored) - seen)
    found.missing.sort()
    found.stale.sort()
    return found


def fix(found: IndexCheck) -> None:
    from django.apps import apps

    with transaction.atomic():
        document_ids = sorted(set(found.documents.values()))
        if document_ids:
            reindex_documents(document_ids, with_documents=True)
        objects = []
        for ident in found.missing + found.stale:
            if ident in found.documents:
                continue
            _, name, pk = ident.split(".")
            obj = apps.get_model("archive", name).objects.filter(pk=pk).first()
            if obj is not None:
                objects.append(obj)
        index_objects(objects)
        with connection.cursor() as cursor:
            _delete(cursor, found.extra)
