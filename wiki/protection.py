"""Setting who may edit a piece of content (its protection level)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.audit import CHANGE, audit_log, reason_required
from wiki.models import Protection


def content_protect(*, obj: models.Model, user, level: str, reason: str) -> bool:
    """Set `obj`'s protection to `level` and log it with `reason` (required).

    Returns False, and logs nothing, when the content already has that level.
    """
    reason = reason_required(reason)
    if level not in Protection.values:
        raise ValidationError({"protection": f"Unknown protection level “{level}”."})
    model = type(obj)._meta.concrete_model
    with transaction.atomic():
        # Protection is not content, so setting it must not be a revision:
        # QuerySet.update() leaves history alone (save() would record one). The
        # filter makes it a compare-and-set, so two moderators setting the same
        # level at once log it once.
        changed = (
            model.objects.filter(pk=obj.pk)
            .exclude(protection=level)
            .update(protection=level)
        )
        obj.protection = level
        if not changed:
            return False
        audit_log(
            actor=user,
            obj=obj,
            action_flag=CHANGE,
            message=f"Protection set to “{Protection(level).label}”",
            reason=reason,
        )
    return True
