"""The filters of the list pages, read from a query string; the same ones serve the JSON API
and the exports, so that a list, its API answer and its export hold the same rows.

Each filter class reads its fields from a QueryDict (or any mapping of strings), refuses a
value it cannot understand with `FilterError` (a message the user can act on), and applies
itself to a queryset. An empty or absent value means "no filter".
"""

import datetime as dt
import re
from dataclasses import dataclass, fields

from django.db.models import F
from django.utils.translation import gettext as _

from .models import Briefing, Document, Meeting, Recommendation

_YEAR = re.compile(r"^[0-9]{4}$")
_ID = re.compile(r"^[0-9]{1,18}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SLUG = re.compile(r"^[^/\x00]{1,120}$")

DOCUMENT_ORDER = [F("date").desc(nulls_last=True), "symbol", "language"]


class FilterError(ValueError):
    """A filter value the archive cannot use; the message says what it expects."""


def _year(value):
    if not _YEAR.match(value):
        raise FilterError(_("year must be a four-digit year, e.g. ?year=2016"))
    return int(value)


def _choice(name, value, choices):
    if value not in choices:
        raise FilterError(
            _("%(name)s must be one of: %(choices)s")
            % {"name": name, "choices": ", ".join(c for c in choices if c)}
        )
    return value


def _pattern(name, value, pattern, example):
    if not pattern.match(value):
        raise FilterError(
            _("%(name)s is not valid, e.g. ?%(example)s") % {"name": name, "example": example}
        )
    return value


@dataclass(frozen=True)
class _Filter:
    @classmethod
    def from_query(cls, query, *, empty_is_none=True):
        """The filter from a query string's values; FilterError for a value it cannot use.
        An empty value means no filter (as a form sends it) unless `empty_is_none` is off
        (the API refuses `?year=`)."""
        values = {}
        for f in fields(cls):
            raw = query.get(f.name)
            if raw is None or (raw == "" and empty_is_none):
                continue
            values[f.name] = cls.parse(f.name, str(raw).strip())
        return cls(**values)

    def params(self):
        """The filter as query parameters (only those set), for links and exports."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: str(v) for name, v in values.items() if v is not None and v != ""}

    def __bool__(self):
        return bool(self.params())


@dataclass(frozen=True)
class DocumentFilter(_Filter):
    """Documents (language versions): type, year of issue, organ, language, topic."""

    doc_type: str = ""
    year: int | None = None
    organ: str = ""
    language: str = ""
    topic: str = ""

    @staticmethod
    def parse(name, value):
        if name == "doc_type":
            return _choice(name, value, Document.DocType.values)
        if name == "organ":
            return _choice(name, value, [v for v in Document.Organ.values if v])
        if name == "year":
            return _year(value)
        if name == "language":
            return _pattern(name, value.lower(), _LANGUAGE, "language=zh")
        return _pattern(name, value, _SLUG, "topic=technology")

    def apply(self, documents, prefix=""):
        lookups = {}
        if self.doc_type:
            lookups[f"{prefix}doc_type"] = self.doc_type
        if self.organ:
            lookups[f"{prefix}organ"] = self.organ
        if self.language:
            lookups[f"{prefix}language"] = self.language
        if self.year is not None:
            if not 1 <= self.year <= 9998:
                return documents.none()
            # a date range, not __year: it uses the index on date
            lookups[f"{prefix}date__gte"] = dt.date(self.year, 1, 1)
            lookups[f"{prefix}date__lt"] = dt.date(self.year + 1, 1, 1)
        if self.topic:
            lookups[f"{prefix}document_topics__topic__slug"] = self.topic
        return documents.filter(**lookups)

    def documents(self):
        """The filtered documents, newest first (the order of the documents page)."""
        return self.apply(Document.objects.all()).order_by(*DOCUMENT_ORDER)

    def recommendations(self):
        """Recommendations of the filtered documents, by document then paragraph."""
        recs = self.apply(Recommendation.objects.all(), prefix="document__")
        return recs.order_by(
            F("document__date").desc(nulls_last=True),
            "document__symbol",
            "document__language",
            "paragraph__order",
        )


@dataclass(frozen=True)
class MeetingFilter(_Filter):
    """Meetings: year, kind, topic (slug), briefer (id)."""

    year: int | None = None
    kind: str = ""
    topic: str = ""
    briefer: int | None = None

    @staticmethod
    def parse(name, value):
        if name == "year":
            return _year(value)
        if name == "kind":
            return _choice(name, value, Meeting.Kind.values)
        if name == "briefer":
            return int(_pattern(name, value, _ID, "briefer=12"))
        return _pattern(name, value, _SLUG, "topic=technology")

    def apply(self, meetings, prefix=""):
        lookups = {}
        if self.year is not None:
            lookups[f"{prefix}year"] = self.year
        if self.kind:
            lookups[f"{prefix}kind"] = self.kind
        if self.topic:
            lookups[f"{prefix}topic__slug"] = self.topic
        if self.briefer is not None:
            lookups[f"{prefix}briefings__briefer_id"] = self.briefer
        return meetings.filter(**lookups)

    def meetings(self):
        """The filtered meetings in archive order (year, date with undated first, seq)."""
        return self.apply(Meeting.objects.all()).order_by(
            "year", F("date").asc(nulls_first=True), "seq", "pk"
        )

    def briefings(self):
        """Briefings at the filtered meetings (one row per briefer per meeting); with
        `briefer`, only that briefer's."""
        briefings = Briefing.objects.all()
        if self.briefer is not None:
            briefings = briefings.filter(briefer_id=self.briefer)
        plain = MeetingFilter(year=self.year, kind=self.kind, topic=self.topic)
        return plain.apply(briefings, prefix="meeting__").order_by(
            "meeting__year",
            F("meeting__date").asc(nulls_first=True),
            "meeting__seq",
            "meeting_id",
            "order",
            "pk",
        )
