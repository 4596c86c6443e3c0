"""The steps every edit form shares, whatever the content: save, merge, conflict.

A content app's edit view validates its own form, builds the values to save and
hands them to `edit_submit`; a conflict comes back as template context that shows
the other editor's values next to the user's, whose text stays in the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wiki.diff import DiffRow, text_diff
from wiki.guards import Refusal
from wiki.revisions import entry_for
from wiki.services import EditConflict, SaveResult, content_update


@dataclass(frozen=True)
class FieldConflict:
    """One field both editors changed: the saved value and the user's."""

    name: str
    label: str
    theirs: str
    mine: str
    rows: list[DiffRow] | None  # line diff for text fields


def edit_submit(
    request: HttpRequest,
    *,
    obj: models.Model,
    form: forms.Form,
    values: dict,
    context: dict,
) -> HttpResponse | None:
    """Save `values` as a new revision of obj and redirect to it; None when the
    form must be shown again (an error, or a conflict described in `context`)."""
    data = form.cleaned_data
    try:
        result = content_update(
            obj=obj,
            user=request.user,
            values=values,
            base_version=data["base_version"],
            summary=data["summary"],
            minor=data["minor"],
        )
    except EditConflict as conflict:
        context.update(conflict_context(form, conflict))
    except ValidationError as error:
        form.add_error(None, error)
    else:
        say_saved(request, result)
        return redirect(result.obj)
    return None


def conflict_context(form: forms.Form, conflict: EditConflict) -> dict:
    """Put the form on top of the current version, keeping what the user typed."""
    current = conflict.current
    entry = entry_for(current)
    data = form.data.copy()
    data["base_version"] = current.version
    form.data = data
    conflicts = []
    for name in conflict.fields:
        theirs, mine = getattr(current, name), conflict.mine[name]
        if name in entry.text_fields:
            conflicts.append(
                FieldConflict(
                    name, entry.label_of(name), theirs, mine, text_diff(theirs, mine)
                )
            )
        else:
            conflicts.append(
                FieldConflict(
                    name,
                    entry.label_of(name),
                    entry.display(name, theirs),
                    entry.display(name, mine),
                    None,
                )
            )
    return {"conflict": True, "conflicts": conflicts, "current": current}


def say_saved(request: HttpRequest, result: SaveResult) -> None:
    if not result.saved:
        messages.info(request, "Nothing changed, so no new revision was saved.")
    elif result.merged:
        messages.success(
            request,
            "Someone else saved this while you were editing; "
            "your changes were merged with theirs.",
        )
    else:
        messages.success(request, "Your changes were saved.")


def form_response(
    request: HttpRequest, template: str, context: dict, refusal: Refusal | None
) -> HttpResponse:
    """Show an edit form; when the write is refused, say why above the user's text
    (which stays in the form) and answer with the refusal's status."""
    return render(
        request,
        template,
        {**context, "refusal": refusal},
        status=refusal.status if refusal else 200,
    )
