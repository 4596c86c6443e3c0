"""Users and blocks in the admin.

Blocks are written through accounts.services only, so that who blocked whom, when
and why is always in the moderation log. A block on record is never edited:
lifting it ends it now and keeps it, as an expired block.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.forms import ReasonForm
from accounts.models import Block, User
from accounts.services import block_create, block_lift, block_validate, can_block


def action_confirmation(
    modeladmin: admin.ModelAdmin,
    request,
    queryset,
    *,
    form: forms.Form,
    title: str,
    intro: str,
    submit: str,
) -> TemplateResponse:
    """The intermediate page of an admin action that needs more than a click (a
    reason, a time): the selected objects, `form` and a confirm button.

    The page posts the action again with `post=yes`, which is how the action tells
    a confirmation from the first click on the changelist.
    """
    opts = modeladmin.model._meta
    request.current_app = modeladmin.admin_site.name
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "intro": intro,
        "submit": submit,
        "form": form,
        "queryset": queryset,
        "opts": opts,
        "app_label": opts.app_label,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/action_confirmation.html", context)


def confirmed_form(form_class: type[forms.Form], request) -> forms.Form:
    """`form_class` bound to the confirmation page's POST, unbound on the first
    click (which posts the changelist's own form)."""
    return form_class(request.POST if "post" in request.POST else None)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "is_staff", "is_active", "date_joined")
    date_hierarchy = "date_joined"
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Reader preferences", {"fields": ("spoiler_season",)}),
    )


class BlockForm(forms.ModelForm):
    """The add form of a block; the moderator placing it is set by BlockAdmin."""

    moderator: User | None = None

    class Meta:
        model = Block
        fields = ("user", "scope", "reason", "expires_at")

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and self.moderator is not None:
            try:
                block_validate(
                    moderator=self.moderator,
                    user=user,
                    expires_at=cleaned.get("expires_at"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class UserAutocomplete(AutocompleteSelect):
    """Django's autocomplete, which looks the selected user up to show their name.

    The selection comes from the address (block_url's ?user=) or a post; a value
    that cannot be a user's id is shown as no selection, since looking it up
    would fail with a 500 (an unknown id is simply not found).
    """

    def format_value(self, value) -> list[str]:
        return [
            choice
            for choice in super().format_value(value)
            if re.fullmatch(r"[0-9]{1,18}", choice)
        ]


class ActiveNowFilter(admin.SimpleListFilter):
    title = "active now"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No (expired or lifted)"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.filter(expires_at__lte=timezone.now())
        return queryset


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    """Moderators place blocks here (through block_create) and lift them (an
    action, through block_lift); nothing else about a block changes."""

    form = BlockForm
    list_display = (
        "user",
        "scope",
        "reason",
        "expires_at",
        "created_by",
        "created_at",
        "active_now",
    )
    list_filter = ("scope", ActiveNowFilter)
    list_select_related = ("user", "created_by")
    search_fields = ("user__username", "reason")
    date_hierarchy = "created_at"
    autocomplete_fields = ["user"]
    actions = ["lift_selected"]

    @admin.display(description="active now", boolean=True)
    def active_now(self, block: Block) -> bool:
        return block.is_active

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["widget"] = UserAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = ["user", "scope", "reason", "expires_at"]
        if obj is not None:
            fields += ["created_by", "created_at", "active_now"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made a class for this request alone.
        form.moderator = request.user
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A block stays on record; lifting it is the way to end it.
        return False

    def has_add_permission(self, request) -> bool:
        return can_block(request.user)

    def has_lift_permission(self, request) -> bool:
        return can_block(request.user) and request.user.has_perm(
            "accounts.change_block"
        )

    def save_model(self, request, obj, form, change):
        block = block_create(
            moderator=request.user,
            user=obj.user,
            scope=obj.scope,
            reason=obj.reason,
            expires_at=obj.expires_at,
        )
        # The admin goes on with `obj` for its message and redirect.
        obj.pk, obj.created_by, obj.created_at = (
            block.pk,
            block.created_by,
            block.created_at,
        )

    def log_addition(self, request, obj, message):
        """block_create has logged the block, with its reason."""

    @admin.action(permissions=["lift"], description="Lift selected blocks")
    def lift_selected(self, request, queryset):
        form = confirmed_form(ReasonForm, request)
        if not form.is_valid():
            return action_confirmation(
                self,
                request,
                queryset.select_related("user"),
                form=form,
                title="Lift blocks",
                intro="These blocks end now; they stay on record as expired.",
                submit="Lift the blocks",
            )
        selected = queryset.count()
        lifted, refused = [], []
        with transaction.atomic():
            for block in queryset.active().select_related("user"):
                try:
                    block_lift(
                        moderator=request.user,
                        block=block,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    refused.append(f"{block.user} ({' '.join(error.messages)})")
                else:
                    lifted.append(str(block.user))
        self._report_lifts(request, lifted, refused, selected)

    def _report_lifts(self, request, lifted, refused, selected: int) -> None:
        """One message per outcome: lifted, refused and why, already ended."""
        if lifted:
            self.message_user(
                request,
                f"Lifted {len(lifted)} block(s): {', '.join(lifted)}.",
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request, f"Not lifted: {'; '.join(refused)}.", messages.ERROR
            )
        skipped = selected - len(lifted) - len(refused)
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected block(s) had already ended.",
                messages.WARNING,
            )
