"""History, diff, revert and "what links here" views that every registered model gets.

A content app mounts them with `revision_urls(Model, prefix)`; they find the object
by slug and the revisions through its own history, so a revision id that belongs to
other content is a 404. What a moderator hid (wiki.visibility) is a 404 or a
placeholder for everyone else.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from wiki.changes import revision_rows
from wiki.diff import fields_diff
from wiki.guards import refusal_response, write_guard
from wiki.links import render_wiki_markdown
from wiki.markdown import RenderError
from wiki.models import PageLink, Redirect
from wiki.page_cache import cached_for_visitors
from wiki.permissions import can_edit
from wiki.revisions import entry_for
from wiki.rollback import rollback_offer
from wiki.services import revision_revert
from wiki.visibility import (
    all_redacted,
    can_see_hidden,
    can_see_text,
    redacted,
    text_visible,
)

HISTORY_PAGE_SIZE = 50


def revision_urls(model: type[models.Model], prefix: str) -> list:
    """URL patterns for history, diff, revert and links below `prefix` (ending in
    '/')."""
    kind = entry_for(model).kind
    extra = {"model": model}
    return [
        path(f"{prefix}history/", history, extra, name=f"{kind}_history"),
        path(f"{prefix}diff/", diff, extra, name=f"{kind}_diff"),
        path(
            f"{prefix}revert/<int:revision_id>/",
            revert,
            extra,
            name=f"{kind}_revert",
        ),
        path(f"{prefix}links/", links, extra, name=f"{kind}_links"),
    ]


_REVISION_NUMBER = re.compile(r"[0-9]{1,18}")


def revision_param(request: HttpRequest, name: str) -> int | None:
    """A revision id from the query string; anything but plain ASCII digits is a 404
    (str.isdigit() would let "²" through to int())."""
    value = request.GET.get(name, "")
    if not value:
        return None
    if not _REVISION_NUMBER.fullmatch(value):
        raise Http404(f"“{name}” must be a revision number.")
    return int(value)


def revision_or_404(obj: models.Model, revision_id: int) -> models.Model:
    """The revision `revision_id` of obj (404 if it is another object's)."""
    return get_object_or_404(
        entry_for(obj).revisions_of(obj).select_related("history_user"),
        history_id=revision_id,
    )


def visible_revision_or_404(obj: models.Model, revision_id: int, user) -> models.Model:
    """The revision `revision_id` of obj as `user` may see it: a 404 if its text is
    hidden from them, its hidden summary and editor removed."""
    revision = revision_or_404(obj, revision_id)
    if not can_see_text(revision, user):
        raise Http404("No revision matches the given query.")
    return redacted(revision, user)


@cached_for_visitors
def history(request: HttpRequest, slug: str, model) -> HttpResponse:
    entry = entry_for(model)
    obj = get_object_or_404(
        # protection: can_edit reads it for the revert buttons.
        model.objects.only("pk", "slug", "protection", entry.title_field),
        slug=slug,
    )
    context = history_context(request, obj)
    return render(request, "wiki/revision_history.html", context)


def history_context(request: HttpRequest, obj: models.Model) -> dict:
    """One page of obj's history (the newest, or older than ?before=) and, for
    moderators, the tools to hide revisions and roll back."""
    entry = entry_for(obj)
    rows = revision_rows(entry).filter(**{entry.model._meta.pk.attname: obj.pk})
    before = revision_param(request, "before")
    if before:
        rows = rows.filter(history_id__lt=before)
    page = list(rows.order_by("-history_id")[: HISTORY_PAGE_SIZE + 1])
    moderator = can_see_hidden(request.user)
    rollback = rollback_offer(obj, page) if moderator and not before else None
    return {
        # The newest revision is the current content: nothing to revert to.
        "current_id": page[0].history_id if page and not before else None,
        "entry": entry,
        "object": obj,
        "revisions": all_redacted(page[:HISTORY_PAGE_SIZE], request.user),
        "older": page[HISTORY_PAGE_SIZE - 1].history_id
        if len(page) > HISTORY_PAGE_SIZE
        else None,
        "can_edit": can_edit(obj, request.user),
        "moderator": moderator,
        "rollback": rollback,
    }


@cached_for_visitors
def diff(request: HttpRequest, slug: str, model) -> HttpResponse:
    """Compare any two revisions; without `from`, the one before `to`; without
    `to`, the current revision."""
    entry = entry_for(model)
    obj = get_object_or_404(
        # protection: can_edit reads it for the revert buttons.
        model.objects.only("pk", "slug", "protection", entry.title_field),
        slug=slug,
    )
    user = request.user
    from_id, to_id = revision_param(request, "from"), revision_param(request, "to")
    revisions = entry_for(obj).revisions_of(obj).select_related("history_user")
    if to_id:
        new = visible_revision_or_404(obj, to_id, user)
    else:
        new = redacted(revisions.first(), user)
    if new is None or not can_see_text(new, user):
        raise Http404("This has no revisions.")
    if from_id:
        old = visible_revision_or_404(obj, from_id, user)
    else:
        earlier = revisions.filter(version__lt=new.version).order_by("-version")
        old = earlier.first()
        if old is not None and not can_see_text(old, user):
            # Compare with the newest earlier revision whose text they may read.
            old = text_visible(earlier, user).first()
        old = redacted(old, user)
    if old is not None and old.history_date > new.history_date:
        old, new = new, old
    context = {
        "entry": entry,
        "object": obj,
        "old": old,
        "new": new,
        "heads": (old, new),
        "changes": fields_diff(old, new, entry=entry) if old else [],
        "inline": request.GET.get("view") == "inline",
        "old_label": f"Revision {old.version}" if old else "",
        "new_label": f"Revision {new.version}",
        "can_edit": can_edit(obj, request.user),
    }
    return render(request, "wiki/revision_diff.html", context)


@login_required
@require_POST
def revert(request: HttpRequest, slug: str, revision_id: int, model) -> HttpResponse:
    obj = get_object_or_404(model, slug=slug)
    refusal = write_guard(request, obj)
    if refusal:
        return refusal_response(request, refusal)
    revision = visible_revision_or_404(obj, revision_id, request.user)
    try:
        result = revision_revert(obj=obj, revision=revision, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry_for(model).url_name("history"), slug=obj.slug)
    if result.saved:
        messages.success(request, f"Reverted to revision {revision.version}.")
    else:
        messages.info(request, "That revision is already the current text.")
    return redirect(obj)


@cached_for_visitors
def links(request: HttpRequest, slug: str, model) -> HttpResponse:
    """What links here: one query over the stored links to any name of the object
    (a character is linked by its aliases too, and renamed content by its old
    titles, which redirect to it)."""
    entry = entry_for(model)
    obj = get_object_or_404(model, slug=slug)
    old_slugs = Redirect.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=obj.pk
    ).values("old_slug")
    incoming = PageLink.objects.filter(
        Q(target_slug__in=entry.link_keys(obj)) | Q(target_slug__in=old_slugs)
    ).order_by("source_title", "source_id")
    context = {"entry": entry, "object": obj, "links": incoming}
    return render(request, "wiki/revision_links.html", context)


def last_revision(obj: models.Model, user) -> models.Model | None:
    """The newest revision of obj for its footer ("Last edited … by …"), with a
    hidden editor or summary taken out for readers who may not see them."""
    last = (
        entry_for(obj)
        .revisions_of(obj)
        .select_related("history_user")
        .only(
            "history_date",
            "history_user__username",
            "history_id",
            "summary_hidden",
            "editor_hidden",
        )
        .first()
    )
    return redacted(last, user)


def revision_key(revision: models.Model | None) -> tuple | None:
    """What identifies a footer's revision in a reading page's ETag: the row,
    whether its summary or editor is hidden (hiding them makes no new version), and
    the editor shown to this reader (none when hidden from them: redacted()), by
    name too, which an administrator may change."""
    if revision is None:
        return None
    editor = revision.history_user
    return (
        revision.history_id,
        revision.summary_hidden,
        revision.editor_hidden,
        editor and (editor.pk, editor.username),
    )


def reading_context(
    request: HttpRequest, obj: models.Model, *, text_field: str
) -> dict:
    """What a detail page shows: the current object with its stored HTML and last
    editor, or with ?revision=<id> that old revision with `text_field` rendered."""
    revision_id = revision_param(request, "revision")
    if not revision_id:
        return {
            "shown": obj,
            "body_html": obj.rendered_html,
            "last_revision": last_revision(obj, request.user),
        }
    revision = visible_revision_or_404(obj, revision_id, request.user)
    try:
        html = render_wiki_markdown(getattr(revision, text_field)).html
    except RenderError:
        html = ""
    return {"revision": revision, "shown": revision, "body_html": html}
