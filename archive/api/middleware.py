"""Everything answered under /api/ is JSON, with CORS headers for reading.

- HEAD is answered as GET without the body; OPTIONS says which methods a path takes
  (and is the CORS preflight); other methods get 405: the API is read-only, and a POST
  must not meet the CSRF check's HTML page.
- Any error response that is not JSON (Django's 404 for an unknown path, a 403, a 500
  page, ...) is replaced by `{"error": ..., "status": ...}` with the same status.
- GET, HEAD and OPTIONS answers may be read from any origin: the data is public and
  nothing under /api/ uses cookies.
"""

import functools

from django.http import HttpResponse
from django.urls import Resolver404, get_script_prefix, resolve, reverse

from .errors import READ_ONLY_METHODS, default_message, error_response

SAFE = {"GET", "HEAD"}


@functools.lru_cache(maxsize=16)
def _api_prefix(script_prefix):
    return reverse("archive:api-root")


def is_api_path(path):
    return path.startswith(_api_prefix(get_script_prefix()))


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = self.options(request)
        elif request.method not in SAFE:
            response = error_response(405, default_message(405))
        elif request.method == "HEAD":
            # the operations take GET; HEAD is GET without the body
            request.method = "GET"
            response = self.as_json(self.get_response(request))
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        else:
            response = self.as_json(self.get_response(request))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    @staticmethod
    def options(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is None or match.url_name == "api_not_found":
            return error_response(404, default_message(404))
        response = HttpResponse(status=204)
        response["Allow"] = READ_ONLY_METHODS
        response["Access-Control-Allow-Methods"] = READ_ONLY_METHODS
        response["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept"
        )[:500]
        response["Access-Control-Max-Age"] = "86400"
        return response

    @staticmethod
    def as_json(response):
        if response.status_code < 400:
            return response
        if response.get("Content-Type", "").split(";")[0].strip() == "application/json":
            if response.status_code == 405:
                response["Allow"] = READ_ONLY_METHODS
            return response
        status = response.status_code
        replaced = error_response(status, default_message(status))
        for header in ("Retry-After",):
            if header in response:
                replaced[header] = response[header]
        return replaced
