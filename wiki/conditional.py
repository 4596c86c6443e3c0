"""Reading pages served without rendering them: a browser that already holds the
current page gets 304 Not Modified, and a visitor who is not logged in gets the
page from the page cache (wiki.page_cache) when another visitor saw it already.

The ETag is a digest of everything the response depends on: the content's version
and stored HTML (which changes without a new version when a link turns blue), what
else the view shows (the last editor, an event's characters…), who is reading (the
header, the edit tab, the spoiler level, the CSRF cookie the forms' tokens belong
to) and the release (templates and static files). It is weak because two answers
for the same ETag differ in bytes: the forms' CSRF tokens are masked afresh each time.

No Last-Modified is sent: a date cannot say that a link turned blue or that another
reader is asking, so a client sending only If-Modified-Since always gets the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control

from accounts.preferences import reader_season
from wiki import page_cache
from wiki.permissions import MODERATE, lifecycle_tools
from wiki.revision_views import revision_key
from wiki.revisions import entry_for


@dataclass(frozen=True)
class ReadingVersion:
    """Which version of a reading page a request gets.

    `key` digests everything the page shows and for which kind of reader; `etag`
    adds the CSRF cookie that the page's forms belong to. `part_key` digests what
    the content's own parts show (its text, categories and description), which is
    the same for every reader at one spoiler level (wiki.templatetags.fragments).
    """

    key: str
    etag: str
    part_key: str


def reading_version(
    request: HttpRequest, obj: models.Model, *, shown: Iterable[object] = ()
) -> ReadingVersion | None:
    """The version of obj's current reading page for this request, or None when
    the page must be rendered whatever is held (a message is waiting to be shown).

    `shown` is whatever else the view puts on the page (the last revision's id and
    hidden flags, related rows, can_edit), as values whose repr identifies them.
    """
    entry = entry_for(obj)
    return version_of(
        request,
        label=obj._meta.label,
        pk=obj.pk,
        version=obj.version,
        protection=obj.protection,
        derived=tuple(getattr(obj, name) for name in entry.derived_fields),
        shown=(*shown, *reader_privileges(obj, request.user)),
    )


def reader_privileges(obj: models.Model, user) -> tuple:
    """What the page's chrome offers this reader beyond reading: the admin and
    protection links (staff with the moderate permission, as the templates ask)
    and the rename and delete tabs. Nothing for a visitor."""
    if not user.is_authenticated:
        return ()
    tools = lifecycle_tools(obj, user)
    moderates = user.is_staff and user.has_perm(MODERATE)
    return (user.is_staff, moderates, tools["rename"], tools["delete"])


def version_of(
    request: HttpRequest,
    *,
    label: str,
    pk: int,
    version: int,
    protection: str,
    derived: tuple,
    shown: tuple,
) -> ReadingVersion | None:
    """reading_version() from the values themselves, for a view that read them
    without making a model instance (Page.objects.reading_state)."""
    if len(get_messages(request)):
        return None
    content = (label, pk, version, *derived)
    key = page_cache.digest(
        (*content, protection, *shown, *page_cache.rendering_parts(request))
    )
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return ReadingVersion(
        key=key,
        etag=f'W/"{page_cache.digest((key, csrf_cookie))}"',
        part_key=page_cache.digest(
            (*content, page_cache.release(), reader_season(request))
        ),
    )


def reading_page(
    request: HttpRequest,
    obj: models.Model,
    template_name: str,
    context: dict,
    *,
    shown: Iterable[object] = (),
) -> HttpResponse:
    """A detail view's answer: an old revision (context["revision"]) rendered; the
    current one through its ETag and the page cache. `context` holds can_edit and
    last_revision; `shown` is whatever else the page shows (related rows)."""
    if "revision" in context:
        return render(request, template_name, context)
    version = reading_version(
        request,
        obj,
        shown=[context["can_edit"], revision_key(context["last_revision"]), *shown],
    )
    context["part_key"] = version and version.part_key
    return reading_response(
        request, version, lambda: render(request, template_name, context)
    )


def reading_response(
    request: HttpRequest,
    version: ReadingVersion | None,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """304 when the browser holds `version`; else the page, from the page cache
    for visitors who are not logged in, or `render()`ed."""
    if version is None:
        return render()
    response = served_unrendered(request, version)
    if response is None:
        response = render()
        if page_cache.may_reuse(request) and not request.GET:
            page_cache.store_page(version.key, response)
        _validated_by(response, version)
    return response


def served_unrendered(
    request: HttpRequest, version: ReadingVersion
) -> HttpResponse | None:
    """304 when the browser holds `version`, or the page from the page cache
    (whose key names the reader, when logged in); None when it must be rendered."""
    response = get_conditional_response(request, etag=version.etag)
    # Only a page asked for without a query string: the header repeats it (the
    # search box, the spoiler menu's return address), and the key leaves it out.
    if response is None and page_cache.may_reuse(request) and not request.GET:
        response = page_cache.stored_page(request, version.key)
    if response is not None:
        _validated_by(response, version)
    return response


def _validated_by(response: HttpResponse, version: ReadingVersion) -> None:
    if response.status_code in (200, 304):
        response["ETag"] = version.etag
        # Each visit asks again (no-cache), and no shared cache keeps a page that
        # names its reader and carries their CSRF token (private).
        patch_cache_control(response, private=True, no_cache=True)
