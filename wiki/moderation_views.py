"""Moderators' tools on the site: hide and unhide revisions, roll back.

Every view refuses anyone but a moderator (403; anonymous visitors are sent to log
in) whatever the request, a hand-made POST included, and writes through
wiki.visibility and wiki.rollback, which log each action with its reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from accounts.audit import MAX_REASON_LENGTH
from wiki.guards import moderators_only
from wiki.revision_views import history_context, revision_or_404
from wiki.revisions import entry_for
from wiki.rollback import rollback_latest
from wiki.visibility import revision_visibility_set


class RevisionVisibilityForm(forms.Form):
    """Each box says whether that part is hidden: unticking one unhides it."""

    text = forms.BooleanField(required=False, label="Hide the text")
    summary = forms.BooleanField(required=False, label="Hide the edit summary")
    editor = forms.BooleanField(required=False, label="Hide the editor’s name")
    reason = forms.CharField(
        max_length=MAX_REASON_LENGTH,
        help_text="Why: kept in the moderation log, which moderators read.",
    )


def moderation_urls(model: type[models.Model], prefix: str) -> list:
    """URL patterns for hiding revisions and rolling back below `prefix`."""
    kind = entry_for(model).kind
    extra = {"model": model}
    return [
        path(
            f"{prefix}revisions/<int:revision_id>/visibility/",
            revision_visibility,
            extra,
            name=f"{kind}_revision_visibility",
        ),
        path(f"{prefix}rollback/", rollback, extra, name=f"{kind}_rollback"),
    ]


@login_required
def revision_visibility(
    request: HttpRequest, slug: str, revision_id: int, model
) -> HttpResponse:
    moderators_only(request)
    entry = entry_for(model)
    obj = get_object_or_404(model, slug=slug)
    revision = revision_or_404(obj, revision_id)
    initial = {
        "text": revision.text_hidden,
        "summary": revision.summary_hidden,
        "editor": revision.editor_hidden,
    }
    form = RevisionVisibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = revision_visibility_set(
                revision=revision, moderator=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(
                    request, f"Changed what revision {revision.version} shows."
                )
            else:
                messages.info(request, "Nothing changed.")
            return redirect(entry.url_name("history"), obj.slug)
    context = {"entry": entry, "object": obj, "revision": revision, "form": form}
    status = 400 if form.errors else 200
    return render(request, "wiki/revision_visibility.html", context, status=status)


@login_required
@require_POST
def rollback(request: HttpRequest, slug: str, model) -> HttpResponse:
    """Roll back the latest edits of the `editor` the button named; a refusal shows
    the history again (it may have changed) with the reason typed kept."""
    moderators_only(request)
    entry = entry_for(model)
    obj = get_object_or_404(model, slug=slug)
    editor = request.POST.get("editor", "")
    reason = request.POST.get("reason", "")[:MAX_REASON_LENGTH]
    try:
        if "\x00" in editor + reason:
            # Not a form: PostgreSQL refuses NUL in text, which would be a 500.
            raise ValidationError("Null characters are not allowed.")
        result = rollback_latest(
            obj=obj, editor_username=editor, moderator=request.user, reason=reason
        )
    except ValidationError as error:
        context = {
            **history_context(request, obj),
            "rollback_error": " ".join(error.messages),
            "rollback_reason": reason,
        }
        return render(request, "wiki/revision_history.html", context, status=400)
    if result.saved:
        edits = f"{result.count} edit{'' if result.count == 1 else 's'}"
        messages.success(
            request,
            f"Rolled back {edits} by {editor} to revision {result.target.version}.",
        )
    else:
        messages.info(
            request,
            f"The edits by {editor} left it as revision {result.target.version} "
            "had it: nothing to roll back.",
        )
    return redirect(entry.url_name("history"), obj.slug)
