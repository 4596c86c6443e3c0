"""Rate limits on every write path: a 429 that keeps the text; moderators exempt."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_established, make_moderator, make_season
from tests.wiki.write_paths import (
    PATHS,
    UPLOAD_PATHS,
    assert_refused,
    logged_in,
    make_target,
    post_page_edit,
    revision_count,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_season(1)


# --- Rate limits ------------------------------------------------------------------


@pytest.fixture
def tight_limits(settings, monkeypatch):
    settings.RATE_LIMITS = {
        name: (1, seconds) for name, (_, seconds) in settings.RATE_LIMITS.items()
    }
    # One moment, in the middle of every window: two attempts a few milliseconds
    # apart must not fall on each side of a window's end (a 1-in-a-few-thousand
    # failure otherwise). Only the rate limiter's clock stands still.
    monkeypatch.setattr(
        "accounts.ratelimits.time", SimpleNamespace(time=lambda: 1_800_000_030.0)
    )


@pytest.mark.parametrize("name", {**PATHS, **UPLOAD_PATHS})
def test_going_over_the_rate_limit_gives_a_429_that_keeps_the_text(name, tight_limits):
    path = {**PATHS, **UPLOAD_PATHS}[name]
    target = make_target(path.target)
    client = logged_in(UserFactory())
    # Every POST is an attempt, even one that changes nothing (a revert to the
    # current revision).
    path.post(client, target)
    before = revision_count()

    response = path.post(client, target)

    assert_refused(response, 429, path, "Wait a minute")
    assert revision_count() == before


def test_new_accounts_share_one_allowance_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit_ip": (2, 60)}
    page = make_target("page")
    first, second, third = (logged_in(UserFactory()) for _ in range(3))

    assert post_page_edit(first, page).status_code == 302
    page.refresh_from_db()
    assert post_page_edit(second, page).status_code in (200, 302)
    page.refresh_from_db()

    assert post_page_edit(third, page).status_code == 429


def test_established_accounts_have_a_larger_allowance_and_no_shared_one(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "edit_new": (1, 60),
        "edit_ip": (1, 60),
        "edit_established": (3, 60),
    }
    page = make_target("page")
    client = logged_in(make_established())
    statuses = []
    for number in range(4):
        page.refresh_from_db()
        data = {"body": f"Edit {number}", "base_version": page.version, "summary": ""}
        statuses.append(client.post(reverse("page_edit", args=[page.slug]), data))

    assert [r.status_code for r in statuses] == [302, 302, 302, 429]


def test_moderators_are_never_rate_limited(tight_limits):
    page = make_target("page")
    client = logged_in(make_moderator())

    for number in range(3):
        page.refresh_from_db()
        data = {"body": f"Edit {number}", "base_version": page.version, "summary": ""}
        assert (
            client.post(reverse("page_edit", args=[page.slug]), data).status_code == 302
        )


def test_reading_an_edit_form_does_not_count_against_the_limit(tight_limits):
    page = make_target("page")
    client = logged_in(UserFactory())
    for _ in range(3):
        client.get(reverse("page_edit", args=[page.slug]))

    assert post_page_edit(client, page).status_code == 302


def test_the_rate_limit_is_counted_in_the_database_shared_by_every_process(
    tight_limits,
):
    from accounts.models import RateLimitCounter

    page = make_target("page")
    user = UserFactory()
    post_page_edit(logged_in(user), page)

    # Another "process": a new client and no shared Python state but the database.
    from django.core.cache import cache

    cache.clear()
    assert RateLimitCounter.objects.filter(key=f"edit:user:{user.pk}").exists()
    assert post_page_edit(logged_in(user), page).status_code == 429
