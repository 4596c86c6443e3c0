"""Who may do what to wiki content: small predicates, checked at the view boundary."""

from django.db import models


def can_edit(obj: models.Model | None, user) -> bool:
    """Whether `user` may create (obj None), edit or revert content."""
    return bool(user.is_authenticated and user.is_active)
