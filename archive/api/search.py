"""GET /api/search: the archive's search as JSON, through the search app's public
functions (`search.search`); the search itself is entirely the search app's."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

import search

from . import schemas
from .errors import ApiError

router = Router(tags=["search"])


class SearchHit(Schema):
    type: str = Field(description="document, paragraph, recommendation, meeting or briefer")
    symbol: str
    paragraph: str = Field(description="Paragraph or recommendation number, as printed")
    title: str
    date: str | None
    url: str
    snippet: str = Field(description="HTML: escaped text with <mark> around the matches")


class SearchPage(Schema):
    count: int
    count_is_estimate: bool = Field(description="The count is estimated (long phrases)")
    page: int
    num_pages: int
    results: list[SearchHit]


FILTER = "Only results with this %s (as the search page's filters)"


@router.get(
    "/search",
    response={200: SearchPage, 400: schemas.Error, 404: schemas.Error, 503: schemas.Error},
    url_name="api_search",
    summary="Search",
)
def search_api(
    request,
    q: str = Query(None, description="Words, a phrase in quotes, or a symbol (S/2017/130)"),
    page: str = Query(None, description="Page number, from 1 (20 results a page)"),
    sort: str = Query(None, description="relevance (default) or date"),
    type: str = Query(None, description=FILTER % "type"),
    doc_type: str = Query(None, description=FILTER % "document type"),
    year: str = Query(None, description=FILTER % "year"),
    organ: str = Query(None, description=FILTER % "organ"),
    language: str = Query(None, description=FILTER % "language"),
):
    """Full-text search of documents, paragraphs, recommendations, meetings and briefers,
    in Chinese and English."""
    query = (q or "").strip()
    if not query:
        raise ApiError(400, _("The parameter q is required."))
    filters = {name: request.GET.get(name, "") for name in search.FILTERS}
    try:
        results = search.search(
            query, page=page or "1", filters=filters, sort=sort or "relevance", facets=False
        )
    except search.SearchQueryError as exc:
        raise ApiError(400, str(exc)) from None
    except search.SearchUnavailable:
        raise ApiError(
            503, _("Search is unavailable at the moment; please try again later.")
        ) from None
    if results.count and not results.hits:
        raise ApiError(404, _("There is no page %(page)s.") % {"page": results.page})
    return {
        "count": results.count,
        "count_is_estimate": results.approximate,
        "page": results.page,
        "num_pages": results.num_pages,
        "results": [
            {
                "type": hit.type,
                "symbol": hit.symbol,
                "paragraph": hit.paragraph,
                "title": hit.title,
                "date": hit.date.isoformat() if hit.date else None,
                "url": request.build_absolute_uri(hit.url) if hit.url else "",
                "snippet": str(hit.snippet),
            }
            for hit in results.hits
        ],
    }
