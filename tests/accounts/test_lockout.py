from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FAILURE_LIMIT = 5


def fail_login(client, username, url=None, times=1):
    responses = [
        client.post(url or reverse("login"), {"username": username, "password": "no"})
        for _ in range(times)
    ]
    return responses[-1]


def test_four_failures_still_show_the_login_form(client, user):
    response = fail_login(client, user.username, times=FAILURE_LIMIT - 1)

    assert response.status_code == 200


def test_the_fifth_failure_locks_the_username_out_with_a_friendly_429(client, user):
    response = fail_login(client, user.username, times=FAILURE_LIMIT)

    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert b"15 minutes" in response.content


def test_a_locked_out_username_cannot_log_in_even_with_the_right_password(client, user):
    fail_login(client, user.username, times=FAILURE_LIMIT)

    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_ip(client, user):
    other = UserFactory()
    fail_login(client, user.username, times=FAILURE_LIMIT)

    same_ip_other_user = client.post(
        reverse("login"), {"username": other.username, "password": PASSWORD}
    )
    other_ip_same_user = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )

    assert same_ip_other_user.status_code == 302
    assert other_ip_same_user.status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(client, user):
    fail_login(client, user.username, times=FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=15, seconds=1)
    )

    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, user):
    fail_login(client, user.username, times=FAILURE_LIMIT - 1)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("logout"))

    response = fail_login(client, user.username, times=FAILURE_LIMIT - 1)

    assert response.status_code == 200


def test_the_admin_login_is_locked_out_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")

    response = fail_login(client, admin.username, url=admin_login, times=FAILURE_LIMIT)
    retry = client.post(admin_login, {"username": admin.username, "password": PASSWORD})

    assert response.status_code == 429
    assert retry.status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, user):
    # Without trusted proxies, X-Forwarded-For is the client's own claim.
    for n in range(FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": user.username, "password": "no"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )

    assert response.status_code == 429
