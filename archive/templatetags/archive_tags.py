import re
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy

from .. import citations, languages, links

register = template.Library()


@register.filter
def linked_symbols(text):
    """Escaped text with its UN symbols linked to their pages."""
    return links.link_symbols(text)


@register.filter
def symbol_url(symbol):
    return links.document_url(symbol)


@register.filter
def undocs_url(symbol):
    return links.undocs_url(symbol)


@register.simple_tag
def un_citation(document, paragraph=None):
    """`S/2011/817, para. 53` (`S/2011/817，第53段` in Chinese), `S/2013/139, annex,
    para. 10`: archive.citations.un_citation in the interface language."""
    return citations.un_citation(document, paragraph)


@register.filter
def meeting_url(meeting):
    """The meeting's page (as `get_absolute_url`, without reverse() per link)."""
    return links.meeting_url(meeting)


@register.filter
def briefer_url(briefer_id):
    return links.briefer_url(briefer_id)


@register.filter
def topic_url(topic):
    return links.fast_url("archive:topic", topic.slug)


EXPORT_LABELS = {
    "meetings": pgettext_lazy("export", "meetings"),
    "briefings": pgettext_lazy("export", "briefings"),
    "recommendations": pgettext_lazy("export", "recommendations"),
    "documents": pgettext_lazy("export", "documents"),
    "search": pgettext_lazy("export", "search results"),
}
# Paging parameters of the list pages: an export holds every page.
_NOT_FILTERS = {"page", "docs"}


@register.inclusion_tag("includes/export_links.html", takes_context=True)
def export_links(context, kinds, **filters):
    """Download links (CSV, JSON) for the lists `kinds` ("meetings,briefings"), with the
    `filters` given, or else the page's own query string (less its page number)."""
    request = context["request"]
    if filters:
        query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    else:
        params = request.GET.copy()
        for name in _NOT_FILTERS:
            params.pop(name, None)
        query = params.urlencode()
    suffix = f"?{query}" if query else ""
    links = []
    for kind in kinds.split(","):
        if kind == "search":
            urls = {f: reverse("archive:search_export", args=[f]) for f in ("csv", "json")}
        else:
            urls = {f: reverse("archive:export", args=[kind, f]) for f in ("csv", "json")}
        links.append(
            {
                "label": EXPORT_LABELS[kind],
                "csv": urls["csv"] + suffix,
                "json": urls["json"] + suffix,
            }
        )
    return {"links": links}


@register.simple_tag
def cite_query(doc, fmt=""):
    """The query string of a document's citation download (or, without fmt, its API)."""
    params = {"symbol": doc.symbol, "lang": doc.language}
    if fmt:
        params["format"] = fmt
    return urlencode(params)


FEEDS_BY_PAGE = {
    # url name -> (feed url name, the kwarg it takes)
    "archive:briefer": ("archive:feed_briefer", "pk"),
    "archive:topic": ("archive:feed_topic", "slug"),
}


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context):
    """<link rel="alternate"> to the site's feeds, and to the page's own: a briefer's, a
    topic's, a search's (the same query)."""
    feeds = [
        (gettext("New documents"), reverse("archive:feed_documents")),
        (gettext("Meetings"), reverse("archive:feed_meetings")),
    ]
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None:
        name = match.view_name
        if name in FEEDS_BY_PAGE:
            feed, kwarg = FEEDS_BY_PAGE[name]
            if kwarg in match.kwargs:
                feeds.append((gettext("This page"), reverse(feed, args=[match.kwargs[kwarg]])))
        elif name == "search:search" and request.GET.get("q"):
            params = request.GET.copy()
            params.pop("page", None)
            url = f"{reverse('archive:feed_search')}?{params.urlencode()}"
            feeds.append((gettext("This search"), url))
    return {"feeds": feeds}


@register.simple_tag
def hit_citation(hit):
    """A search hit's label: `S/2017/130，第5(a)段`, `S/2013/139, annex, para. 10`,
    `S/2017/130, sect. A`, read from its number and its permalink's anchor."""
    anchor = hit.url.partition("#")[2]
    if not anchor:
        return hit.symbol
    return citations.un_citation(hit.symbol, citations.paragraph_at(anchor, hit.paragraph))


@register.filter
def snippet_lines(snippet, repeated=""):
    """The lines of a meeting's or briefer's snippet that say something the result does
    not already show: without the lines equal to or holding one of the `repeated` values
    (a "|"-separated list: title, name, symbol, ISO date) and without repeats, joined by
    " · "."""
    seen = {_plain(value) for value in str(repeated).split("|") if value.strip()}
    kept = []
    for line in str(snippet).split("\n"):
        text = _plain(line)
        if (
            not text
            or text in seen
            or any(value and value in text for value in seen if len(value) > 8)
        ):
            continue
        seen.add(text)
        kept.append(line.strip())
    return mark_safe(" · ".join(kept))  # pieces of the safe snippet HTML, whole lines


def _plain(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


@register.filter
def language_name(code):
    return languages.language_name(code)
