from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User


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
