"""Wiki content in the admin: where moderators look, protect, revert and delete.

Content is created and edited on the site, through the merge-aware editor, so the
admin never saves it. Protecting, reverting and deleting go through the same
services as the site: each is a logged moderator action, and a revert is a new
revision, never a raw save of an old one.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import action_confirmation, confirmed_form
from accounts.audit import CHANGE, audit_log
from accounts.forms import ReasonForm
from wiki.lifecycle import content_delete
from wiki.models import Page
from wiki.permissions import can_moderate, edit_refusal
from wiki.protection import content_protect
from wiki.revisions import entry_for
from wiki.services import SaveResult, revision_revert

REVERT_REASON = "Reverted from the admin"
# A historical row's id as the database can look it up; str.isdigit() would let
# "²" through, and more digits than a bigint holds overflow.
VERSION_ID = re.compile(r"[0-9]{1,18}")


class ProtectionForm(forms.ModelForm):
    """The change form: the protection level, and why it changes."""

    # Why the wiki's rules stop this moderator changing the content; set by
    # ContentAdmin.get_form.
    refusal: str | None = None

    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why the protection changes; written in the moderation log.",
    )

    def clean(self):
        cleaned = super().clean()
        if "protection" in self.changed_data and self.refusal:
            self.add_error(None, self.refusal)
        if "protection" in self.changed_data and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason: it goes in the moderation log.")
        return cleaned


class RevertForm(forms.ModelForm):
    """The revert page: an old revision, read-only, and why it comes back."""

    reason = forms.CharField(
        required=False,
        help_text=f"Written in the moderation log; “{REVERT_REASON}” if empty.",
    )


class ContentAdmin(SimpleHistoryAdmin):
    """The admin of a model registered with the revision machinery.

    Subclasses set list_display, search_fields and their own list filters.
    """

    form = ProtectionForm
    list_filter = ("protection",)
    date_hierarchy = "updated_at"
    history_list_display = [
        "version",
        "minor",
        "text_hidden",
        "summary_hidden",
        "editor_hidden",
    ]
    delete_confirmation_template = "admin/content_delete_confirmation.html"
    actions = ["delete_selected"]

    def has_add_permission(self, request) -> bool:
        # Content is created on the site, where it gets its first revision.
        return False

    # The admin shows hidden revisions and skips the site's checks, so a model
    # permission is not enough: the user must be a moderator, and not blocked.
    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and can_moderate(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and can_moderate(
            request.user
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and can_moderate(
            request.user
        )

    def has_view_history_permission(self, request, obj=None) -> bool:
        return super().has_view_history_permission(request, obj) and can_moderate(
            request.user
        )

    def has_change_history_permission(self, request, obj=None) -> bool:
        return super().has_change_history_permission(request, obj) and can_moderate(
            request.user
        )

    def _content_fields(self) -> list[str]:
        return [*entry_for(self.model).fields, "version", "updated_at"]

    def _is_revert_page(self, request) -> bool:
        """Whether this is simple-history's page of one old revision, which reuses
        the change form's fieldsets but must offer a revert, not protection."""
        opts = self.model._meta
        match = request.resolver_match
        return match is not None and match.url_name == (
            f"{opts.app_label}_{opts.model_name}_simple_history"
        )

    def get_fieldsets(self, request, obj=None):
        if self._is_revert_page(request):
            return [
                (None, {"fields": self._content_fields()}),
                ("Revert", {"fields": ["reason"]}),
            ]
        return [
            (
                "Content",
                {
                    "fields": self._content_fields(),
                    "description": "Content is edited on the site, where edits "
                    "are merged and kept as revisions.",
                },
            ),
            ("Protection", {"fields": ["protection", "reason"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return self._content_fields()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._is_revert_page(request):
            kwargs["form"] = RevertForm
            return super().get_form(request, obj, change, **kwargs)
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made a class for this request alone.
        form.refusal = edit_refusal(obj, request.user)
        return form

    def save_model(self, request, obj, form, change):
        if "protection" in form.changed_data:
            content_protect(
                obj=obj,
                user=request.user,
                level=obj.protection,
                reason=form.cleaned_data["reason"],
            )

    def log_change(self, request, obj, message):
        """content_protect has logged the change, with its reason."""

    def _ids_or_404(self, object_id: str, version_id: str | None = None) -> None:
        """simple-history's views query with the ids from the address unchecked:
        one that cannot be an id would be a 500, not a 404."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if version_id is not None and not VERSION_ID.fullmatch(version_id):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._ids_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's page of one old revision; the revert itself is a new
        revision made by revision_revert, logged, instead of simple-history's save
        of the old row."""
        self._ids_or_404(object_id, version_id)
        if request.method != "POST":
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_history_permission(request, obj) or self.revert_disabled(
            request, obj
        ):
            raise PermissionDenied
        revision = obj.history.filter(history_id=version_id).first()
        if revision is None:
            raise Http404
        self._revert_and_report(request, obj, revision)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )

    def _revert_and_report(self, request, obj, revision) -> None:
        """Revert `obj` to `revision` unless the wiki's rules refuse (as on the
        site), and tell the moderator what came of it."""
        failure = edit_refusal(obj, request.user)
        if failure is None:
            reason = request.POST.get("reason", "").strip() or REVERT_REASON
            try:
                result = self._revert(request, obj, revision, reason)
            except IntegrityError:
                # A name the old revision had (a character's alias) is taken now.
                failure = "one of its names belongs to other content now."
            except ValidationError as error:
                failure = " ".join(error.messages)
        if failure:
            message = f"Revision {revision.version} cannot come back: {failure}"
            self.message_user(request, message, messages.ERROR)
        elif result.saved:
            message = (
                f"Reverted “{result.obj}” to revision {revision.version}; "
                f"it is now revision {result.obj.version}."
            )
            self.message_user(request, message, messages.SUCCESS)
        else:
            message = f"Revision {revision.version} is the current content already."
            self.message_user(request, message, messages.INFO)

    def _revert(self, request, obj, revision, reason: str) -> SaveResult:
        with transaction.atomic():
            result = revision_revert(obj=obj, revision=revision, user=request.user)
            if result.saved:
                audit_log(
                    actor=request.user,
                    obj=result.obj,
                    action_flag=CHANGE,
                    message=f"Reverted to revision {revision.version}",
                    reason=reason,
                )
        return result

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page asking for a reason, deleting through
        content_delete: the history is kept and the deletion logged."""
        obj = self.get_object(request, unquote(object_id))
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        if obj is None:
            raise Http404
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            obj_display, obj_id = str(obj), obj.pk
            try:
                content_delete(
                    obj=obj, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as refusal:
                form.add_error(None, refusal.messages)
            else:
                return self.response_delete(request, obj_display, obj_id)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": "Delete",
            "subtitle": None,
            "object_name": str(opts.verbose_name),
            "object": obj,
            "form": form,
            "opts": opts,
            "app_label": opts.app_label,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return self.render_delete_form(request, context)

    @admin.action(
        permissions=["delete"], description="Delete selected %(verbose_name_plural)s"
    )
    def delete_selected(self, request, queryset):
        """Replaces Django's bulk delete: a reason, and content_delete for each."""
        form = confirmed_form(ReasonForm, request)
        if not form.is_valid():
            return action_confirmation(
                self,
                request,
                queryset,
                form=form,
                title=f"Delete {self.model._meta.verbose_name_plural}",
                intro="Their history is kept, and a moderator can restore them.",
                submit="Delete",
            )
        deleted, refused = [], []
        for obj in queryset:
            try:
                content_delete(
                    obj=obj, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as refusal:
                refused.append(" ".join(refusal.messages))
            else:
                deleted.append(f"“{obj}”")
        if deleted:
            self.message_user(
                request, f"Deleted {', '.join(deleted)}.", messages.SUCCESS
            )
        for reason in refused:
            self.message_user(request, f"Not deleted: {reason}", messages.ERROR)


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ("title", "protection", "version", "updated_at")
    search_fields = ("title", "body")
