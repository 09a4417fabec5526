"""What the pages and the API show, fetched in a fixed number of queries.

Every function here runs a constant number of SQL queries, whatever the number of
paragraphs, citations, meetings or briefers: related rows come with select_related or
prefetch_related, never one query per row.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Prefetch
from django.utils.translation import get_language

from .models import (
    Briefer,
    Briefing,
    Citation,
    Document,
    DocumentSymbol,
    Meeting,
    Paragraph,
    Topic,
)

MEETING_ORDER = ["year", F("date").asc(nulls_first=True), "seq"]
_SLUG = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<seq>\d{1,4}))?$")
_UNDATED_SLUG = re.compile(r"^(?P<year>\d{4})-(?P<kind>[a-z]+)(?:-(?P<seq>\d{1,4}))?$")


def ui_content_language():
    """The document language that matches the interface language: zh-hans -> zh."""
    return (get_language() or "zh").split("-")[0].lower()


def document_versions(key):
    """Every language version of the document that carries this normalized symbol."""
    return list(
        Document.objects.filter(symbols__symbol=key)
        .distinct()
        .order_by("language")
        .prefetch_related("symbols")
    )


def pick_version(versions, lang=None):
    """The version in `lang` (or the interface language) if there is one, else the first."""
    wanted = (lang or ui_content_language()).lower()
    for doc in versions:
        if doc.language.lower() == wanted:
            return doc
    return versions[0]


def symbols_of(doc):
    """The document's symbols, primary first (uses the prefetched `symbols`)."""
    rows = sorted(doc.symbols.all(), key=lambda s: (not s.is_primary, s.symbol))
    return [s.symbol for s in rows] or [doc.symbol]


def briefings_prefetch(prefix=""):
    qs = Briefing.objects.select_related("briefer").order_by("order", "pk")
    return Prefetch(f"{prefix}briefings", queryset=qs)


def document_meetings(doc):
    """The document's MeetingReports with meeting, topic, briefings and paragraphs."""
    reports = (
        doc.meeting_reports.select_related("meeting__topic")
        .prefetch_related(
            briefings_prefetch("meeting__"),
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order")),
        )
        .order_by("meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq")
    )
    reports = list(reports)
    for report in reports:
        paras = list(report.paragraphs.all())
        for para in paras:
            para.document = doc
        # What to point at: the numbered paragraphs (items and headings are inside them)
        report.numbered = [p for p in paras if p.kind == Paragraph.Kind.PARAGRAPH] or paras[:1]
    return reports


def document_recommendations(doc):
    recs = list(doc.recommendations.select_related("paragraph").order_by("paragraph__order"))
    for rec in recs:
        rec.paragraph.document = doc
    return recs


def document_questions(doc):
    return list(doc.questions.select_related("meeting", "paragraph").order_by("order", "pk"))


@dataclass
class CitedSymbol:
    symbol: str
    in_archive: bool
    paragraphs: list = field(default_factory=list)  # (anchor, number)


def document_cites(doc):
    """Symbols this document cites, in order of first appearance, with where."""
    rows = doc.citations.order_by("paragraph__order", "symbol").values_list(
        "symbol", "paragraph__anchor", "paragraph__number"
    )
    present = set(
        DocumentSymbol.objects.filter(
            symbol__in=Citation.objects.filter(document=doc).values("symbol")
        ).values_list("symbol", flat=True)
    )
    own = set(symbols_of(doc))
    by_symbol = {}
    for symbol, anchor, number in rows:
        if symbol in own:
            continue
        item = by_symbol.setdefault(symbol, CitedSymbol(symbol, symbol in present))
        item.paragraphs.append((anchor, number))
    return list(by_symbol.values())


@dataclass
class CitingDocument:
    document: Document
    paragraphs: list = field(default_factory=list)


def citing_documents(symbols, exclude_ids=()):
    """Documents (and their paragraphs) that cite any of these symbols."""
    citations = (
        Citation.objects.filter(symbol__in=symbols)
        .exclude(document_id__in=list(exclude_ids))
        .select_related("document", "paragraph")
        .order_by(
            F("document__date").desc(nulls_last=True),
            "document__symbol",
            "document__language",
            "paragraph__order",
        )
    )
    grouped = {}
    for c in citations:
        entry = grouped.setdefault(c.document_id, CitingDocument(c.document))
        c.paragraph.document = c.document
        if c.paragraph not in entry.paragraphs:
            entry.paragraphs.append(c.paragraph)
    return list(grouped.values())


def split_text(paragraphs):
    """Body blocks and footnotes, in order."""
    body, notes = [], []
    for p in paragraphs:
        (notes if p.kind == Paragraph.Kind.FOOTNOTE else body).append(p)
    return body, notes


def meeting_by_slug(slug):
    """The meeting for a slug (2016-04-28, 2016-04-28-2, 2016-organizational), or None."""
    m = _SLUG.match(slug)
    if m:
        try:
            day = dt.date.fromisoformat(m["date"])
        except ValueError:
            return None
        lookup = {"date": day, "seq": int(m["seq"] or 1)}
    else:
        m = _UNDATED_SLUG.match(slug)
        if not m or m["kind"] not in Meeting.Kind.values:
            return None
        lookup = {
            "date": None,
            "year": int(m["year"]),
            "kind": m["kind"],
            "seq": int(m["seq"] or 1),
        }
    return Meeting.objects.select_related("topic").filter(**lookup).first()


def meeting_neighbours(meeting):
    """(previous, next) meetings in archive order, either None at an end; two queries."""
    order = list(Meeting.objects.order_by(*MEETING_ORDER).values_list("pk", flat=True))
    i = order.index(meeting.pk)
    prev_pk = order[i - 1] if i > 0 else None
    next_pk = order[i + 1] if i + 1 < len(order) else None
    found = Meeting.objects.in_bulk([pk for pk in (prev_pk, next_pk) if pk])
    return found.get(prev_pk), found.get(next_pk)


def meeting_reports(meeting):
    reports = list(
        meeting.reports.select_related("document")
        .prefetch_related(Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order")))
        .order_by("document__date", "document__symbol", "document__language")
    )
    for report in reports:
        for para in report.paragraphs.all():
            para.document = report.document
    return reports


def meeting_list(**filters):
    """Meetings with topic and briefers (three queries)."""
    return list(
        Meeting.objects.filter(**filters)
        .select_related("topic")
        .prefetch_related(briefings_prefetch())
        .order_by(*MEETING_ORDER)
    )


def group_by_year(meetings):
    years = {}
    for m in meetings:
        years.setdefault(m.year, []).append(m)
    return sorted(years.items(), reverse=True)


def briefer_briefings(briefer):
    return list(
        briefer.briefings.select_related("meeting__topic", "document").order_by(
            "meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq"
        )
    )


def briefer_list():
    return list(Briefer.objects.annotate(n=Count("briefings")).order_by("name"))


def topic_list():
    return list(
        Topic.objects.annotate(
            n_meetings=Count("meetings", distinct=True),
            n_documents=Count("document_topics", distinct=True),
        ).order_by("name")
    )


def topic_documents(topic):
    return list(
        Document.objects.filter(document_topics__topic=topic).order_by(
            F("date").desc(nulls_last=True), "symbol", "language"
        )
    )


def documents_of_year(year):
    return list(Document.objects.filter(date__year=year).order_by("date", "symbol", "language"))


def archive_summary():
    docs = Document.objects.aggregate(
        documents=Count("pk"),
        symbols=Count("symbol", distinct=True),
        first=Min("date"),
        last=Max("date"),
    )
    meetings = Meeting.objects.aggregate(meetings=Count("pk"), first=Min("year"), last=Max("year"))
    return {
        "documents": docs["documents"],
        "symbols": docs["symbols"],
        "first_date": docs["first"],
        "last_date": docs["last"],
        "meetings": meetings["meetings"],
        "first_year": meetings["first"],
        "last_year": meetings["last"],
        "briefers": Briefer.objects.count(),
        "citations": Citation.objects.count(),
        "topics": Topic.objects.count(),
    }


def latest_documents(limit=10):
    return list(Document.objects.order_by(F("date").desc(nulls_last=True), "symbol")[:limit])


def years_with_content():
    meeting_years = set(Meeting.objects.values_list("year", flat=True).distinct())
    doc_years = {d.year for d in Document.objects.filter(date__isnull=False).dates("date", "year")}
    return sorted(meeting_years | doc_years, reverse=True)


def cited_symbol_citations(key):
    """Citations of a symbol that has no document in the archive."""
    return citing_documents([key])


def is_cited(key):
    return Citation.objects.filter(symbol=key).exists()


def symbols_in_archive(symbols):
    return set(
        DocumentSymbol.objects.filter(symbol__in=list(symbols)).values_list("symbol", flat=True)
    )
