"""Pages of the long lists (a year's meetings, a briefer's briefings, all briefers), each
a Django Page of model instances with what the templates show, in a fixed number of
queries."""

from django.core.paginator import Paginator
from django.db.models import Count, F, prefetch_related_objects

from ..models import Briefer, Briefing, Meeting
from ..queries import briefings_prefetch


def meetings_page(listing, number, per_page):
    """One page of meetings (a Django Page) with topic and briefers: four queries."""
    page = Paginator(listing.select_related("topic"), per_page).get_page(number)
    page.object_list = list(page.object_list)
    prefetch_related_objects(page.object_list, briefings_prefetch())
    return page


def group_by_year(meetings):
    years = {}
    for m in meetings:
        years.setdefault(m.year, []).append(m)
    return sorted(years.items(), reverse=True)


def meetings_per_year():
    """[(year, number of meetings)], latest first."""
    rows = Meeting.objects.values("year").annotate(n=Count("pk")).order_by("-year")
    return [(r["year"], r["n"]) for r in rows]


def briefer_briefings(briefer, number, per_page):
    """One page of the briefer's briefings, in meeting order. The page's ids are sorted
    alone, then its rows fetched: sorting every briefing of a briefer with thousands with
    its meeting, topic and document columns took most of the page's queries' time."""
    ids = briefer.briefings.order_by(
        "meeting__year", F("meeting__date").asc(nulls_first=True), "meeting__seq", "pk"
    ).values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    ids = list(page.object_list)
    rows = Briefing.objects.select_related("meeting__topic", "document").in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return page


def briefers_page(number, per_page):
    """One page of briefers in pinyin order (Latin names among them by the same key),
    each with its number of briefings (`n`)."""
    listing = Briefer.objects.order_by("sort_key", "name", "pk")
    page = Paginator(listing, per_page).get_page(number)
    page.object_list = list(page.object_list)
    counts = dict(
        Briefing.objects.filter(briefer__in=page.object_list)
        .values("briefer")
        .annotate(n=Count("pk"))
        .values_list("briefer", "n")
    )
    for b in page.object_list:
        b.n = counts.get(b.pk, 0)
    return page
