import django_filters
from django import forms

from accounts.preferences import season_choices
from characters.models import Character
from timeline.models import Event, EventKind


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # NumberFilter's DecimalField takes "2024.5"


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
    character = django_filters.ModelChoiceFilter(
        field_name="characters",
        queryset=Character.objects.only("pk", "slug", "name"),
        to_field_name="slug",
        empty_label="Any",
        label="Character",
    )

    class Meta:
        model = Event
        fields = ["kind", "year", "season", "character"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["season"].extra["choices"] = season_choices()[1:]
