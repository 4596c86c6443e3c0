"""No address or cookie of the wiki holds a NUL character; a request whose path,
query or cookies do is a 400 before any view runs.

PostgreSQL refuses NUL in text (psycopg raises before the query is sent), so a
NUL that reached a lookup (a username in /users/…/, a filter, the admin's search,
a session key: Django's cookie parser decodes "\\000") was a 500 there and a silent
miss on SQLite. Forms need nothing from this: every CharField already refuses NUL
as a form error that keeps the user's text.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class NulAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _query_has_nul(request):
            raise BadRequest("An address cannot contain a NUL character.")
        if any("\x00" in name + value for name, value in request.COOKIES.items()):
            raise BadRequest("A cookie cannot contain a NUL character.")
        return self.get_response(request)


def _query_has_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in name or any("\x00" in value for value in values)
        for name, values in request.GET.lists()
    )
