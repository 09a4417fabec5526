"""Meetings, briefers and topics."""

from django.db.models import F, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router

from .. import queries
from ..filters import FilterError, MeetingFilter
from ..models import Briefer, Briefing, Topic
from . import records, schemas
from .errors import ApiError
from .paging import paginated

router = Router(tags=["meetings"])

ERRORS = {400: schemas.Error, 404: schemas.Error}
PAGE = Query(None, description="Page number, from 1")


@router.get(
    "/meetings/",
    response={200: schemas.MeetingPage, **ERRORS},
    include_in_schema=False,
    url_name="api_meetings_slash",
)
@router.get(
    "/meetings",
    response={200: schemas.MeetingPage, **ERRORS},
    url_name="api_meetings",
    summary="Meetings",
)
def meetings(
    request,
    year: str = Query(None, description="Year of the meeting, e.g. 2016"),
    kind: str = Query(None, description="organizational, tcc, substantive, thematic, other"),
    topic: str = Query(None, description="Topic slug"),
    briefer: str = Query(None, description="Only meetings this briefer (id) briefed"),
    page: str = PAGE,
):
    """Meetings of the Working Group in archive order (year, date, undated first), with
    their briefers and the documents reporting them; the filters of the meetings, year,
    topic and briefer pages."""
    try:
        filters = MeetingFilter.from_query(request.GET, empty_is_none=False)
    except FilterError as exc:
        raise ApiError(400, str(exc)) from None
    return paginated(
        request,
        filters.meetings(),
        lambda rows: [records.meeting(request, m) for m in records.with_meeting_relations(rows)],
    )


@router.get(
    "/meetings/{slug}",
    response={200: schemas.Meeting, **ERRORS},
    url_name="api_meeting",
    summary="One meeting",
)
def meeting(request, slug: str):
    """A meeting by its slug (2016-04-28, 2016-04-28-2, 2016-organizational)."""
    found = queries.meeting_by_slug(slug)
    if found is None:
        raise ApiError(404, f"No meeting {slug!r}")
    return records.meeting(request, records.with_meeting_relations([found])[0])


def _briefings():
    qs = Briefing.objects.select_related("meeting", "document")
    return qs.order_by(
        "meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq", "pk"
    )


def _briefer(request, b):
    return {
        "name": b.name,
        "url": request.build_absolute_uri(b.get_absolute_url()),
        "briefings": [
            {
                "date": x.meeting.date,
                "role": x.role,
                "meeting": request.build_absolute_uri(x.meeting.get_absolute_url()),
                "slug": x.meeting.slug,
                "kind": x.meeting.kind,
                "title": x.meeting.title,
                "meeting_api_url": request.build_absolute_uri(
                    reverse("archive:api_meeting", args=[x.meeting.slug])
                ),
                "document": x.document.symbol,
            }
            for x in b.briefings.all()
        ],
        "id": b.pk,
        "api_url": request.build_absolute_uri(reverse("archive:api_briefer", args=[b.pk])),
        "corrections": records.row_corrections(request, b, *b.briefings.all()),
    }


@router.get(
    "/briefers/",
    response={200: schemas.BrieferPage, **ERRORS},
    include_in_schema=False,
    url_name="api_briefers_slash",
)
@router.get(
    "/briefers",
    response={200: schemas.BrieferPage, **ERRORS},
    url_name="api_briefers",
    summary="Briefers",
)
def briefers(request, page: str = PAGE):
    """Briefers by name, each with every briefing (meeting, date, role as stated)."""
    listing = Briefer.objects.prefetch_related(Prefetch("briefings", queryset=_briefings()))
    return paginated(
        request, listing.order_by("name", "pk"), lambda rows: [_briefer(request, b) for b in rows]
    )


@router.get(
    "/briefers/{int:briefer_id}",
    response={200: schemas.Briefer, **ERRORS},
    url_name="api_briefer",
    summary="One briefer",
)
def briefer(request, briefer_id: int):
    """A briefer (by id) with every briefing."""
    queryset = Briefer.objects.prefetch_related(Prefetch("briefings", queryset=_briefings()))
    return _briefer(request, get_object_or_404(queryset, pk=briefer_id))


@router.get(
    "/topics",
    response={200: schemas.TopicPage, **ERRORS},
    url_name="api_topics",
    summary="Topics",
)
def topics(request, page: str = PAGE):
    """Topics by name, with how many meetings and documents each has."""
    listing = queries.topic_list()
    return paginated(request, listing, lambda rows: [records.topic(request, t) for t in rows])


@router.get(
    "/topics/{slug}",
    response={200: schemas.TopicDetail, **ERRORS},
    url_name="api_topic",
    summary="One topic",
)
def topic(request, slug: str):
    """A topic with its meetings and documents (as on the topic's page)."""
    found = get_object_or_404(Topic, slug=slug)
    found_meetings = records.with_meeting_relations(MeetingFilter(topic=slug).meetings())
    documents = queries.topic_documents(found)
    found.n_meetings, found.n_documents = len(found_meetings), len(documents)
    return {
        **records.topic(request, found),
        "meeting_list": [records.meeting(request, m) for m in found_meetings],
        "document_list": [records.document_summary(request, d) for d in _with_symbols(documents)],
    }


def _with_symbols(documents):
    prefetch_related_objects(documents, "symbols")
    return documents
