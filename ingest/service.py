"""The one place where parsed documents become database records.

Every file goes through `ingest_bytes`: checksum, unchanged check, parse (text or PDF,
`ingest.readers.read_document`), then one transaction that writes the document and
everything that hangs off it. A file that fails leaves nothing of itself behind but an
Upload row saying why. The search index is updated after the transaction commits.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.models import (
    Citation,
    DiscussionQuestion,
    Document,
    DocumentSymbol,
    Paragraph,
    Recommendation,
    Upload,
)
from archive.topics import assign_document as assign_topics
from ingest.clean import clean_parsed
from ingest.files import FileReadError, read_file
from ingest.parsers.types import ParsedDocument, ParseError
from ingest.removal import clear_document, delete_document, delete_orphans  # noqa: F401
from ingest.rows import column_values, insert_rows
from ingest.save_meetings import write_meetings as _write_meetings
from ingest.sources import (  # noqa: F401 (re-exported)
    safe_file_name,
    source_file_path,
    source_lock,
    store_source,
)
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


def parse_bytes(
    data: bytes, file_name: str, symbol: str = "", *, ocr: bool = True
) -> ParsedDocument:
    """Pure: bytes -> ParsedDocument or ParseError. Safe to run in a worker process.
    `ocr=False` refuses a scan instead of reading it by OCR (slow)."""
    from ingest.readers import read_document

    return read_document(data, file_name, symbol=symbol, ocr=ocr)


def parse_or_error(
    data: bytes, file_name: str, symbol: str = "", *, ocr: bool = True
) -> ParsedDocument | ParseError:
    """parse_bytes, with every failure turned into a ParseError that says why. An error
    that is not a ParseError is a parser bug: logged with its traceback, and the file is
    refused whole rather than saved half-understood."""
    try:
        return parse_bytes(data, file_name, symbol, ocr=ocr)
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
        data = read_file(path, settings.UPLOAD_MAX_BYTES)
    except FileReadError as exc:
        return failed(path.name, str(exc), user=user)
    return ingest_bytes(
        data, path.name, symbol=symbol, user=user, record_unchanged=record_unchanged
    )


def ingest_upload(data: bytes, file_name: str, *, user, symbol: str = "") -> IngestOutcome:
    """Ingest at once (tests, tools): every upload, even an unchanged one, leaves a record.
    A scan is refused rather than read by OCR (minutes) here; the upload page's jobs
    (ingest/jobs.py) and `manage.py ingest` read it, in the background."""
    return ingest_bytes(data, file_name, symbol=symbol, user=user, record_unchanged=True, ocr=False)


def ingest_bytes(
    data: bytes,
    file_name: str,
    *,
    symbol: str = "",
    user=None,
    parsed: ParsedDocument | ParseError | None = None,
    record_unchanged: bool = False,
    index: bool = True,
    checked: bool = False,
    ocr: bool = True,
    upload: Upload | None = None,
) -> IngestOutcome:
    """Ingest one file. `index=False` leaves the search index alone (a bulk load rebuilds
    it once at the end). What a bulk ingest did already, elsewhere: `parsed` (a worker
    process parsed the file), `checked` (these bytes were just found not to be in the
    archive: not asked again). `upload`: the record of an upload job, which gets the
    result (in the document's transaction) instead of a new record."""
    file_name = safe_file_name(file_name)
    sha = sha256_bytes(data)
    record_unchanged = record_unchanged or upload is not None
    existing = None if checked else find_unchanged(sha)
    if existing is not None and (not symbol or symbol_matches(existing, symbol)):
        return _unchanged(existing, file_name, sha, len(data), user, record_unchanged, upload)

    if parsed is None:
        parsed = parse_or_error(data, file_name, symbol, ocr=ocr)
    if isinstance(parsed, ParseError):
        return failed(file_name, str(parsed), user=user, size=len(data), sha=sha, upload=upload)

    # The stored file is shared by every ingest of these bytes: none deletes it (a failed
    # save leaves it for `sweep_sources`), and the lock keeps the sweep away until the row
    # that refers to it is committed.
    try:
        with source_lock(sha), transaction.atomic():
            stored_path, _ = store_source(data, sha, file_name)
            status, document, previous_sha = _save_with_retry(
                parsed,
                sha=sha,
                file_name=file_name,
                stored_path=stored_path,
                source_format=source_format(data, parsed),
                index=index,
            )
            if status != UNCHANGED:
                messages = list(parsed.warnings)
                upload = _record(
                    upload,
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
    except JobTakenOver:
        raise
    except Exception as exc:
        log.exception("ingest of %s failed while saving", file_name)
        reason = f"could not be saved: {exc.__class__.__name__}: {exc}"
        return failed(file_name, reason, user=user, size=len(data), sha=sha, upload=upload)

    if status == UNCHANGED:  # another process stored the same bytes meanwhile
        return _unchanged(document, file_name, sha, len(data), user, record_unchanged, upload)
    return IngestOutcome(status, file_name, document, upload, messages, parsed)


def source_format(data: bytes, parsed: ParsedDocument) -> str:
    if parsed.ocr_confidence:
        return "pdf-ocr"
    return "pdf" if data.startswith(b"%PDF-") else "text"


class JobTakenOver(Exception):
    """The upload job's record no longer names the worker that read the file: it was
    judged dead (no heartbeat) and the job given to another worker, which saves it.
    Raised in the document's transaction, so what the first worker read is not saved."""


def _record(upload: Upload | None, *, user, **fields) -> Upload:
    """The Upload row of this ingest: a job's own record filled in, or a new one. Either
    way its job is over: done, or failed when the file was refused. A job's record is
    written only while it still names its worker (`JobTakenOver` otherwise)."""
    failed = fields["status"] == FAILED
    fields["state"] = Upload.State.FAILED if failed else Upload.State.DONE
    fields["finished_at"] = timezone.now()
    if upload is None:
        return Upload.objects.create(user=user, **fields)
    for name, value in fields.items():
        setattr(upload, name, value)
    if not upload.worker:
        upload.save()
        return upload
    held = Upload.objects.filter(pk=upload.pk, state=Upload.State.RUNNING, worker=upload.worker)
    if not held.update(**fields):
        raise JobTakenOver(f"upload {upload.pk} is no longer run by {upload.worker}")
    return upload


def symbol_matches(document: Document, symbol: str) -> bool:
    from ingest.parsers.symbols import normalize_symbol

    return document.symbols.filter(symbol=normalize_symbol(symbol)).exists()


def _unchanged(document, file_name, sha, size, user, record, upload=None):
    messages = ["already in the archive"]
    if record:
        upload = _record(
            upload,
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


def failed(file_name, reason, *, user=None, size=0, sha="", upload=None) -> IngestOutcome:
    """A file refused with its reason: recorded on `upload` (a job's record) or a new
    Upload row; nothing else is written."""
    file_name = safe_file_name(file_name)
    upload = _record(
        upload,
        user=user,
        file_name=file_name,
        size=size,
        sha256=sha,
        status=FAILED,
        messages=[reason],
        document=None,
    )
    return IngestOutcome(FAILED, file_name, None, upload, [reason])


# --- the transaction ---------------------------------------------------------------------


def _save_with_retry(parsed, **options):
    # Two ingests of the same new symbol at once: the loser of the unique constraint
    # retries once and then finds the winner's row to update.
    try:
        return save_parsed(parsed, **options)
    except IntegrityError:
        return save_parsed(parsed, **options)


def save_parsed(
    parsed: ParsedDocument,
    *,
    sha: str,
    file_name: str,
    stored_path: str = "",
    source_format: str = "text",
    index: bool = True,
    force: bool = False,
    reason: str = "",
):
    """Write one parsed document in one transaction. Returns (status, document, previous_sha).
    The search index follows after commit, unless `index` is False. `force` writes even
    the same bytes read by the same parser (`manage.py reparse`); `reason` goes into the
    document's history. The editors' corrections of the document are applied to the new
    parse (editorial.corrections)."""
    from editorial import corrections

    clean_parsed(parsed)
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
        elif (
            document.source_sha256 == sha and document.parser_version == PARSER_VERSION
        ) and not force:
            return UNCHANGED, document, ""
        else:
            status = UPDATED
            previous_sha = document.source_sha256
            clear_document(document)
        if not reason:
            reason = _change_reason(document, status, sha)

        ledger = corrections.prepare(parsed)
        parsed = ledger.parsed
        _fill_document(document, parsed, sha, file_name, stored_path, source_format)
        document._change_reason = reason
        document.save()
        _write_symbols(document, parsed)
        paragraphs = _write_paragraphs(document, parsed)
        _write_citations(document, parsed, paragraphs)
        _write_recommendations(document, parsed, paragraphs)
        meetings = _write_meetings(document, parsed, paragraphs)
        _write_questions(document, parsed, paragraphs, meetings)
        corrections.settle(ledger, document, paragraphs, meetings)
        # after the corrections: a corrected meeting topic is the editor's (topic_by_editor)
        assign_topics(document, meetings)
        if status == UPDATED:
            delete_orphans()
        if index:
            import search

            search.document_saved(document.pk)
    return status, document, previous_sha


def _change_reason(document, status, sha) -> str:
    if status == CREATED:
        return "ingested"
    if document.source_sha256 != sha:
        return "re-ingested: a new file"
    return f"re-parsed: parser {document.parser_version} -> {PARSER_VERSION}"


def record_change(document_ids, reason: str, *, user=None) -> None:
    """An editor changed facts of these documents (a correction, a merge of briefers):
    each gets a history entry saying so, its pages render afresh (the page cache follows
    `updated_at`) and its search entries follow (search.document_saved)."""
    for document in Document.objects.filter(pk__in=list(document_ids)):
        document._change_reason = reason
        document._history_user = user
        document.save(update_fields=["updated_at"])
        import search

        search.document_saved(document.pk)


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
    document.ocr_confidence = list(parsed.ocr_confidence)
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


def _write_paragraphs(document, parsed) -> dict[str, int]:
    """The document's blocks as Paragraph rows. Returns {block anchor: paragraph pk}."""
    rows, seen = [], set()
    for order, block in enumerate(parsed.blocks, start=1):
        anchor = block.anchor or f"b{order}"
        while anchor in seen:  # the parser promises unique anchors; never fail on it
            anchor = f"{anchor}-{order}"
        seen.add(anchor)
        rows.append(
            (
                document.pk,
                order,
                block.kind,
                block.number[:20],
                block.level,
                block.part,
                block.section,
                block.text,
                anchor[:30],
                block.page,
            )
        )
    fields = ["document", "order", "kind", "number", "level", "part", "section", "text"]
    insert_rows(Paragraph, [*fields, "anchor", "page"], rows)
    pks = column_values(Paragraph, "order", "id", "document", document.pk)
    by_anchor = {}
    for order, block in enumerate(parsed.blocks, start=1):
        by_anchor.setdefault(block.anchor, pks[order])
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
                rows.append((document.pk, paragraph, symbol))
    insert_rows(Citation, ["document", "paragraph", "symbol"], rows)


def _write_recommendations(document, parsed, paragraphs):
    rows = []
    for rec in parsed.recommendations:
        paragraph = paragraphs.get(rec.anchor)
        if paragraph is not None:
            rows.append(
                Recommendation(
                    document=document, paragraph_id=paragraph, number=rec.number, text=rec.text
                )
            )
    Recommendation.objects.bulk_create(rows, ignore_conflicts=False)


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
            paragraph_id=paragraphs.get(q.anchor),
            number=q.number,
            text=q.text,
            order=order,
        )
        for order, q in enumerate(parsed.questions)
    )
