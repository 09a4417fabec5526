"""Atom feeds (django.contrib.syndication): new documents, new meetings, a briefer's
briefings, a topic's meetings and documents, and a saved search (a query string, newest
hits first). Pages point at theirs with <link rel="alternate"> (`feed_links` tag).

Atom wants an `updated` time on every entry: a document's is its save time; a meeting's
and a briefing's that of the newest document reporting it; a search hit's its date.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import F, Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

import search

from .links import document_url, meeting_url
from .models import Briefer, Briefing, Document, Meeting, Topic

ENTRIES = 50


def _midnight(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) if day else None


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return _midnight(item.date)


def _document_entries(documents):
    for d in documents:
        d.updated = d.updated_at
    return documents


def _meeting_entries(meetings):
    meetings = list(meetings.annotate(updated=Max("reports__document__updated_at")))
    for m in meetings:
        m.updated = m.updated or timezone.now()
    return meetings


class _DocumentItems:
    def item_title(self, item):
        if isinstance(item, Meeting):
            return _meeting_title(item)
        return f"{item.symbol} ({item.language}) {item.title}".strip()

    def item_description(self, item):
        if isinstance(item, Meeting):
            return item.get_kind_display()
        return item.get_doc_type_display()

    def item_link(self, item):
        if isinstance(item, Meeting):
            return meeting_url(item)
        return f"{document_url(item.symbol)}?lang={item.language}"


def _meeting_title(m):
    when = m.date.isoformat() if m.date else str(m.year)
    return f"{when} {m.get_kind_display()} {m.title}".strip()


class LatestDocumentsFeed(_DocumentItems, _AtomFeed):
    def title(self):
        return _("New documents in the Peacekeeping Working Group archive")

    def link(self):
        return reverse("archive:documents")

    def items(self):
        return _document_entries(Document.objects.order_by("-created_at", "-pk")[:ENTRIES])


class LatestMeetingsFeed(_DocumentItems, _AtomFeed):
    def title(self):
        return _("Meetings of the Working Group on Peacekeeping Operations")

    def link(self):
        return reverse("archive:meetings")

    def items(self):
        listing = Meeting.objects.order_by(F("date").desc(nulls_last=True), "-year", "-seq")
        return _meeting_entries(listing.select_related("topic"))[:ENTRIES]


class BrieferFeed(_AtomFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Briefer, pk=pk)

    def title(self, obj):
        return _("Briefings by %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        briefings = (
            Briefing.objects.filter(briefer=obj)
            .select_related("meeting", "document")
            .order_by(F("meeting__date").desc(nulls_last=True), "-meeting__year", "-pk")
        )[:ENTRIES]
        for b in briefings:
            b.updated, b.date = b.document.updated_at, b.meeting.date
        return briefings

    def item_title(self, item):
        return f"{_meeting_title(item.meeting)}: {item.role}".rstrip(": ")

    def item_description(self, item):
        return item.role

    def item_link(self, item):
        # the fragment tells the briefings of one meeting apart (the entry's id is its link)
        return f"{meeting_url(item.meeting)}#briefer-{item.briefer_id}"


class TopicFeed(_DocumentItems, _AtomFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return obj.name

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        meetings = _meeting_entries(Meeting.objects.filter(topic=obj))
        documents = _document_entries(list(Document.objects.filter(document_topics__topic=obj)))
        entries = meetings + documents
        entries.sort(key=lambda e: (e.date or dt.date.min, e.updated), reverse=True)
        return entries[:ENTRIES]


class SearchFeed(_AtomFeed):
    """The newest hits of a search: /feeds/search/?q=...&doc_type=... (the search page's
    query string)."""

    def get_object(self, request):
        query = request.GET.get("q", "").strip()
        filters = {name: request.GET.get(name, "") for name in search.FILTERS}
        try:
            results = search.search(
                query, per_page=ENTRIES, filters=filters, sort="date", facets=False
            )
        except search.SearchQueryError as exc:
            raise Http404(str(exc)) from None
        except search.SearchUnavailable:
            raise Http404(
                _("Search is unavailable at the moment; please try again later.")
            ) from None
        return SavedSearch(results, request.GET.urlencode())

    def title(self, obj):
        return _("Search: %(query)s") % {"query": obj.results.query}

    def link(self, obj):
        return f"{reverse('search:search')}?{obj.querystring}"

    def items(self, obj):
        fallback = Document.objects.aggregate(t=Max("updated_at"))["t"] or timezone.now()
        entries = []
        for hit in obj.results.hits:
            entries.append(_Entry(hit=hit, date=hit.date, updated=_midnight(hit.date) or fallback))
        return entries

    def item_title(self, item):
        hit = item.hit
        label = f"{hit.symbol}, {hit.paragraph}" if hit.paragraph else hit.symbol
        return " ".join(x for x in (label, hit.title) if x) or hit.type

    def item_description(self, item):
        return str(item.hit.snippet)

    def item_link(self, item):
        return item.hit.url or reverse("search:search")


@dataclass
class SavedSearch:
    results: object
    querystring: str


@dataclass
class _Entry:
    hit: object
    date: object
    updated: object
