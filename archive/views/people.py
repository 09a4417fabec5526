"""Meetings, briefers and topics."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import queries
from ..models import Briefer, Topic
from . import fragments, paging
from .text import quotes_html

BRIEFINGS_PER_PAGE = 50
BRIEFERS_PER_PAGE = 200


@require_safe
def meeting(request, slug):
    return fragments.cached_page(request, "archive/meeting.html", lambda: _meeting(slug))


def _meeting(slug):
    found = queries.meeting_by_slug(slug)
    if found is None:
        raise Http404("No such meeting")
    previous, following = queries.meeting_neighbours(found)
    concept_note = found.concept_note_symbol
    reports = queries.meeting_reports(found)
    for r in reports:
        r.quotes_html = quotes_html(r, found)
    return {
        "meeting": found,
        # titles and roles come from the reports: they are in the reports' language
        "content_lang": reports[0].document.language if reports else "",
        "briefings": list(found.briefings.select_related("briefer").order_by("order", "pk")),
        "reports": reports,
        "questions": list(found.questions.select_related("document").order_by("order", "pk")),
        "concept_note_in_archive": bool(concept_note)
        and bool(queries.symbols_in_archive([concept_note])),
        "previous": previous,
        "next": following,
    }


@require_safe
def briefer(request, pk):
    return fragments.cached_page(
        request, "archive/briefer.html", lambda: _briefer(request, pk), params=("page",)
    )


def _briefer(request, pk):
    person = get_object_or_404(Briefer, pk=pk)
    page = paging.briefer_briefings(person, request.GET.get("page"), BRIEFINGS_PER_PAGE)
    for b in page.object_list:
        b.briefer = person
    queries.briefing_sources(page.object_list)
    return {"briefer": person, "page": page, "briefings": page.object_list}


@require_safe
def briefers(request):
    page = paging.briefers_page(request.GET.get("page"), BRIEFERS_PER_PAGE)
    context = {"page": page, "briefers": page.object_list}
    return render(request, "archive/briefer_list.html", context)


@require_safe
def topic(request, slug):
    found = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": found,
        "meetings": queries.meeting_list(topic=found),
        "documents": queries.topic_documents(found),
        "paragraphs": queries.topic_paragraphs(found),
    }
    return render(request, "archive/topic.html", context)


@require_safe
def topics(request):
    return render(request, "archive/topic_list.html", {"topics": queries.topic_list()})
