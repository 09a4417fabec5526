"""What the ingest service does to a parsed document before writing it, so that SQLite and
PostgreSQL store the same thing: control characters out of every string (PDFs carry
`\\x01`, `\\x1b`; PostgreSQL refuses NUL), and every value a bounded column holds cut to
that column's length with a parse warning (SQLite would store a 100-character `Distr.`
in a 40-character column; PostgreSQL refuses it).
"""

from __future__ import annotations

import dataclasses
import re

from archive.models import Document, DocumentSymbol, Meeting, Paragraph, Recommendation

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    return CONTROL.sub("", text) if text else text


def clean_parsed(parsed) -> None:
    """In place: control characters out, bounded values cut (with a warning each)."""
    _strip(parsed)
    warnings = parsed.warnings
    for name in (
        "symbol",
        "language",
        "original_language",
        "doc_type",
        "organ",
        "agenda_item",
        "job_number",
        "distribution",
    ):
        setattr(parsed, name, _fit(getattr(parsed, name), Document, name, warnings))
    limit = DocumentSymbol._meta.get_field("symbol").max_length
    parsed.symbols = [s[:limit] for s in parsed.symbols]
    for block in parsed.blocks:
        block.number = _fit(block.number, Paragraph, "number", warnings)
        block.part = _fit(block.part, Paragraph, "part", warnings)
        block.citations = [c[:limit] for c in block.citations]
    for rec in parsed.recommendations:
        rec.number = _fit(rec.number, Recommendation, "number", warnings)
    for question in parsed.questions:
        question.number = _fit(question.number, Recommendation, "number", warnings)
    for meeting in parsed.meetings:
        meeting.concept_note = _fit(meeting.concept_note, Meeting, "concept_note_symbol", warnings)


def _fit(value, model, name, warnings):
    limit = model._meta.get_field(name).max_length
    if isinstance(value, str) and len(value) > limit:
        warnings.append(
            f"{model.__name__}.{name} longer than {limit} characters, cut: {value[:limit]}…"
        )
        return value[:limit]
    return value


def _strip(obj):
    """Every string reachable from a dataclass (its fields, lists of strings or of
    dataclasses), cleaned in place."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            setattr(obj, f.name, strip_controls(value))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    value[i] = strip_controls(item)
                elif dataclasses.is_dataclass(item):
                    _strip(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _strip(value)
