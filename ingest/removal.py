"""Removing what a document reported: before a new version of it is written (inside the
ingest service's transaction) and when it is deleted. Meetings, briefers and topics are
shared: they go only when nothing reports them any more."""

from django.db import transaction

from archive.models import Briefer, Briefing, Document, Meeting


def clear_document(document):
    # Children that belong to this document alone; meetings and briefers are shared and
    # are cleaned up afterwards if nothing reports them any more.
    # Meetings only this document reported go too, so that the new version describes
    # them afresh; briefers and topics are removed at the end if nothing uses them, so
    # that a person keeps the same page (and pk) across re-ingests.
    meeting_ids = set(document.meeting_reports.values_list("meeting_id", flat=True))
    document.paragraphs.all().delete()  # cascades to citations, recommendations, questions
    document.symbols.all().delete()
    document.meeting_reports.all().delete()
    _release_briefings(document)
    document.document_topics.all().delete()
    document.questions.all().delete()
    Meeting.objects.filter(pk__in=meeting_ids, reports__isnull=True).delete()


def _release_briefings(document):
    """This document no longer states its briefings: those another document also states
    stay (and are credited to it), the others go."""
    for briefing in Briefing.objects.filter(sources=document).prefetch_related("sources"):
        others = [d for d in briefing.sources.all() if d.pk != document.pk]
        if not others:
            briefing.delete()
            continue
        briefing.sources.remove(document)
        if briefing.document_id == document.pk:
            briefing.document = others[0]
            briefing.save(update_fields=["document"])


def delete_orphans():
    # A briefer an editor gave aliases to is kept: the identity is the editor's decision.
    # Topics are a curated list (archive.topics): they stay when nothing is on them.
    Briefer.objects.filter(briefings__isnull=True, aliases__isnull=True).delete()


def delete_document(document: Document) -> None:
    """Remove a document and what only it reported; the search index follows (search.document_deleted)."""
    with transaction.atomic():
        pk = document.pk
        clear_document(document)
        document.delete()
        delete_orphans()
        import search

        search.document_deleted(pk)
