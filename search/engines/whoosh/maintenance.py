"""Keeping the Whoosh index in step with the database: per-document updates after
ingest, full rebuild, and the index <-> database check (search.engines.whoosh.engine
calls these; everyone else calls the public functions of `search`).
"""

from django.db.models.functions import Mod

from ..base import IndexCheck


def _backend():
    from haystack import connections

    return connections["default"].get_backend()


def _unified_index():
    from haystack import connections

    return connections["default"].get_unified_index()


# --- index maintenance --------------------------------------------------------------


def _entries(objects):
    unified = _unified_index()
    return [(unified.get_index(type(obj)), obj) for obj in objects]


def _linked(model, doc_ids):
    """Pks of the `model` objects whose index entries were built from these documents."""
    ct = f"archive.{model._meta.model_name}"
    backend = _backend()
    return {
        int(entry["django_id"])
        for doc_id in doc_ids
        for entry in backend.stored_entries(doc_ids=doc_id, django_ct=ct)
    }


def update_document_index(document_id: int) -> None:
    """Index (or re-index) everything built from one document, in one commit.

    Its previous entries go (paragraphs that no longer exist with them); the document,
    its paragraphs and recommendations, and the meetings and briefers linked to it,
    now or before, are written again.
    """
    _reindex(document_id, with_document=True)


def remove_document_index(document_id: int) -> None:
    """Remove a document's entries; meetings and briefers it fed are re-indexed from
    what is left in the database (or dropped when they are gone)."""
    _reindex(document_id, with_document=False)


def _reindex(document_id: int, *, with_document: bool) -> None:
    from archive.models import Briefer, Document, Meeting
    from search.search_indexes import linked_objects

    backend = _backend()
    gone = {document_id}
    document = Document.objects.filter(pk=document_id).values("symbol", "language").first()
    if document is not None and with_document:
        # An ingest that deleted and re-created the document left entries under the old id.
        stored = backend.stored_entries(symbol=document["symbol"], django_ct="archive.document")
        ids = {int(e["django_id"]) for e in stored if e.get("language") == document["language"]}
        gone |= ids - set(Document.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # Meetings and briefers linked to the document before (in the index) or now.
    earlier = {Meeting: _linked(Meeting, gone), Briefer: _linked(Briefer, gone)}
    entries = linked_objects([document_id] if with_document else [], earlier)
    backend.replace_entries([("doc_ids", doc_id) for doc_id in sorted(gone)], entries)


def _model(name):
    from django.apps import apps

    return apps.get_model("archive", name)


def rebuild_index(procs: int = 1, limitmb: int = 512) -> int:
    """Index every object again beside the current index and swap at the end, in
    `procs` processes (each building its own segments, a new one past about `limitmb`
    MB of postings). Returns the number of entries."""
    return _backend().rebuild(_everything, procs=procs, limitmb=limitmb)


def _everything(share=0, shares=1):
    """(search index, object) for every object of one share (of `shares`) of the data."""
    for index in _unified_index().get_indexes().values():
        if hasattr(index, "index_objects"):  # batches with their rows prefetched
            objects = index.index_objects(share, shares)
        else:
            queryset = index.index_queryset().order_by("pk")
            if shares > 1:
                queryset = queryset.alias(share=Mod("pk", shares)).filter(share=share)
            objects = queryset.iterator(chunk_size=500)
        yield from ((index, obj) for obj in objects)


# --- index <-> database check --------------------------------------------------------


def _expected_entries():
    """identifier -> (stamp, document id or None): the entries the database gives now
    (each prepared as a rebuild would, without writing it)."""
    expected = {}
    for index, obj in _everything():
        entry = index.full_prepare(obj)
        own = entry["django_ct"] in (
            "archive.document",
            "archive.paragraph",
            "archive.recommendation",
        )
        doc_id = entry["doc_ids"][0] if own and entry["doc_ids"] else None
        expected[entry["id"]] = (entry["stamp"], doc_id)
    return expected


def check_index() -> IndexCheck:
    """Compare the index with the database. Raises SearchUnavailable if it cannot be read."""
    _backend().require_version()
    expected = _expected_entries()
    indexed = {e["id"]: e.get("stamp") or "" for e in _backend().all_entries()}
    check = IndexCheck()
    for ident, (stamp, doc_id) in sorted(expected.items()):
        if ident not in indexed:
            check.missing.append(ident)
        elif indexed[ident] != stamp:
            check.stale.append(ident)
        else:
            continue
        if doc_id is not None:
            check.documents[ident] = doc_id
    check.extra = sorted(set(indexed) - set(expected))
    return check


def index_objects(objects) -> None:
    """Re-index single objects (a briefer, a meeting...) in one commit."""
    _backend().replace_entries([], _entries(objects))


def fix_index(check: IndexCheck) -> None:
    """Reconcile: re-index the documents concerned, add missing meetings and briefers,
    delete entries of objects that are gone."""
    for doc_id in sorted(set(check.documents.values())):
        update_document_index(doc_id)
    others = [i for i in check.missing + check.stale if i not in check.documents]
    objects = []
    for ident in others:
        _, name, pk = ident.split(".")
        obj = _model(name).objects.filter(pk=pk).first()
        if obj is not None:
            objects.append(obj)
    backend = _backend()
    backend.replace_entries([("id", ident) for ident in check.extra], _entries(objects))
