"""The index follows edits made in the admin: each change or deletion the admin logs
(a LogEntry for one object) re-indexes, after the transaction commits, what the object
feeds. The ingest service and the commands call the public functions themselves, and so
do the admins of parsed rows (editorial.admin.CorrectingAdmin: corrections and deletions
go through the service), for which this hook is redundant and harmless. The Topic admin
is a plain ModelAdmin (add, change, list_editable, delete): a topic's name is in its
meetings' entries, and this hook is what re-indexes them.

Known gap: the admin's bulk "delete selected" logs its entries with bulk_create (no
signal); `check_index --fix` reconciles those.
"""

from django.contrib.admin.models import DELETION, LogEntry
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save


def connect():
    post_save.connect(_logged, sender=LogEntry, dispatch_uid="search.admin_edits")


def _logged(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.content_type is None:
        return
    if instance.content_type.app_label != "archive":
        return
    model = instance.content_type.model_class()
    if model is None:
        return
    obj = model.objects.filter(pk=instance.object_id).first()
    if obj is None:
        return
    work = affected(obj, deleted=instance.action_flag == DELETION)
    transaction.on_commit(lambda: _apply(*work), robust=True)


def affected(obj, *, deleted: bool):
    """(document ids to re-index, document ids to remove, objects to re-index) for an
    edit (or the deletion, about to happen) of `obj`."""
    from archive.models import Briefer, Briefing, Document, Meeting, Topic

    if isinstance(obj, Document):
        return ([], [obj.pk], []) if deleted else ([obj.pk], [], [])
    if isinstance(obj, Briefer):
        documents = _briefing_documents(Briefing.objects.filter(briefer=obj))
        meetings = list(Meeting.objects.filter(briefings__briefer=obj).distinct())
        if deleted:
            return documents, [], meetings
        return [], [], [obj, *meetings]
    if isinstance(obj, Meeting):
        documents = _briefing_documents(Briefing.objects.filter(meeting=obj))
        documents += list(obj.reports.values_list("document_id", flat=True))
        return (sorted(set(documents)), [], []) if deleted else ([], [], [obj])
    if isinstance(obj, Topic):
        return [], [], list(Meeting.objects.filter(topic=obj))
    if isinstance(obj, Briefing):
        return (
            _briefing_documents(Briefing.objects.filter(pk=obj.pk)),
            [],
            [obj.meeting, obj.briefer],
        )
    document_id = getattr(obj, "document_id", None)
    if document_id is not None:  # paragraph, recommendation, citation, symbol, report...
        return [document_id], [], []
    return [], [], []


def _briefing_documents(briefings):
    ids = set(briefings.values_list("document_id", flat=True))
    ids |= set(briefings.filter(~Q(sources=None)).values_list("sources", flat=True))
    return sorted(i for i in ids if i is not None)


def _apply(documents, removed, objects):
    import search

    for document_id in removed:
        search.remove_document(document_id)
    for document_id in documents:
        search.index_document(document_id)
    # Objects deleted meanwhile are left out (their entries went with their documents).
    live = [o for o in objects if type(o).objects.filter(pk=o.pk).exists()]
    if live:
        search.index_objects(live)
