"""The moderation log, and the moderators' tools on users.

The user tools live here rather than in accounts because they need the wiki's
rollback and the Moderators group, and accounts imports no other app.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin import UserAdmin, action_confirmation, confirmed_form
from accounts.models import User
from accounts.services import can_block
from moderation.services import moderators_add
from wiki.permissions import can_moderate


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The moderation log: who did what, when and why. Nobody edits it."""

    list_display = (
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "message",
    )
    list_filter = (
        "action_flag",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "change_message")
    date_hierarchy = "action_time"

    @admin.display(description="change message")
    def message(self, entry: LogEntry) -> str:
        # The admin's own entries store JSON; this reads them as sentences.
        return entry.get_change_message()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RollbackForm(forms.Form):
    since = forms.DateTimeField(
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text="Every edit saved at or after this time (the site's time zone).",
    )
    reason = forms.CharField(
        max_length=500,
        help_text="Written in the moderation log.",
        error_messages={"required": "Give a reason: it goes in the moderation log."},
    )

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.now():
            raise forms.ValidationError("Pick a time in the past.")
        return since


def block_url(user: User) -> str:
    """The block form with `user` filled in."""
    return f"{reverse('admin:accounts_block_add')}?user={user.pk}"


admin.site.unregister(User)


@admin.register(User)
class ModerationUserAdmin(UserAdmin):
    """accounts' user admin with the tools that reach into content."""

    change_form_template = "admin/moderation/user_change_form.html"
    actions = ["rollback_edits", "make_moderators"]

    def get_list_display(self, request):
        list_display = super().get_list_display(request)
        if can_block(request.user):
            return (*list_display, "block_link")
        return list_display

    @admin.display(description="block")
    def block_link(self, user: User) -> str:
        return format_html('<a href="{}">Block this user</a>', block_url(user))

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def has_make_moderators_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(permissions=["moderate"], description="Roll back all edits since…")
    def rollback_edits(self, request, queryset):
        from wiki.rollback import user_edits_rollback

        form = confirmed_form(RollbackForm, request)
        if not form.is_valid():
            return action_confirmation(
                self,
                request,
                queryset,
                form=form,
                title="Roll back edits",
                intro="Each of these users' edits since the time below is undone "
                "by a new revision; content that cannot be rolled back is skipped, "
                "and you are told why.",
                submit="Roll back",
            )
        since, reason = form.cleaned_data["since"], form.cleaned_data["reason"]
        for target in queryset:
            report = user_edits_rollback(
                target=target, since=since, moderator=request.user, reason=reason
            )
            self.message_user(
                request,
                rollback_summary(target, report),
                messages.SUCCESS if report.rolled_back else messages.WARNING,
            )

    @admin.action(permissions=["make_moderators"], description="Make moderators")
    def make_moderators(self, request, queryset):
        users = list(queryset)
        moderators_add(users=users, by=request.user)
        names = ", ".join(str(user) for user in users)
        self.message_user(request, f"Made moderators: {names}.", messages.SUCCESS)


def rollback_summary(target: User, report) -> str:
    """One user's rollback in a sentence: what was undone, what was not and why."""
    if not report.rolled_back and not report.skipped:
        return f"No edits by {target} to roll back."
    parts = []
    if report.rolled_back:
        titles = ", ".join(f"“{obj}”" for obj in report.rolled_back)
        parts.append(f"rolled back {titles}")
    if report.skipped:
        skipped = "; ".join(f"“{obj}” ({why})" for obj, why in report.skipped)
        parts.append(f"skipped {skipped}")
    return f"Edits by {target}: {'; '.join(parts)}."
