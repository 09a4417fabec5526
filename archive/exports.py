"""Exports for researchers: meetings, briefings, recommendations, documents and search hits,
as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese right) or
JSON, streamed a chunk of rows at a time (any size of archive in constant memory).

Each kind is a list of columns and a function giving its rows (dicts of plain values,
lists for the repeated ones) for a filter from `archive.filters`: the same filter as the
list page the export is made from, so both hold the same rows. CSV flattens the lists.
"""

import csv
import io
import json
from dataclasses import dataclass

from . import citations, references
from .batches import batches
from .citations import AnchoredParagraph
from .filters import DocumentFilter, MeetingFilter
from .links import briefer_url, document_url, meeting_url, undocs_url
from .models import MeetingReport
from .queries import briefings_prefetch, report_paragraph_rows, symbols_of

CHUNK = 500  # rows fetched (and prefetched for) at a time
SEARCH_PAGE = 100
SEARCH_LIMIT = 5000  # hits in one search export


@dataclass(frozen=True)
class Column:
    name: str
    flatten: object = None  # list value -> CSV text


def _joined(items):
    return "; ".join(str(i) for i in items)


def _briefers_text(items):
    return "; ".join(f"{b['name']} ({b['role']})" if b["role"] else b["name"] for b in items)


def _reports_text(items):
    return "; ".join(f"{r['symbol']} ({r['language']})" for r in items)


def _paragraphs_text(items):
    return "; ".join(p["citation"] for r in items for p in r["paragraphs"])


def _date(value):
    return value.isoformat() if value else None


# --- meetings -------------------------------------------------------------------------


def meeting_rows(filters: MeetingFilter):
    """The meetings a chunk at a time: the meetings with their topics and briefers, then
    their reports' paragraphs as plain rows in one query per chunk (model instances and
    per-report prefetches cost most of the time)."""
    meetings = filters.meetings().select_related("topic").prefetch_related(briefings_prefetch())
    for chunk in batches(meetings.iterator(chunk_size=CHUNK), CHUNK):
        reports = _reports_of([m.pk for m in chunk])
        for m in chunk:
            yield {
                "date": _date(m.date),
                "year": m.year,
                "slug": m.slug,
                "kind": m.kind,
                "ordinal": m.ordinal,
                "title": m.title,
                "topic": m.topic.name if m.topic else "",
                "concept_note": m.concept_note_symbol,
                "briefers": [{"name": b.briefer.name, "role": b.role} for b in m.briefings.all()],
                "reports": reports.get(m.pk, []),
                "url": meeting_url(m),
            }


def _reports_of(meeting_ids):
    """{meeting id: [{symbol, language, paragraphs: [{anchor, citation}]}]}: two queries."""
    reports = (
        MeetingReport.objects.filter(meeting_id__in=meeting_ids)
        .order_by("document__date", "document__symbol", "document__language", "pk")
        .values_list("pk", "meeting_id", "document__symbol", "document__language")
    )
    by_report, by_meeting = {}, {}
    for pk, meeting_id, symbol, language in reports:
        entry = {"symbol": symbol, "language": language, "paragraphs": []}
        by_report[pk] = entry
        by_meeting.setdefault(meeting_id, []).append(entry)
    rows = report_paragraph_rows(meetingreport_id__in=list(by_report))
    for report_id, kind, number, anchor, part in rows:
        entry = by_report[report_id]
        para = AnchoredParagraph(kind, number, anchor, part)
        entry["paragraphs"].append({"anchor": anchor, "citation": _paragraph_citation(entry, para)})
    return by_meeting


def _paragraph_citation(doc, p):
    """The UN-style label in the document's language (`doc`: symbol and language, as a
    dict); unnumbered text by its anchor."""
    language = references.interface_language(doc["language"])
    if not citations.locator_label(p, language):
        return f"{doc['symbol']} #{p.anchor}"
    return citations.un_citation(doc["symbol"], p, language)


MEETING_COLUMNS = [
    Column("date"),
    Column("year"),
    Column("slug"),
    Column("kind"),
    Column("ordinal"),
    Column("title"),
    Column("topic"),
    Column("concept_note"),
    Column("briefers", _briefers_text),
    Column("reports", _reports_text),
    Column("report_paragraphs", None),
    Column("url"),
]


def _meeting_csv(row):
    row = dict(row)
    row["report_paragraphs"] = _paragraphs_text(row["reports"])
    return row


# --- briefings ------------------------------------------------------------------------


def briefing_rows(filters: MeetingFilter):
    briefings = filters.briefings().select_related("meeting__topic", "briefer", "document")
    for b in briefings.iterator(chunk_size=CHUNK):
        m = b.meeting
        yield {
            "meeting_date": _date(m.date),
            "meeting_year": m.year,
            "meeting": m.slug,
            "meeting_kind": m.kind,
            "meeting_title": m.title,
            "topic": m.topic.name if m.topic else "",
            "briefer_id": b.briefer_id,
            "briefer": b.briefer.name,
            "role": b.role,
            "honorific": b.honorific,
            "order": b.order,
            "document": b.document.symbol,
            "document_language": b.document.language,
            "meeting_url": meeting_url(m),
            "briefer_url": briefer_url(b.briefer_id),
        }


BRIEFING_COLUMNS = [
    Column(name)
    for name in (
        "meeting_date",
        "meeting_year",
        "meeting",
        "meeting_kind",
        "meeting_title",
        "topic",
        "briefer_id",
        "briefer",
        "role",
        "honorific",
        "order",
        "document",
        "document_language",
        "meeting_url",
        "briefer_url",
    )
]


# --- recommendations and documents ----------------------------------------------------


def recommendation_rows(filters: DocumentFilter):
    recs = filters.recommendations().select_related("document", "paragraph")
    for r in recs.iterator(chunk_size=CHUNK):
        doc, para = r.document, r.paragraph
        yield {
            "symbol": doc.symbol,
            "language": doc.language,
            "date": _date(doc.date),
            "paragraph": para.number or r.number,
            "anchor": para.anchor,
            "part": para.part,
            "citation": _paragraph_citation({"symbol": doc.symbol, "language": doc.language}, para),
            "text": r.text,
            "url": f"{document_url(doc.symbol)}?lang={doc.language}#{para.anchor}",
        }


RECOMMENDATION_COLUMNS = [
    Column(n)
    for n in (
        "symbol",
        "language",
        "date",
        "paragraph",
        "anchor",
        "part",
        "citation",
        "text",
        "url",
    )
]


def document_rows(filters: DocumentFilter):
    documents = filters.documents().prefetch_related("symbols")
    for d in documents.iterator(chunk_size=CHUNK):
        yield {
            "symbol": d.symbol,
            "symbols": symbols_of(d),
            "language": d.language,
            "doc_type": d.doc_type,
            "title": d.title,
            "date": _date(d.date),
            "organ": d.organ,
            "ga_session": d.ga_session,
            "agenda_item": d.agenda_item,
            "period_start": _date(d.period_start),
            "period_end": _date(d.period_end),
            "job_number": d.job_number,
            "pages": d.page_count,
            "original_language": d.original_language,
            "official_text": undocs_url(d.symbol),
            "url": f"{document_url(d.symbol)}?lang={d.language}",
        }


DOCUMENT_COLUMNS = [Column("symbol"), Column("symbols", _joined)] + [
    Column(n)
    for n in (
        "language",
        "doc_type",
        "title",
        "date",
        "organ",
        "ga_session",
        "agenda_item",
        "period_start",
        "period_end",
        "job_number",
        "pages",
        "original_language",
        "official_text",
        "url",
    )
]


# --- search hits ------------------------------------------------------------------------


def search_rows(search, query, filters, sort):
    """The hits of a search, page after page (`search`: the search app's public function),
    at most SEARCH_LIMIT of them."""
    page = 1
    seen = 0
    while seen < SEARCH_LIMIT:
        results = search(
            query, page=page, per_page=SEARCH_PAGE, filters=filters, sort=sort, facets=False
        )
        for hit in results.hits:
            yield {
                "type": hit.type,
                "symbol": hit.symbol,
                "paragraph": hit.paragraph,
                "title": hit.title,
                "date": _date(hit.date),
                "url": hit.url,
            }
        seen += len(results.hits)
        if not results.hits or page >= results.num_pages:
            return
        page += 1


SEARCH_COLUMNS = [Column(n) for n in ("type", "symbol", "paragraph", "title", "date", "url")]


@dataclass(frozen=True)
class Kind:
    columns: list
    rows: object  # filter -> rows
    filter: type  # the filter class read from the query string
    to_csv: object = None  # row -> row for CSV (extra derived columns)


KINDS = {
    "meetings": Kind(MEETING_COLUMNS, meeting_rows, MeetingFilter, _meeting_csv),
    "briefings": Kind(BRIEFING_COLUMNS, briefing_rows, MeetingFilter),
    "recommendations": Kind(RECOMMENDATION_COLUMNS, recommendation_rows, DocumentFilter),
    "documents": Kind(DOCUMENT_COLUMNS, document_rows, DocumentFilter),
}


# --- writers ----------------------------------------------------------------------------


def csv_chunks(columns, rows, to_csv=None):
    """CSV text in pieces: a byte-order mark and the header, then a piece per 200 rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.name for c in columns])
    first = True
    n = 0
    for row in rows:
        if to_csv:
            row = to_csv(row)
        writer.writerow([_cell(row.get(c.name), c.flatten) for c in columns])
        n += 1
        if n % 200 == 0:
            yield _take(buffer, bom=first)
            first = False
    yield _take(buffer, bom=first)


def _cell(value, flatten):
    if value is None:
        return ""
    if flatten and isinstance(value, list):
        return flatten(value)
    return value


def _take(buffer, bom=False):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return ("\ufeff" if bom else "") + text


def json_chunks(rows):
    """A JSON array, an element at a time."""
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
