"""Documents: one document (paragraphs paged by part, within a bound on the answer's
size), the list of documents, their recommendations, and citations."""

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router

from ingest.parsers.symbols import normalize_symbol

from .. import queries, references
from ..filters import DocumentFilter, FilterError
from ..links import undocs_url
from . import records, schemas
from .errors import ApiError
from .paging import paginated

router = Router(tags=["documents"])

ERRORS = {400: schemas.Error, 404: schemas.Error}
LANG = Query(None, description="Language version: zh, en, ... (default: the interface's)")
YEAR = Query(None, description="Year of issue, e.g. 2017", pattern=r"^[0-9]{4}$")
PAGE = Query(None, description="Page number, from 1")
TYPE = Query(None, description="Document type, e.g. report, concept_note")
ORGAN = Query(None, description="SC or GA")
LANGUAGE = Query(None, description="Only versions in this language, e.g. zh")
TOPIC = Query(None, description="Topic slug")


def document_filter(request):
    try:
        return DocumentFilter.from_query(request.GET, empty_is_none=False)
    except FilterError as exc:
        raise ApiError(400, str(exc)) from None


def _versions(symbol):
    """(normalized key, the document's language versions); 404 with who cites it if the
    archive does not hold it."""
    key = normalize_symbol(symbol.rstrip("/")) if "\x00" not in symbol else ""
    versions = queries.document_versions(key) if key else []
    if versions:
        return key, versions
    cited_by, _count = queries.citing_symbols([key]) if key else ([], 0)
    if cited_by:  # cited but not held: say who cites it
        raise ApiError(
            404,
            _("%(symbol)s is not in the archive, but documents in it cite it") % {"symbol": key},
            symbol=key,
            cited_by=cited_by,
            official_text=undocs_url(key),
        )
    raise ApiError(
        404, _("No document with the symbol %(symbol)s in the archive") % {"symbol": repr(symbol)}
    )


@router.get(
    "/documents/{path:symbol}",
    response={200: schemas.Document, **ERRORS},
    url_name="api_document",
    summary="One document",
)
def document(
    request,
    symbol: str,
    lang: str = LANG,
    part: str = Query(None, description="Only paragraphs of this part: letter, body, annex"),
    after: str = Query(
        None, description="Paging of paragraphs: the value given in paragraphs_next"
    ),
):
    """A document in one language version, with its meetings, recommendations, citations
    both ways and its paragraphs. A long document's paragraphs come a page at a time (at
    most 1,000 paragraphs and about a million characters): `parts` counts them by part
    (letter, body, annex), `?part=` keeps one part, `paragraphs_next` is the next page."""
    from archive import api

    key, versions = _versions(symbol)
    doc = queries.pick_version(versions, lang)
    symbols = queries.symbols_of(doc)
    cited_by, cited_by_count = queries.citing_symbols(symbols, exclude_ids=[v.pk for v in versions])
    meetings = records.with_meeting_relations(queries.meetings_reported_in(doc))
    # rows, not models: a thousand Paragraph instances cost more than the query
    paragraphs = doc.paragraphs.order_by("order").values_list(
        "order", "number", "anchor", "kind", "part", "text", named=True
    )
    if part is not None:
        paragraphs = paragraphs.filter(part=part)
    if after is not None:
        if not (after.isascii() and after.isdigit()):
            raise ApiError(400, _("after must be the value given in paragraphs_next"))
        paragraphs = paragraphs.filter(order__gt=int(after))
    page, more = _paragraph_page(paragraphs, api.PARAGRAPHS_PER_RESPONSE, api.TEXT_PER_RESPONSE)
    counts = _part_counts(doc)
    total = sum(counts.values()) if part is None else counts.get(part, 0)
    here = reverse("archive:api_document", args=[doc.symbol])
    return {
        "symbol": doc.symbol,
        "symbols": symbols,
        "language": doc.language,
        "languages": [v.language for v in versions],
        "doc_type": doc.doc_type,
        "title": doc.title,
        "date": doc.date,
        "url": request.build_absolute_uri(doc.get_absolute_url()),
        "meetings": [records.meeting(request, m) for m in meetings],
        "recommendations": [
            {
                "paragraph": r.paragraph.number or r.number,
                "text": r.text,
                "url": request.build_absolute_uri(r.get_absolute_url()),
            }
            for r in queries.document_recommendations(doc)
        ],
        "cites": queries.cited_symbols(doc),
        # the latest citing documents (queries.CITING_LIMIT), and how many in all
        "cited_by": cited_by,
        "cited_by_count": cited_by_count,
        "paragraphs": [
            {"number": p.number, "anchor": p.anchor, "kind": p.kind, "text": p.text} for p in page
        ],
        "paragraph_parts": {p.anchor: p.part for p in page},
        "id": f"{doc.symbol}@{doc.language}",
        "api_url": records.document_api_url(request, doc),
        "official_text": undocs_url(doc.symbol),
        "original_language": doc.original_language,
        "organ": doc.organ,
        "ga_session": doc.ga_session,
        "agenda_item": doc.agenda_item,
        "period_start": doc.period_start,
        "period_end": doc.period_end,
        "job_number": doc.job_number,
        "distribution": doc.distribution,
        "pages": doc.page_count,
        "source_name": doc.source_name,
        "source_url": (
            request.build_absolute_uri(reverse("ingest:source", args=[doc.pk]))
            if doc.source_path
            else None
        ),
        "language_versions": [
            {
                "language": v.language,
                "url": records.document_page_url(request, v),
                "api_url": records.document_api_url(request, v),
            }
            for v in versions
        ],
        "citation_url": records.absolute(
            request, reverse("archive:api_citation"), symbol=doc.symbol, lang=doc.language
        ),
        "parts": [
            {
                "part": name,
                "count": n,
                "api_url": records.absolute(request, here, lang=doc.language, part=name),
            }
            for name, n in counts.items()
        ],
        "paragraph_count": total,
        "paragraphs_next": (
            records.absolute(request, here, lang=doc.language, part=part, after=page[-1].order)
            if more
            else None
        ),
        "corrections": records.document_corrections(doc),
    }


def _part_counts(doc):
    """{part: number of paragraphs}, kept in the cache while the document is unchanged:
    counting a million paragraphs takes most of a page's time, and a reader paging
    through the document asks for it with every page."""
    updated = doc.updated_at.isoformat() if doc.updated_at else ""
    key = f"archive:api:parts:{doc.pk}:{doc.source_sha256}:{updated}"
    counts = cache.get(key)
    if counts is None:
        rows = doc.paragraphs.values_list("part").annotate(n=Count("pk")).order_by("part")
        counts = dict(rows)
        cache.set(key, counts, 24 * 3600)
    return counts


def _paragraph_page(paragraphs, limit, text_budget):
    """(The first paragraphs up to `limit` of them and `text_budget` characters, always at
    least one; whether more follow). Reads at most `limit` + 1 rows."""
    page, size = [], 0
    for p in paragraphs[: limit + 1]:
        size += len(p.text)
        if len(page) == limit or (page and size > text_budget):
            return page, True
        page.append(p)
    return page, False


def _listing(name, summary, response, rows, item, description):
    """GET /<name>: `rows(filter)` (a DocumentFilter's queryset) a page at a time, each row
    as `item(request, row)`; the filters are those of the documents page."""

    def endpoint(
        request,
        doc_type: str = TYPE,
        year: str = YEAR,
        organ: str = ORGAN,
        language: str = LANGUAGE,
        topic: str = TOPIC,
        page: str = PAGE,
    ):
        listing = rows(document_filter(request))
        return paginated(request, listing, lambda found: [item(request, r) for r in found])

    # ninja names the operation (its OpenAPI operationId) and describes it from these.
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = description
    router.get(
        f"/{name}", response={200: response, **ERRORS}, url_name=f"api_{name}", summary=summary
    )(endpoint)
    return endpoint


documents = _listing(
    "documents",
    "Documents",
    schemas.DocumentPage,
    lambda filters: filters.documents().prefetch_related("symbols"),
    records.document_summary,
    """Every language version of every document, newest first; the filters of the
    documents page.""",
)
recommendations = _listing(
    "recommendations",
    "Recommendations",
    schemas.RecommendationPage,
    lambda filters: filters.recommendations().select_related("document", "paragraph"),
    records.recommendation_item,
    """Recommendations of the Working Group's reports, by document (newest first) and
    paragraph; the filters apply to the documents making them.""",
)


@router.get(
    "/citation",
    response={200: schemas.Citation, **ERRORS},
    url_name="api_citation",
    summary="Citation of a document or paragraph",
)
def citation(
    request,
    symbol: str = Query(..., description="The document's symbol, e.g. S/2017/130"),
    lang: str = LANG,
    paragraph: str = Query(None, description="A paragraph's anchor, e.g. p6"),
):
    """How to cite a document, or one of its paragraphs: UN style (in Chinese and
    English), BibTeX, RIS and CSL-JSON, each with the official-text URL."""
    _key, versions = _versions(symbol)
    doc = queries.pick_version(versions, lang)
    para = None
    if paragraph:
        para = doc.paragraphs.filter(anchor=paragraph).first()
        if para is None:
            raise ApiError(
                404,
                _("%(symbol)s has no paragraph %(anchor)s")
                % {"symbol": doc.symbol, "anchor": paragraph},
            )
    ref = references.reference(doc, para, page_url=records.document_page_url(request, doc))
    return {
        "symbol": doc.symbol,
        "language": doc.language,
        "paragraph": para.anchor if para else None,
        "url": ref.url,
        "official_text": ref.official_text,
        "un": {"zh": ref.un("zh"), "en": ref.un("en")},
        "bibtex": references.bibtex(ref),
        "ris": references.ris(ref),
        "csl": references.csl_json(ref),
    }
