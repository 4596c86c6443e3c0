"""Old addresses keep working: renamed content redirects, deleted content explains.

Like django.contrib.redirects' middleware this looks only at 404 responses, so a
page that is found costs nothing extra. It reads request.user and adds messages:
put it after the authentication and message middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from accounts.forms import ReasonForm
from wiki.lifecycle import deletion_at_slug, deletion_of
from wiki.models import Redirect
from wiki.permissions import can_moderate
from wiki.revisions import Revisioned, entries


class RedirectFallbackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        return moved_response(request) or response


def moved_response(request: HttpRequest) -> HttpResponse | None:
    """A redirect to where renamed content is now, or a 404 that says who deleted
    it and why; None when the path never named registered content."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    slug = match.captured_kwargs.get("slug")
    entry = _entry_for_url_name(match.url_name or "")
    if slug is None or entry is None:
        return None
    if entry.model.objects.filter(slug=slug).exists():
        return None  # the object is there: the 404 is about something else
    redirect = Redirect.objects.filter(
        content_type=ContentType.objects.get_for_model(entry.model), old_slug=slug
    ).first()
    if redirect is None:
        deletion = deletion_at_slug(entry, slug)
    else:
        current_slug = (
            entry.model.objects.filter(pk=redirect.object_id)
            .values_list("slug", flat=True)
            .first()
        )
        if current_slug is not None:
            # A form posted to an old address is not sent on: a redirect would
            # turn it into a GET.
            if request.method not in ("GET", "HEAD"):
                return None
            return _redirect(request, match, entry, redirect, current_slug)
        deletion = deletion_of(entry, redirect.object_id)
    if deletion is None:
        return None
    context = {
        "entry": entry,
        "deletion": deletion,
        "title": entry.title_of(deletion),
        "object_id": getattr(deletion, entry.model._meta.pk.attname),
        "can_restore": can_moderate(request.user),
        "form": ReasonForm(),
        "status": 404,
    }
    return render(request, "wiki/deleted.html", context, status=404)


def _redirect(request, match, entry, redirect, current_slug) -> HttpResponse:
    url = reverse(
        match.view_name, kwargs={**match.captured_kwargs, "slug": current_slug}
    )
    query = request.META.get("QUERY_STRING", "")
    # Only a page that is read shows the note (a HEAD would leave it for later).
    if request.method == "GET" and match.url_name == entry.url_name("detail"):
        messages.info(request, f"Redirected from “{redirect.old_title}”.")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def _entry_for_url_name(url_name: str) -> Revisioned | None:
    """The registered model whose per-object URLs are named `<kind>_<action>`."""
    return next(
        (entry for entry in entries() if url_name.startswith(f"{entry.kind}_")),
        None,
    )
