"""What the search index holds: documents, paragraphs, recommendations, meetings, briefers.

Every index has the same fields (the Whoosh schema is their union); search._syntax
gives each field its type. Each index's `prepare()` builds the whole entry in Python
(haystack's per-field loop and a template per entry cost more than the indexing itself
on a large rebuild); `text` is what a template would have rendered. `doc_ids` ties an
entry to the documents it was built from, so that re-ingesting one document replaces
exactly its entries.

`index_objects()` lists an index's objects for a full rebuild: in batches, with the
rows each entry needs prefetched and, for paragraphs and recommendations, one shared
document object per document (its fields are computed once).
"""

import hashlib

from django.db.models import Prefetch
from django.db.models.functions import Mod
from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from archive.models import Briefer, Briefing, Document, Meeting, Paragraph, Recommendation
from ingest.parsers.symbols import typed_joint_parts

BATCH = 200  # documents (or other objects) per query in index_objects()


def content_stamp(data: dict) -> str:
    """A hash of everything an entry holds: the index <-> database check compares it
    with the entry the database gives now (an edited paragraph, a renamed briefer)."""
    content = repr(sorted((k, v) for k, v in data.items() if k != "stamp"))
    return hashlib.blake2b(content.encode("utf-8"), digest_size=8).hexdigest()


def symbols_of(document) -> list[str]:
    """A document's symbols: main symbol, joint symbols, and each part of a joint symbol."""
    found = [document.symbol, *(s.symbol for s in document.symbols.all())]
    for symbol in list(found):
        found.extend(typed_joint_parts(symbol))
    return list(dict.fromkeys(s for s in found if s))


def _document_fields(document) -> dict:
    """The fields an entry takes from its document, computed once per document object."""
    cached = getattr(document, "_search_fields", None)
    if cached is None:
        cached = document._search_fields = {
            "doc_type": document.doc_type,
            "organ": document.organ,
            "language": document.language,
            "year": str(document.date.year) if document.date else "",
            "display_symbol": document.symbol,
            "symbol": symbols_of(document),
            "doc_ids": [document.pk],
            "date": document.date,
            "url": document.get_absolute_url(),
        }
    return cached


def _batches(queryset, share=0, shares=1, size=BATCH):
    """The queryset's objects in pk order, `size` at a time (prefetches run per batch);
    with shares > 1, those whose pk is `share` modulo `shares`."""
    if shares > 1:
        queryset = queryset.alias(share=Mod("pk", shares)).filter(share=share)
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        batch = list(page[:size])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


class ArchiveIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True)
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

    def entry(self, obj, *defaults, **fields) -> dict:
        """Every field: the index's defaults, then those of `defaults` (dicts), then
        `fields`."""
        data = {
            ID: f"archive.{obj._meta.model_name}.{obj.pk}",
            DJANGO_CT: f"archive.{obj._meta.model_name}",
            DJANGO_ID: str(obj.pk),
            "symbol": [],
            "cites": [],
            "doc_ids": [],
            "doc_type": "",
            "organ": "",
            "language": "",
            "year": "",
            "date": None,
            "title": "",
            "display_symbol": "",
            "number": "",
            "url": "",
            "stamp": "",
        }
        for more in defaults:
            data.update(more)
        data.update(fields)
        data["text"] = data["text"].strip()
        return data

    def full_prepare(self, obj, with_string_facet=True):
        data = self.prepared_data = self.prepare(obj)
        if data["date"] is None:  # null=True: absent rather than empty
            del data["date"]
        data["stamp"] = content_stamp(data)
        return data

    def index_objects(self, share=0, shares=1):
        """The objects to index on a full rebuild (one share of them: see _batches)."""
        return _batches(self.index_queryset(), share, shares)

    def objects_of(self, document_ids):
        """The objects built from these documents (documents, their paragraphs and
        recommendations; meetings and briefers are found through their links)."""
        raise NotImplementedError


class DocumentIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Document

    def index_queryset(self, using=None):
        return Document.objects.prefetch_related("symbols", "citations")

    def objects_of(self, document_ids):
        return _batches(self.index_queryset().filter(pk__in=document_ids))

    def prepare(self, obj):
        own = [s.symbol for s in obj.symbols.all() if s.symbol != obj.symbol]
        text = f"{' '.join([obj.symbol, *own])}\n{obj.title}\n"
        text += f"{obj.get_doc_type_display()} {obj.agenda_item}"
        return self.entry(
            obj,
            _document_fields(obj),
            text=text,
            cites=sorted({c.symbol for c in obj.citations.all()}),
            title=obj.title,
        )


def _documents_with(related, queryset, share=0, shares=1, document_ids=None):
    """Documents in batches, with `related` (paragraphs or recommendations) prefetched
    and pointing back at the one document object."""
    documents = Document.objects.prefetch_related("symbols", Prefetch(related, queryset=queryset))
    if document_ids is not None:
        documents = documents.filter(pk__in=document_ids)
    for document in _batches(documents, share, shares, size=BATCH // 4):
        yield from getattr(document, related).all()


class ParagraphIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Paragraph

    def index_queryset(self, using=None):
        return Paragraph.objects.select_related("document").prefetch_related(
            "citations", "document__symbols"
        )

    def index_objects(self, share=0, shares=1, document_ids=None):
        paragraphs = Paragraph.objects.prefetch_related("citations").order_by("pk")
        return _documents_with("paragraphs", paragraphs, share, shares, document_ids)

    def objects_of(self, document_ids):
        return self.index_objects(document_ids=document_ids)

    def prepare(self, obj):
        document = obj.document
        fields = _document_fields(document)
        return self.entry(
            obj,
            fields,
            text=obj.text,
            cites=sorted({c.symbol for c in obj.citations.all()}),
            title=obj.section or document.title,
            number=obj.number,
            url=f"{fields['url']}#{obj.anchor}",
        )


class RecommendationIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Recommendation

    def index_queryset(self, using=None):
        return Recommendation.objects.select_related("document", "paragraph").prefetch_related(
            "paragraph__citations", "document__symbols"
        )

    def objects_of(self, document_ids):
        return self.index_objects(document_ids=document_ids)

    def index_objects(self, share=0, shares=1, document_ids=None):
        recommendations = (
            Recommendation.objects.select_related("paragraph")
            .prefetch_related("paragraph__citations")
            .order_by("pk")
        )
        return _documents_with("recommendations", recommendations, share, shares, document_ids)

    def prepare(self, obj):
        document = obj.document
        fields = _document_fields(document)
        return self.entry(
            obj,
            fields,
            text=obj.text,
            cites=sorted({c.symbol for c in obj.paragraph.citations.all()}),
            title=document.title,
            number=obj.number,
            url=f"{fields['url']}#{obj.paragraph.anchor}",
        )


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
        briefings = list(obj.briefings.all())
        documents = {d.pk: d for d in obj.documents.all()}
        for briefing in briefings:
            documents[briefing.document.pk] = briefing.document
            documents.update((d.pk, d) for d in briefing.sources.all())
        reports = sorted(documents.values(), key=lambda d: (d.date is None, d.date, d.symbol))
        day = f"{obj.date:%Y-%m-%d}" if obj.date else ""
        topic = obj.topic.name if obj.topic else ""
        text = f"{obj.title}\n{obj.get_kind_display()} {day} {topic}\n{obj.concept_note_symbol}\n"
        text += "".join(f"{b.role} {b.briefer.name} {b.honorific}\n" for b in briefings)
        return self.entry(
            obj,
            text=text,
            symbol=[obj.concept_note_symbol] if obj.concept_note_symbol else [],
            cites=sorted({d.symbol for d in reports}),
            doc_ids=sorted(documents),
            year=str(obj.year),
            date=obj.date,
            title=obj.title or obj.get_kind_display(),
            display_symbol=obj.concept_note_symbol or (reports[0].symbol if reports else ""),
            url=obj.get_absolute_url(),
        )


class BrieferIndex(ArchiveIndex, indexes.Indexable):
    def get_model(self):
        return Briefer

    def index_queryset(self, using=None):
        briefings = Briefing.objects.select_related("meeting").prefetch_related("sources")
        return Briefer.objects.prefetch_related(Prefetch("briefings", queryset=briefings))

    def prepare(self, obj):
        briefings = list(obj.briefings.all())
        dates = sorted(b.meeting.date for b in briefings if b.meeting.date)
        return self.entry(
            obj,
            text=f"{obj.name}\n" + "".join(f"{b.role}\n" for b in briefings),
            doc_ids=sorted(
                {b.document_id for b in briefings}
                | {d.pk for b in briefings for d in b.sources.all()}
            ),
            date=dates[-1] if dates else None,
            year=str(dates[-1].year) if dates else "",
            title=obj.name,
            url=obj.get_absolute_url(),
        )


def linked_objects(document_ids, earlier=None) -> list:
    """(search index, object) for everything whose entries are built from these documents:
    the documents, their paragraphs and recommendations, then the meetings and briefers
    linked to them (reports, briefings and their sources), each once, in pk order.
    `earlier` ({Meeting: pks, Briefer: pks}): those an engine's index holds as linked to
    the documents before an edit, which are built again from what is left (those deleted
    since are absent)."""
    from django.db.models import Q
    from haystack import connections

    unified = connections["default"].get_unified_index()
    document_ids = list(document_ids)
    earlier = earlier or {}
    pairs = []
    for model in (Document, Paragraph, Recommendation):
        index = unified.get_index(model)
        pairs += [(index, obj) for obj in index.objects_of(document_ids)]
    stated = Q(briefings__document_id__in=document_ids) | Q(briefings__sources__in=document_ids)
    now = {
        Meeting: Meeting.objects.filter(Q(reports__document_id__in=document_ids) | stated),
        Briefer: Briefer.objects.filter(
            Q(briefings__meeting__reports__document_id__in=document_ids) | stated
        ),
    }
    for model, linked in now.items():
        pks = set(earlier.get(model, ())) | set(linked.values_list("pk", flat=True))
        if pks:
            index = unified.get_index(model)
            pairs += [(index, obj) for obj in index.index_queryset().filter(pk__in=sorted(pks))]
    return pairs
