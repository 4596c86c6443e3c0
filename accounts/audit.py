"""The moderation log: every moderator action is an admin LogEntry saying who,
when, what and why, whichever screen (the admin or the site) it was done from."""

from __future__ import annotations

import re

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

__all__ = [
    "ADDITION",
    "CHANGE",
    "DELETION",
    "audit_log",
    "reason_required",
    "without_control_characters",
]

MAX_REASON_LENGTH = 500
REASON_REQUIRED = "Give a reason: it goes in the moderation log."


# C0 controls other than tab and newline, and DEL: invisible in a summary or a
# reason, refused in text by PostgreSQL (NUL) and unwritable in XML 1.0, so one in a
# summary made every Atom feed listing the revision fail with a 500.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    """`text` as a one-line note (an edit summary, a moderator's reason) is kept."""
    return _CONTROL_CHARACTERS.sub("", text)


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
