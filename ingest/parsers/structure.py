"""Meetings, briefers, recommendations and questions found in a parsed document's blocks.

Owned by the structure extraction work; this first version finds nothing.
"""

from .types import ParsedDocument


def extract_structure(doc: ParsedDocument) -> None:
    """Fill doc.meetings, doc.recommendations, doc.questions and doc.topics from doc.blocks."""
