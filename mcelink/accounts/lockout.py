"""Brute-force protection, with django-axes: what a failed attempt counts against, and what a locked-out user reads.

Password logins (the site's and the admin's) go through Django's ``authenticate``, which axes watches: its backend
refuses a locked-out account or address before the password is checked, and its middleware answers the refusal
with ``lockout_response``. Bearer tokens do not go through ``authenticate``: the API asks axes' handler itself
(``token_allowed`` before the lookup, ``token_failed`` after a miss), so a failed token counts against its address
in the same table as a failed password. A password attempt counts against its account and its address.

The settings (limit, cool-off, client address behind a proxy) are in config/settings.py; docs/operations.md.
"""

import math
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from mcelink.core.audit import audit_record

# The credentials a token attempt reports to axes: no account (the token's owner is unknown), only the marker.
TOKEN_CREDENTIALS = {"username": None, "api_token": True}


class LockedOut(Exception):
    """Too many failed attempts from this address (or for this account): refused until ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(lockout_message(retry_after))
        self.message = lockout_message(retry_after)
        self.retry_after = retry_after


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    """AXES_LOCKOUT_PARAMETERS: a password attempt counts against its account and its address; a token attempt,
    which names no account, against its address alone (counting it under "no account" would lock every token)."""
    if credentials and credentials.get("api_token"):
        return ["ip_address"]
    return ["username", "ip_address"]


def retry_after(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """Seconds until the lockout ends: the cool-off counted from the newest failure that still counts.

    Attempts made during a lockout are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so this does
    not move while the user waits."""
    cool_off = get_cool_off(request)
    if cool_off is None:  # a permanent lockout is not configured here, but say something true if it is
        return 0
    handler = AxesProxyHandler.get_implementation()
    newest = None
    for attempts in handler.filter_user_attempts(request, credentials):
        latest = attempts.aggregate(latest=Max("attempt_time"))["latest"]
        if latest is not None and (newest is None or latest > newest):
            newest = latest
    if newest is None:
        return math.ceil(cool_off.total_seconds())
    return max(1, math.ceil((newest + cool_off - timezone.now()).total_seconds()))


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page (the site's or the admin's) again, saying when to retry, as a 429."""
    if request.path.startswith("/api/") and original_response is not None:
        return original_response  # the API answers its own lockouts, in its error shape (mcelink.api)
    seconds = retry_after(request, credentials)
    response = render(
        request,
        "accounts/login.html",
        {
            "lockout_message": lockout_message(seconds),
            "username": (credentials or {}).get("username") or request.POST.get("username", ""),
            "next": request.POST.get("next", request.GET.get("next", "")),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def token_allowed(request: HttpRequest) -> None:
    """Raise LockedOut if this address has failed too many times (tokens and passwords together)."""
    if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, TOKEN_CREDENTIALS):
        raise LockedOut(retry_after(request, TOKEN_CREDENTIALS))


def token_failed(request: HttpRequest) -> None:
    """Count a failed token against its address; raise LockedOut if this failure reached the limit."""
    if not settings.AXES_ENABLED:
        return
    AxesProxyHandler.user_login_failed(sender=token_failed, credentials=TOKEN_CREDENTIALS, request=request)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(retry_after(request, TOKEN_CREDENTIALS))


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any):
    """One audit row when an account or an address becomes locked out (axes signals every refused attempt too;
    only the failure that reaches the limit is recorded)."""
    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures is None or failures != get_failure_limit(request, credentials):
        return
    audit_record(
        actor=None,
        action="auth.lockout",
        changes={
            "username": username or "",
            "ip_address": ip_address or "",
            "path": request.path,
            "kind": "api_token" if credentials and credentials.get("api_token") else "password",
        },
    )
