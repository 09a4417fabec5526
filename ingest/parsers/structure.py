"""Meetings, briefers, recommendations, questions and topics found in a parsed document's blocks.

Called at the end of `parse_text` with the blocks and the document metadata filled. Pure:
it reads `doc.blocks` and writes `doc.meetings`, `doc.recommendations`, `doc.questions`,
`doc.topics` and readable `doc.warnings`. Odd input gives fewer results.
"""

from __future__ import annotations

import re

from .briefers import clean_text
from .meetings import extract_meetings
from .numerals import count_before
from .recommendations import extract_questions, extract_recommendations
from .types import ParsedDocument

# Documents that report or prepare meetings of the Working Group.
_MEETING_DOCUMENTS = ("report", "concept_note")


def extract_structure(doc: ParsedDocument) -> None:
    """Fill doc.meetings, doc.recommendations, doc.questions and doc.topics from doc.blocks."""
    # No safety net here: an unexpected error is a parser bug, and the ingest service
    # reports it as a failed file rather than saving a document without its meetings.
    _meetings(doc)
    _recommendations(doc)
    _questions(doc)
    topics: dict[str, None] = {}
    for meeting in doc.meetings:
        if meeting.topic:
            topics.setdefault(meeting.topic, None)
    doc.topics = list(topics)


def _meetings(doc: ParsedDocument) -> None:
    doc.meetings = extract_meetings(doc)
    if not doc.meetings:
        if doc.doc_type in _MEETING_DOCUMENTS:
            doc.warnings.append("no meetings found")
        return
    expected = _announced_count(doc)
    if expected and expected != len(doc.meetings):
        doc.warnings.append(f"the report announces {expected} meetings; {len(doc.meetings)} found")
    for meeting in doc.meetings:
        label = meeting.date.isoformat() if meeting.date else f"undated {meeting.kind} meeting"
        if meeting.kind in ("substantive", "thematic") and not meeting.briefers and meeting.date:
            doc.warnings.append(f"meeting of {label}: no briefer named")


def _announced_count(doc: ParsedDocument) -> int | None:
    """`举行了 5 次会议` / `共举行了一次组织会议和五次专题会议` in a report: how many meetings."""
    if doc.doc_type != "report":
        return None
    for block in doc.blocks:
        if block.kind not in ("paragraph", "text"):
            continue
        text = clean_text(block.text)
        if "举行" not in text:
            continue
        total = count_before(text, "会议")
        if total:
            return total
        parts = [
            count_before(text, word)
            for word in ("组织会议", "专题会议", "实质性会议", "专题讨论")
            if count_before(text, word)
        ]
        if len(parts) >= 2 or (parts and re.search(r"共|总共|一共", text)):
            return sum(parts)
    return None


def _recommendations(doc: ParsedDocument) -> None:
    doc.recommendations = extract_recommendations(doc.blocks)


def _questions(doc: ParsedDocument) -> None:
    doc.questions = extract_questions(doc.blocks)
