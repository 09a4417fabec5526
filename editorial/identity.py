"""Who is who among briefers: aliases, merges and splits made by editors, and the
suggestions of likely same persons the admin offers them (never merged by itself).

A merge keeps one Briefer row: the other's briefings move to it and its name becomes an
alias, so a document that names the person either way, ingested again later, is credited
to the same briefer (`ingest.save_meetings.briefers_by_key` asks `aliased_briefers`).
A split undoes that for one alias: a new briefer of that name gets back the briefings
stated under it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from archive.models import Briefer, Briefing, Document

from .models import BrieferAlias, Correction


class IdentityError(ValueError):
    """A merge or split that cannot be made; the message says why, for an editor."""


def aliased_briefers(names) -> dict[str, Briefer]:
    """{name key: Briefer} for the keys among `names` that are an alias of a briefer."""
    if not names:
        return {}
    aliases = BrieferAlias.objects.filter(name_key__in=list(names)).select_related("briefer")
    return {a.name_key: a.briefer for a in aliases}


def _documents_of(briefer_ids) -> set[int]:
    return set(
        Document.objects.filter(briefing_sources__briefer_id__in=briefer_ids).values_list(
            "pk", flat=True
        )
    )


def merge(keep: Briefer, other: Briefer, *, user=None) -> Briefer:
    """`other` is the same person as `keep`: one briefer from now on, under `keep`'s name."""
    from ingest.service import record_change

    if keep.pk == other.pk:
        raise IdentityError("a briefer cannot be merged with itself")
    with transaction.atomic():
        keep = Briefer.objects.select_for_update().get(pk=keep.pk)
        other = Briefer.objects.select_for_update().get(pk=other.pk)
        documents = _documents_of([keep.pk, other.pk])
        kept = {b.meeting_id: b for b in Briefing.objects.filter(briefer=keep)}
        for briefing in Briefing.objects.filter(briefer=other).prefetch_related("sources"):
            same = kept.get(briefing.meeting_id)
            if same is None:
                briefing.briefer = keep
                briefing.save(update_fields=["briefer"])
                continue
            # Both were at the same meeting: one briefing, stated by both documents.
            same.sources.add(*briefing.sources.all())
            if len(briefing.role) > len(same.role):
                same.role = briefing.role
                same.save(update_fields=["role"])
            briefing.delete()
        BrieferAlias.objects.filter(briefer=other).update(briefer=keep)
        # The other's own name corrections would rename the kept briefer: they end here.
        Correction.objects.filter(
            target=Correction.Target.BRIEFER, key=other.name_key, state="active"
        ).update(state="retired", state_note=f"merged into {keep.name}")
        name, key = other.name, other.name_key
        other._change_reason = f"merged into {keep.name} ({keep.pk})"
        other._history_user = user
        other.delete()
        BrieferAlias.objects.create(briefer=keep, name=name, name_key=key)
        record_change(documents, f"briefers merged: {keep.name} = {name}", user=user)
    return keep


def split(briefer: Briefer, alias: BrieferAlias, *, user=None) -> Briefer:
    """The alias names another person: a briefer of its own, with the briefings stated
    under that name."""
    from ingest.service import record_change

    if alias.briefer_id != briefer.pk:
        raise IdentityError(f"{alias.name} is not an alias of {briefer.name}")
    with transaction.atomic():
        documents = _documents_of([briefer.pk])
        name, key = alias.name, alias.name_key
        alias._history_user = user
        alias.delete()
        new = Briefer(name=name, name_key=key)
        new._change_reason = f"split from {briefer.name} ({briefer.pk})"
        new._history_user = user
        new.save()
        Briefing.objects.filter(briefer=briefer, stated_name_key=key).update(briefer=new)
        record_change(documents, f"briefers split: {name} is not {briefer.name}", user=user)
    return new


# --- suggestions --------------------------------------------------------------------------

HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Suggestion:
    a: Briefer
    b: Briefer
    reasons: list[str] = field(default_factory=list)


def latin_key(name: str) -> str:
    """Letters only, lower case, accents gone: 'Hervé  Ladsous' -> 'herveladsous'."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if c.isascii() and c.isalpha()).lower()


def spellings(name: str) -> set[str]:
    """The Latin letter strings a name may be written as: a Han name by its pinyin,
    family name first or last (陈伟雄 -> chenweixiong, weixiongchen); a Latin name by its
    letters, in its order and with the last word first."""
    if HAN.search(name):
        from pypinyin import lazy_pinyin

        syllables = [s for s in lazy_pinyin(name.replace("·", "").replace("・", "")) if s.strip()]
        syllables = [latin_key(s) for s in syllables]
        if not syllables:
            return set()
        return {"".join(syllables), "".join(syllables[1:] + syllables[:1])}
    words = [latin_key(w) for w in re.split(r"[\s,]+", name) if latin_key(w)]
    if not words:
        return set()
    return {"".join(words), "".join(words[-1:] + words[:-1])}


def _role_words(role: str) -> set[str]:
    if HAN.search(role):
        return {role.strip()} if role.strip() else set()
    return {w for w in re.findall(r"[a-z]{4,}", role.lower())}


def suggestions(limit: int = 100) -> list[Suggestion]:
    """Pairs of briefers that are likely one person: the same name in Han characters and
    in Latin letters (by pinyin), or written with other accents or word order; a role in
    common is given as a further reason."""
    briefers = list(Briefer.objects.prefetch_related("briefings").order_by("pk"))
    by_spelling: dict[str, list[Briefer]] = {}
    for b in briefers:
        for s in spellings(b.name):
            by_spelling.setdefault(s, []).append(b)
    pairs: dict[tuple[int, int], Suggestion] = {}
    for group in by_spelling.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.pk == b.pk:
                    continue
                pair = (min(a.pk, b.pk), max(a.pk, b.pk))
                if pair not in pairs:
                    han = HAN.search(a.name + b.name)
                    reason = _("same name in pinyin") if han else _("same name")
                    pairs[pair] = Suggestion(*sorted((a, b), key=lambda x: x.pk), [reason])
    for s in pairs.values():
        roles_a = set().union(*(_role_words(x.role) for x in s.a.briefings.all()))
        roles_b = set().union(*(_role_words(x.role) for x in s.b.briefings.all()))
        if roles_a & roles_b:
            s.reasons.append(_("same role or organisation"))
    return sorted(pairs.values(), key=lambda s: (-len(s.reasons), s.a.name))[:limit]


def suggestions_for(briefer: Briefer) -> list[Suggestion]:
    return [s for s in suggestions(limit=10_000) if briefer.pk in (s.a.pk, s.b.pk)]


__all__ = [
    "IdentityError",
    "Suggestion",
    "aliased_briefers",
    "merge",
    "split",
    "spellings",
    "suggestions",
    "suggestions_for",
]
