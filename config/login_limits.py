"""Login limits: django-axes, with its database handler, made race-free.

Axes counts a failure after the password was checked: 40 attempts sent at once all pass
its "is this client locked?" check before the first failure is written, and all have
their passwords checked. `ReservingAxesHandler` counts each attempt BEFORE the password is
checked, in one transaction that also decides whether the client is over its limit (on
PostgreSQL under an advisory lock per client address; SQLite transactions here begin
IMMEDIATE and so run one at a time). A login that succeeds clears the count
(AXES_RESET_ON_SUCCESS), so what remains counted are the failures.

Limits (settings): AXES_FAILURE_LIMIT per user name and address; LOGIN_FAILURE_IP_LIMIT
per address whatever the name; both over AXES_COOLOFF_TIME. User names are compared
NFKC-normalised and casefolded (`ｖｉｃｔｉｍ３` is `victim3`, as Django's login form
reads it). The client address is REMOTE_ADDR: behind a reverse proxy, have the proxy pass
the real address (e.g. gunicorn `--forwarded-allow-ips`).
"""

from __future__ import annotations

import hashlib
import unicodedata

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_query_str
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import connection, router, transaction
from django.db.models import F, Sum
from django.shortcuts import render


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"


def normalised_username(request, credentials=None) -> str:
    """The user name as counted: NFKC, casefolded, trimmed (AXES_USERNAME_CALLABLE)."""
    if credentials:
        name = credentials.get("username")
    else:
        name = getattr(request, "POST", {}).get("username")
    name = unicodedata.normalize("NFKC", str(name or "")).casefold().strip()
    return name.replace("\x00", "")[:255]


def ip_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_IP_LIMIT", 30)


class ReservingAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        with transaction.atomic(using=router.db_for_write(AccessAttempt)):
            _lock_client(request.axes_ip_address)
            if self.over_limit(request, credentials):
                return True
            self._count(request, credentials)
        request.axes_counted = True
        return False

    def over_limit(self, request, credentials=None) -> bool:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        by_name = attempts.filter(username=get_client_username(request, credentials))
        return (
            _failures(by_name) >= settings.AXES_FAILURE_LIMIT or _failures(attempts) >= ip_limit()
        )

    def _count(self, request, credentials):
        attempt, created = AccessAttempt.objects.select_for_update().get_or_create(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            user_agent=request.axes_user_agent,
            defaults={
                "get_data": get_query_str(request.GET).replace("\0", "0x00"),
                "post_data": get_query_str(request.POST).replace("\0", "0x00"),
                "http_accept": request.axes_http_accept,
                "path_info": request.axes_path_info,
                "failures_since_start": 1,
                "attempt_time": request.axes_attempt_time,
            },
        )
        if not created:
            AccessAttempt.objects.filter(pk=attempt.pk).update(
                failures_since_start=F("failures_since_start") + 1,
                attempt_time=request.axes_attempt_time,
            )

    def is_allowed(self, request, credentials=None) -> bool:
        allowed = super().is_allowed(request, credentials)
        request.axes_refused = not allowed
        return allowed

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and getattr(request, "axes_refused", False):
            # Over the limit: the password was not checked. Show the lockout page; the
            # refusal is not counted (the client waits out the cool-off from its last
            # counted failure).
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
            return
        if request is not None and getattr(request, "axes_counted", False):
            return  # counted before its password was checked
        # A failure axes' backend did not see first (e.g. another login path).
        super().user_login_failed(sender, credentials, request, **kwargs)


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _lock_client(address: str) -> None:
    """Serialise the attempts of one client address until the transaction ends."""
    if connection.vendor != "postgresql":
        return  # SQLite: the transaction began IMMEDIATE, holding the database's write lock
    key = int.from_bytes(
        hashlib.sha256(f"login:{address}".encode()).digest()[:8], "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def lockout_response(request, original_response=None, credentials=None):
    """The translated page shown to a client over its limit (AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(
        request,
        "admin/locked_out.html",
        {"username": normalised_username(request, credentials), "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
