"""Security headers and login rate limiting, as two small middlewares.

`SecurityHeadersMiddleware` adds a Content-Security-Policy (only our own scripts, styles
and frames; images may also be data: URLs), a Permissions-Policy that switches off the
browser features the archive never uses, and Cross-Origin-Opener-Policy. A view that sets
one of these headers itself keeps its own value. Override the policy with the setting
`ARCHIVE_CSP` (a string).

`LoginRateLimitMiddleware` refuses a login POST with 429 after `LOGIN_FAILURE_LIMIT`
failed attempts (default 5) for the same client address and user name within
`LOGIN_FAILURE_WINDOW` seconds (default 15 minutes), and after `LOGIN_FAILURE_IP_LIMIT`
(default 30) failures from one address whatever the name. Failures are counted through
Django's `user_login_failed` signal, in the cache named by `LOGIN_RATE_CACHE` (settings:
"shared", a file-based cache under the data directory that every worker process sees; a
per-process cache would give an attacker N times the limit with N workers). A successful login clears the count
for that name. The client address is REMOTE_ADDR: behind a reverse proxy, have the proxy
pass the real address (e.g. gunicorn `--forwarded-allow-ips` with a proxy that sets it).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

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


# --- login rate limiting -----------------------------------------------------------


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _ip_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_IP_LIMIT", 30)


def _cache():
    return caches[getattr(settings, "LOGIN_RATE_CACHE", "default")]


def _window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(address: str, username: str | None = None) -> str:
    # Hashed: user names may contain anything, cache keys may not.
    raw = address if username is None else f"{address}\0{username.strip().lower()}"
    scope = "ip" if username is None else "user"
    return f"login-failures:{scope}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _bump(key: str) -> None:
    # add() starts the window; incr() keeps its expiry. A fixed window from the first
    # failure: simple, and at most `limit` failures per window.
    cache = _cache()
    cache.add(key, 0, timeout=_window())
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window())


def failures(address: str, username: str | None = None) -> int:
    return _cache().get(_key(address, username), 0)


def is_locked_out(address: str, username: str) -> bool:
    return failures(address, username) >= _limit() or failures(address) >= _ip_limit()


@receiver(user_login_failed, dispatch_uid="config.security.record_login_failure")
def record_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    address = client_address(request)
    _bump(_key(address, credentials.get("username", "")))
    _bump(_key(address))


@receiver(user_logged_in, dispatch_uid="config.security.clear_login_failures")
def clear_login_failures(sender, request, user, **kwargs):
    if request is not None:
        _cache().delete(_key(client_address(request), user.get_username()))


def _login_paths() -> set[str]:
    paths = set()
    for name in getattr(settings, "LOGIN_RATE_LIMIT_URLS", ("admin:login",)):
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return paths


LOCKED_OUT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Too many login attempts</title></head>
<body><h1>Too many login attempts</h1>
<p>There have been too many failed attempts to sign in as {username} from your address.
Please wait {minutes} minutes and try again.</p>
<p>登录失败次数过多，请 {minutes} 分钟后再试。</p></body></html>
"""


class LoginRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in _login_paths():
            username = request.POST.get("username", "")
            if is_locked_out(client_address(request), username):
                return self.locked_out(username)
        return self.get_response(request)

    @staticmethod
    def locked_out(username: str) -> HttpResponse:
        page = LOCKED_OUT_PAGE.format(
            username=escape(username[:150]) or "this user", minutes=max(1, _window() // 60)
        )
        response = HttpResponse(page, status=429)
        response["Retry-After"] = str(_window())
        return response
