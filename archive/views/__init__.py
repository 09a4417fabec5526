"""The archive's pages, one module per kind of page."""

from .browse import documents, home, meetings, year
from .document_parts import paragraph
from .people import briefer, briefers, meeting, topic, topics
from .symbol import document

__all__ = [
    "briefer",
    "briefers",
    "document",
    "documents",
    "home",
    "meeting",
    "meetings",
    "paragraph",
    "topic",
    "topics",
    "year",
]
