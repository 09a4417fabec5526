"""Editors' corrections of parsed facts, kept across re-parsing.

A correction names its fact by keys the parser gives again on every parse of the same
document (see `Correction`): the document's symbol and language, a meeting by the date
(or year and kind) the parser reads with a counter for two on one day, a briefing by its
meeting and the briefer's name key, a paragraph or recommendation by its anchor.

The ingest service calls, inside its one transaction:
- `prepare(parsed)` before writing: each open correction of the document finds its fact
  in the new parse. The parser now reads the corrected value: the correction is retired.
  The fact is gone (the meeting is no longer reported, the paragraph holds another text):
  the correction needs review, and is not applied. Otherwise the corrected value replaces
  the parser's in the parsed data, so that it is what gets written (a corrected meeting
  date also decides which meeting row the report joins).
- `settle(ledger, document, paragraphs, meetings)` after writing: each applied correction
  learns the row it now sits on, and rows shared with other documents (a meeting, a
  briefer) are given the corrected value too.

Editors correct through `correct(row, field, value)`, which the admin calls.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Briefer,
    Briefing,
    Document,
    Meeting,
    MeetingReport,
    Paragraph,
    Recommendation,
)

from .models import Correction

ACTIVE, RETIRED, REVIEW = Correction.State.ACTIVE, Correction.State.RETIRED, Correction.State.REVIEW
T = Correction.Target


@dataclass(frozen=True)
class Fact:
    target: str
    field: str
    parsed_attr: str | None  # attribute of the parsed object; None: only on the row


FACTS = {
    (f.target, f.field): f
    for f in [
        Fact(T.DOCUMENT, "date", "date"),
        Fact(T.DOCUMENT, "title", "title"),
        Fact(T.DOCUMENT, "doc_type", "doc_type"),
        Fact(T.MEETING, "date", "date"),
        Fact(T.MEETING, "kind", "kind"),
        Fact(T.MEETING, "title", "title"),
        Fact(T.MEETING, "topic", "topic"),
        Fact(T.MEETING, "concept_note_symbol", "concept_note"),
        Fact(T.BRIEFING, "role", "role"),
        Fact(T.BRIEFER, "name", None),  # the stated name stays; the person is renamed
        Fact(T.RECOMMENDATION, "number", "number"),
        Fact(T.RECOMMENDATION, "text", "text"),
        Fact(T.PARAGRAPH, "number", "number"),
    ]
}
MODELS = {
    T.DOCUMENT: Document,
    T.MEETING: Meeting,
    T.BRIEFING: Briefing,
    T.BRIEFER: Briefer,
    T.RECOMMENDATION: Recommendation,
    T.PARAGRAPH: Paragraph,
}
TARGET_OF_MODEL = {model: target for target, model in MODELS.items()}


class CorrectionError(ValidationError):
    """A correction that cannot be made; the message says why, for an editor."""


def correctable_fields(model) -> list[str]:
    target = TARGET_OF_MODEL.get(model)
    return [f for (t, f) in FACTS if t == target]


# --- values ------------------------------------------------------------------------------


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def row_value(target: str, row, name: str) -> str:
    if target == T.MEETING and name == "topic":
        return row.topic.name if row.topic_id else ""
    return as_text(getattr(row, name))


def _parsed_value(fact: Fact, value: str):
    if fact.field == "date":
        return dt.date.fromisoformat(value) if value else None
    if fact.field == "concept_note_symbol":
        from ingest.parsers.symbols import normalize_symbol

        return normalize_symbol(value) if value else ""
    return value


def clean_value(target: str, name: str, value) -> str:
    """The editor's value as stored: dates in ISO form, symbols normalized, text trimmed.
    Refuses a value the field cannot hold."""
    fact = FACTS.get((target, name))
    if fact is None:
        raise CorrectionError(_("This fact cannot be corrected."))
    text = as_text(value).strip()
    if name == "date" and text:
        try:
            dt.date.fromisoformat(text)
        except ValueError as exc:
            raise CorrectionError(_("A date is written YYYY-MM-DD.")) from exc
    if name == "doc_type" and text not in Document.DocType.values:
        raise CorrectionError(_("Unknown document type."))
    if target == T.MEETING and name == "kind" and text not in Meeting.Kind.values:
        raise CorrectionError(_("Unknown meeting kind."))
    if name in ("name", "number") and not text and target != T.PARAGRAPH:
        raise CorrectionError(_("This value cannot be empty."))
    if name == "concept_note_symbol" and text:
        text = as_text(_parsed_value(fact, text))
    return text


def set_row_value(target: str, row, name: str, value: str) -> bool:
    """Give the row the corrected value; saves it. False when it already had it."""
    if row_value(target, row, name) == value:
        return False
    fact = FACTS[(target, name)]
    if target == T.MEETING and name == "topic":
        from archive.topics import topic_named

        row.topic = topic_named(value) if value else None
        # the topic rules (archive.topics) leave a meeting an editor gave a topic
        row.topic_by_editor = True
    elif target == T.MEETING and name == "date":
        _move_meeting(row, _parsed_value(fact, value))
    else:
        setattr(row, name, _parsed_value(fact, value))
    row.save()
    return True


def _move_meeting(meeting: Meeting, date: dt.date | None):
    _check_date_free(meeting, date)
    meeting.date = date
    if date is not None:
        meeting.year = date.year


def _check_date_free(meeting: Meeting, date: dt.date | None):
    taken = Meeting.objects.filter(date=date, seq=meeting.seq).exclude(pk=meeting.pk)
    if date is None:
        taken = Meeting.objects.filter(
            date=None, year=meeting.year, kind=meeting.kind, seq=meeting.seq
        ).exclude(pk=meeting.pk)
    if taken.exists():
        raise CorrectionError(
            _("Another meeting is recorded on that date; correct that one, or this one's kind.")
        )


def validate(row, name: str, value) -> str:
    """The value as it would be stored, or CorrectionError: what a form checks before
    `correct` is called."""
    target = TARGET_OF_MODEL.get(type(row))
    value = clean_value(target, name, value)
    if target == T.MEETING and name == "date":
        _check_date_free(row, _parsed_value(FACTS[(target, name)], value))
    return value


# --- where a fact is in a parse ------------------------------------------------------------


@dataclass
class Found:
    obj: object  # the parsed object holding the fact
    meeting_index: int | None = None  # into parsed.meetings
    briefer_key: str = ""
    anchor: str = ""
    context: str = ""


def meeting_keys(parsed) -> list[str | None]:
    """The key of each parsed meeting: its date as read, or year and kind when undated,
    with "/2" for a second one under the same; None without a year."""
    from ingest.save_meetings import meeting_year

    keys, seen = [], {}
    for pm in parsed.meetings:
        year = meeting_year(parsed, pm)
        if year is None:
            keys.append(None)
            continue
        base = pm.date.isoformat() if pm.date else f"{year}-{pm.kind}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}/{seen[base]}")
    return keys


def locate(parsed) -> dict[tuple[str, str], Found]:
    """Every correctable fact's place in a parse, by (target, key)."""
    from ingest.parsers.briefers import briefer_key

    places = {(T.DOCUMENT, ""): Found(parsed)}
    for index, (pm, key) in enumerate(zip(parsed.meetings, meeting_keys(parsed), strict=True)):
        if key is None:
            continue
        places.setdefault((T.MEETING, key), Found(pm, index))
        for pb in pm.briefers:
            bkey = briefer_key(pb.name)[:200]
            places.setdefault((T.BRIEFING, f"{key}|{bkey}"), Found(pb, index, bkey))
            places.setdefault((T.BRIEFER, bkey), Found(pb, index, bkey))
    for block in parsed.blocks:
        if block.anchor:
            places.setdefault(
                (T.PARAGRAPH, block.anchor),
                Found(block, anchor=block.anchor, context=context_of(block.text)),
            )
    for rec in parsed.recommendations:
        places.setdefault(
            (T.RECOMMENDATION, rec.anchor),
            Found(rec, anchor=rec.anchor, context=context_of(rec.text)),
        )
    return places


def context_of(text: str) -> str:
    return " ".join((text or "").split())[:60]


def same_context(a: str, b: str) -> bool:
    """The same text at the same place, give or take what a better parser reads
    differently (a joined line, a footnote mark)."""
    if not a or not b:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


# --- applying after a parse ----------------------------------------------------------------


@dataclass
class Ledger:
    parsed: object  # the parse with the corrected values in it
    applied: list[tuple[Correction, Found]] = field(default_factory=list)
    changed: list[Correction] = field(default_factory=list)  # state changes to save


def prepare(parsed) -> Ledger:
    """Find each open correction of the document in `parsed`; return the parse with the
    corrected values (a copy: the caller's parse is left as the parser made it)."""
    open_ = list(
        Correction.objects.select_for_update()
        .filter(symbol=parsed.symbol, language=parsed.language)
        .exclude(state=RETIRED)
        .order_by("pk")
    )
    if not open_:
        return Ledger(parsed)
    parsed = copy.deepcopy(parsed)
    places = locate(parsed)
    ledger = Ledger(parsed)
    for c in open_:
        fact = FACTS.get((c.target, c.field))
        found = places.get((c.target, c.key))
        before = (c.state, c.state_note, c.parser_value)
        if fact is None or found is None:
            c.state, c.state_note, c.object_id = REVIEW, _gone_note(c), None
        elif not same_context(c.context, found.context):
            c.state, c.object_id = REVIEW, None
            c.state_note = f"the text at {c.key} changed: it now begins “{found.context}”"
        else:
            now = _read(found, fact)
            if now == c.value:
                c.state, c.state_note = RETIRED, "the parser now reads the corrected value"
            else:
                c.state, c.state_note, c.parser_value = ACTIVE, "", now
                if fact.parsed_attr:
                    setattr(found.obj, fact.parsed_attr, _parsed_value(fact, c.value))
                ledger.applied.append((c, found))
        if (c.state, c.state_note, c.parser_value) != before:
            ledger.changed.append(c)
    return ledger


def _read(found: Found, fact: Fact) -> str:
    if fact.parsed_attr is None:  # a briefer's name, as the document writes it
        return found.obj.name
    return as_text(getattr(found.obj, fact.parsed_attr))


def _gone_note(c: Correction) -> str:
    what = {
        T.MEETING: "the document no longer reports the meeting",
        T.BRIEFING: "the document no longer names this briefer at the meeting",
        T.BRIEFER: "the document no longer names this briefer",
        T.PARAGRAPH: "the document has no paragraph at this anchor any more",
        T.RECOMMENDATION: "the document has no recommendation at this anchor any more",
    }.get(c.target, "the fact is no longer in the document")
    return f"{what} ({c.key})"


def settle(ledger: Ledger, document, paragraphs: dict[str, int], meetings: list) -> None:
    """After the rows are written: each applied correction's row, given the corrected
    value where a shared row kept another (a meeting or briefer other documents report)."""
    for c, found in ledger.applied:
        row = _row_for(c, found, document, paragraphs, meetings)
        if row is None:
            c.state, c.state_note, c.object_id = REVIEW, _gone_note(c), None
        else:
            set_row_value(c.target, row, c.field, c.value)
            c.object_id = row.pk
        ledger.changed.append(c)
    for c in dict.fromkeys(ledger.changed):
        c.save()


def _row_for(c, found: Found, document, paragraphs, meetings):
    if c.target == T.DOCUMENT:
        return document
    if c.target in (T.MEETING, T.BRIEFING, T.BRIEFER):
        meeting = meetings[found.meeting_index]
        if meeting is None:
            return None
        if c.target == T.MEETING:
            return meeting
        briefer = briefer_for_key(found.briefer_key)
        if briefer is None or c.target == T.BRIEFER:
            return briefer
        return Briefing.objects.filter(meeting=meeting, briefer=briefer).first()
    paragraph = paragraphs.get(found.anchor)
    if paragraph is None:
        return None
    if c.target == T.PARAGRAPH:
        return Paragraph.objects.get(pk=paragraph)
    return Recommendation.objects.filter(document=document, paragraph_id=paragraph).first()


def briefer_for_key(key: str) -> Briefer | None:
    from .identity import aliased_briefers

    return aliased_briefers([key]).get(key) or Briefer.objects.filter(name_key=key).first()


# --- an editor's correction ---------------------------------------------------------------


@dataclass
class Address:
    """Where a row's fact is read: the document, and the keys naming it in that parse."""

    document: Document
    key: str = ""
    context: str = ""
    documents: set[int] = field(default_factory=set)  # whose pages show the row


def address_of(target: str, row) -> Address:
    if target == T.DOCUMENT:
        return Address(row, documents={row.pk})
    if target == T.PARAGRAPH:
        return Address(row.document, row.anchor, context_of(row.text), {row.document_id})
    if target == T.RECOMMENDATION:
        return Address(row.document, row.paragraph.anchor, context_of(row.text), {row.document_id})
    if target == T.MEETING:
        report = MeetingReport.objects.filter(meeting=row).select_related("document")
        report = report.order_by("pk").first()
        if report is None:
            raise CorrectionError(_("No document reports this meeting: nothing to correct."))
        documents = set(
            MeetingReport.objects.filter(meeting=row).values_list("document", flat=True)
        )
        return Address(report.document, _meeting_key(row, report.document), "", documents)
    if target == T.BRIEFING:
        key = _meeting_key(row.meeting, row.document)
        name_key = row.stated_name_key or row.briefer.name_key
        documents = set(row.sources.values_list("pk", flat=True)) | {row.document_id}
        return Address(row.document, f"{key}|{name_key}", "", documents)
    if target == T.BRIEFER:
        briefing = (
            Briefing.objects.filter(briefer=row)
            .select_related("document")
            .order_by("-stated_name_key", "pk")  # one stated under this very name first
        )
        briefing = briefing.filter(stated_name_key=row.name_key).first() or briefing.first()
        if briefing is None:
            raise CorrectionError(_("No document names this briefer: nothing to correct."))
        documents = set(
            Document.objects.filter(briefing_sources__briefer=row).values_list("pk", flat=True)
        )
        return Address(briefing.document, row.name_key, "", documents)
    raise CorrectionError(_("This fact cannot be corrected."))


def _meeting_key(meeting: Meeting, document: Document) -> str:
    """The meeting's key in `document`'s parse: the one an earlier correction of its
    date used, or its date (year and kind) with its rank among the document's meetings
    of that date."""
    earlier = (
        Correction.objects.filter(
            target=T.MEETING,
            object_id=meeting.pk,
            symbol=document.symbol,
            language=document.language,
        )
        .exclude(state=RETIRED)
        .values_list("key", flat=True)
        .first()
    )
    if earlier:
        return earlier
    base = meeting.date.isoformat() if meeting.date else f"{meeting.year}-{meeting.kind}"
    same = Meeting.objects.filter(reports__document=document, seq__lt=meeting.seq)
    same = (
        same.filter(date=meeting.date)
        if meeting.date
        else same.filter(date=None, year=meeting.year, kind=meeting.kind)
    )
    rank = same.count() + 1
    return base if rank == 1 else f"{base}/{rank}"


def correct(row, name: str, value, *, user=None, reason: str = "") -> Correction | None:
    """An editor corrects one fact of a row: stored as a correction, applied to the row
    now (the page cache, the search index and the history follow) and after every
    re-parse. Setting the value the document reads retires the correction."""
    from ingest.service import record_change

    target = TARGET_OF_MODEL.get(type(row))
    if target is None or (target, name) not in FACTS:
        raise CorrectionError(_("This fact cannot be corrected."))
    value = clean_value(target, name, value)
    with transaction.atomic():
        address = address_of(target, row)
        doc = address.document
        existing = (
            Correction.objects.select_for_update()
            .filter(
                symbol=doc.symbol,
                language=doc.language,
                target=target,
                key=address.key,
                field=name,
            )
            .exclude(state=RETIRED)
            .first()
        )
        parser_value = existing.parser_value if existing else row_value(target, row, name)
        if value == row_value(target, row, name) and existing is None:
            return None  # nothing changes
        set_row_value(target, row, name, value)
        if value == parser_value:
            correction = existing
            if existing is not None:
                existing.state, existing.state_note = RETIRED, "reverted by an editor"
                existing._history_user = user
                existing.save()
        else:
            correction = existing or Correction(
                symbol=doc.symbol,
                language=doc.language,
                target=target,
                key=address.key,
                context=address.context,
                field=name,
                parser_value=parser_value,
            )
            correction.value, correction.reason = value, reason
            correction.state, correction.state_note = ACTIVE, ""
            correction.object_id, correction.user = row.pk, user
            correction._history_user = user
            correction.save()
        record_change(
            address.documents | {doc.pk}, f"corrected {target} {name}: {value}", user=user
        )
    return correction


# --- reading them back (pages, API, export) -------------------------------------------------


def marks() -> dict[tuple[str, int, str], Correction]:
    """{(target, row id, field): active correction} of the whole archive: corrections are
    few, and the pages that show them are cached."""
    return {
        (c.target, c.object_id, c.field): c
        for c in Correction.objects.filter(state=ACTIVE, object_id__isnull=False)
    }


def for_document(document) -> list[Correction]:
    """The document's active corrections, in a stable order."""
    return list(
        Correction.objects.filter(
            symbol=document.symbol, language=document.language, state=ACTIVE
        ).order_by("target", "key", "field", "pk")
    )


def for_row(row) -> list[Correction]:
    target = TARGET_OF_MODEL.get(type(row))
    return list(
        Correction.objects.filter(target=target, object_id=row.pk, state=ACTIVE).order_by("pk")
    )


def as_data(c: Correction) -> dict:
    """A correction as plain data, the same in the JSON API and the export."""
    return {
        "target": c.target,
        "key": c.key,
        "field": c.field,
        "value": c.value,
        "document_reads": c.parser_value,
        "corrected_on": c.created_at.date().isoformat() if c.created_at else None,
        "reason": c.reason,
    }
