"""What the API tests share: seasons in the cache, and the checks every endpoint
gets (read-only methods, JSON without any script)."""

import pytest

WRITES = ("post", "put", "patch", "delete")


@pytest.fixture
def seasons(db):
    """Seasons 1 and 2, with the season filters' choices already in the cache
    (filling it is one query, tested in tests/timeline/test_services.py)."""
    from accounts.preferences import season_choices
    from tests.factories import make_season

    make_season(1)
    make_season(2)
    season_choices()


def assert_read_only(client, url: str) -> None:
    """GET, HEAD and OPTIONS answer; every write is a 405 with a message."""
    assert client.head(url).status_code == 200
    options = client.options(url)
    assert options.status_code == 200
    assert "POST" not in options["Allow"]
    for method in WRITES:
        response = getattr(client, method)(
            url, data={}, content_type="application/json"
        )
        assert response.status_code == 405, method
        # JSON, or YAML for the schema: the message is there either way.
        assert "not allowed" in response.content.decode()
