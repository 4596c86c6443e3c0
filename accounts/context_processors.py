"""Template context for every page rendered with a request."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.preferences import reader_season, season_choices


def reader(request: HttpRequest) -> dict:
    """The reader's spoiler level, and the choices for the header's spoiler menu.

    The choices are lazy: templates that do not show the menu never ask the
    season provider for them.
    """
    season = reader_season(request)
    return {
        "reader_season": season,
        "spoiler_choices": SimpleLazyObject(lambda: season_choices(current=season)),
    }
