from django import forms
from django.core import signing

from accounts.preferences import season_choices
from characters.models import Character, CharacterAlias, season_numbers, seasons_text
from wiki.forms import (
    BODY_HELP,
    EditSummaryMixin,
    RevisionMixin,
    clean_markdown,
    clean_new_title,
)
from wiki.titles import MAX_TITLE_LENGTH, normalise_title, slug_for_title
from wiki.widgets import EditorWidget

MAX_ALIASES = 20
_PORTRAIT_SALT = "characters.portrait-upload"


def sign_portrait(name: str) -> str:
    """A token for a portrait already stored, so a re-shown form keeps it."""
    return signing.dumps(name, salt=_PORTRAIT_SALT)


class CharacterForm(EditSummaryMixin):
    """The fields of a character; CharacterEditForm adds what an edit needs."""

    name = forms.CharField(max_length=Character._meta.get_field("name").max_length)
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Character._meta.get_field("aliases").help_text,
    )
    actor = forms.CharField(required=False, max_length=200, label="Portrayed by")
    role = forms.ChoiceField(choices=Character._meta.get_field("role").choices)
    status = forms.ChoiceField(choices=Character._meta.get_field("status").choices)
    status_spoiler_season = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Status is a spoiler for season",
        help_text=Character._meta.get_field("status_spoiler_season").help_text,
    )
    seasons = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Seasons appeared in",
    )
    portrait = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
        help_text="A PNG, JPEG or WebP image, up to 5 MB.",
    )
    # A portrait stored by an earlier submission of this form (see sign_portrait).
    portrait_upload = forms.CharField(required=False, widget=forms.HiddenInput)
    biography = forms.CharField(
        required=False,
        strip=False,
        widget=EditorWidget(attrs={"rows": 14}),
        help_text=BODY_HELP,
    )
    field_order = [
        "name",
        "aliases",
        "actor",
        "role",
        "status",
        "status_spoiler_season",
        "seasons",
        "portrait",
        "biography",
        "summary",
    ]

    def __init__(self, *args, character: Character | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.character = character
        seasons = season_choices()[1:]
        self.fields["seasons"].choices = seasons
        self.fields["status_spoiler_season"].choices = [("", "Not a spoiler")] + [
            (number, label) for number, label in seasons
        ]

    def clean_name(self) -> str:
        name = clean_new_title(self.cleaned_data["name"], noun="name")
        slug = slug_for_title(name)
        others = Character.objects.exclude(pk=getattr(self.character, "pk", None))
        if others.filter(slug=slug).exists():
            raise forms.ValidationError("A character with this name already exists.")
        if (
            CharacterAlias.objects.filter(slug=slug)
            .exclude(character=self.character)
            .exists()
        ):
            raise forms.ValidationError("Another character has this name as an alias.")
        return name

    def clean_aliases(self) -> str:
        aliases = [
            normalise_title(line)
            for line in self.cleaned_data["aliases"].splitlines()
            if normalise_title(line)
        ]
        if len(aliases) > MAX_ALIASES:
            raise forms.ValidationError(f"At most {MAX_ALIASES} aliases, please.")
        too_long = next((a for a in aliases if len(a) > MAX_TITLE_LENGTH), None)
        if too_long:
            raise forms.ValidationError(
                f"An alias can be at most {MAX_TITLE_LENGTH} characters; "
                f"“{too_long[:40]}…” is longer."
            )
        slugs = {slug_for_title(alias): alias for alias in aliases}
        slugs.pop("", None)
        taken = CharacterAlias.objects.filter(slug__in=slugs).exclude(
            character=self.character
        )
        taken = list(taken.select_related("character")[:1]) or list(
            Character.objects.filter(slug__in=slugs).exclude(
                pk=getattr(self.character, "pk", None)
            )[:1]
        )
        if taken:
            other = taken[0]
            owner = getattr(other, "character", other)
            raise forms.ValidationError(
                f"“{getattr(other, 'name', other)}” already names “{owner}”."
            )
        return "\n".join(aliases)

    def clean_seasons(self) -> str:
        return seasons_text(self.cleaned_data["seasons"])

    def clean_portrait_upload(self) -> str:
        token = self.cleaned_data["portrait_upload"]
        if not token:
            return ""
        try:
            return signing.loads(token, salt=_PORTRAIT_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            return ""

    def clean_biography(self) -> str:
        return clean_markdown(self.cleaned_data["biography"])

    def content_values(self) -> dict:
        """The cleaned values that are the character's content (not the portrait)."""
        names = (
            "name",
            "aliases",
            "actor",
            "role",
            "status",
            "status_spoiler_season",
            "seasons",
            "biography",
        )
        return {name: self.cleaned_data[name] for name in names}


class CharacterEditForm(RevisionMixin, CharacterForm):
    def __init__(self, *args, character: Character, **kwargs):
        super().__init__(*args, character=character, **kwargs)
        # Renaming moves the character's address, which comes with redirects.
        self.fields["name"].disabled = True


def character_initial(character: Character) -> dict:
    return {
        "name": character.name,
        "aliases": character.aliases,
        "actor": character.actor,
        "role": character.role,
        "status": character.status,
        "status_spoiler_season": character.status_spoiler_season,
        "seasons": season_numbers(character.seasons),
        "biography": character.biography,
        "base_version": character.version,
    }
