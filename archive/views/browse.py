"""Entry points: home, all meetings with the timeline, one year, all documents."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import queries, timeline
from ..models import Document

DOCUMENTS_PER_PAGE = 50


@require_safe
def home(request):
    context = {
        "summary": queries.archive_summary(),
        "latest": queries.latest_documents(),
        "years": queries.years_with_content(),
        "timeline": timeline.build(queries.meeting_list()),
    }
    return render(request, "archive/home.html", context)


@require_safe
def meetings(request):
    all_meetings = queries.meeting_list()
    context = {
        "years": queries.group_by_year(all_meetings),
        "timeline": timeline.build(all_meetings),
    }
    return render(request, "archive/meeting_list.html", context)


@require_safe
def year(request, year):
    if not 1 <= year <= 9999:
        raise Http404("No such year")
    year_meetings = queries.meeting_list(year=year)
    documents = queries.documents_of_year(year)
    if not year_meetings and not documents:
        raise Http404("Nothing in the archive for this year")
    years = queries.years_with_content()
    context = {
        "year": year,
        "previous_year": max((y for y in years if y < year), default=None),
        "next_year": min((y for y in years if y > year), default=None),
        "meetings": year_meetings,
        "documents": documents,
        "timeline": timeline.build(year_meetings),
    }
    return render(request, "archive/year.html", context)


@require_safe
def documents(request):
    listing = Document.objects.order_by(F("date").desc(nulls_last=True), "symbol", "language")
    page = Paginator(listing, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/document_list.html", {"page": page})
