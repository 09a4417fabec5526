"""The one place where parsed documents become database records.

Every file goes through `ingest_bytes`: checksum, unchanged check, parse (text or PDF,
`ingest.readers.read_document`), then one transaction that writes the document and
everything that hangs off it. A file that fails leaves nothing of itself behind but an
Upload row saying why. The search index is updated after the transaction commits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from archive.models import (
    Briefer,
    Briefing,
    Citation,
    DiscussionQuestion,
    Document,
    DocumentSymbol,
    DocumentTopic,
    Meeting,
    MeetingReport,
    Paragraph,
    Recommendation,
    Topic,
    Upload,
)
from ingest.parsers.types import ParsedDocument, ParsedMeeting, ParseError
from ingest.version import PARSER_VERSION

log = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


@dataclass
class IngestOutcome:
    status: str
    file_name: str
    document: Document | None = None
    upload: Upload | None = None
    messages: list[str] = field(default_factory=list)
    parsed: ParsedDocument | None = None

    @property
    def ok(self):
        return self.status != FAILED


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_unchanged(sha256: str) -> Document | None:
    """The document already ingested from exactly these bytes by the current parser."""
    return Document.objects.filter(source_sha256=sha256, parser_version=PARSER_VERSION).first()


def parse_bytes(data: bytes, file_name: str, symbol: str = "") -> ParsedDocument:
    """Pure: bytes -> ParsedDocument or ParseError. Safe to run in a worker process."""
    from ingest.readers import read_document

    return read_document(data, file_name, symbol=symbol)


def parse_or_error(data: bytes, file_name: str, symbol: str = "") -> ParsedDocument | ParseError:
    """parse_bytes, with every failure turned into a ParseError that says why. An error
    that is not a ParseError is a parser bug: logged with its traceback, and the file is
    refused whole rather than saved half-understood."""
    try:
        return parse_bytes(data, file_name, symbol)
    except ParseError as exc:
        return exc
    except Exception as exc:
        log.exception("parser error on %s", file_name)
        return ParseError(
            f"the parser failed on this file ({exc.__class__.__name__}); it was not saved"
        )


def ingest_path(
    path, *, symbol: str = "", user=None, record_unchanged: bool = False
) -> IngestOutcome:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path.name, f"cannot read file: {exc.strerror or exc}", user=user, data=b"")
    return ingest_bytes(
        data, path.name, symbol=symbol, user=user, record_unchanged=record_unchanged
    )


def ingest_upload(data: bytes, file_name: str, *, user, symbol: str = "") -> IngestOutcome:
    """What the upload page calls: every upload, even an unchanged one, leaves a record."""
    return ingest_bytes(data, file_name, symbol=symbol, user=user, record_unchanged=True)


def ingest_bytes(
    data: bytes,
    file_name: str,
    *,
    symbol: str = "",
    user=None,
    parsed: ParsedDocument | ParseError | None = None,
    record_unchanged: bool = False,
) -> IngestOutcome:
    """Ingest one file. `parsed` may be given when a worker process already parsed it."""
    file_name = safe_file_name(file_name)
    sha = sha256_bytes(data)
    existing = find_unchanged(sha)
    if existing is not None and (not symbol or symbol_matches(existing, symbol)):
        return _unchanged(existing, file_name, sha, len(data), user, record_unchanged)

    if parsed is None:
        parsed = parse_or_error(data, file_name, symbol)
    if isinstance(parsed, ParseError):
        return _failed(file_name, str(parsed), user=user, data=data)

    stored_path, created_file = store_source(data, sha, file_name)
    try:
        status, document, previous_sha = _save_with_retry(
            parsed, sha, file_name, stored_path, "pdf" if data.startswith(b"%PDF-") else "text"
        )
    except Exception as exc:
        # Nothing of the document was committed; remove a file stored only for it.
        if created_file:
            (Path(settings.SOURCE_FILES_DIR) / stored_path).unlink(missing_ok=True)
        log.exception("ingest of %s failed while saving", file_name)
        return _failed(
            file_name, f"could not be saved: {exc.__class__.__name__}: {exc}", user=user, data=data
        )

    if status == UNCHANGED:  # another process stored the same bytes meanwhile
        if created_file:
            (Path(settings.SOURCE_FILES_DIR) / stored_path).unlink(missing_ok=True)
        return _unchanged(document, file_name, sha, len(data), user, record_unchanged)
    messages = list(parsed.warnings)
    upload = Upload.objects.create(
        user=user,
        file_name=file_name,
        size=len(data),
        sha256=sha,
        previous_sha256=previous_sha,
        status=status,
        messages=messages,
        document=document,
        symbol=document.symbol,
    )
    return IngestOutcome(status, file_name, document, upload, messages, parsed)


def symbol_matches(document: Document, symbol: str) -> bool:
    from ingest.parsers.symbols import normalize_symbol

    return document.symbols.filter(symbol=normalize_symbol(symbol)).exists()


def _unchanged(document, file_name, sha, size, user, record):
    messages = ["already in the archive"]
    upload = None
    if record:
        upload = Upload.objects.create(
            user=user,
            file_name=file_name,
            size=size,
            sha256=sha,
            status=UNCHANGED,
            messages=messages,
            document=document,
            symbol=document.symbol,
        )
    return IngestOutcome(UNCHANGED, file_name, document, upload, messages)


def _failed(file_name, reason, *, user, data):
    upload = Upload.objects.create(
        user=user,
        file_name=file_name,
        size=len(data),
        sha256=sha256_bytes(data) if data else "",
        status=FAILED,
        messages=[reason],
    )
    return IngestOutcome(FAILED, file_name, None, upload, [reason])


# --- stored source files ---------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^\w.()\-\u3400-\u9fff]+")


def safe_file_name(name: str) -> str:
    """A file name safe to show, store and offer as a download: no directories, no control
    characters, at most 200 characters."""
    name = os.path.basename(str(name).replace("\\", "/")).strip()
    name = _UNSAFE_NAME.sub("_", name).strip("._") or "upload"
    return name[-200:]


def store_source(data: bytes, sha: str, file_name: str) -> tuple[str, bool]:
    """Content-addressed copy of the original file under SOURCE_FILES_DIR.
    Returns (relative path, whether this call created it). Written atomically."""
    suffix = Path(file_name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    relative = f"{sha[:2]}/{sha}{suffix}"
    target = Path(settings.SOURCE_FILES_DIR) / relative
    if target.exists():
        return relative, False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return relative, True


def source_file_path(document: Document) -> Path | None:
    if not document.source_path:
        return None
    path = Path(settings.SOURCE_FILES_DIR) / document.source_path
    return path if path.is_file() else None


# --- the transaction ---------------------------------------------------------------------


def _save_with_retry(parsed, sha, file_name, stored_path, source_format):
    # Two ingests of the same new symbol at once: the loser of the unique constraint
    # retries once and then finds the winner's row to update.
    try:
        return save_parsed(
            parsed,
            sha=sha,
            file_name=file_name,
            stored_path=stored_path,
            source_format=source_format,
        )
    except IntegrityError:
        return save_parsed(
            parsed,
            sha=sha,
            file_name=file_name,
            stored_path=stored_path,
            source_format=source_format,
        )


def save_parsed(
    parsed: ParsedDocument,
    *,
    sha: str,
    file_name: str,
    stored_path: str = "",
    source_format: str = "text",
):
    """Write one parsed document in one transaction. Returns (status, document, previous_sha)."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update()
            .filter(symbol=parsed.symbol, language=parsed.language)
            .first()
        )
        previous_sha = ""
        if document is None:
            status = CREATED
            document = Document(symbol=parsed.symbol, language=parsed.language)
        elif document.source_sha256 == sha and document.parser_version == PARSER_VERSION:
            return UNCHANGED, document, ""
        else:
            status = UPDATED
            previous_sha = document.source_sha256
            _clear_document(document)

        _fill_document(document, parsed, sha, file_name, stored_path, source_format)
        document.save()
        _write_symbols(document, parsed)
        paragraphs = _write_paragraphs(document, parsed)
        _write_citations(document, parsed, paragraphs)
        _write_recommendations(document, parsed, paragraphs)
        meetings = _write_meetings(document, parsed, paragraphs)
        _write_questions(document, parsed, paragraphs, meetings)
        _write_topics(document, parsed, meetings)
        if status == UPDATED:
            _delete_orphan_people_and_topics()
        transaction.on_commit(lambda pk=document.pk: _index_document(pk), robust=True)
    return status, document, previous_sha


def _index_document(document_id):
    from archive import search

    search.update_document_index(document_id)


def _clear_document(document):
    # Children that belong to this document alone; meetings and briefers are shared and
    # are cleaned up afterwards if nothing reports them any more.
    # Meetings only this document reported go too, so that the new version describes
    # them afresh; briefers and topics are removed at the end if nothing uses them, so
    # that a person keeps the same page (and pk) across re-ingests.
    meeting_ids = set(document.meeting_reports.values_list("meeting_id", flat=True))
    document.paragraphs.all().delete()  # cascades to citations, recommendations, questions
    document.symbols.all().delete()
    document.meeting_reports.all().delete()
    _release_briefings(document)
    document.document_topics.all().delete()
    document.questions.all().delete()
    Meeting.objects.filter(pk__in=meeting_ids, reports__isnull=True).delete()


def _release_briefings(document):
    """This document no longer states its briefings: those another document also states
    stay (and are credited to it), the others go."""
    for briefing in Briefing.objects.filter(sources=document).prefetch_related("sources"):
        others = [d for d in briefing.sources.all() if d.pk != document.pk]
        if not others:
            briefing.delete()
            continue
        briefing.sources.remove(document)
        if briefing.document_id == document.pk:
            briefing.document = others[0]
            briefing.save(update_fields=["document"])


def _delete_orphan_people_and_topics():
    Briefer.objects.filter(briefings__isnull=True).delete()
    Topic.objects.filter(meetings__isnull=True, document_topics__isnull=True).delete()


def _fill_document(document, parsed, sha, file_name, stored_path, source_format):
    document.original_language = parsed.original_language
    document.doc_type = parsed.doc_type
    document.title = parsed.title
    document.date = parsed.date
    document.organ = parsed.organ
    document.ga_session = parsed.ga_session
    document.agenda_item = parsed.agenda_item
    document.period_start = parsed.period_start
    document.period_end = parsed.period_end
    document.job_number = parsed.job_number
    document.distribution = parsed.distribution
    document.page_count = parsed.page_count
    document.source_name = file_name
    document.source_format = source_format
    document.source_sha256 = sha
    document.source_path = stored_path
    document.parse_warnings = list(parsed.warnings)
    document.parser_version = PARSER_VERSION


def document_symbols(parsed: ParsedDocument) -> list[str]:
    """The main symbol, the other symbols of a joint document, and each half of a joint
    symbol (`A/70/95-S/2015/446` is also found as `A/70/95` and `S/2015/446`)."""
    out: dict[str, None] = {}
    for symbol in [parsed.symbol, *parsed.symbols]:
        if not symbol:
            continue
        out.setdefault(symbol, None)
        parts = symbol.split("-")
        if len(parts) > 1 and all("/" in part for part in parts):
            for part in parts:
                out.setdefault(part, None)
    return list(out)


def _write_symbols(document, parsed):
    DocumentSymbol.objects.bulk_create(
        DocumentSymbol(document=document, symbol=symbol, is_primary=(symbol == document.symbol))
        for symbol in document_symbols(parsed)
    )


def _write_paragraphs(document, parsed) -> dict[str, Paragraph]:
    rows, seen = [], set()
    for order, block in enumerate(parsed.blocks, start=1):
        anchor = block.anchor or f"b{order}"
        while anchor in seen:  # the parser promises unique anchors; never fail on it
            anchor = f"{anchor}-{order}"
        seen.add(anchor)
        rows.append(
            Paragraph(
                document=document,
                order=order,
                kind=block.kind,
                number=block.number[:20],
                level=block.level,
                part=block.part,
                section=block.section,
                text=block.text,
                anchor=anchor[:30],
                page=block.page,
            )
        )
    created = Paragraph.objects.bulk_create(rows, batch_size=500)
    by_anchor = {}
    for block, paragraph in zip(parsed.blocks, created, strict=True):
        by_anchor.setdefault(block.anchor, paragraph)
    return by_anchor


def _write_citations(document, parsed, paragraphs):
    own = set(document_symbols(parsed))
    rows = []
    for block in parsed.blocks:
        paragraph = paragraphs.get(block.anchor)
        if paragraph is None:
            continue
        for symbol in dict.fromkeys(block.citations):
            if symbol not in own:
                rows.append(Citation(document=document, paragraph=paragraph, symbol=symbol))
    Citation.objects.bulk_create(rows, batch_size=500)


def _write_recommendations(document, parsed, paragraphs):
    rows = []
    for rec in parsed.recommendations:
        paragraph = paragraphs.get(rec.anchor)
        if paragraph is not None:
            rows.append(
                Recommendation(
                    document=document, paragraph=paragraph, number=rec.number, text=rec.text
                )
            )
    Recommendation.objects.bulk_create(rows, ignore_conflicts=False)


def _meeting_year(parsed: ParsedDocument, pm: ParsedMeeting) -> int | None:
    if pm.date:
        return pm.date.year
    for value in (parsed.period_start, parsed.period_end, parsed.date):
        if value:
            return value.year
    return None


def _find_or_create_meeting(parsed: ParsedDocument, pm: ParsedMeeting) -> Meeting | None:
    year = _meeting_year(parsed, pm)
    if year is None:
        return None
    if pm.date:
        same_day = list(Meeting.objects.select_for_update().filter(date=pm.date))
    else:
        same_day = list(
            Meeting.objects.select_for_update().filter(date__isnull=True, year=year, kind=pm.kind)
        )
    for meeting in same_day:
        if meeting.kind == pm.kind or "other" in (meeting.kind, pm.kind):
            return meeting
    seq = max((m.seq for m in same_day), default=0) + 1
    return Meeting.objects.create(date=pm.date, year=year, seq=seq, kind=pm.kind)


def _topic_for(name: str) -> Topic | None:
    name = (name or "").strip()[:300]
    if not name:
        return None
    topic = Topic.objects.filter(name=name).first()
    if topic:
        return topic
    base = slugify(name, allow_unicode=True)[:100] or "topic"
    slug, n = base, 1
    while Topic.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Topic.objects.create(name=name, slug=slug)


def _write_meetings(document, parsed, paragraphs) -> list[Meeting | None]:
    meetings = []
    for pm in parsed.meetings:
        meeting = _find_or_create_meeting(parsed, pm)
        meetings.append(meeting)
        if meeting is None:
            continue
        # A later report may know more than an earlier one: fill what is blank.
        changed = False
        for attr, value in (
            ("ordinal", pm.ordinal),
            ("title", pm.title),
            ("concept_note_symbol", pm.concept_note),
        ):
            if value and not getattr(meeting, attr):
                setattr(meeting, attr, value)
                changed = True
        if pm.kind != "other" and meeting.kind == "other":
            meeting.kind = pm.kind
            changed = True
        if pm.topic and meeting.topic_id is None:
            meeting.topic = _topic_for(pm.topic)
            changed = True
        if changed:
            meeting.save()
        report, _ = MeetingReport.objects.get_or_create(meeting=meeting, document=document)
        report.paragraphs.add(*[paragraphs[a] for a in pm.anchors if a in paragraphs])
    _write_briefings(document, parsed, meetings)
    return meetings


def _write_briefings(document, parsed, meetings):
    """Briefers and briefings of all the document's meetings in a fixed number of queries:
    one Briefer per person (by name key), one Briefing per briefer per meeting, and this
    document among the sources of each briefing it states."""
    from ingest.parsers.briefers import briefer_key

    stated = []  # (meeting, key, order, ParsedBriefer)
    for meeting, pm in zip(meetings, parsed.meetings, strict=True):
        if meeting is None:
            continue
        for order, pb in enumerate(pm.briefers):
            key = briefer_key(pb.name)[:200]
            if key:
                stated.append((meeting, key, order, pb))
    if not stated:
        return
    names = {}
    for _, key, _, pb in stated:
        names.setdefault(key, pb.name[:200])
    Briefer.objects.bulk_create(
        [Briefer(name=name, name_key=key) for key, name in names.items()], ignore_conflicts=True
    )
    briefers = {b.name_key: b for b in Briefer.objects.filter(name_key__in=names)}
    meeting_ids = {m.pk for m, _, _, _ in stated}
    existing = {
        (b.meeting_id, b.briefer_id): b
        for b in Briefing.objects.filter(meeting_id__in=meeting_ids).order_by()
    }
    new, longer_role = {}, []
    for meeting, key, order, pb in stated:
        pair = (meeting.pk, briefers[key].pk)
        briefing = existing.get(pair) or new.get(pair)
        if briefing is None:
            new[pair] = Briefing(
                meeting=meeting,
                briefer=briefers[key],
                document=document,
                role=pb.role,
                honorific=pb.honorific[:20],
                order=order,
            )
        elif pb.role and len(pb.role) > len(briefing.role):
            briefing.role = pb.role
            if briefing.pk:
                longer_role.append(briefing)
    Briefing.objects.bulk_create(new.values())
    if longer_role:
        Briefing.objects.bulk_update(longer_role, ["role"])
    stated_pairs = {(m.pk, briefers[k].pk) for m, k, _, _ in stated}
    briefing_ids = {(existing.get(pair) or new[pair]).pk for pair in stated_pairs}
    Briefing.sources.through.objects.bulk_create(
        [Briefing.sources.through(briefing_id=pk, document_id=document.pk) for pk in briefing_ids],
        ignore_conflicts=True,
    )


def _write_questions(document, parsed, paragraphs, meetings):
    meeting = (
        next((m for m in meetings if m is not None), None)
        if parsed.doc_type == "concept_note"
        else None
    )
    DiscussionQuestion.objects.bulk_create(
        DiscussionQuestion(
            document=document,
            meeting=meeting,
            paragraph=paragraphs.get(q.anchor),
            number=q.number,
            text=q.text,
            order=order,
        )
        for order, q in enumerate(parsed.questions)
    )


def _write_topics(document, parsed, meetings):
    names = list(
        dict.fromkeys([*parsed.topics, *(m.topic.name for m in meetings if m and m.topic)])
    )
    topics = [t for t in (_topic_for(name) for name in names) if t]
    DocumentTopic.objects.bulk_create(
        [DocumentTopic(document=document, topic=t) for t in dict.fromkeys(topics)],
        ignore_conflicts=True,
    )


def delete_document(document: Document) -> None:
    """Remove a document and what only it reported; the index follows after commit."""
    with transaction.atomic():
        pk = document.pk
        _clear_document(document)
        document.delete()
        _delete_orphan_people_and_topics()
        transaction.on_commit(lambda: _unindex_document(pk), robust=True)


def _unindex_document(document_id):
    from archive import search

    search.remove_document_index(document_id)
