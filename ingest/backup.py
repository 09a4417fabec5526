"""Export the whole archive (plus the stored source files) and import it back, both in
constant memory whatever the archive's size.

The export is `archive.jsonl`: JSON Lines, one record a line. A header line names the
format and version; then the topics, briefers and meetings; then each document as a
`document` line, its `paragraph` lines in order and a `document_end` line (what refers to
its paragraphs by anchor: recommendations, questions, meeting reports, briefings); last an
`end` line, whose absence shows a truncated file. Records use natural keys only (symbol +
language, meeting slug, briefer name key, topic slug, paragraph anchor), so an import into
an empty database reproduces the archive exactly, whatever the primary keys were.

Both sides read and write a bounded number of rows at a time (paragraphs by ranges of
`order`, never a list of ids in one query: SQLite refuses more than 32,766 variables), so
a document of a million paragraphs takes as little memory as one of ten, bar its anchors
on import. `import` also reads the single `archive.json` of version 1 exports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.batches import batches
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
)
from editorial.exchange import export_editorial, import_editorial
from ingest.rows import insert_rows

FORMAT = "pkowg-archive"
VERSION = 2
FILE_NAME = "archive.jsonl"
OLD_FILE_NAME = "archive.json"  # version 1: one JSON document
CHUNK = 2000  # rows read or written at a time

DOCUMENT_FIELDS = [
    "symbol",
    "language",
    "original_language",
    "doc_type",
    "title",
    "date",
    "organ",
    "ga_session",
    "agenda_item",
    "period_start",
    "period_end",
    "job_number",
    "distribution",
    "page_count",
    "source_name",
    "source_format",
    "source_sha256",
    "source_path",
    "parse_warnings",
    "ocr_confidence",
    "parser_version",
]
# Added after format version 1 was first written: older exports lack them.
OPTIONAL_FIELDS = {"ocr_confidence"}
PARAGRAPH_FIELDS = ["order", "kind", "number", "level", "part", "section", "text", "anchor", "page"]
DATE_FIELDS = {"date", "period_start", "period_end"}


class BackupError(Exception):
    pass


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


# --- export --------------------------------------------------------------------------------


def export_records() -> Iterator[dict]:
    """The whole archive as a stream of records (see the module's docstring)."""
    yield {"format": FORMAT, "version": VERSION}
    counts = {"documents": 0, "meetings": 0, "briefers": 0, "topics": 0}
    topics = Topic.objects.order_by("slug").values(
        "name", "name_en", "slug", "keywords", "position"
    )
    for t in topics.iterator(CHUNK):
        counts["topics"] += 1
        yield {"type": "topic", **t}
    for b in Briefer.objects.order_by("name_key").values("name", "name_key").iterator(CHUNK):
        counts["briefers"] += 1
        yield {"type": "briefer", **b}
    meetings = Meeting.objects.select_related("topic").order_by("year", "date", "seq", "kind")
    for m in meetings.iterator(CHUNK):
        counts["meetings"] += 1
        yield {
            "type": "meeting",
            "slug": m.slug,
            "date": _plain(m.date),
            "year": m.year,
            "seq": m.seq,
            "kind": m.kind,
            "ordinal": m.ordinal,
            "title": m.title,
            "topic": m.topic.slug if m.topic else None,
            "topic_by_editor": m.topic_by_editor,
            "concept_note_symbol": m.concept_note_symbol,
        }
    ids = list(Document.objects.order_by("symbol", "language").values_list("pk", flat=True))
    for batch in batches(ids, 500):
        documents = Document.objects.in_bulk(batch)
        for pk in batch:
            counts["documents"] += 1
            yield from _document_records(documents[pk])
    # editorial records (corrections, briefer aliases: editorial.exchange), after the rows
    # they sit on
    yield {"type": "editorial", **export_editorial()}
    yield {"type": "end", "counts": counts}


def _document_records(doc: Document) -> Iterator[dict]:
    record = {"type": "document", **{name: _plain(getattr(doc, name)) for name in DOCUMENT_FIELDS}}
    record["symbols"] = sorted(
        [s, p] for s, p in doc.symbols.values_list("symbol", "is_primary").order_by()
    )
    record["topics"] = sorted(doc.document_topics.values_list("topic__slug", flat=True))
    yield record
    yield from _paragraph_records(doc)
    yield {"type": "document_end", **_references(doc)}


def _paragraph_records(doc: Document) -> Iterator[dict]:
    """The document's paragraphs with their citations, CHUNK at a time by `order`."""
    last = -1
    while True:
        rows = list(
            Paragraph.objects.filter(document=doc, order__gt=last)
            .order_by("order")
            .values(*PARAGRAPH_FIELDS)[:CHUNK]
        )
        if not rows:
            return
        cited: dict[int, list[str]] = {}
        for order, symbol in Citation.objects.filter(
            document=doc, paragraph__order__gt=last, paragraph__order__lte=rows[-1]["order"]
        ).values_list("paragraph__order", "symbol"):
            cited.setdefault(order, []).append(symbol)
        for row in rows:
            yield {"type": "paragraph", **row, "citations": sorted(cited.get(row["order"], []))}
        last = rows[-1]["order"]


def _references(doc: Document) -> dict:
    """What refers to the document's paragraphs (by anchor), and its briefings."""
    reports: dict[str, list[str]] = {}
    through = MeetingReport.paragraphs.through.objects.filter(meetingreport__document=doc)
    for report in doc.meeting_reports.select_related("meeting"):
        anchors = through.filter(meetingreport=report).values_list("paragraph__anchor", flat=True)
        reports[report.meeting.slug] = sorted(anchors.iterator(CHUNK))
    briefings = Briefing.objects.filter(sources=doc).select_related("meeting", "briefer")
    return {
        "recommendations": sorted(
            (
                {"paragraph": anchor, "number": number, "text": text}
                for anchor, number, text in doc.recommendations.values_list(
                    "paragraph__anchor", "number", "text"
                ).order_by()
            ),
            key=lambda r: r["paragraph"],
        ),
        "questions": [
            {
                "order": q.order,
                "number": q.number,
                "text": q.text,
                "paragraph": q.paragraph.anchor if q.paragraph else None,
                "meeting": q.meeting.slug if q.meeting else None,
            }
            for q in doc.questions.select_related("paragraph", "meeting").order_by("order")
        ],
        "meeting_reports": [
            {"meeting": slug, "paragraphs": anchors} for slug, anchors in sorted(reports.items())
        ],
        "briefings": sorted(
            (
                {
                    "first_source": b.document_id == doc.pk,
                    "meeting": b.meeting.slug,
                    "briefer": b.briefer.name_key,
                    "role": b.role,
                    "honorific": b.honorific,
                    "order": b.order,
                    "stated_name_key": b.stated_name_key,
                }
                for b in briefings
            ),
            key=lambda b: (b["meeting"], b["order"], b["briefer"]),
        ),
    }


def write_records(records: Iterable[dict], out) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def export_archive(target: Path) -> dict:
    """Write target/archive.jsonl and copy the stored source files to target/sources/.
    Returns the counts of what was written."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    source_root = Path(settings.SOURCE_FILES_DIR)
    counts = {}
    tmp = target / (FILE_NAME + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for record in export_records():
            if record.get("type") == "document" and record["source_path"]:
                _copy_source(source_root, target / "sources", record)
            elif record.get("type") == "end":
                counts = record["counts"]
            write_records([record], out)
    tmp.replace(target / FILE_NAME)
    return counts


def _copy_source(source_root: Path, target_root: Path, record: dict) -> None:
    src = source_root / record["source_path"]
    if not src.is_file():
        raise BackupError(f"stored file missing for {record['symbol']}: {src}")
    dst = target_root / record["source_path"]
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def export_data() -> dict:
    """The whole export as one dict of the version 1 shape (documents with their
    paragraphs inside): for comparing two archives in tests. Holds everything in memory."""
    data: dict = {"format": FORMAT, "topics": [], "briefers": [], "meetings": [], "documents": []}
    for record in export_records():
        kind = record.pop("type", None)
        if kind in ("topic", "briefer", "meeting"):
            data[kind + "s"].append(record)
        elif kind == "document":
            data["documents"].append({**record, "paragraphs": []})
        elif kind == "paragraph":
            data["documents"][-1]["paragraphs"].append(record)
        elif kind == "document_end":
            data["documents"][-1].update(record)
        elif kind == "editorial":
            data.update(record)
    return data


# --- import --------------------------------------------------------------------------------


def import_archive(source: Path) -> dict:
    """Load an export into an empty archive, in one transaction. Returns counts."""
    source = Path(source)
    if Document.objects.exists() or Meeting.objects.exists():
        raise BackupError("the archive is not empty; import goes into an empty database")
    loader = _Loader(source)
    try:
        with transaction.atomic():
            for record in read_records(source):
                loader.feed(record)
            if not loader.finished:
                raise BackupError("the export is incomplete (no end record): it was cut short")
    except BaseException:
        for path in loader.copied:
            path.unlink(missing_ok=True)
        raise
    # Re-index after commit, one document at a time (the search module decides how).
    import search

    for pk in Document.objects.values_list("pk", flat=True).iterator(CHUNK):
        transaction.on_commit(lambda pk=pk: search.index_document(pk), robust=True)
    return loader.counts


def read_records(source: Path) -> Iterator[dict]:
    """The records of an export folder, a line at a time (version 2), or from the single
    JSON document of version 1."""
    path = source / FILE_NAME
    if not path.is_file() and (source / OLD_FILE_NAME).is_file():
        yield from _version_1_records(source / OLD_FILE_NAME)
        return
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise BackupError(f"{path}, line {number}: not JSON ({exc})") from exc
                if number == 1:
                    _check_header(record, VERSION)
                else:
                    yield record
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _check_header(record, version) -> None:
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise BackupError("not an archive export")
    if record.get("version") != version:
        raise BackupError(f"an archive export of an unknown version ({record.get('version')})")


def _version_1_records(path: Path) -> Iterator[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from exc
    _check_header(data, 1)
    for kind in ("topic", "briefer", "meeting"):
        for record in data[kind + "s"]:
            yield {"type": kind, **record}
    for doc in data["documents"]:
        fields = [*DOCUMENT_FIELDS, "symbols", "topics"]
        yield {"type": "document", **{k: doc[k] for k in fields if k in doc}}
        for p in doc["paragraphs"]:
            yield {"type": "paragraph", **p}
        yield {
            "type": "document_end",
            **{k: doc[k] for k in ("recommendations", "questions", "meeting_reports", "briefings")},
        }
    yield {
        "type": "editorial",
        "corrections": data.get("corrections", []),
        "briefer_aliases": data.get("briefer_aliases", []),
    }
    yield {"type": "end"}


def _date(value):
    return dt.date.fromisoformat(value) if value else None


class _Loader:
    """Writes records as they come. Holds the keys of topics, briefers, meetings and
    briefings, and the anchors of the document being read; paragraphs go in CHUNK at a
    time."""

    def __init__(self, source: Path):
        self.source = source
        self.topics: dict[str, int] = {}
        self.briefers: dict[str, int] = {}
        self.meetings: dict[str, int] = {}
        self.briefings: dict[tuple[str, str], int] = {}
        self.document: Document | None = None
        self.anchors: dict[str, int] = {}
        self.pending: list[dict] = []
        self.copied: list[Path] = []
        self.finished = False
        self.counts = {"documents": 0, "meetings": 0, "briefers": 0, "topics": 0}

    def feed(self, record: dict) -> None:
        kind = record.get("type")
        handler = getattr(self, f"_{kind}", None) if isinstance(kind, str) else None
        if handler is None or self.finished:
            raise BackupError(f"unexpected record in the export: {str(record)[:100]}")
        try:
            handler(record)
        except KeyError as exc:
            raise BackupError(f"a {kind} record lacks {exc}: {str(record)[:100]}") from exc

    def _topic(self, r):
        # paragraph topics are not exported: `load_topics --apply` derives them again
        self.topics[r["slug"]] = Topic.objects.create(
            name=r["name"],
            slug=r["slug"],
            name_en=r.get("name_en", ""),
            keywords=r.get("keywords", ""),
            position=r.get("position", 0),
        ).pk
        self.counts["topics"] += 1

    def _briefer(self, r):
        self.briefers[r["name_key"]] = Briefer.objects.create(
            name=r["name"], name_key=r["name_key"]
        ).pk
        self.counts["briefers"] += 1

    def _meeting(self, r):
        self.meetings[r["slug"]] = Meeting.objects.create(
            date=_date(r["date"]),
            year=r["year"],
            seq=r["seq"],
            kind=r["kind"],
            ordinal=r["ordinal"],
            title=r["title"],
            topic_id=self.topics.get(r["topic"]),
            topic_by_editor=r.get("topic_by_editor", False),
            concept_note_symbol=r["concept_note_symbol"],
        ).pk
        self.counts["meetings"] += 1

    def _document(self, r):
        if self.document is not None:
            raise BackupError(f"document {self.document.symbol} has no end record")
        fields = {
            n: (_date(r[n]) if n in DATE_FIELDS else r[n])
            for n in DOCUMENT_FIELDS
            if n in r or n not in OPTIONAL_FIELDS
        }
        if fields["source_path"]:
            self._copy_source(fields)
        doc = Document.objects.create(**fields)
        DocumentSymbol.objects.bulk_create(
            DocumentSymbol(document=doc, symbol=s, is_primary=p) for s, p in r["symbols"]
        )
        DocumentTopic.objects.bulk_create(
            DocumentTopic(document=doc, topic_id=self.topics[s]) for s in r["topics"]
        )
        self.document, self.anchors, self.pending = doc, {}, []
        self.counts["documents"] += 1

    def _copy_source(self, fields):
        src = self.source / "sources" / fields["source_path"]
        if not src.is_file():
            raise BackupError(f"the export lacks the stored file of {fields['symbol']}")
        digest = hashlib.sha256()
        with src.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != fields["source_sha256"]:
            raise BackupError(f"the stored file of {fields['symbol']} does not match its checksum")
        dst = Path(settings.SOURCE_FILES_DIR) / fields["source_path"]
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            self.copied.append(dst)

    def _paragraph(self, r):
        if self.document is None:
            raise BackupError("a paragraph record outside a document")
        self.pending.append(r)
        if len(self.pending) >= CHUNK:
            self._flush()

    def _flush(self):
        doc, rows = self.document, self.pending
        if not rows:
            return
        insert_rows(
            Paragraph,
            ["document", *PARAGRAPH_FIELDS],
            [(doc.pk, *(r[n] for n in PARAGRAPH_FIELDS)) for r in rows],
        )
        pks = dict(
            Paragraph.objects.filter(
                document=doc, order__gte=rows[0]["order"], order__lte=rows[-1]["order"]
            ).values_list("order", "pk")
        )
        insert_rows(
            Citation,
            ["document", "paragraph", "symbol"],
            [(doc.pk, pks[r["order"]], s) for r in rows for s in r.get("citations", ())],
        )
        self.anchors.update((r["anchor"], pks[r["order"]]) for r in rows)
        self.pending = []

    def _document_end(self, r):
        if self.document is None:
            raise BackupError("a document_end record outside a document")
        self._flush()
        doc, anchors = self.document, self.anchors
        Recommendation.objects.bulk_create(
            Recommendation(
                document=doc,
                paragraph_id=anchors[x["paragraph"]],
                number=x["number"],
                text=x["text"],
            )
            for x in r["recommendations"]
        )
        DiscussionQuestion.objects.bulk_create(
            DiscussionQuestion(
                document=doc,
                order=q["order"],
                number=q["number"],
                text=q["text"],
                paragraph_id=anchors.get(q["paragraph"]),
                meeting_id=self.meetings.get(q["meeting"]),
            )
            for q in r["questions"]
        )
        for report in r["meeting_reports"]:
            mr = MeetingReport.objects.create(
                meeting_id=self.meetings[report["meeting"]], document=doc
            )
            insert_rows(
                MeetingReport.paragraphs.through,
                ["meetingreport", "paragraph"],
                [(mr.pk, anchors[a]) for a in report["paragraphs"]],
            )
        self._briefings(doc, r["briefings"])
        self.document, self.anchors = None, {}

    def _briefings(self, doc, stated):
        # A briefing stated by several documents is one row crediting its first source,
        # whichever of them comes first in the export.
        for b in stated:
            key = (b["meeting"], b["briefer"])
            pk = self.briefings.get(key)
            if pk is None:
                pk = Briefing.objects.create(
                    meeting_id=self.meetings[b["meeting"]],
                    briefer_id=self.briefers[b["briefer"]],
                    document=doc,
                    role=b["role"],
                    honorific=b["honorific"],
                    order=b["order"],
                    stated_name_key=b.get("stated_name_key", ""),
                ).pk
                self.briefings[key] = pk
            elif b["first_source"]:
                Briefing.objects.filter(pk=pk).update(
                    document=doc, role=b["role"], honorific=b["honorific"], order=b["order"]
                )
        Briefing.sources.through.objects.bulk_create(
            Briefing.sources.through(briefing_id=pk, document_id=doc.pk)
            for pk in {self.briefings[(b["meeting"], b["briefer"])] for b in stated}
        )

    def _editorial(self, r):
        if self.document is not None:
            raise BackupError(f"document {self.document.symbol} has no end record")
        self.counts.update(import_editorial(r))

    def _end(self, r):
        if self.document is not None:
            raise BackupError(f"document {self.document.symbol} has no end record")
        self.finished = True
