"""Test-only helper for tests/test_crash_safety.py; never imported by the application.

    python -m tests.crash_hook run POINT ARGS...   run `manage.py ARGS...`, pausing at POINT
    python -m tests.crash_hook state               print the database's state as JSON
    python -m tests.crash_hook upload POINT FILE   what the upload page did with FILE (at once)
    python -m tests.crash_hook queue FILE          what the upload page does: store, queue a job
    python -m tests.crash_hook job ID              print upload ID's job as JSON

POINT is where the command prints MARKER and then sleeps (CRASH_HOOK_SLEEP seconds), so
that a test can SIGKILL it at a known moment, or make writers overlap; several points may
be given, separated by commas:
    db     inside a document's transaction, after its paragraphs and citations are written
    index  while the search index writer is open, after the first entry was prepared
    none   no pause
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

MARKER = "CRASH-HOOK-PAUSED"


_paused: set[str] = set()


def _pause(point: str):
    if point in _paused:  # once per point and process
        return
    _paused.add(point)
    print(MARKER, flush=True)
    time.sleep(float(os.environ.get("CRASH_HOOK_SLEEP", "120")))


def install(points: str) -> None:
    for point in points.split(","):
        _install(point)


def _install(point: str) -> None:
    if point == "db":
        from ingest import service

        original = service._write_citations

        def write_citations_then_pause(*args, **kwargs):
            original(*args, **kwargs)
            _pause("db")

        service._write_citations = write_citations_then_pause
    elif point == "index":
        from search.engines.whoosh.backend import ChineseWhooshSearchBackend

        original = ChineseWhooshSearchBackend.prepare_entry

        def prepare_then_pause(self, index, obj):
            entry = original(self, index, obj)
            _pause("index")
            return entry

        ChineseWhooshSearchBackend.prepare_entry = prepare_then_pause
    elif point != "none":
        raise SystemExit(f"unknown pause point {point!r}")


def fingerprint(rows) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def state() -> dict:
    """Every document with fingerprints of what the database holds for it, and of what
    its stored source file parses to now: equal when the document is whole."""
    from django.conf import settings

    from archive.models import (
        Briefing,
        Citation,
        Document,
        Meeting,
        MeetingReport,
        Paragraph,
        Recommendation,
        Upload,
    )
    from ingest.service import document_symbols, parse_bytes

    documents = []
    for doc in Document.objects.order_by("symbol", "language"):
        paragraphs = list(doc.paragraphs.order_by("order").values_list("anchor", "kind", "text"))
        citations = sorted(doc.citations.values_list("paragraph__anchor", "symbol"))
        entry = {
            "symbol": doc.symbol,
            "language": doc.language,
            "sha256": doc.source_sha256,
            "paragraphs": len(paragraphs),
            "citations": len(citations),
            "recommendations": doc.recommendations.count(),
            "symbols": sorted(doc.symbols.values_list("symbol", flat=True)),
            "db": fingerprint([paragraphs, citations]),
        }
        path = Path(settings.SOURCE_FILES_DIR) / doc.source_path if doc.source_path else None
        if path is not None and path.is_file():
            data = path.read_bytes()
            entry["file_sha256"] = hashlib.sha256(data).hexdigest()
            parsed = parse_bytes(data, doc.source_name)
            own = set(document_symbols(parsed))
            entry["parsed"] = fingerprint(
                [
                    [(b.anchor, b.kind, b.text) for b in parsed.blocks],
                    sorted(
                        (b.anchor, s)
                        for b in parsed.blocks
                        for s in dict.fromkeys(b.citations)
                        if s not in own
                    ),
                ]
            )
            entry["parsed_symbols"] = sorted(own)
        documents.append(entry)
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Document,
            Paragraph,
            Citation,
            Recommendation,
            Meeting,
            MeetingReport,
            Briefing,
            Upload,
        )
    }
    return {"documents": documents, "counts": counts}


def upload(path: Path) -> None:
    from django.contrib.auth.models import User

    from ingest.service import FAILED, ingest_upload

    user, _ = User.objects.get_or_create(username="uploader", defaults={"is_staff": True})
    outcome = ingest_upload(path.read_bytes(), path.name, user=user)
    print(outcome.status, "; ".join(outcome.messages), flush=True)
    if outcome.status == FAILED:
        raise SystemExit(1)


def queue(path: Path) -> None:
    import tempfile

    from django.contrib.auth.models import User
    from django.db import transaction

    from ingest import incoming, jobs

    user, _ = User.objects.get_or_create(username="uploader", defaults={"is_staff": True})
    data = path.read_bytes()
    fd, spool = tempfile.mkstemp(dir=incoming.incoming_dir(), prefix=incoming.PART_PREFIX)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    sha = hashlib.sha256(data).hexdigest()
    spooled = incoming.SpooledFile(Path(spool), path.name, len(data), sha, False)
    with transaction.atomic():
        upload = jobs.queue_upload(spooled, user=user)
    print(upload.pk, flush=True)


def job(pk: int) -> None:
    from archive.models import Upload

    fields = ["state", "status", "messages", "attempts", "incoming", "task_id"]
    print(json.dumps(Upload.objects.filter(pk=pk).values(*fields).get()), flush=True)


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if argv[:1] == ["state"]:
        print(json.dumps(state(), ensure_ascii=False))
        return
    if argv[:1] == ["queue"] and len(argv) == 2:
        return queue(Path(argv[1]))
    if argv[:1] == ["job"] and len(argv) == 2:
        return job(int(argv[1]))
    if argv[:1] == ["upload"] and len(argv) == 3:
        install(argv[1])
        upload(Path(argv[2]))
        return
    if len(argv) < 3 or argv[0] != "run":
        raise SystemExit(__doc__)
    install(argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *argv[2:]])


if __name__ == "__main__":
    main(sys.argv[1:])
