"""The meetings, briefers and briefings of one parsed document, written inside the
ingest service's transaction (`ingest.service.save_parsed`) in a fixed number of queries
per table, whatever the number of meetings: bulk ingest saves tens of documents a second.

Meetings are shared between documents: a report and the concept note of the same meeting
both point to one Meeting row (same date, compatible kind), as do briefers (by name key).
"""

from __future__ import annotations

from django.db.models import Q

from archive.models import Briefer, Briefing, Meeting, MeetingReport
from archive.pinyin import sort_key
from ingest.parsers.types import ParsedDocument, ParsedMeeting
from ingest.rows import insert_rows


def meeting_year(parsed: ParsedDocument, pm: ParsedMeeting) -> int | None:
    if pm.date:
        return pm.date.year
    for value in (parsed.period_start, parsed.period_end, parsed.date):
        if value:
            return value.year
    return None


def _candidates(parsed: ParsedDocument) -> list[Meeting]:
    """Every existing meeting one of the document's meetings could be, in one query:
    those on its dates, and the undated ones of its years (locked until commit)."""
    dates = {pm.date for pm in parsed.meetings if pm.date}
    years = {meeting_year(parsed, pm) for pm in parsed.meetings if not pm.date} - {None}
    where = Q(pk__in=[])
    if dates:
        where |= Q(date__in=dates)
    if years:
        where |= Q(date__isnull=True, year__in=years)
    return list(Meeting.objects.select_for_update().filter(where))


def _same_meeting(candidates, pm: ParsedMeeting, year: int) -> tuple[Meeting | None, int]:
    """The meeting `pm` reports among `candidates` (same date, or undated of the same year
    and kind; kinds agree or one is "other"), and the next free sequence number."""
    if pm.date:
        same = [m for m in candidates if m.date == pm.date]
    else:
        same = [m for m in candidates if m.date is None and m.year == year and m.kind == pm.kind]
    same.sort(key=lambda m: m.seq)
    for meeting in same:
        if meeting.kind == pm.kind or "other" in (meeting.kind, pm.kind):
            return meeting, 0
    return None, max((m.seq for m in same), default=0) + 1


def _fill(meeting: Meeting, pm: ParsedMeeting) -> bool:
    """A later report may know more than an earlier one: fill what is blank."""
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
    return changed


def write_meetings(document, parsed, paragraphs) -> list[Meeting | None]:
    """The document's meetings (found or created, one per parsed meeting, None when it
    has no year), its MeetingReports with their paragraphs, and its briefings."""
    candidates = _candidates(parsed) if parsed.meetings else []
    meetings: list[Meeting | None] = []
    reports: dict[int, set[int]] = {}  # meeting pk -> paragraph pks
    for pm in parsed.meetings:
        year = meeting_year(parsed, pm)
        if year is None:
            meetings.append(None)
            continue
        meeting, seq = _same_meeting(candidates, pm, year)
        if meeting is None:
            meeting = Meeting(date=pm.date, year=year, seq=seq, kind=pm.kind)
            _fill(meeting, pm)
            meeting.save(force_insert=True)
            candidates.append(meeting)
        elif _fill(meeting, pm):
            meeting.save()
        meetings.append(meeting)
        report = reports.setdefault(meeting.pk, set())
        report.update(paragraphs[a] for a in pm.anchors if a in paragraphs)
    created = MeetingReport.objects.bulk_create(
        MeetingReport(meeting_id=pk, document=document) for pk in reports
    )
    insert_rows(
        MeetingReport.paragraphs.through,
        ["meetingreport", "paragraph"],
        [(r.pk, paragraph) for r in created for paragraph in sorted(reports[r.meeting_id])],
    )
    write_briefings(document, parsed, meetings)
    return meetings


def write_briefings(document, parsed, meetings):
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
    briefers = briefers_by_key(names)
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
                stated_name_key=key,
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


def briefers_by_key(names: dict[str, str]) -> dict[str, Briefer]:
    """{name key: Briefer} for these {name key: name as written}: a name an editor made
    the alias of a briefer goes to that briefer (editorial.identity); the others to the
    briefer of that name key, created when new."""
    from editorial.identity import aliased_briefers

    found = aliased_briefers(names)
    missing = {key: name for key, name in names.items() if key not in found}
    if missing:
        Briefer.objects.bulk_create(
            [
                Briefer(name=name, name_key=key, sort_key=sort_key(name))
                for key, name in missing.items()
            ],
            ignore_conflicts=True,
        )
        found.update((b.name_key, b) for b in Briefer.objects.filter(name_key__in=missing))
    return found
