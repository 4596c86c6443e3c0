import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password_logs_in_and_goes_home(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_local_next_url(client, user):
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "next": "/users/x/"},
    )

    assert response.url == "/users/x/"


def test_login_ignores_a_next_url_on_another_site(client, user):
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "next": "https://evil.test/"},
    )

    assert response.url == reverse("home")


def test_login_with_a_wrong_password_is_a_form_error_that_keeps_the_username(
    client, user
):
    response = client.post(
        reverse("login"), {"username": user.username, "password": "not-it"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert f'value="{user.username}"'.encode() in response.content
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, user):
    user.is_active = False
    user.save()

    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_refuses_get(user_client):
    response = user_client.get(reverse("logout"))

    assert response.status_code == 405
    assert "_auth_user_id" in user_client.session


def test_logout_by_post_logs_out_and_goes_home(user_client):
    response = user_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" not in user_client.session


def test_logout_requires_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert b"Your form expired" in response.content
    assert "_auth_user_id" in client.session


def test_usernames_log_in_whatever_their_case(client):
    user = UserFactory(username="Nam-ra")

    response = client.post(
        reverse("login"), {"username": "nAM-RA", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_logged_in_user_opening_the_login_page_is_sent_home(user_client):
    response = user_client.get(reverse("login") + "?next=" + reverse("login"))

    assert response.status_code == 302
    assert response.url == reverse("home")
