"""Topics by rules: the Working Group's recurring themes (a short curated list of Topic
rows, Chinese and English names) assigned to meetings and paragraphs by their keywords.

A paragraph is on every topic one of whose keywords its text holds. A meeting is on the
one topic that scores best, at least 2: 3 when its title holds a keyword, plus 1 for each
paragraph reporting it that does; a meeting whose topic an editor chose
(`topic_by_editor`) keeps it. A document is on the topics of the meetings it reports.

Editors change the keywords in the admin and apply them again (an admin action, or
`manage.py apply_topic_rules`); ingest applies them to each document it saves.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import DocumentTopic, Meeting, MeetingReport, Paragraph, Topic

TITLE_SCORE = 3
MIN_SCORE = 2
CHUNK = 2000


@dataclass(frozen=True)
class Rule:
    topic_id: int
    keywords: tuple[str, ...]  # folded


CURATED = Path(__file__).resolve().parent / "data" / "topics.json"


def load_curated(update: bool = False, path=CURATED) -> tuple[int, int]:
    """Create the curated topics the database lacks (by slug); with `update`, reset the
    others' names and keywords to the file's. Returns (created, updated)."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    created = updated = 0
    for position, entry in enumerate(entries, 1):
        fields = {
            "name": entry["name"],
            "name_en": entry.get("name_en", ""),
            "keywords": "\n".join(entry.get("keywords", [])),
            "position": position,
        }
        topic = Topic.objects.filter(slug=entry["slug"]).first()
        if topic is None:
            Topic.objects.create(slug=entry["slug"], **fields)
            created += 1
        elif update:
            Topic.objects.filter(pk=topic.pk).update(**fields)
            updated += 1
    return created, updated


def fold(text: str) -> str:
    """NFKC, casefolded, without spaces: the text layer breaks lines inside words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def load_rules(topics=None) -> list[Rule]:
    topics = Topic.objects.order_by("position", "name") if topics is None else topics
    rules = []
    for topic in topics:
        words = tuple(w for w in dict.fromkeys(fold(k) for k in topic.keyword_list()) if w)
        if words:
            rules.append(Rule(topic.pk, words))
    return rules


def paragraph_topics(text: str, rules: list[Rule]) -> list[int]:
    folded = fold(text)
    return [r.topic_id for r in rules if any(w in folded for w in r.keywords)]


def meeting_topic(title: str, texts: list[str], rules: list[Rule]) -> int | None:
    """The best-scoring topic of a meeting (ties: the first in the list), or None."""
    folded_title = fold(title)
    folded = [fold(t) for t in texts]
    best, best_score = None, MIN_SCORE - 1
    for rule in rules:
        score = TITLE_SCORE if any(w in folded_title for w in rule.keywords) else 0
        score += sum(1 for t in folded if any(w in t for w in rule.keywords))
        if score > best_score:
            best, best_score = rule.topic_id, score
    return best


def assign_document(document, meetings, rules: list[Rule] | None = None) -> None:
    """Topics of a document's paragraphs, of the meetings it reports and of itself: what
    the ingest service calls inside its transaction, after writing them."""
    rules = load_rules() if rules is None else rules
    rows = document.paragraphs.values_list("pk", "text")
    _set_paragraph_topics(rows, rules)
    meetings = [m for m in meetings if m is not None]
    _set_meeting_topics(meetings, rules)
    # a meeting's topic may have changed for the other documents reporting it too
    others = MeetingReport.objects.filter(meeting__in=meetings).values_list(
        "document_id", flat=True
    )
    _set_document_topics({document.pk, *others})


def apply_all() -> dict:
    """Apply the rules again to every paragraph, meeting and document, in one transaction.
    Returns counts of what is now assigned."""
    from .views import fragments

    rules = load_rules()
    with transaction.atomic():
        Paragraph.topics.through.objects.all().delete()
        last = 0
        while True:
            rows = list(
                Paragraph.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "text")[:CHUNK]
            )
            if not rows:
                break
            _set_paragraph_topics(rows, rules, cleared=True)
            last = rows[-1][0]
        meetings = list(Meeting.objects.all())
        changed = _set_meeting_topics(meetings, rules)
        _set_document_topics(None)
        # A meeting's topic is in its search entry.
        import search

        search.objects_saved(changed)
    transaction.on_commit(fragments.clear)  # pages show topics: render them afresh
    return {
        "paragraphs": Paragraph.topics.through.objects.count(),
        "meetings": Meeting.objects.filter(topic__isnull=False).count(),
        "documents": DocumentTopic.objects.count(),
    }


def _set_paragraph_topics(rows, rules, cleared=False):
    through = Paragraph.topics.through
    rows = list(rows)
    if not cleared:
        through.objects.filter(paragraph_id__in=[pk for pk, _ in rows]).delete()
    through.objects.bulk_create(
        [
            through(paragraph_id=pk, topic_id=topic_id)
            for pk, text in rows
            for topic_id in paragraph_topics(text, rules)
        ],
        batch_size=1000,
    )


def _set_meeting_topics(meetings, rules):
    """Assign each meeting the topic its rules give; returns the meetings changed."""
    meetings = [m for m in meetings if not m.topic_by_editor]
    if not meetings:
        return []
    texts = {m.pk: [] for m in meetings}
    reported = MeetingReport.paragraphs.through.objects.filter(
        meetingreport__meeting_id__in=list(texts)
    ).values_list("meetingreport__meeting_id", "paragraph__text")
    for meeting_id, text in reported:
        texts[meeting_id].append(text)
    changed = []
    for m in meetings:
        topic_id = meeting_topic(m.title, texts[m.pk], rules)
        if topic_id != m.topic_id:
            m.topic_id = topic_id
            changed.append(m)
    Meeting.objects.bulk_update(changed, ["topic"], batch_size=500)
    return changed


def _set_document_topics(document_ids):
    """Each document is on the topics of the meetings it reports."""
    reports = MeetingReport.objects.filter(meeting__topic__isnull=False)
    old = DocumentTopic.objects.all()
    if document_ids is not None:
        reports = reports.filter(document_id__in=document_ids)
        old = old.filter(document_id__in=document_ids)
    old.delete()
    pairs = set(reports.values_list("document_id", "meeting__topic_id"))
    DocumentTopic.objects.bulk_create(
        [DocumentTopic(document_id=d, topic_id=t) for d, t in sorted(pairs)], batch_size=1000
    )


def topic_named(name: str) -> Topic:
    """The topic an editor names (a correction of a meeting's topic): the curated one of
    that Chinese or English name, else a new topic of that name (with a free slug)."""
    from django.utils.text import slugify

    name = (name or "").strip()[:300]
    topic = Topic.objects.filter(name=name).first() or Topic.objects.filter(name_en=name).first()
    if topic:
        return topic
    base = slugify(name, allow_unicode=True)[:100] or "topic"
    slug, n = base, 1
    while Topic.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Topic.objects.create(name=name, slug=slug)
