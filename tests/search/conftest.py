import pytest


@pytest.fixture
def warm_header(db):
    """The header's spoiler menu reads the seasons once, then from the cache; warm
    it so that a query budget counts only the search's own queries."""
    from accounts.preferences import season_choices

    season_choices()
