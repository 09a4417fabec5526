from django import template

from ingest.messages import display

register = template.Library()


@register.filter
def ingest_message(message):
    """An upload's stored (English) message in the page's language."""
    return display(message)
