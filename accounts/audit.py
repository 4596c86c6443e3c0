"""The moderation log: every moderator action is an admin LogEntry saying who,
when, what and why, whichever screen (the admin or the site) it was done from."""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

__all__ = ["ADDITION", "CHANGE", "DELETION", "audit_log"]


def audit_log(
    *, actor, obj: models.Model, action_flag: int, message: str, reason: str = ""
) -> LogEntry:
    """Record that `actor` did `message` to `obj`, because `reason`."""
    text = f"{message}: {reason}" if reason else message
    return LogEntry.objects.create(
        user_id=actor.pk,
        content_type_id=ContentType.objects.get_for_model(
            obj, for_concrete_model=False
        ).pk,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=action_flag,
        change_message=text,
    )
