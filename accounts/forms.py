from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from accounts.audit import MAX_REASON_LENGTH, REASON_REQUIRED
from accounts.models import BlockScope, User


class SignupForm(UserCreationForm):
    """Username, email and a password checked by Django's password validators."""

    email = forms.EmailField(
        required=True,
        help_text="Used only to reset your password; never shown to anyone.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self) -> str | None:
        username = self.cleaned_data.get("username")
        if username and username.casefold() == settings.SYSTEM_USERNAME.casefold():
            raise forms.ValidationError(
                "This name belongs to the wiki's own account; choose another."
            )
        return super().clean_username()


class SpoilerLevelForm(forms.Form):
    """How far the reader has watched, one radio button per season that exists."""

    spoiler_season = forms.TypedChoiceField(
        label="I have watched",
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=(
            "Spoilers for the seasons after this one are collapsed until you open them."
        ),
        error_messages={
            "required": "Choose how far you have watched.",
            "invalid_choice": "Choose one of the seasons listed.",
        },
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spoiler_season"].choices = choices


BLOCK_DURATIONS = {
    "1h": ("1 hour", timedelta(hours=1)),
    "1d": ("1 day", timedelta(days=1)),
    "3d": ("3 days", timedelta(days=3)),
    "1w": ("1 week", timedelta(weeks=1)),
    "1m": ("1 month", timedelta(days=31)),
    "3m": ("3 months", timedelta(days=92)),
    "1y": ("1 year", timedelta(days=365)),
    "never": ("Indefinite", None),
}


class BlockForm(forms.Form):
    """A moderator's block of one user (MediaWiki's Special:Block)."""

    scope = forms.ChoiceField(
        choices=BlockScope.choices,
        initial=BlockScope.EDITING,
        label="Block from",
        help_text="“Everything” stops both editing and uploading.",
    )
    duration = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in BLOCK_DURATIONS.items()],
        initial="1d",
        help_text="The block ends by itself when this time has passed.",
    )
    reason = forms.CharField(
        max_length=500,
        help_text="The blocked user reads this on every write attempt.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def expires_at(self) -> datetime | None:
        length = BLOCK_DURATIONS[self.cleaned_data["duration"]][1]
        return None if length is None else timezone.now() + length


class ReasonForm(forms.Form):
    """What every moderator action asks for: why (kept in the moderation log)."""

    reason = forms.CharField(
        max_length=MAX_REASON_LENGTH,
        help_text="Kept in the moderation log.",
        error_messages={"required": REASON_REQUIRED},
    )
