"""Rate limits are counted in the database, per key and fixed window."""

import pytest
from django.urls import reverse

from accounts.models import RateLimitCounter, User
from accounts.ratelimits import Rate, rate_limit_hit
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_attempt_after_the_limit_is_over_it():
    hits = [rate_limit_hit("edit:user:1", Rate(limit=3, seconds=60)) for _ in range(4)]

    assert hits == [False, False, False, True]


def test_keys_are_counted_apart():
    rate = Rate(limit=1, seconds=60)
    rate_limit_hit("edit:user:1", rate)

    assert rate_limit_hit("edit:user:2", rate) is False


def test_a_new_window_starts_from_zero(monkeypatch):
    import accounts.ratelimits as ratelimits

    rate = Rate(limit=1, seconds=60)
    monkeypatch.setattr(ratelimits.time, "time", lambda: 6000.0)
    rate_limit_hit("k", rate)
    assert rate_limit_hit("k", rate) is True

    monkeypatch.setattr(ratelimits.time, "time", lambda: 6060.0)
    assert rate_limit_hit("k", rate) is False


def test_counters_of_past_windows_are_deleted_when_a_new_window_starts(monkeypatch):
    from django.utils import timezone

    import accounts.ratelimits as ratelimits

    rate = Rate(limit=5, seconds=60)
    rate_limit_hit("old", rate)
    RateLimitCounter.objects.update(expires_at=timezone.now())
    monkeypatch.setattr(ratelimits.time, "time", lambda: 10**10)

    rate_limit_hit("new", rate)

    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["new"]


def test_rates_read_as_words():
    assert Rate(limit=8, seconds=60).describe() == "8 per minute"
    assert Rate(limit=6, seconds=3600).describe() == "6 per hour"


def signup(client, username: str):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_sign_ups_from_one_address_are_limited_with_a_429_keeping_the_form(
    client, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup_ip": (2, 3600)}
    for name in ("first", "second"):
        assert signup(client, name).status_code == 302
        client.logout()

    response = signup(client, "third")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many accounts were created from your network" in html
    assert 'value="third"' in html
    assert not User.objects.filter(username="third").exists()


def test_a_sign_up_form_with_errors_does_not_count(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup_ip": (1, 3600)}
    client.post(reverse("signup"), {"username": "typo", "password1": "x"})

    assert signup(client, "fine").status_code == 302


def test_an_ipv6_client_is_counted_by_its_slash_64():
    from accounts.ratelimits import address_key

    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")


def test_an_ipv4_client_is_counted_by_its_address():
    from accounts.ratelimits import address_key

    assert address_key("203.0.113.7") == "203.0.113.7"
