from django import template

from ingest import messages

register = template.Library()


@register.filter
def upload_message(message):
    """An ingest message (stored in English) in the interface language."""
    return messages.display(message)
