"""The account that signs the wiki's own edits cannot be used by anyone."""

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.services import system_user_ensure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_system_account_is_made_once(django_user_model):
    first = system_user_ensure()

    assert system_user_ensure() == first
    assert django_user_model.objects.filter(username=first.username).count() == 1
    assert first.username == settings.SYSTEM_USERNAME


def test_the_system_account_has_no_password_to_log_in_with(rf):
    user = system_user_ensure()

    assert not user.has_usable_password()
    for password in ("", "!", user.password):
        request = rf.post(reverse("login"))
        assert authenticate(request, username=user.username, password=password) is None


def test_the_login_form_refuses_the_system_account(client):
    user = system_user_ensure()

    response = client.post(
        reverse("login"), {"username": user.username, "password": user.password}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_system_account_gets_no_password_reset_mail(client):
    user = system_user_ensure()
    user.email = "import@example.org"
    user.save()

    client.post(reverse("password_reset"), {"email": "import@example.org"})

    assert mail.outbox == []


def test_sign_up_refuses_the_system_accounts_name_in_any_case(client):
    response = client.post(
        reverse("signup"),
        {
            "username": settings.SYSTEM_USERNAME.upper(),
            "email": "x@example.org",
            "password1": "a long passphrase 123",
            "password2": "a long passphrase 123",
        },
    )

    assert response.status_code == 200
    assert "belongs to the wiki" in response.content.decode()


def test_a_real_account_holding_the_name_is_not_taken_over():
    UserFactory(username=settings.SYSTEM_USERNAME)

    with pytest.raises(ImproperlyConfigured, match="can log in"):
        system_user_ensure()


def test_the_system_accounts_contributions_are_public(client):
    user = system_user_ensure()

    response = client.get(reverse("user_profile", args=[user.username]))

    assert response.status_code == 200
