"""Who may do what to wiki content: small predicates, checked at the view boundary.

`edit_refusal` and `upload_refusal` say why not (a block, a protection level), so
that every write path shows the same words; the `can_*` predicates are the yes/no
a template needs to show or hide a link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import BlockScope
from accounts.services import active_block
from wiki.models import Protection

MODERATE = "accounts.moderate"


def is_moderator(user) -> bool:
    """Moderators (and superusers) edit protected content, roll back, hide
    revisions, delete and restore, block, and are never rate-limited."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(MODERATE))


def is_established(user) -> bool:
    """Older than ESTABLISHED_ACCOUNT_AGE with ESTABLISHED_ACCOUNT_EDITS edits
    (MediaWiki's "autoconfirmed"), or a moderator."""
    if not user.is_authenticated:
        return False
    old_enough = user.date_joined <= timezone.now() - settings.ESTABLISHED_ACCOUNT_AGE
    return (
        old_enough and user.edit_count >= settings.ESTABLISHED_ACCOUNT_EDITS
    ) or is_moderator(user)


def protection_allows(obj: models.Model | None, user) -> bool:
    level = getattr(obj, "protection", Protection.OPEN)
    if level == Protection.MODERATORS:
        return is_moderator(user)
    if level == Protection.ESTABLISHED:
        return is_established(user)
    return True


def edit_refusal(obj: models.Model | None, user) -> str | None:
    """Why `user` may not create (obj None), edit, revert or rename content; None
    when they may."""
    if not (user.is_authenticated and user.is_active):
        return "Log in to edit."
    block = active_block(user, BlockScope.EDITING)
    if block is not None:
        return block.explanation()
    if not protection_allows(obj, user):
        return protection_explanation(obj)
    return None


def upload_refusal(obj: models.Model | None, user) -> str | None:
    """Why `user` may not upload an image (for `obj`, when known); None if they may."""
    if not (user.is_authenticated and user.is_active):
        return "Log in to upload images."
    block = active_block(user, BlockScope.UPLOADING)
    if block is not None:
        return block.explanation()
    if not protection_allows(obj, user):
        return protection_explanation(obj)
    return None


def protection_explanation(obj: models.Model) -> str:
    if obj.protection == Protection.MODERATORS:
        who = "moderators"
    else:
        who = (
            "established accounts (older than "
            f"{settings.ESTABLISHED_ACCOUNT_AGE.days} days, with at least "
            f"{settings.ESTABLISHED_ACCOUNT_EDITS} edits)"
        )
    return f"“{obj}” is protected: only {who} can change it."


def can_edit(obj: models.Model | None, user) -> bool:
    """Whether `user` may create (obj None), edit or revert content."""
    return edit_refusal(obj, user) is None


def can_rename(obj: models.Model, user) -> bool:
    """Renaming is a vandal's favourite: established accounts only."""
    return can_edit(obj, user) and is_established(user)


def can_moderate(user) -> bool:
    """Protect, hide revisions, roll back, delete and restore content: moderators,
    unless they are blocked from editing themselves."""
    return is_moderator(user) and active_block(user, BlockScope.EDITING) is None


def lifecycle_tools(obj: models.Model, user) -> dict[str, bool]:
    """Which lifecycle tools (rename, delete) `user` is offered for `obj`.

    Moderators work in the admin, so they are staff (the user menu's Admin link
    relies on the same). An account that is not staff and has fewer edits than an
    established one could only be established as a moderator, so for it the
    permission queries are skipped: every new editor's page stays within its
    query budget.
    """
    if not user.is_authenticated:
        return {"rename": False, "delete": False}
    enough_edits = user.edit_count >= settings.ESTABLISHED_ACCOUNT_EDITS
    return {
        "rename": (user.is_staff or enough_edits) and can_rename(obj, user),
        "delete": user.is_staff and can_moderate(user),
    }
