"""The NinjaAPI: the routers, JSON for every error it raises, and its URLs.

Why django-ninja rather than hand-written views: the operations declare their parameters
and answer schemas once, ninja validates both and generates the OpenAPI 3 description
(`/api/openapi.json`) from them, so the documentation is the code. It is small, depends
only on pydantic, and its views are plain Django views (middleware, i18n, the test client
all work as for the pages).
"""

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from . import documents, meetings, search
from .errors import ApiError, error_response, validation_message

logger = logging.getLogger(__name__)


class Renderer(JSONRenderer):
    # Chinese as characters, not \u escapes: a third of the size
    json_dumps_params = {"ensure_ascii": False}


class ArchiveAPI(NinjaAPI):
    def get_content_type(self):
        # the contract of the first version: exactly application/json (JSON is UTF-8)
        return self.renderer.media_type


api = ArchiveAPI(
    title="Peacekeeping Working Group archive API",
    version="2",
    description=(
        "Read-only JSON API of the archive of the Security Council Working Group on "
        'Peacekeeping Operations. Every error is JSON: {"error": message, "status": code}. '
        "Lists are paginated with ?page=N (100 items a page): count, page, pages, next, "
        "previous, results. GET answers may be fetched from any origin (CORS)."
    ),
    urls_namespace="archive",
    docs_url=None,  # the documentation page is ours (api/docs.py): no CDN, the site's layout
    openapi_url="/openapi.json",
    renderer=Renderer(),
)
api.add_router("", documents.router)
api.add_router("", meetings.router)
api.add_router("", search.router)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return error_response(exc.status, exc.message, **exc.extra)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = [
        {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return error_response(400, validation_message(exc.errors), detail=detail)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404, str(exc) or "Not found")


@api.exception_handler(Exception)
def _failed(request, exc):
    logger.exception("API error at %s", request.path)
    return error_response(500, "The server failed to answer; the error has been logged.")


def urlpatterns():
    """The API's URL patterns, to include inside the `archive` namespace."""
    patterns, _app, _namespace = api.urls
    return patterns
