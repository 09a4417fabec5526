"""What the search index holds: documents, paragraphs, recommendations, meetings, briefers.

Every index has the same fields (the Whoosh schema is their union); archive.search_backend
gives each field its type. `text` is rendered from templates/search/indexes/archive/.
`doc_ids` ties an entry to the documents it was built from, so that re-ingesting one
document replaces exactly its entries.
"""

import re

from django.db.models import Prefetch
from haystack import indexes

from .models import Briefer, Briefing, Document, Meeting, Paragraph, Recommendation

_JOINT = re.compile(r"-(?=[A-Z]{1,4}/)")


def symbols_of(document) -> list[str]:
    """A document's symbols: main symbol, joint symbols, and each part of a joint symbol."""
    found = [document.symbol, *(s.symbol for s in document.symbols.all())]
    for symbol in list(found):
        found.extend(_JOINT.split(symbol))
    return list(dict.fromkeys(s for s in found if s))


class ArchiveIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True, use_template=True)
    chars = indexes.CharField(default="")  # the text again, for one-character queries
    symbol = indexes.MultiValueField()
    cites = indexes.MultiValueField()
    doc_ids = indexes.MultiValueField()
    doc_type = indexes.CharField(default="")
    organ = indexes.CharField(default="")
    language = indexes.CharField(default="")
    year = indexes.CharField(default="")
    date = indexes.DateField(null=True)
    title = indexes.CharField(default="", indexed=False)
    display_symbol = indexes.CharField(default="", indexed=False)
    number = indexes.CharField(default="", indexed=False)
    url = indexes.CharField(default="", indexed=False)
    stamp = indexes.CharField(default="", indexed=False)

    def prepare(self, obj):
        data = super().prepare(obj)
        data["text"] = data["chars"] = data["text"].strip()
        return data

    def prepare_url(self, obj):
        return obj.get_absolute_url()

    def _document_fields(self, document):
        return {
            "doc_type": document.doc_type,
            "organ": document.organ,
            "language": document.language,
            "year": str(document.date.year) if document.date else "",
            "display_symbol": document.symbol,
            "stamp": document.updated_at.isoformat() if document.updated_at else "",
        }


class DocumentIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Document

    def index_queryset(self, using=None):
        return Document.objects.prefetch_related("symbols", "citations")

    def prepare(self, obj):
        data = super().prepare(obj)
        data.update(self._document_fields(obj))
        data.update(
            symbol=symbols_of(obj),
            cites=sorted({c.symbol for c in obj.citations.all()}),
            doc_ids=[obj.pk],
            date=obj.date,
            title=obj.title,
        )
        return data


class ParagraphIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Paragraph

    def index_queryset(self, using=None):
        return Paragraph.objects.select_related("document").prefetch_related(
            "citations", "document__symbols"
        )

    def prepare(self, obj):
        data = super().prepare(obj)
        document = obj.document
        data.update(self._document_fields(document))
        data.update(
            symbol=symbols_of(document),
            cites=sorted({c.symbol for c in obj.citations.all()}),
            doc_ids=[document.pk],
            date=document.date,
            title=obj.section or document.title,
            number=obj.number,
        )
        return data


class RecommendationIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Recommendation

    def index_queryset(self, using=None):
        return Recommendation.objects.select_related("document", "paragraph").prefetch_related(
            "paragraph__citations", "document__symbols"
        )

    def prepare(self, obj):
        data = super().prepare(obj)
        document = obj.document
        data.update(self._document_fields(document))
        data.update(
            symbol=symbols_of(document),
            cites=sorted({c.symbol for c in obj.paragraph.citations.all()}),
            doc_ids=[document.pk],
            date=document.date,
            title=document.title,
            number=obj.number,
        )
        return data


class MeetingIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Meeting

    def index_queryset(self, using=None):
        # Foreign keys through select_related: prefetching them builds one OR term per
        # row, which SQLite refuses beyond 1000.
        briefings = Briefing.objects.select_related("briefer", "document").prefetch_related(
            "sources"
        )
        return Meeting.objects.select_related("topic").prefetch_related(
            "documents", Prefetch("briefings", queryset=briefings)
        )

    def prepare(self, obj):
        data = super().prepare(obj)
        documents = {d.pk: d for d in obj.documents.all()}
        for briefing in obj.briefings.all():
            documents[briefing.document.pk] = briefing.document
            documents.update((d.pk, d) for d in briefing.sources.all())
        reports = sorted(documents.values(), key=lambda d: (d.date is None, d.date, d.symbol))
        data.update(
            symbol=[obj.concept_note_symbol] if obj.concept_note_symbol else [],
            cites=sorted({d.symbol for d in reports}),
            doc_ids=sorted(documents),
            year=str(obj.year),
            date=obj.date,
            title=obj.title or obj.get_kind_display(),
            display_symbol=obj.concept_note_symbol or (reports[0].symbol if reports else ""),
        )
        return data


class BrieferIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Briefer

    def index_queryset(self, using=None):
        briefings = Briefing.objects.select_related("meeting").prefetch_related("sources")
        return Briefer.objects.prefetch_related(Prefetch("briefings", queryset=briefings))

    def prepare(self, obj):
        data = super().prepare(obj)
        briefings = list(obj.briefings.all())
        dates = sorted(b.meeting.date for b in briefings if b.meeting.date)
        data.update(
            doc_ids=sorted(
                {b.document_id for b in briefings}
                | {d.pk for b in briefings for d in b.sources.all()}
            ),
            date=dates[-1] if dates else None,
            year=str(dates[-1].year) if dates else "",
            title=obj.name,
        )
        return data
