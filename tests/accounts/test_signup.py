import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import user_sign_up
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "username": "nam-ra",
        "email": "namra@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_page_shows_the_form(client):
    response = client.get(reverse("signup"))

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="email"' in response.content


def test_valid_signup_creates_the_account_and_logs_it_in(client):
    response = client.post(reverse("signup"), signup_data(), follow=True)

    user = User.objects.get(username="nam-ra")
    assert user.email == "namra@example.org"
    assert user.check_password(PASSWORD)
    assert response.context["user"] == user
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert b"Welcome to the wiki, nam-ra!" in response.content


def test_duplicate_username_is_a_form_error_that_keeps_the_input(client):
    UserFactory(username="Nam-ra")

    response = client.post(reverse("signup"), signup_data(username="nam-ra"))

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert b"A user with that username already exists." in response.content
    assert b'value="namra@example.org"' in response.content
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "This password is too common."),
        ("12345678901", "This password is entirely numeric."),
        ("short", "This password is too short."),
        ("nam-ra-99", "The password is too similar to the username."),
    ],
)
def test_weak_password_is_refused_with_the_validators_reason(client, password, message):
    response = client.post(
        reverse("signup"), signup_data(password1=password, password2=password)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client):
    response = client.post(reverse("signup"), signup_data(password2="something-else"))

    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_email_is_required(client):
    response = client.post(reverse("signup"), signup_data(email=""))

    assert "email" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_redirects_a_user_who_is_already_logged_in(user_client):
    response = user_client.get(reverse("signup"))

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_signup_service_turns_a_lost_race_into_a_validation_error():
    UserFactory(username="on-jo")

    with pytest.raises(ValidationError) as raised:
        user_sign_up(username="ON-JO", email="onjo@example.org", password=PASSWORD)

    assert "username" in raised.value.message_dict
    assert User.objects.count() == 1
