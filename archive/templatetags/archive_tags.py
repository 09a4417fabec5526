from django import template

from .. import citations, links

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
