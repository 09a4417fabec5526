"""Entry points: home, all meetings with the timeline, one year, all documents.

Nothing here loads every meeting or document: the timeline is drawn from aggregate rows
and the lists are paginated, with their counts."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import queries, timeline
from ..filters import DocumentFilter, FilterError
from ..models import Document, Meeting
from . import fragments, paging

DOCUMENTS_PER_PAGE = 50
MEETINGS_PER_PAGE = 100


@require_safe
def home(request):
    return fragments.cached_page(request, "archive/home.html", _home)


def _home():
    return {
        "summary": queries.archive_summary(),
        "latest": queries.latest_documents(),
        "years": queries.years_with_content(),
        "timeline": timeline.for_archive(),
    }


@require_safe
def meetings(request):
    return fragments.cached_page(
        request, "archive/meeting_list.html", lambda: _meetings(request), params=("page",)
    )


def _meetings(request):
    listing = Meeting.objects.order_by("-year", F("date").asc(nulls_first=True), "seq", "pk")
    page = paging.meetings_page(listing, request.GET.get("page"), MEETINGS_PER_PAGE)
    return {
        "page": page,
        "years": paging.group_by_year(page.object_list),
        "year_counts": paging.meetings_per_year(),
        "timeline": timeline.for_archive(),
    }


@require_safe
def year(request, year):
    if not 1 <= year <= 9999:
        raise Http404("No such year")
    return fragments.cached_page(
        request, "archive/year.html", lambda: _year(request, year), params=("page", "docs")
    )


def _year(request, year):
    listing = Meeting.objects.filter(year=year).order_by(*queries.MEETING_ORDER, "pk")
    page = paging.meetings_page(listing, request.GET.get("page"), timeline.YEAR_PAGE_SIZE)
    documents = Paginator(queries.documents_of_year(year), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("docs")
    )
    about = queries.documents_about_year(year)
    if not page.paginator.count and not documents.paginator.count and not about:
        raise Http404("Nothing in the archive for this year")
    years = queries.years_with_content()
    return {
        "year": year,
        "previous_year": max((y for y in years if y < year), default=None),
        "next_year": min((y for y in years if y > year), default=None),
        "page": page,
        "meetings": page.object_list,
        "documents_page": documents,
        "documents": list(documents.object_list),
        "documents_about": about,
        "concept_notes": queries.concept_notes_of(page.object_list),
        "timeline": timeline.for_year(year),
    }


@require_safe
def documents(request):
    """All documents, or those the query string's filters keep (archive.filters: type,
    year, organ, language, topic); the exports linked from the page use the same."""
    try:
        filters = DocumentFilter.from_query(request.GET)
    except FilterError as exc:
        context = {"page": Paginator(Document.objects.none(), 1).get_page(1), "error": exc}
        return render(request, "archive/document_list.html", context, status=400)
    page = Paginator(filters.documents(), DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/document_list.html", {"page": page, "filters": filters})
