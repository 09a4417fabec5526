"""Security headers, as a small middleware (login limits: config/login_limits.py).

`SecurityHeadersMiddleware` adds a Content-Security-Policy (only our own scripts, styles
and frames; images may also be data: URLs), a Permissions-Policy that switches off the
browser features the archive never uses, and Cross-Origin-Opener-Policy. A view that sets
one of these headers itself keeps its own value. Override the policy with the setting
`ARCHIVE_CSP` (a string).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        csp = getattr(settings, "ARCHIVE_CSP", CONTENT_SECURITY_POLICY)
        if csp:
            response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class RefuseNulMiddleware:
    """A NUL in the query string or a form is refused with a 400 page: PostgreSQL refuses
    NUL in text, so it would otherwise reach a query (an admin list filter) as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # (A NUL in the path matches no route: a 404.)
        # Not a multipart body: reading it here would store uploaded files before the view
        # checked who sends them and how large they are (ingest/views.py, issue 13).
        form = request.method == "POST" and request.content_type != "multipart/form-data"
        if _has_nul(request.GET) or (form and _has_nul(request.POST)):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in query.lists())
