"""Hiding parts of a revision from everyone but moderators (MediaWiki's revision
deletion), and reading revisions with those parts left out.

A hidden part stays in the database and moderators still see it, marked as hidden.
For everyone else a revision with hidden text has no permalink, diff or revert (a
404), the hidden summary or editor is removed from the row before any template
sees it, and a revision with anything hidden is left out of every public list of
revisions: recent changes, contributions, feeds, search and the API.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.audit import CHANGE, audit_log, reason_required
from wiki.permissions import can_moderate
from wiki.revisions import entry_for

# The flag of each part, and the words the moderation log uses for it.
PARTS = {"text_hidden": "text", "summary_hidden": "summary", "editor_hidden": "editor"}


def can_see_hidden(user) -> bool:
    """Whether `user` sees the hidden parts of revisions (marked as hidden)."""
    return can_moderate(user)


def can_see_text(revision: models.Model, user) -> bool:
    """Whether `user` may read `revision`'s text: view it, diff it, revert to it.

    Asks about the user only when the text is hidden, so that reading an ordinary
    revision costs no permission query.
    """
    return not revision.text_hidden or can_see_hidden(user)


def hidden_excluded(rows: models.QuerySet) -> models.QuerySet:
    """Historical `rows` without any revision that has anything hidden: what every
    public list of revisions shows to non-moderators."""
    return rows.filter(text_hidden=False, summary_hidden=False, editor_hidden=False)


def visible_revisions(rows: models.QuerySet, user) -> models.QuerySet:
    """Historical `rows` as `user` may list them: all for moderators, otherwise
    only the revisions with nothing hidden."""
    return rows if can_see_hidden(user) else hidden_excluded(rows)


def text_visible(rows: models.QuerySet, user) -> models.QuerySet:
    """Historical `rows` whose text `user` may read."""
    return rows if can_see_hidden(user) else rows.filter(text_hidden=False)


def redacted(revision: models.Model | None, user) -> models.Model | None:
    """`revision` with its hidden summary and editor removed unless `user` is a
    moderator; the row must have `summary_hidden` and `editor_hidden` loaded.

    Removing them from the instance (never saved) rather than trusting every
    template to check keeps a template that forgets from leaking them; templates
    say "(editor hidden)" when the flag is set and the value is gone.
    """
    if revision is None or not (revision.summary_hidden or revision.editor_hidden):
        return revision
    if not can_see_hidden(user):
        _redact(revision)
    return revision


def all_redacted(revisions: Iterable[models.Model], user) -> list[models.Model]:
    """`redacted` for each revision; asks about the user at most once."""
    revisions = list(revisions)
    hidden = any(rev.summary_hidden or rev.editor_hidden for rev in revisions)
    if hidden and not can_see_hidden(user):
        for rev in revisions:
            _redact(rev)
    return revisions


def _redact(revision: models.Model) -> None:
    if revision.summary_hidden:
        revision.history_change_reason = ""
    if revision.editor_hidden:
        revision.history_user = None


def revision_visibility_set(
    *,
    revision: models.Model,
    moderator,
    text: bool,
    summary: bool,
    editor: bool,
    reason: str,
) -> bool:
    """Hide (True) or unhide (False) the text, summary and editor of `revision`, a
    historical row, and log it with `reason`; False when nothing changed.

    The flags are set with an UPDATE: hiding is not an edit, so it makes no new
    revision. The current revision's text cannot be hidden, because the content
    shows it anyway.
    """
    reason = reason_required(reason)
    history_model = type(revision)
    entry = entry_for(history_model.instance_type)
    wanted = {"text_hidden": text, "summary_hidden": summary, "editor_hidden": editor}
    with transaction.atomic():
        row = history_model.objects.select_for_update().get(pk=revision.pk)
        changed = {
            name: value for name, value in wanted.items() if getattr(row, name) != value
        }
        if not changed:
            return False
        if changed.get("text_hidden") and _is_current(row, entry):
            raise ValidationError(
                {
                    "text": "This is the current revision: its text is what "
                    "everyone reads. Revert or roll back to another revision "
                    "first, then hide this one's text."
                }
            )
        history_model.objects.filter(pk=row.pk).update(**changed)
        audit_log(
            actor=moderator,
            obj=row,
            action_flag=CHANGE,
            message=_log_message(row, entry.title_of(row), changed),
            reason=reason,
        )
    for name, value in wanted.items():
        setattr(revision, name, value)
    return True


def _is_current(row: models.Model, entry) -> bool:
    """Whether `row` is the newest revision of its object."""
    pk_name = entry.model._meta.pk.attname
    newest = (
        type(row)
        .objects.filter(**{pk_name: getattr(row, pk_name)})
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return newest == row.history_id


def _log_message(row: models.Model, title: str, changed: dict[str, bool]) -> str:
    hid = [PARTS[name] for name, hidden in changed.items() if hidden]
    unhid = [PARTS[name] for name, hidden in changed.items() if not hidden]
    clauses = []
    if hid:
        clauses.append(f"hid the {_words(hid)}")
    if unhid:
        clauses.append(f"unhid the {_words(unhid)}")
    return f"Revision {row.version} of “{title}”: {'; '.join(clauses)}"


def _words(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
