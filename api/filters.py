"""The HTML lists' FilterSets, described for the OpenAPI schema.

The filtering is theirs, unchanged; drf-spectacular cannot tell the type of a
filter whose choices are set per request, so it is stated here.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from characters import filters as character_filters


class CharacterFilter(character_filters.CharacterFilter):
    @extend_schema_field(OpenApiTypes.INT)
    def filter_season(self, queryset, name, value):
        return super().filter_season(queryset, name, value)
