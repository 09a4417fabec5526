from django import template

from ingest.messages import translate

register = template.Library()


@register.filter
def ingest_message(message):
    """An upload's stored (English) message in the page's language."""
    return translate(str(message))
