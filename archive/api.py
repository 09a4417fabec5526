"""Read-only JSON API. The shapes are a contract (issue 3); errors are JSON with a status.

GET /api/documents/<symbol>[?lang=en]   one document
GET /api/meetings[?year=2016&page=2]    meetings, paginated
GET /api/briefers[?page=2]              briefers with their briefings, paginated
"""

import functools

from django.core.paginator import EmptyPage, Paginator
from django.db.models import F, Prefetch
from django.http import JsonResponse
from django.urls import reverse

from ingest.parsers.symbols import normalize_symbol

from . import queries
from .links import undocs_url
from .models import Briefer, Briefing, Meeting

PAGE_SIZE = 100


def error(status, message):
    return JsonResponse(
        {"error": message, "status": status},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def ok(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def get_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error(405, "Only GET is allowed")
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@get_only
def document(request, symbol):
    key = normalize_symbol(symbol.rstrip("/"))
    versions = queries.document_versions(key) if key else []
    if not versions:
        response = error(404, f"No document with the symbol {symbol!r} in the archive")
        citing = queries.citing_documents([key]) if key else []
        if citing:  # cited but not held: say who cites it
            response = JsonResponse(
                {
                    "error": f"{key} is not in the archive, but documents in it cite it",
                    "status": 404,
                    "symbol": key,
                    "cited_by": list(dict.fromkeys(c.document.symbol for c in citing)),
                    "official_text": undocs_url(key),
                },
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        return response
    doc = queries.pick_version(versions, request.GET.get("lang"))
    symbols = queries.symbols_of(doc)
    citing = queries.citing_documents(symbols, exclude_ids=[v.pk for v in versions])
    return ok(
        {
            "symbol": doc.symbol,
            "symbols": symbols,
            "language": doc.language,
            "languages": [v.language for v in versions],
            "doc_type": doc.doc_type,
            "title": doc.title,
            "date": doc.date.isoformat() if doc.date else None,
            "url": request.build_absolute_uri(doc.get_absolute_url()),
            "meetings": [meeting_data(request, r.meeting) for r in queries.document_meetings(doc)],
            "recommendations": [
                {
                    "paragraph": r.paragraph.number or r.number,
                    "text": r.text,
                    "url": request.build_absolute_uri(r.get_absolute_url()),
                }
                for r in queries.document_recommendations(doc)
            ],
            "cites": [c.symbol for c in queries.document_cites(doc)],
            # the latest citing documents (queries.CITING_LIMIT), and how many in all
            "cited_by": list(dict.fromkeys(c.document.symbol for c in citing)),
            "cited_by_count": citing.total,
            "paragraphs": [
                {"number": p.number, "anchor": p.anchor, "kind": p.kind, "text": p.text}
                for p in doc.paragraphs.order_by("order")
            ],
        }
    )


def meeting_data(request, m):
    return {
        "date": m.date.isoformat() if m.date else None,
        "year": m.year,
        "slug": m.slug,
        "kind": m.kind,
        "ordinal": m.ordinal,
        "title": m.title,
        "topic": m.topic.name if m.topic else None,
        "url": request.build_absolute_uri(m.get_absolute_url()),
        "concept_note": m.concept_note_symbol or None,
        "briefers": [
            {
                "name": b.briefer.name,
                "role": b.role,
                "url": request.build_absolute_uri(b.briefer.get_absolute_url()),
            }
            for b in m.briefings.all()
        ],
    }


@get_only
def meetings(request):
    listing = (
        Meeting.objects.select_related("topic")
        .prefetch_related(queries.briefings_prefetch())
        .order_by(*queries.MEETING_ORDER)
    )
    year = request.GET.get("year")
    if year is not None:
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            return error(400, "year must be a four-digit year, e.g. ?year=2016")
        listing = listing.filter(year=int(year))
    return paginated(request, listing, lambda m: meeting_data(request, m))


@get_only
def briefers(request):
    briefings = Briefing.objects.select_related("meeting").order_by(
        "meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq"
    )
    listing = Briefer.objects.prefetch_related(Prefetch("briefings", queryset=briefings)).order_by(
        "name", "pk"
    )

    def item(b):
        return {
            "name": b.name,
            "url": request.build_absolute_uri(b.get_absolute_url()),
            "briefings": [
                {
                    "date": x.meeting.date.isoformat() if x.meeting.date else None,
                    "role": x.role,
                    "meeting": request.build_absolute_uri(x.meeting.get_absolute_url()),
                }
                for x in b.briefings.all()
            ],
        }

    return paginated(request, listing, item)


def paginated(request, queryset, serialize):
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        return error(400, "page must be a positive integer")
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(int(number))
    except EmptyPage:
        if int(number) != 1:
            return error(404, f"There is no page {number}")
        page = paginator.page(1) if paginator.count else None

    def link(n):
        query = request.GET.copy()
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return ok(
        {
            "count": paginator.count,
            "page": int(number),
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page and page.has_next() else None,
            "previous": link(page.previous_page_number()) if page and page.has_previous() else None,
            "results": [serialize(x) for x in page.object_list] if page else [],
        }
    )


def not_found(request):
    return error(404, f"No API endpoint at {request.path}; see {reverse('archive:api_meetings')}")
