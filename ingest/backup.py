"""Export the whole archive as JSON (plus the stored source files) and import it back.

The JSON uses natural keys only (symbol + language, meeting slug, briefer name key,
topic slug, paragraph anchor), so an import into an empty database reproduces the
archive exactly, whatever the primary keys were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch

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

FORMAT = "pkowg-archive"
VERSION = 1

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


def export_data() -> dict:
    meetings = Meeting.objects.select_related("topic").order_by("year", "date", "seq", "kind")
    documents = Document.objects.order_by("symbol", "language").prefetch_related(
        "symbols",
        Prefetch("paragraphs", Paragraph.objects.order_by("order").prefetch_related("citations")),
        Prefetch("recommendations", Recommendation.objects.select_related("paragraph")),
        Prefetch("questions", DiscussionQuestion.objects.select_related("paragraph", "meeting")),
        Prefetch(
            "meeting_reports",
            MeetingReport.objects.select_related("meeting").prefetch_related("paragraphs"),
        ),
        Prefetch(
            "briefing_sources", Briefing.objects.select_related("meeting", "briefer", "document")
        ),
        Prefetch("document_topics", DocumentTopic.objects.select_related("topic")),
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "topics": [{"name": t.name, "slug": t.slug} for t in Topic.objects.order_by("slug")],
        "briefers": [
            {"name": b.name, "name_key": b.name_key} for b in Briefer.objects.order_by("name_key")
        ],
        "meetings": [
            {
                "slug": m.slug,
                "date": _plain(m.date),
                "year": m.year,
                "seq": m.seq,
                "kind": m.kind,
                "ordinal": m.ordinal,
                "title": m.title,
                "topic": m.topic.slug if m.topic else None,
                "concept_note_symbol": m.concept_note_symbol,
            }
            for m in meetings
        ],
        "documents": [_export_document(d) for d in documents],
        # editorial records: corrections and briefer aliases (editorial.exchange)
        **export_editorial(),
    }


def _export_document(doc: Document) -> dict:
    data = {name: _plain(getattr(doc, name)) for name in DOCUMENT_FIELDS}
    data["symbols"] = sorted([s.symbol, s.is_primary] for s in doc.symbols.all())
    data["paragraphs"] = [
        {
            **{name: getattr(p, name) for name in PARAGRAPH_FIELDS},
            "citations": sorted(c.symbol for c in p.citations.all()),
        }
        for p in doc.paragraphs.all()
    ]
    data["recommendations"] = sorted(
        (
            {"paragraph": r.paragraph.anchor, "number": r.number, "text": r.text}
            for r in doc.recommendations.all()
        ),
        key=lambda r: r["paragraph"],
    )
    data["questions"] = [
        {
            "order": q.order,
            "number": q.number,
            "text": q.text,
            "paragraph": q.paragraph.anchor if q.paragraph else None,
            "meeting": q.meeting.slug if q.meeting else None,
        }
        for q in sorted(doc.questions.all(), key=lambda q: q.order)
    ]
    data["meeting_reports"] = sorted(
        (
            {"meeting": r.meeting.slug, "paragraphs": sorted(p.anchor for p in r.paragraphs.all())}
            for r in doc.meeting_reports.all()
        ),
        key=lambda r: r["meeting"],
    )
    data["briefings"] = sorted(
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
            for b in doc.briefing_sources.all()
        ),
        key=lambda b: (b["meeting"], b["order"], b["briefer"]),
    )
    data["topics"] = sorted(dt_.topic.slug for dt_ in doc.document_topics.all())
    return data


def export_archive(target: Path) -> dict:
    """Write target/archive.json and copy the stored source files to target/sources/."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    data = export_data()
    source_root = Path(settings.SOURCE_FILES_DIR)
    for doc in data["documents"]:
        if doc["source_path"]:
            src = source_root / doc["source_path"]
            if not src.is_file():
                raise BackupError(f"stored file missing for {doc['symbol']}: {src}")
            dst = target / "sources" / doc["source_path"]
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    tmp = target / "archive.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target / "archive.json")
    return data


def import_archive(source: Path) -> dict:
    """Load an export into an empty archive, in one transaction. Returns counts."""
    source = Path(source)
    try:
        data = json.loads((source / "archive.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read {source / 'archive.json'}: {exc}") from exc
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise BackupError("not an archive export of a known version")
    if Document.objects.exists() or Meeting.objects.exists():
        raise BackupError("the archive is not empty; import goes into an empty database")
    copied = _copy_sources(source, data)
    try:
        with transaction.atomic():
            counts = _load(data)
    except Exception:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    # Re-index after commit, one document at a time (the search module decides how).
    import search

    for pk in Document.objects.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=pk: search.index_document(pk), robust=True)
    return counts


def _copy_sources(source, data):
    copied = []
    root = Path(settings.SOURCE_FILES_DIR)
    for doc in data["documents"]:
        if not doc.get("source_path"):
            continue
        src = source / "sources" / doc["source_path"]
        if not src.is_file():
            raise BackupError(f"the export lacks the stored file of {doc['symbol']}")
        if hashlib.sha256(src.read_bytes()).hexdigest() != doc["source_sha256"]:
            raise BackupError(f"the stored file of {doc['symbol']} does not match its checksum")
        dst = root / doc["source_path"]
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            copied.append(dst)
    return copied


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _load(data) -> dict:
    topics = {
        t["slug"]: Topic.objects.create(name=t["name"], slug=t["slug"]) for t in data["topics"]
    }
    briefers = {
        b["name_key"]: Briefer.objects.create(name=b["name"], name_key=b["name_key"])
        for b in data["briefers"]
    }
    meetings, stated = {}, []
    for m in data["meetings"]:
        meetings[m["slug"]] = Meeting.objects.create(
            date=_date(m["date"]),
            year=m["year"],
            seq=m["seq"],
            kind=m["kind"],
            ordinal=m["ordinal"],
            title=m["title"],
            topic=topics.get(m["topic"]),
            concept_note_symbol=m["concept_note_symbol"],
        )
    for d in data["documents"]:
        fields = {
            name: (_date(d[name]) if name in DATE_FIELDS else d[name])
            for name in DOCUMENT_FIELDS
            if name in d or name not in OPTIONAL_FIELDS
        }
        doc = Document.objects.create(**fields)
        DocumentSymbol.objects.bulk_create(
            DocumentSymbol(document=doc, symbol=s, is_primary=p) for s, p in d["symbols"]
        )
        paragraphs = Paragraph.objects.bulk_create(
            Paragraph(document=doc, **{name: p[name] for name in PARAGRAPH_FIELDS})
            for p in d["paragraphs"]
        )
        by_anchor = {p.anchor: p for p in paragraphs}
        Citation.objects.bulk_create(
            Citation(document=doc, paragraph=by_anchor[p["anchor"]], symbol=symbol)
            for p in d["paragraphs"]
            for symbol in p["citations"]
        )
        Recommendation.objects.bulk_create(
            Recommendation(
                document=doc,
                paragraph=by_anchor[r["paragraph"]],
                number=r["number"],
                text=r["text"],
            )
            for r in d["recommendations"]
        )
        DiscussionQuestion.objects.bulk_create(
            DiscussionQuestion(
                document=doc,
                order=q["order"],
                number=q["number"],
                text=q["text"],
                paragraph=by_anchor.get(q["paragraph"]),
                meeting=meetings.get(q["meeting"]),
            )
            for q in d["questions"]
        )
        for r in d["meeting_reports"]:
            report = MeetingReport.objects.create(meeting=meetings[r["meeting"]], document=doc)
            report.paragraphs.add(*[by_anchor[a] for a in r["paragraphs"]])
        stated.extend((doc, b) for b in d["briefings"])
        DocumentTopic.objects.bulk_create(
            DocumentTopic(document=doc, topic=topics[s]) for s in d["topics"]
        )
    # A briefing stated by several documents is one row crediting its first source.
    briefings = {}
    for doc, b in sorted(stated, key=lambda item: not item[1]["first_source"]):
        key = (b["meeting"], b["briefer"])
        if key not in briefings:
            briefings[key] = Briefing.objects.create(
                meeting=meetings[b["meeting"]],
                briefer=briefers[b["briefer"]],
                document=doc,
                role=b["role"],
                honorific=b["honorific"],
                order=b["order"],
                stated_name_key=b.get("stated_name_key", ""),
            )
        briefings[key].sources.add(doc)
    return {
        "documents": len(data["documents"]),
        "meetings": len(meetings),
        "briefers": len(briefers),
        "topics": len(topics),
        **import_editorial(data),
    }
