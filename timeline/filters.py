import django_filters
from django import forms
from django.db.models import Q

from accounts.preferences import season_choices
from characters.models import Character
from timeline.models import Event, EventKind
from wiki.titles import normalise_title, slug_for_title


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # NumberFilter's DecimalField takes "2024.5"


class CharacterField(forms.ModelChoiceField):
    """A character typed by name, alias or address (slug): a list of every
    character to choose from grows with the wiki, and was most of the timeline's
    size at 5,000 characters (make bench)."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        slug = slug_for_title(normalise_title(str(value)))
        found = self.queryset.filter(Q(slug=slug) | Q(alias_rows__slug=slug)).first()
        if found is None:
            raise forms.ValidationError(
                "No character is called “%(name)s”.", params={"name": value}
            )
        return found

    def prepare_value(self, value):
        return value.slug if isinstance(value, Character) else value


class CharacterFilter(django_filters.ModelChoiceFilter):
    field_class = CharacterField


class EventFilter(django_filters.FilterSet):
    """The filters of /timeline/; invalid values are form errors, never ignored."""

    kind = django_filters.ChoiceFilter(choices=EventKind.choices, empty_label="Any")
    year = IntegerFilter(
        field_name="date",
        lookup_expr="year",
        label="Year",
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    season = django_filters.ChoiceFilter(empty_label="Any", label="Season")
    character = CharacterFilter(
        field_name="characters",
        queryset=Character.objects.only("pk", "slug", "name"),
        label="Character",
        help_text="A name, alias or address: nam-on-jo.",
    )

    class Meta:
        model = Event
        fields = ["kind", "year", "season", "character"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["season"].extra["choices"] = season_choices()[1:]
