"""When the database cannot take a write: a 503 that keeps what the user sent.

A write can fail for reasons that are not the request's fault and will pass: the
write lock held past the timeout (SQLITE_BUSY / PostgreSQL's lock_timeout), a
database switched to read-only, a full disk, a server restarting. Each of these
rolls the write back whole, so nothing is half-written; the user gets a 503 with
Retry-After that says what happened and gives back every field they posted, in a
form that sends it again. Any other database error is a bug and stays a 500.

Views' errors arrive through the middleware; errors raised elsewhere (a session
saved by the session middleware, say) reach Django's 500 handler, which is
`server_error` below.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outage:
    kind: str  # "busy", "read_only", "full" or "down"
    retry_after: int  # seconds


BUSY = Outage("busy", retry_after=5)
READ_ONLY = Outage("read_only", retry_after=300)
FULL = Outage("full", retry_after=300)
DOWN = Outage("down", retry_after=30)

# SQLite says what went wrong only in its message.
_SQLITE_MESSAGES = {
    "database is locked": BUSY,
    "database table is locked": BUSY,
    "attempt to write a readonly database": READ_ONLY,
    "database or disk is full": FULL,
    "disk i/o error": DOWN,
    "unable to open database file": DOWN,
}
# PostgreSQL's SQLSTATE codes, by prefix (a class) or in full.
_POSTGRES_STATES = {
    "55P03": BUSY,  # lock_not_available: lock_timeout passed
    "57014": BUSY,  # query_canceled: statement_timeout passed
    "40P01": BUSY,  # deadlock_detected: one of the two was rolled back
    "40001": BUSY,  # serialization_failure
    "53300": BUSY,  # too_many_connections
    "25006": READ_ONLY,  # read_only_sql_transaction: a standby, or set read-only
    "53100": FULL,  # disk_full
    "57P01": DOWN,  # admin_shutdown
    "57P02": DOWN,  # crash_shutdown
    "57P03": DOWN,  # cannot_connect_now
    "08": DOWN,  # connection_exception (the whole class)
}


def outage_of(error: BaseException | None) -> Outage | None:
    """The outage a database error reports, or None when it is not one (a bug)."""
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__ or error
    state = getattr(cause, "sqlstate", None)
    if state:
        return _POSTGRES_STATES.get(state) or _POSTGRES_STATES.get(state[:2])
    if type(cause).__module__.startswith("psycopg"):
        # No SQLSTATE: the client lost (or never had) its connection.
        return DOWN if isinstance(error, OperationalError) else None
    message = str(error).lower()
    return next(
        (outage for text, outage in _SQLITE_MESSAGES.items() if text in message),
        None,
    )


class DatabaseUnavailableMiddleware:
    """Turn a view's database outage into the 503 page (see the module's doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        outage = outage_of(exception)
        if outage is None:
            return None
        return unavailable_response(request, outage, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: an outage raised outside a view is still a 503."""
    error = sys.exc_info()[1]
    outage = outage_of(error)
    if outage is None:
        return defaults.server_error(request)
    return unavailable_response(request, outage, error)


def unavailable_response(
    request: HttpRequest, outage: Outage, error: BaseException
) -> HttpResponse:
    logger.warning(
        "%s %s: database %s (%s)", request.method, request.path, outage.kind, error
    )
    context = {
        "outage": outage,
        "resubmit": request.method == "POST",
        "action": request.get_full_path(),
        "kept_fields": kept_fields(request) if request.method == "POST" else [],
        "files_dropped": bool(request.method == "POST" and request.FILES),
        "passwords_dropped": request.method == "POST" and _has_password(request),
    }
    try:
        response = render(request, "503.html", context, status=503)
    except DatabaseError:
        # The frame's context (the user, their spoiler level) needs the database
        # that just failed: render the page as the 500 page is, without it.
        context["csrf_token"] = get_token(request)
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(outage.retry_after)
    response["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class KeptField:
    name: str
    value: str
    shown: bool  # text the user wrote, shown to copy; other fields ride hidden

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @property
    def rows(self) -> int:
        return min(max(self.value.count("\n") + 1, 2), 20)


def kept_fields(request: HttpRequest) -> list[KeptField]:
    """Every posted field but the CSRF token and passwords, in the posted order."""
    kept = []
    for name, values in request.POST.lists():
        if name == "csrfmiddlewaretoken" or _is_password(name):
            continue
        for value in values:
            shown = bool(value.strip()) and not value.isdigit() and value != "on"
            kept.append(KeptField(name, value, shown))
    return kept


def _is_password(name: str) -> bool:
    return "password" in name.lower()


def _has_password(request: HttpRequest) -> bool:
    return any(_is_password(name) for name in request.POST)
