from django import forms
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
