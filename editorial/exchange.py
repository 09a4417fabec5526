"""The editorial records in the archive's export (ingest.backup) and back: corrections
and briefer aliases, by natural keys only. A correction also names the row it sits on
(`on`), so that an import puts its mark on the same fact without a re-parse."""

from __future__ import annotations

import datetime as dt

from archive.models import Briefer, Briefing, Document, Paragraph, Recommendation

from .corrections import MODELS, T
from .models import BrieferAlias, Correction

CORRECTION_FIELDS = [
    "symbol",
    "language",
    "target",
    "key",
    "context",
    "field",
    "parser_value",
    "value",
    "reason",
    "state",
    "state_note",
]


def export_editorial() -> dict:
    rows = {}
    for c in Correction.objects.exclude(object_id=None):
        rows.setdefault(c.target, set()).add(c.object_id)
    on = {t: _row_keys(t, ids) for t, ids in rows.items()}
    return {
        "corrections": [
            {
                **{name: getattr(c, name) for name in CORRECTION_FIELDS},
                "on": on.get(c.target, {}).get(c.object_id),
                "user": c.user.get_username() if c.user_id else None,
                "created_at": c.created_at.isoformat(),
            }
            for c in Correction.objects.select_related("user").order_by("pk")
        ],
        "briefer_aliases": [
            {"briefer": a.briefer.name_key, "name": a.name, "name_key": a.name_key}
            for a in BrieferAlias.objects.select_related("briefer").order_by("name_key")
        ],
    }


def _row_keys(target, ids) -> dict[int, list]:
    rows = MODELS[target].objects.filter(pk__in=ids)
    if target == T.DOCUMENT:
        return {d.pk: [d.symbol, d.language] for d in rows}
    if target == T.MEETING:
        return {m.pk: [m.slug] for m in rows}
    if target == T.BRIEFER:
        return {b.pk: [b.name_key] for b in rows}
    if target == T.BRIEFING:
        rows = rows.select_related("meeting", "briefer")
        return {b.pk: [b.meeting.slug, b.briefer.name_key] for b in rows}
    rows = (
        rows.select_related("document")
        if target == T.PARAGRAPH
        else rows.select_related("document", "paragraph")
    )
    anchor = (lambda r: r.anchor) if target == T.PARAGRAPH else (lambda r: r.paragraph.anchor)
    return {r.pk: [r.document.symbol, r.document.language, anchor(r)] for r in rows}


def _find_row(target, on):
    from archive import queries

    if not on:
        return None
    if target == T.DOCUMENT:
        return Document.objects.filter(symbol=on[0], language=on[1]).first()
    if target == T.MEETING:
        return queries.meeting_by_slug(on[0])
    if target == T.BRIEFER:
        return Briefer.objects.filter(name_key=on[0]).first()
    if target == T.BRIEFING:
        meeting = queries.meeting_by_slug(on[0])
        return Briefing.objects.filter(meeting=meeting, briefer__name_key=on[1]).first()
    where = {"document__symbol": on[0], "document__language": on[1]}
    if target == T.PARAGRAPH:
        return Paragraph.objects.filter(anchor=on[2], **where).first()
    return Recommendation.objects.filter(paragraph__anchor=on[2], **where).first()


def import_editorial(data: dict) -> dict:
    """Inside the import's transaction, after the archive's rows are in."""
    from django.contrib.auth import get_user_model

    users = {u.get_username(): u for u in get_user_model().objects.all()}
    briefers = {b.name_key: b for b in Briefer.objects.all()}
    aliases = data.get("briefer_aliases", [])
    BrieferAlias.objects.bulk_create(
        BrieferAlias(briefer=briefers[a["briefer"]], name=a["name"], name_key=a["name_key"])
        for a in aliases
    )
    corrections = data.get("corrections", [])
    for c in corrections:
        row = _find_row(c["target"], c.get("on"))
        made = Correction.objects.create(
            **{name: c[name] for name in CORRECTION_FIELDS},
            object_id=row.pk if row is not None else None,
            user=users.get(c.get("user")),
        )
        if c.get("created_at"):  # auto_now_add would say "corrected today"
            when = dt.datetime.fromisoformat(c["created_at"])
            Correction.objects.filter(pk=made.pk).update(created_at=when)
    return {"corrections": len(corrections), "briefer_aliases": len(aliases)}
