"""The moderation log: every moderator action is an admin LogEntry saying who,
when, what and why, whichever screen (the admin or the site) it was done from."""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from accounts.text import without_control_characters

__all__ = [
    "ADDITION",
    "CHANGE",
    "DELETION",
    "audit_log",
    "reason_required",
]

MAX_REASON_LENGTH = 500
REASON_REQUIRED = "Give a reason: it goes in the moderation log."


def reason_required(reason: str) -> str:
    """`reason` stripped; a blank one is a ValidationError on the "reason" field."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    return reason


def audit_log(
    *, actor, obj: models.Model, action_flag: int, message: str, reason: str = ""
) -> LogEntry:
    """Record that `actor` did `message` to `obj`, because `reason`."""
    text = without_control_characters(f"{message}: {reason}" if reason else message)
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
