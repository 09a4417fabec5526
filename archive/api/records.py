"""Records as the API shows them (dicts in the shapes of `schemas.py`), with absolute URLs,
and the prefetches that let a whole page of them be built in a fixed number of queries."""

from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse

from editorial import corrections as editorial

from ..links import briefer_url, document_url, meeting_url, undocs_url
from ..models import MeetingReport
from ..queries import briefings_prefetch, report_paragraph_rows, symbols_of


def absolute(request, path, **params):
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return request.build_absolute_uri(f"{path}?{urlencode(query)}" if query else path)


def document_api_url(request, doc):
    return absolute(request, reverse("archive:api_document", args=[doc.symbol]), lang=doc.language)


def document_page_url(request, doc):
    return absolute(request, document_url(doc.symbol), lang=doc.language)


def reports_prefetch(prefix=""):
    """A meeting's reports with their documents (`report_anchors` adds the paragraphs)."""
    reports = MeetingReport.objects.select_related("document").order_by(
        "document__date", "document__symbol", "document__language"
    )
    return Prefetch(f"{prefix}reports", queryset=reports)


def with_meeting_relations(meetings):
    """Prefetch what `meeting` shows for these meetings (four queries for any number)."""
    meetings = list(meetings)
    prefetch_related_objects(meetings, "topic", briefings_prefetch(), reports_prefetch())
    report_anchors([r for m in meetings for r in m.reports.all()])
    return meetings


def report_anchors(reports):
    """Each report's `anchors`: its paragraphs' anchors in order (one query)."""
    by_report = {r.pk: r for r in reports}
    for r in reports:
        r.anchors = []
    if not by_report:
        return
    for report_id, _kind, _number, anchor, _part in report_paragraph_rows(
        meetingreport_id__in=list(by_report)
    ):
        by_report[report_id].anchors.append(anchor)


def meeting(request, m):
    """A meeting: the fields of the first version, then the additions. Needs
    `with_meeting_relations` (or the same prefetches) for the briefings and reports."""
    return {
        "date": m.date,
        "year": m.year,
        "slug": m.slug,
        "kind": m.kind,
        "ordinal": m.ordinal,
        "title": m.title,
        "topic": m.topic.name if m.topic else None,
        "url": request.build_absolute_uri(meeting_url(m)),
        "concept_note": m.concept_note_symbol or None,
        "briefers": [
            {
                "name": b.briefer.name,
                "role": b.role,
                "url": request.build_absolute_uri(briefer_url(b.briefer_id)),
            }
            for b in m.briefings.all()
        ],
        "briefings": [
            {
                "briefer_id": b.briefer_id,
                "name": b.briefer.name,
                "role": b.role,
                "honorific": b.honorific,
                "url": request.build_absolute_uri(briefer_url(b.briefer_id)),
                "api_url": request.build_absolute_uri(
                    reverse("archive:api_briefer", args=[b.briefer_id])
                ),
            }
            for b in m.briefings.all()
        ],
        "id": m.slug,
        "api_url": request.build_absolute_uri(reverse("archive:api_meeting", args=[m.slug])),
        "topic_slug": m.topic.slug if m.topic else None,
        "concept_note_url": (
            request.build_absolute_uri(document_url(m.concept_note_symbol))
            if m.concept_note_symbol
            else None
        ),
        "reports": [
            {
                "symbol": r.document.symbol,
                "language": r.document.language,
                "url": document_page_url(request, r.document),
                "paragraphs": r.anchors,
            }
            for r in m.reports.all()
        ],
        "corrections": row_corrections(request, m, *m.briefings.all()),
    }


def row_corrections(request, *rows) -> list[dict]:
    """The editors' active corrections of these rows (a meeting, a briefing, a briefer),
    all read once per request (they are few)."""
    if not hasattr(request, "_correction_marks"):
        request._correction_marks = editorial.marks()
    marks = request._correction_marks
    found = []
    for row in rows:
        target = editorial.TARGET_OF_MODEL[type(row)]
        found += [c for (t, pk, _), c in marks.items() if t == target and pk == row.pk]
    return [editorial.as_data(c) for c in found]


def document_corrections(doc) -> list[dict]:
    return [editorial.as_data(c) for c in editorial.for_document(doc)]


def document_summary(request, doc):
    """A document in a list (needs `symbols` prefetched)."""
    return {
        "symbol": doc.symbol,
        "symbols": symbols_of(doc),
        "language": doc.language,
        "doc_type": doc.doc_type,
        "title": doc.title,
        "date": doc.date,
        "organ": doc.organ,
        "id": f"{doc.symbol}@{doc.language}",
        "url": document_page_url(request, doc),
        "api_url": document_api_url(request, doc),
        "official_text": undocs_url(doc.symbol),
    }


def topic(request, t):
    """A topic (needs `n_meetings` and `n_documents`, as `queries.topic_list` sets)."""
    return {
        "slug": t.slug,
        "name": t.name,
        "url": request.build_absolute_uri(t.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("archive:api_topic", args=[t.slug])),
        "meetings": t.n_meetings,
        "documents": t.n_documents,
    }


def recommendation_item(request, rec):
    """A recommendation in a list (needs `document` and `paragraph` selected)."""
    doc, para = rec.document, rec.paragraph
    return {
        "id": f"{doc.symbol}@{doc.language}#{para.anchor}",
        "symbol": doc.symbol,
        "language": doc.language,
        "date": doc.date,
        "paragraph": para.number or rec.number,
        "anchor": para.anchor,
        "part": para.part,
        "text": rec.text,
        "url": document_page_url(request, doc) + f"#{para.anchor}",
        "document_api_url": document_api_url(request, doc),
    }
