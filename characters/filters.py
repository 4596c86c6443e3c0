import django_filters
from django.db.models import Q

from accounts.preferences import season_choices
from characters.models import Character, Role, Status


class CharacterFilter(django_filters.FilterSet):
    """The filters of /characters/; invalid values are form errors, never ignored."""

    q = django_filters.CharFilter(
        method="filter_text", label="Name or actor contains", max_length=100
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any")
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="Any")
    season = django_filters.ChoiceFilter(
        method="filter_season", empty_label="Any", label="Appears in"
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("actor", "actor"), ("updated_at", "updated")),
        field_labels={
            "name": "Name",
            "actor": "Actor",
            "updated_at": "Last updated",
        },
        label="Sort by",
    )

    class Meta:
        model = Character
        fields = ["q", "status", "role", "season"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["season"].extra["choices"] = season_choices()[1:]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(actor__icontains=value)
            | Q(aliases__icontains=value)
        )

    def filter_season(self, queryset, name, value):
        return queryset.appearing_in(int(value))
