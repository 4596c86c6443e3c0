"""Reader preferences: how far a reader has watched, for hiding spoilers.

Logged-in readers keep the setting on their account, visitors in their session.
Which seasons exist is content that `accounts` must not import, so the app that
owns seasons registers a provider here instead.
"""

from collections.abc import Callable

from django.http import HttpRequest

from accounts.services import user_spoiler_season_set

SeasonProvider = Callable[[], list[tuple[int, str]]]

SESSION_KEY = "spoiler_season"
NOTHING_WATCHED = (0, "Nothing yet")
# The largest value User.spoiler_season (a PositiveSmallIntegerField) can hold.
MAX_SEASON = 32767

_season_provider: SeasonProvider | None = None


def register_season_provider(
    provider: SeasonProvider | None,
) -> SeasonProvider | None:
    """Make `provider` the source of the seasons readers can choose from.

    It returns `[(number, label), …]` for the seasons that exist and does its own
    caching, since it is called on every page. Returns the provider it replaces, so
    that a test can put it back; None unregisters.
    """
    global _season_provider
    previous, _season_provider = _season_provider, provider
    return previous


def season_choices(*, current: int = 0) -> list[tuple[int, str]]:
    """ "Nothing yet" followed by the seasons that exist.

    The reader's `current` season is kept in the list even when no provider knows
    it (none registered, or the season was removed), so that it is never lost.
    """
    seasons = list(_season_provider()) if _season_provider is not None else []
    choices = [NOTHING_WATCHED, *seasons]
    if current > 0 and all(number != current for number, _ in choices):
        choices = sorted([*choices, (current, f"Season {current}")])
    return choices


def _valid_season(value: object) -> int:
    # bool is an int too, and a session is JSON: anything else is not a season.
    if type(value) is int and 0 <= value <= MAX_SEASON:
        return value
    return 0


def reader_season(request: HttpRequest) -> int:
    """The last season the reader has watched; 0 for nothing yet.

    A visitor without a session cookie gets 0 without a database query, and
    reading never creates a session.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return _valid_season(user.spoiler_season)
    session = getattr(request, "session", None)
    if session is None:
        return 0
    return _valid_season(session.get(SESSION_KEY, 0))


def reader_season_set(request: HttpRequest, season: int) -> None:
    """Save the reader's season: on the account when logged in, else in the session.

    A visitor going back to 0 needs no session, so none is created for it.
    """
    if request.user.is_authenticated:
        user_spoiler_season_set(user=request.user, season=season)
    elif season:
        request.session[SESSION_KEY] = season
    else:
        request.session.pop(SESSION_KEY, None)
