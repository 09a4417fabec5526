"""Errors under /api/: always JSON, `{"error": message, "status": code}` (and sometimes more).

The operations raise `ApiError`; ninja's own refusals (parameters that do not validate)
and anything unexpected are turned into the same shape by the handlers `app.py` installs;
what happens outside the API's views (an unknown path, a CSRF refusal, a method the
route does not take, a server error page) is rewritten by `middleware.ApiMiddleware`.
"""

import json
import logging

from django.http import HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

READ_ONLY_METHODS = "GET, HEAD, OPTIONS"


class ApiError(Exception):
    def __init__(self, status, message, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def error_body(status, message, **extra):
    return {"error": str(message), "status": status, **extra}


def json_response(data, status=200):
    # RFC 8259: JSON is UTF-8, so no charset parameter; the contract's Content-Type is
    # exactly application/json.
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
    )


def error_response(status, message, **extra):
    response = json_response(error_body(status, message, **extra), status=status)
    if status == 405:
        response["Allow"] = READ_ONLY_METHODS
    return response


def default_message(status):
    """What a bare error status means here, for errors that come without a message."""
    messages = {
        400: _("The request is not valid."),
        403: _("Forbidden. The API is read-only: use GET."),
        404: _("There is nothing at this address in the API."),
        405: _("The API is read-only: use GET, HEAD or OPTIONS."),
        500: _("The server failed to answer; the error has been logged."),
    }
    return messages.get(status, _("The request failed."))


def validation_message(errors):
    """One sentence from ninja's validation errors: which parameters, and why."""
    names = [str(e.get("loc", ["", "?"])[-1]) for e in errors]
    return _("Parameters not valid: %(names)s") % {"names": ", ".join(dict.fromkeys(names))}
