"""Rollback: undo a run of one editor's latest edits in one new revision.

Rolling back goes back to the newest revision by anybody else, as MediaWiki's
rollback does, and saves it through the content services like any edit, so that
it is a revision of its own that can itself be reverted. Each rollback is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, Subquery

from accounts.audit import CHANGE, audit_log
from wiki.lifecycle import content_rename
from wiki.revisions import entries, entry_for
from wiki.services import content_update

# Why user_edits_rollback leaves an object alone, by the refusal's code.
SKIP_REASONS = {
    "not_latest": "edited by others since",
    "only_editor": "only they edited it; delete it instead",
}


@dataclass(frozen=True)
class RollbackResult:
    obj: models.Model
    count: int  # how many revisions were undone
    target: models.Model  # the revision whose content was restored
    saved: bool  # False when the run had left the content as the target had it


@dataclass
class RollbackReport:
    rolled_back: list = field(default_factory=list)
    skipped: list[tuple[models.Model, str]] = field(default_factory=list)


@dataclass(frozen=True)
class RollbackOffer:
    """What the rollback button on a history page would undo."""

    editor: str  # username of the latest editor
    count: int


def rollback_latest(
    *, obj: models.Model, editor_username: str, moderator, reason: str = ""
) -> RollbackResult:
    """Undo every consecutive latest revision of `editor_username` on obj, back to
    the newest revision by someone else, as one new revision by `moderator`.

    Naming the editor guards against a race: if someone edited after the moderator
    looked, the latest revision is not theirs any more and nothing is undone.
    """
    editor = get_user_model().objects.filter(username=editor_username).first()
    return _rollback(
        obj, editor=editor, name=editor_username, moderator=moderator, reason=reason
    )


def user_edits_rollback(
    *, target, since: datetime, moderator, reason: str
) -> RollbackReport:
    """Roll back, object by object, all of `target`'s edits since `since` across
    every registered model; each rollback is its own revision and log entry.

    An object whose latest revision is by someone else is skipped, because undoing
    target's edits there would undo the others' too; so is one only target ever
    edited, which has no earlier version to go back to, and one their edits left
    as it was.
    """
    report = RollbackReport()
    for entry in entries():
        pk_name = entry.model._meta.pk.attname
        edited = entry.history_model.objects.filter(
            history_user=target, history_date__gte=since
        ).values(pk_name)
        for obj in entry.model.objects.filter(pk__in=edited).order_by("pk"):
            try:
                result = _rollback(
                    obj,
                    editor=target,
                    name=target.username,
                    moderator=moderator,
                    reason=reason,
                    since=since,
                )
            except ValidationError as error:
                report.skipped.append(
                    (obj, SKIP_REASONS.get(error.code, " ".join(error.messages)))
                )
            else:
                if result.saved:
                    report.rolled_back.append(result.obj)
                else:
                    report.skipped.append((obj, "their edits left it unchanged"))
    return report


def rollback_offer(
    obj: models.Model, newest: Sequence[models.Model]
) -> RollbackOffer | None:
    """The latest editor of obj and how many consecutive latest revisions are
    theirs, when an earlier revision by someone else exists to go back to.

    `newest` are obj's newest revisions, newest first (a history page has them
    already), with their editors: the run is counted there, and only a run that
    fills all of them costs a query, one COUNT.
    """
    if not newest or newest[0].history_user is None:
        return None
    editor = newest[0].history_user
    for count, row in enumerate(newest):
        if row.history_user_id != editor.pk:
            return RollbackOffer(editor=editor.username, count=count)
    count = _run(obj.history.all(), editor).count()
    return RollbackOffer(editor=editor.username, count=count) if count else None


def _run(history: models.QuerySet, editor) -> models.QuerySet:
    """The revisions after the newest one by anybody but `editor` (none when there
    is no such revision: a comparison with NULL is never true)."""
    other = (
        history.exclude(history_user=editor)
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return history.filter(history_id__gt=Subquery(other))


def _target(history, *, editor, since: datetime | None, name: str):
    """The revision to go back to: the newest by anybody else or, in a rollback
    of the edits since a time, made before it (so their older edits stay)."""
    undone = Q(history_user=editor)
    if since is not None:
        undone &= Q(history_date__gte=since)
    target = history.exclude(undone).first()
    if target is None:
        current = history.model.instance_type.__name__.lower()
        raise ValidationError(
            f"Only {name} ever edited this {current}: there is no earlier "
            "version by anybody else to go back to; delete it instead.",
            code="only_editor",
        )
    if target.text_hidden:
        # Rolling back would publish text that a moderator hid.
        raise ValidationError(
            f"The revision to go back to (revision {target.version}) has its "
            "text hidden. Unhide it, or revert to another revision.",
            code="target_hidden",
        )
    return target


def _rollback(
    obj, *, editor, name: str, moderator, reason: str, since: datetime | None = None
) -> RollbackResult:
    entry = entry_for(obj)
    reason = reason.strip()
    with transaction.atomic():
        current = entry.model.objects.select_for_update().get(pk=obj.pk)
        history = current.history.select_related("history_user").order_by("-history_id")
        latest = history.first()
        if editor is None or latest is None or latest.history_user_id != editor.pk:
            raise ValidationError(
                f"The latest revision of “{current}” is not by {name}: someone "
                "has edited it since. Look at its history again.",
                code="not_latest",
            )
        target = _target(history, editor=editor, since=since, name=name)
        run = history.filter(history_id__gt=target.history_id).aggregate(
            count=Count("pk"), editor_hidden=Count("pk", filter=Q(editor_hidden=True))
        )
        message = _summary(name, run, target)
        obj, saved = _restore_target(
            entry, current, target, moderator=moderator, message=message, reason=reason
        )
    return RollbackResult(obj=obj, count=run["count"], target=target, saved=saved)


def _restore_target(
    entry, current, target, *, moderator, message: str, reason: str
) -> tuple[models.Model, bool]:
    """Save target's content as a new revision of current, and its title back if
    the run renamed it; return the object and whether anything changed."""
    result = content_update(
        obj=current,
        user=moderator,
        # As in a revert, the title stays: only a rename changes an address.
        values={
            part: getattr(target, part)
            for part in entry.fields
            if part != entry.title_field
        },
        base_version=current.version,
        summary=f"{message}: {reason}" if reason else message,
        minor=False,
    )
    obj, saved = result.obj, result.saved
    if saved:
        audit_log(
            actor=moderator, obj=obj, action_flag=CHANGE, message=message, reason=reason
        )
    if entry.title_of(obj) != entry.title_of(target):
        # The run renamed it: rename it back through the rename service, which
        # leaves a redirect from their title for the links made meanwhile.
        title = entry.title_of(target)
        obj = content_rename(obj=obj, user=moderator, new_title=title, reason=message)
        saved = True
    return obj, saved


def _summary(name: str, run: dict, target) -> str:
    """The new revision's summary; it is public, so it names nobody whose name a
    moderator hid on the revisions concerned."""
    count = run["count"]
    edits = f"{count} edit{'' if count == 1 else 's'}"
    by = "a hidden editor" if run["editor_hidden"] else name
    if target.editor_hidden:
        to = ""
    elif target.history_user is not None:
        to = f" by {target.history_user.username}"
    else:
        to = " by an unknown editor"
    return f"Rolled back {edits} by {by} to revision {target.version}{to}"
