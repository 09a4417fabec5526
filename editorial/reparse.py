"""Re-parse on purpose, and see what a new parse would change before it replaces a document.

`reparse(document)` reads the stored original again with the current parser and saves it
through the ingest service (the corrections are applied as after any parse); with
`dry_run` the same save runs in a transaction that is rolled back, so the report is what
saving would do, and nothing is kept (the search index is only updated after a commit).
`compare_upload(data, file_name)` is the same comparison for a new file of a known symbol,
for the editor to confirm before it replaces the current version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from archive.models import Briefing, Document

from .models import Correction


@dataclass
class Changes:
    """What a parse changed in one document (or would change)."""

    symbol: str
    language: str
    error: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, before, after)
    meetings_added: list[str] = field(default_factory=list)
    meetings_removed: list[str] = field(default_factory=list)
    paragraphs_added: list[str] = field(default_factory=list)
    paragraphs_removed: list[str] = field(default_factory=list)
    renumbered: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, was, now)
    briefers_added: list[tuple[str, str]] = field(default_factory=list)  # (meeting, name)
    briefers_removed: list[tuple[str, str]] = field(default_factory=list)
    recommendations_changed: list[str] = field(default_factory=list)
    corrections: list[tuple[str, str, str]] = field(default_factory=list)  # (fact, was, now)

    @property
    def changed(self) -> bool:
        return any(
            getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("symbol", "language", "error")
        )

    def lines(self) -> list[str]:
        """The report, one line per kind of change."""
        if self.error:
            return [_("error: %(error)s") % {"error": self.error}]
        out = [f"{name}: {a!r} -> {b!r}" for name, a, b in self.fields]
        for label, items in (
            (_("meetings added"), self.meetings_added),
            (_("meetings removed"), self.meetings_removed),
            (_("paragraphs added"), self.paragraphs_added),
            (_("paragraphs removed"), self.paragraphs_removed),
            (_("recommendations changed"), self.recommendations_changed),
        ):
            if items:
                out.append(f"{label}: {', '.join(items)}")
        if self.renumbered:
            out.append(
                _("paragraphs renumbered")
                + ": "
                + ", ".join(f"{a} {was} -> {now}" for a, was, now in self.renumbered)
            )
        for label, items in (
            (_("briefers added"), self.briefers_added),
            (_("briefers removed"), self.briefers_removed),
        ):
            if items:
                out.append(f"{label}: " + ", ".join(f"{name} ({m})" for m, name in items))
        for fact, was, now in self.corrections:
            out.append(_("correction") + f" {fact}: {was} -> {now}")
        return out or [_("no change")]


FIELDS = ["title", "date", "doc_type"]


def snapshot(document: Document) -> dict:
    """The facts of a document a re-parse may change, by natural keys."""
    briefings = Briefing.objects.filter(sources=document).select_related("meeting", "briefer")
    return {
        "fields": {name: str(getattr(document, name) or "") for name in FIELDS},
        "meetings": {r.meeting.slug for r in document.meeting_reports.select_related("meeting")},
        "paragraphs": dict(document.paragraphs.values_list("anchor", "number")),
        "briefers": {(b.meeting.slug, b.briefer.name) for b in briefings},
        "recommendations": {
            (r.paragraph.anchor, r.number, r.text)
            for r in document.recommendations.select_related("paragraph")
        },
        "corrections": {
            f"{c.target} {c.key} {c.field}".replace("  ", " "): c.state
            for c in Correction.objects.filter(symbol=document.symbol, language=document.language)
        },
    }


def compare(symbol: str, language: str, before: dict, after: dict) -> Changes:
    c = Changes(symbol, language)
    for name in FIELDS:
        if before["fields"][name] != after["fields"][name]:
            c.fields.append((name, before["fields"][name], after["fields"][name]))
    c.meetings_added = sorted(after["meetings"] - before["meetings"])
    c.meetings_removed = sorted(before["meetings"] - after["meetings"])
    old, new = before["paragraphs"], after["paragraphs"]
    c.paragraphs_added = [a for a in new if a not in old]
    c.paragraphs_removed = [a for a in old if a not in new]
    c.renumbered = [(a, old[a], new[a]) for a in new if a in old and old[a] != new[a]]
    c.briefers_added = sorted(after["briefers"] - before["briefers"])
    c.briefers_removed = sorted(before["briefers"] - after["briefers"])
    recs = before["recommendations"] ^ after["recommendations"]
    c.recommendations_changed = sorted({anchor for anchor, _, _ in recs})
    for fact, state in after["corrections"].items():
        was = before["corrections"].get(fact)
        if was != state:
            c.corrections.append((fact, was or "-", state))
    return c


class _Rollback(Exception):
    pass


def _save_and_compare(document, parsed, *, dry_run, **save) -> Changes:
    from ingest.service import save_parsed

    result = None
    try:
        with transaction.atomic():
            before = snapshot(document)
            _, saved, _ = save_parsed(parsed, **save)
            result = compare(document.symbol, document.language, before, snapshot(saved))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def reparse(document: Document, *, dry_run: bool = False) -> Changes:
    """Read the document's stored original again with the current parser and save it."""
    from ingest.parsers.types import ParseError
    from ingest.service import parse_or_error, source_file_path

    path = source_file_path(document)
    if path is None:
        return Changes(document.symbol, document.language, error="no stored original file")
    parsed = parse_or_error(Path(path).read_bytes(), document.source_name, document.symbol)
    if isinstance(parsed, ParseError):
        return Changes(document.symbol, document.language, error=str(parsed))
    if (parsed.symbol, parsed.language) != (document.symbol, document.language):
        return Changes(
            document.symbol,
            document.language,
            error=f"the file now reads as {parsed.symbol} ({parsed.language})",
        )
    return _save_and_compare(
        document,
        parsed,
        dry_run=dry_run,
        sha=document.source_sha256,
        file_name=document.source_name,
        stored_path=document.source_path,
        source_format=document.source_format,
        force=True,
        reason="re-parsed on purpose (manage.py reparse)",
    )


def compare_upload(data: bytes, file_name: str, symbol: str = "") -> Changes | None:
    """What a new file would change in the document of the same symbol and language, or
    None when it is a new document (or the same file). Nothing is saved; a file that
    cannot be read gives its reason as the error."""
    from ingest.parsers.types import ParseError
    from ingest.service import parse_or_error, sha256_bytes

    parsed = parse_or_error(data, file_name, symbol)
    if isinstance(parsed, ParseError):
        return Changes(symbol or file_name, "", error=str(parsed))
    document = Document.objects.filter(symbol=parsed.symbol, language=parsed.language).first()
    sha = sha256_bytes(data)
    if document is None or document.source_sha256 == sha:
        return None
    return _save_and_compare(
        document, parsed, dry_run=True, sha=sha, file_name=file_name, index=False
    )


def documents_for(symbols) -> list[Document]:
    """The documents of these symbols (any of their symbols, every language), or all."""
    documents = Document.objects.order_by("symbol", "language")
    if not symbols:
        return list(documents)
    found = []
    for symbol in symbols:
        found += [d for d in Document.objects.by_symbol(symbol).order_by("language")]
    return list(dict.fromkeys(found))
