"""When the database cannot take a write: a 503 that keeps what the user sent.

A write can fail for reasons that are not the request's fault and will pass: the
write lock held past the timeout (SQLITE_BUSY / PostgreSQL's lock_timeout), a
database switched to read-only, a full disk, a server restarting. Each of these
rolls the write back whole, so nothing is half-written (only a connection lost
during the commit leaves it unknown whether the write happened, and the page says
so); the user gets a 503 with Retry-After that says what happened and gives back
every field they posted, in a form that sends it again. Any other database error
is a bug and stays a 500. The editor's scripts and the API get the message as
JSON (or a line for the preview pane) instead of the page.

Views' errors arrive through the middleware; errors raised elsewhere (a session
saved by the session middleware, say) reach Django's 500 handler, which is
`server_error` below.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.views import defaults

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outage:
    kind: str  # "busy", "read_only", "full" or "down"
    retry_after: int  # seconds
    heading: str
    cause: str

    def explanation(self, posted: bool) -> str:
        if not posted:
            outcome = "so the page could not be shown"
        elif self is DOWN:
            # The connection may have died while the change was committing.
            outcome = "so your change may not have been saved: look before resending"
        else:
            outcome = "so your change was not saved, and nothing of it was written"
        wait = "a few seconds" if self.retry_after < 60 else "a few minutes"
        return f"{self.cause}, {outcome}. Try again in {wait}."


BUSY = Outage(
    "busy",
    5,
    "The wiki is busy",
    "Another change held the database for longer than the wiki waits",
)
READ_ONLY = Outage(
    "read_only",
    300,
    "The wiki is read-only for now",
    "The database is accepting no changes at the moment (maintenance, most likely)",
)
FULL = Outage("full", 300, "The wiki has run out of space", "The server's disk is full")
DOWN = Outage(
    "down", 30, "The wiki cannot reach its database", "The database did not answer"
)

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
    # Not 57014 (query_canceled): a statement_timeout ends a slow query, a bug.
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
        # No SQLSTATE: psycopg's own error, which is an outage only when the
        # connection is gone (never made, or broken); otherwise it is a misuse
        # (too many query parameters, say), a bug.
        return DOWN if _connection_lost() else None
    message = str(error).lower()
    return next(
        (outage for text, outage in _SQLITE_MESSAGES.items() if text in message),
        None,
    )


def _connection_lost() -> bool:
    raw = connection.connection
    return raw is None or bool(
        getattr(raw, "closed", False) or getattr(raw, "broken", False)
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
    """Django's 500 handler: an outage raised outside a view is still a 503.

    Django calls it while handling the exception, so sys.exc_info() holds it
    (under WSGI, as this wiki is served; ASGI runs the handler in another thread
    and such an outage stays a 500 there)."""
    error = sys.exc_info()[1]
    outage = outage_of(error)
    if outage is None:
        return defaults.server_error(request)
    response = unavailable_response(request, outage, error)
    # The response the CSRF middleware would have given a new cookie (a login
    # rotates the token) was dropped: give it here, or the resend form fails.
    return CsrfViewMiddleware(lambda request: response).process_response(
        request, response
    )


def unavailable_response(
    request: HttpRequest, outage: Outage, error: BaseException
) -> HttpResponse:
    logger.warning(
        "%s %s: database %s (%s)", request.method, request.path, outage.kind, error
    )
    posted = request.method == "POST"
    response = _script_response(request, outage.explanation(posted)) or _page(
        request, outage, posted
    )
    response["Retry-After"] = str(outage.retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _script_response(request: HttpRequest, message: str) -> HttpResponse | None:
    """What the editor's scripts and the API expect instead of a page, if the
    request came from one of them."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.url_name == "image_upload":  # the editor parses {"image": [errors]}
        return JsonResponse({"image": [message]}, status=503)
    if match.url_name == "markdown_preview":  # put into the preview pane as is
        return HttpResponse(
            format_html('<p class="refusal-notice">{}</p>', message), status=503
        )
    if "api" in match.namespaces:
        return JsonResponse({"detail": message}, status=503)
    return None


def _page(request: HttpRequest, outage: Outage, posted: bool) -> HttpResponse:
    kept = kept_fields(request) if posted else []
    context = {
        "outage": outage,
        "explanation": outage.explanation(posted),
        "resubmit": posted,
        "action": request.get_full_path(),
        "kept_fields": kept,
        "any_shown": any(field.shown for field in kept),
        "files_dropped": bool(posted and request.FILES),
        "passwords_dropped": posted and _has_password(request),
    }
    if outage is not DOWN:
        try:
            return render(request, "503.html", context, status=503)
        except DatabaseError:
            pass
    # The frame's context (the user, their spoiler level) needs the database
    # that just failed: render the page as the 500 page is, without it.
    context["csrf_token"] = get_token(request)
    return HttpResponse(render_to_string("503.html", context), status=503)


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
