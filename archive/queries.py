"""What the pages and the API show, fetched in a fixed number of queries.

Every function here runs a constant number of SQL queries, whatever the number of
paragraphs, citations, meetings or briefers: related rows come with select_related or
prefetch_related, never one query per row.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Window,
)
from django.db.models.functions import Cast, Substr
from django.utils.translation import get_language

from .citations import AnchoredParagraph
from .models import (
    Briefer,
    Briefing,
    Citation,
    Document,
    DocumentSymbol,
    DocumentTopic,
    Meeting,
    MeetingReport,
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


def report_paragraph_rows(*, text=False, **filters):
    """(report id, kind, number, anchor, part[, text]) of the paragraphs of the meeting
    reports `filters` select (on the report-paragraph table: `meetingreport_id__in=`,
    `meetingreport__meeting=`), report by report, in the text's order; one query, rows
    rather than Paragraph models (a year's meetings name thousands of paragraphs)."""
    columns = ["paragraph__kind", "paragraph__number", "paragraph__anchor", "paragraph__part"]
    return (
        MeetingReport.paragraphs.through.objects.filter(**filters)
        .order_by("meetingreport_id", "paragraph__order")
        .values_list("meetingreport_id", *columns, *(["paragraph__text"] if text else []))
    )


def document_meetings(doc):
    """The document's MeetingReports with meeting, topic and briefings, each with
    `numbered`: the paragraphs that report it, as citations.AnchoredParagraph."""
    reports = list(
        doc.meeting_reports.select_related("meeting__topic")
        .prefetch_related(briefings_prefetch("meeting__"))
        .order_by("meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq")
    )
    by_report = {r.pk: [] for r in reports}
    if by_report:
        rows = report_paragraph_rows(meetingreport_id__in=list(by_report))
        for report_id, *where in rows:
            by_report[report_id].append(AnchoredParagraph(*where))
    for report in reports:
        paras = by_report[report.pk]
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
    paragraphs: list = field(default_factory=list)  # AnchoredParagraphs


CITATION_ROWS = 10_000


def document_cites(doc):
    """Symbols this document cites, in order of first appearance, with where."""
    # Bounded: a document citing in each of a million paragraphs lists where it cites
    # from its first CITATION_ROWS citations.
    held = DocumentSymbol.objects.filter(symbol=OuterRef("symbol"))
    rows = (
        doc.citations.annotate(held=Exists(held))
        .order_by("paragraph__order", "symbol")
        .values_list(
            "symbol",
            "held",
            "paragraph__kind",
            "paragraph__number",
            "paragraph__anchor",
            "paragraph__part",
        )[:CITATION_ROWS]
    )
    own = set(symbols_of(doc))
    by_symbol = {}
    for symbol, held, kind, number, anchor, part in rows:
        if symbol in own:
            continue
        item = by_symbol.setdefault(symbol, CitedSymbol(symbol, bool(held)))
        item.paragraphs.append(AnchoredParagraph(kind, number, anchor, part))
    return list(by_symbol.values())


def cited_symbols(doc):
    """The symbols this document cites, in order of first appearance (`document_cites`
    without where, for the API): one query."""
    rows = doc.citations.order_by("paragraph__order", "symbol").values_list("symbol", flat=True)
    own = set(symbols_of(doc))
    return [s for s in dict.fromkeys(rows[:CITATION_ROWS]) if s not in own]


def meetings_reported_in(doc):
    """The meetings the document reports, in archive order, with their topic (the API
    adds its own prefetches: `records.with_meeting_relations`)."""
    return list(
        Meeting.objects.filter(reports__document=doc)
        .select_related("topic")
        .distinct()
        .order_by(*MEETING_ORDER)
    )


@dataclass
class CitingDocument:
    document: Document
    paragraphs: list = field(default_factory=list)


@dataclass
class Citing:
    """The first `limit` documents citing some symbols (latest first), and how many in all."""

    documents: list
    total: int

    def __iter__(self):
        return iter(self.documents)

    def __len__(self):
        return len(self.documents)

    def __bool__(self):
        return bool(self.documents)

    @property
    def more(self):
        return self.total - len(self.documents)


CITING_LIMIT = 50
CITING_PARAGRAPHS = 10


def _citing(symbols, exclude_ids, limit):
    """(The citations of these symbols, how many documents make them, the latest `limit`
    of those documents): one query, the count a window over the same rows."""
    citations = Citation.objects.filter(symbol__in=list(symbols)).exclude(
        document_id__in=list(exclude_ids)
    )
    first = list(
        Document.objects.filter(pk__in=citations.values("document_id"))
        .annotate(citing_total=Window(Count("pk")))
        .order_by(F("date").desc(nulls_last=True), "symbol", "language")[:limit]
    )
    return citations, first[0].citing_total if first else 0, first


def citing_symbols(symbols, exclude_ids=(), limit=CITING_LIMIT):
    """(The symbols of the latest `limit` documents citing these symbols, how many
    documents cite them): `citing_documents` without the paragraphs, for the API."""
    _, total, first = _citing(symbols, exclude_ids, limit)
    return list(dict.fromkeys(d.symbol for d in first)), total


def citing_documents(symbols, exclude_ids=(), limit=CITING_LIMIT):
    """Documents (and their paragraphs) that cite any of these symbols: the latest `limit`
    documents, each with its first CITING_PARAGRAPHS citing paragraphs; three queries."""
    citations, total, first = _citing(symbols, exclude_ids, limit)
    grouped = {d.pk: CitingDocument(d) for d in first}
    rows = (
        citations.filter(document_id__in=list(grouped))
        .order_by("document_id", "paragraph__order")
        .values_list(
            "document_id",
            "paragraph_id",
            "paragraph__kind",
            "paragraph__number",
            "paragraph__anchor",
            "paragraph__part",
            "paragraph__text",
            named=True,
        )
    )
    seen = set()
    for row in rows:
        entry = grouped[row.document_id]
        if row.paragraph_id not in seen and len(entry.paragraphs) < CITING_PARAGRAPHS:
            seen.add(row.paragraph_id)
            entry.paragraphs.append(
                Paragraph(
                    kind=row.paragraph__kind,
                    number=row.paragraph__number,
                    anchor=row.paragraph__anchor,
                    part=row.paragraph__part,
                    text=row.paragraph__text[:400],
                )
            )
    return Citing(list(grouped.values()), total)


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
    """(previous, next) meetings in archive order, either None at an end; two queries,
    each an index seek (year, date, seq, pk), whatever the number of meetings."""
    later = _after(meeting)
    # The year bounds are implied by the rest; they let the index seek to the year.
    following = (
        Meeting.objects.filter(later, year__gte=meeting.year).order_by(*MEETING_ORDER, "pk").first()
    )
    earlier = ~later & ~Q(pk=meeting.pk)
    previous = (
        Meeting.objects.filter(earlier, year__lte=meeting.year)
        .order_by("-year", F("date").desc(nulls_last=True), "-seq", "-pk")
        .first()
    )
    return previous, following


def _after(m):
    """Meetings after `m` in the order (year, date with undated first, seq, pk)."""
    same_date = Q(date__isnull=True) if m.date is None else Q(date=m.date)
    if m.date is None:
        later_date = Q(date__isnull=False)
    else:
        later_date = Q(date__gt=m.date)
    return Q(year__gt=m.year) | Q(year=m.year) & (
        later_date | same_date & (Q(seq__gt=m.seq) | Q(seq=m.seq, pk__gt=m.pk))
    )


def meeting_reports(meeting):
    """The documents reporting the meeting, each with `quoted`: its paragraphs about the
    meeting as plain rows (kind, number, anchor, text), in order. Two queries."""
    reports = list(
        meeting.reports.select_related("document").order_by(
            "document__date", "document__symbol", "document__language"
        )
    )
    rows = report_paragraph_rows(text=True, meetingreport__meeting=meeting)
    by_report = {r.pk: r for r in reports}
    for r in reports:
        r.quoted = []
    for report_id, kind, number, anchor, part, text in rows:
        by_report[report_id].quoted.append(
            Paragraph(kind=kind, number=number, anchor=anchor, part=part, text=text)
        )
    return reports


def meeting_list(**filters):
    """Meetings with topic and briefers, in archive order (three queries)."""
    return list(
        Meeting.objects.filter(**filters)
        .select_related("topic")
        .prefetch_related(briefings_prefetch())
        .order_by(*MEETING_ORDER)
    )


def topic_list():
    """Topics with their numbers of meetings and documents (three queries: counting both
    in one query joins every meeting of a topic with every document of it)."""
    topics = list(Topic.objects.order_by("position", "name"))
    meetings = _counts(Meeting.objects.filter(topic__isnull=False), "topic")
    documents = _counts(DocumentTopic.objects, "topic")
    paragraphs = _counts(Paragraph.topics.through.objects, "topic")
    for t in topics:
        t.n_meetings, t.n_documents = meetings.get(t.pk, 0), documents.get(t.pk, 0)
        t.n_paragraphs = paragraphs.get(t.pk, 0)
    return topics


TOPIC_PARAGRAPHS = 50


def topic_paragraphs(topic, limit=TOPIC_PARAGRAPHS):
    """The latest documents' paragraphs on the topic (at most `limit`) and how many."""
    rows = Paragraph.objects.filter(topics=topic)
    listing = list(
        rows.select_related("document").order_by(
            F("document__date").desc(nulls_last=True), "document__symbol", "order"
        )[:limit]
    )
    return Citing(listing, rows.count())


def _counts(queryset, key):
    rows = queryset.values(key).annotate(n=Count("pk")).values_list(key, "n").order_by()
    return dict(rows)


def topic_documents(topic):
    return list(
        Document.objects.filter(document_topics__topic=topic).order_by(
            F("date").desc(nulls_last=True), "symbol", "language"
        )
    )


def documents_of_year(year):
    """Documents dated in the year."""
    return Document.objects.filter(
        date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1)
    ).order_by("date", "symbol", "language")


ABOUT_YEAR_LIMIT = 50


def documents_about_year(year, limit=ABOUT_YEAR_LIMIT):
    """Documents dated in another year that are about this one: those whose period covers
    part of it (the annual report issued the next year) and those that report its
    meetings (concept notes, whatever their date). At most `limit`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    covering = Q(period_start__lte=end, period_end__gte=start)
    reporting = Q(pk__in=MeetingReport.objects.filter(meeting__year=year).values("document_id"))
    dated = Q(date__gte=start, date__lte=end)
    return list(
        Document.objects.filter(covering | reporting)
        .exclude(dated)
        .order_by(F("date").asc(nulls_last=True), "symbol", "language")[:limit]
    )


def concept_notes_of(meetings):
    """[(concept note symbol, in the archive?, meeting)] of these meetings (the year
    page's), in their order; one query: most concept notes are only cited, not in the
    archive."""
    meetings = [m for m in meetings if m.concept_note_symbol]
    present = symbols_in_archive(m.concept_note_symbol for m in meetings) if meetings else set()
    return [(m.concept_note_symbol, m.concept_note_symbol in present, m) for m in meetings]


def meetings_with_concept_note(symbols):
    """The meetings whose concept note carries one of these symbols."""
    return list(
        Meeting.objects.filter(concept_note_symbol__in=list(symbols)).order_by(*MEETING_ORDER)
    )


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
    """Years with a meeting or a dated document, latest first (two index scans, no rows)."""
    meeting_years = set(Meeting.objects.values_list("year", flat=True).distinct().order_by())
    # the year as text: no per-row date function (SQLite runs those in Python)
    doc_years = (
        Document.objects.filter(date__isnull=False)
        .annotate(y=Substr(Cast("date", CharField()), 1, 4))
        .values_list("y", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(meeting_years | {int(y) for y in doc_years}, reverse=True)


def is_cited(key):
    return Citation.objects.filter(symbol=key).exists()


def symbols_in_archive(symbols):
    return set(
        DocumentSymbol.objects.filter(symbol__in=list(symbols)).values_list("symbol", flat=True)
    )


def briefing_sources(briefings):
    """For each briefing (with `briefer` and `document` loaded), the paragraph of its
    document that states it: the first paragraph reporting the meeting that names the
    briefer, else the first reporting the meeting; set as `source_paragraph` (or None).
    One query for the page."""
    pairs = {(b.meeting_id, b.document_id) for b in briefings}
    if not pairs:
        return briefings
    rows = (
        MeetingReport.paragraphs.through.objects.filter(
            meetingreport__meeting_id__in={m for m, _ in pairs},
            meetingreport__document_id__in={d for _, d in pairs},
        )
        .order_by("paragraph__order")
        .values_list(
            "meetingreport__meeting_id",
            "meetingreport__document_id",
            "paragraph__kind",
            "paragraph__number",
            "paragraph__anchor",
            "paragraph__part",
            "paragraph__text",
        )
    )
    by_pair = {}
    for meeting_id, document_id, kind, number, anchor, part, text in rows:
        by_pair.setdefault((meeting_id, document_id), []).append(
            Paragraph(kind=kind, number=number, anchor=anchor, part=part, text=text)
        )
    for b in briefings:
        paragraphs = by_pair.get((b.meeting_id, b.document_id), [])
        named = [p for p in paragraphs if _names(p.text, b.briefer.name)]
        found = named or paragraphs
        b.source_paragraph = found[0] if found else None
    return briefings


def _names(text, name):
    # the text layer may put a space or a line break inside a name
    return "".join(name.split()) in "".join(text.split())
