"""Renaming, deleting and restoring content, for every registered model.

Renaming is an edit (blocks, protection and the edit rate apply) that only
established accounts may make; deleting and restoring are for moderators. A
content app gets rename/ and delete/ below its object URLs from `lifecycle_urls`;
the list of deleted content and the restore action are site-wide.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from accounts.forms import ReasonForm
from wiki.filters import BeforeCursorForm
from wiki.guards import Refusal, moderators_only, write_guard
from wiki.lifecycle import (
    content_delete,
    content_rename,
    content_restore,
    deleted_rows,
    deletion_of,
    title_noun,
)
from wiki.permissions import can_edit, can_rename
from wiki.revisions import Revisioned, entries, entry_by_kind, entry_for
from wiki.titles import MAX_TITLE_LENGTH

DELETED_PAGE_SIZE = 50


def lifecycle_urls(model: type[models.Model], prefix: str) -> list:
    """URL patterns for rename and delete below `prefix` (ending in '/')."""
    kind = entry_for(model).kind
    extra = {"model": model}
    return [
        path(f"{prefix}rename/", content_rename_view, extra, name=f"{kind}_rename"),
        path(f"{prefix}delete/", content_delete_view, extra, name=f"{kind}_delete"),
    ]


class RenameForm(ReasonForm):
    new_title = forms.CharField(max_length=MAX_TITLE_LENGTH)
    field_order = ["new_title", "reason"]

    def __init__(self, *args, noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_title"].label = f"New {noun}"
        self.fields[
            "new_title"
        ].help_text = f"The old {noun}'s links and address will lead to the new one."


@login_required
def content_rename_view(request: HttpRequest, slug: str, model) -> HttpResponse:
    entry = entry_for(model)
    obj = get_object_or_404(model, slug=slug)
    refusal = _rename_refusal(request, obj)
    noun = title_noun(entry)
    form = RenameForm(
        request.POST or None, noun=noun, initial={"new_title": entry.title_of(obj)}
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            renamed = content_rename(
                obj=obj,
                user=request.user,
                new_title=form.cleaned_data["new_title"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Renamed to “{entry.title_of(renamed)}”; the old {noun} redirects "
                "here.",
            )
            return redirect(renamed)
    context = {"entry": entry, "object": obj, "form": form, "refusal": refusal}
    status = refusal.status if refusal else 400 if form.errors else 200
    return render(request, "wiki/content_rename.html", context, status=status)


@login_required
def content_delete_view(request: HttpRequest, slug: str, model) -> HttpResponse:
    moderators_only(request)
    entry = entry_for(model)
    obj = get_object_or_404(model, slug=slug)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        title = entry.title_of(obj)
        try:
            content_delete(
                obj=obj, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Deleted “{title}”. Its history is kept; it can be restored from "
                "this list.",
            )
            return redirect("deleted_list")
    context = {"entry": entry, "object": obj, "form": form}
    status = 400 if form.errors else 200
    return render(request, "wiki/content_delete.html", context, status=status)


@login_required
def deleted_list(request: HttpRequest) -> HttpResponse:
    """Deleted content of every kind, newest deletion first, with who, when and
    why: one LIMITed query per registered model, merged, paged by date."""
    moderators_only(request)
    form = BeforeCursorForm(request.GET or None)
    rows: list[tuple[Revisioned, models.Model]] = []
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        before = form.cleaned_data.get("before") if form.is_bound else None
        for entry in entries():
            deleted = deleted_rows(entry)
            if before:
                deleted = deleted.filter(history_date__lt=before)
            rows.extend((entry, row) for row in deleted[: DELETED_PAGE_SIZE + 1])
        rows.sort(key=lambda pair: pair[1].history_date, reverse=True)
    older = None
    if len(rows) > DELETED_PAGE_SIZE:
        rows = rows[:DELETED_PAGE_SIZE]
        older = rows[-1][1].history_date.isoformat()
    deletions = [
        {
            "entry": entry,
            "row": row,
            "title": entry.title_of(row),
            "object_id": getattr(row, entry.model._meta.pk.attname),
        }
        for entry, row in rows
    ]
    context = {"form": form, "deletions": deletions, "older": older}
    return render(request, "wiki/deleted_list.html", context, status=status)


@login_required
@require_POST
def content_restore_view(
    request: HttpRequest, kind: str, object_id: int
) -> HttpResponse:
    moderators_only(request)
    entry = entry_by_kind(kind)
    if entry is None:
        raise Http404("No such kind of content.")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            obj = content_restore(
                model=entry.model,
                object_id=object_id,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            existing = entry.model.objects.filter(pk=object_id).first()
            if existing is not None:
                # Restored already: by this same form submitted twice, or by
                # another moderator a moment ago.
                messages.info(request, f"“{existing}” is already restored.")
                return redirect(existing)
            _add_errors(form, error)
        else:
            # Protection is not part of the history, so it did not come back.
            messages.success(
                request,
                f"Restored “{obj}” with its history. It is open to every editor "
                "again: protect it anew if it needs it.",
            )
            return redirect(obj)
    deletion = deletion_of(entry, object_id)
    if deletion is None:
        raise Http404("Nothing deleted has this id.")
    context = {
        "entry": entry,
        "deletion": deletion,
        "title": entry.title_of(deletion),
        "object_id": object_id,
        "can_restore": True,
        "form": form,
        "status": 400,
    }
    return render(request, "wiki/deleted.html", context, status=400)


def _rename_refusal(request: HttpRequest, obj: models.Model) -> Refusal | None:
    """A block or a protection first (they say why), then the established rule,
    then the edit rate, which only a POST counts."""
    user = request.user
    if can_edit(obj, user) and not can_rename(obj, user):
        return Refusal(
            "Renaming moves the address everyone links to, so it is for "
            "established accounts (older than "
            f"{settings.ESTABLISHED_ACCOUNT_AGE.days} days, with at least "
            f"{settings.ESTABLISHED_ACCOUNT_EDITS} edits). Until then, ask a "
            "moderator.",
            403,
        )
    return write_guard(request, obj)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's refusal on its field when the form has one, else above."""
    if hasattr(error, "error_dict") and error.error_dict.keys() <= form.fields.keys():
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)
