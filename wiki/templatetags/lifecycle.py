"""Which lifecycle tools (rename, delete) the content tabs offer the reader."""

from django import template
from django.conf import settings

from wiki.permissions import can_moderate, can_rename

register = template.Library()


@register.simple_tag(takes_context=True)
def content_tools(context, obj) -> dict[str, bool]:
    """{"rename": …, "delete": …} for the user viewing `obj`.

    Moderators work in the admin, so they are staff (the user menu's Admin link
    relies on the same). An account that is not staff and has fewer edits than an
    established one could only be established as a moderator, so for it the
    permission queries are skipped: every new editor's page stays within its
    query budget.
    """
    user = context["request"].user
    if not user.is_authenticated:
        return {"rename": False, "delete": False}
    enough_edits = user.edit_count >= settings.ESTABLISHED_ACCOUNT_EDITS
    return {
        "rename": (user.is_staff or enough_edits) and can_rename(obj, user),
        "delete": user.is_staff and can_moderate(user),
    }
