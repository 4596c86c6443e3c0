import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_navigation_and_search(client):
    response = client.get(reverse("home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    for label in ("Wiki", "Characters", "Timeline", "Recent changes"):
        assert f">{label}</a>" in html
    assert 'role="search"' in html
    assert 'name="q"' in html


def test_home_page_offers_login_and_signup_to_visitors(client):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("signup")}"' in html


def test_home_page_shows_a_logged_in_user_and_a_logout_button(user_client, user):
    html = user_client.get(reverse("home")).content.decode()

    assert f'href="{user.get_absolute_url()}">{user.username}</a>' in html
    assert f'action="{reverse("logout")}" method="post"' in html
    assert f'href="{reverse("signup")}"' not in html


def test_profile_shows_the_username_but_never_the_email(client):
    profile_user = UserFactory(username="su-hyeok", email="secret@example.org")

    response = client.get(reverse("user_profile", args=["su-hyeok"]))

    assert response.status_code == 200
    assert b"<h1>su-hyeok</h1>" in response.content
    assert b"secret@example.org" not in response.content
    assert response.context["profile_user"] == profile_user


def test_profile_of_an_unknown_user_is_a_styled_404(client):
    response = client.get(reverse("user_profile", args=["nobody"]))

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"css/site.css" in response.content


def test_profile_of_a_deactivated_user_is_a_404(client):
    UserFactory(username="gone", is_active=False)

    assert client.get(reverse("user_profile", args=["gone"])).status_code == 404


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Bad request"),
        ("403.html", "Not allowed"),
        ("403_csrf.html", "Your form expired"),
        ("404.html", "Page not found"),
        ("429.html", "Slow down"),
        ("500.html", "Something went wrong"),
    ],
)
def test_error_pages_share_the_site_layout_even_without_context(template, heading):
    # Django renders 500.html with an empty context, so none may rely on one.
    html = render_to_string(template)

    assert f"<h1>{heading}</h1>" in html
    assert "Hyosan Wiki" in html
    assert "css/site.css" in html
    assert 'class="skip-link"' in html


def test_the_stylesheet_is_served(client):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b"prefers-color-scheme: dark" in b"".join(response.streaming_content)


def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_admin_is_branded(client):
    response = client.get(reverse("admin:login"))

    assert b"Hyosan Wiki administration" in response.content


def test_admin_requires_staff(user_client):
    response = user_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_profile_urls_are_case_insensitive_and_redirect_to_the_canonical_one(client):
    UserFactory(username="Ha-ri")

    response = client.get(reverse("user_profile", args=["ha-RI"]))

    assert response.status_code == 301
    assert response.url == reverse("user_profile", args=["Ha-ri"])


def test_the_nav_marks_the_current_section(client):
    html = client.get(reverse("recent_changes")).content.decode()

    assert f'href="{reverse("recent_changes")}" aria-current="page"' in html
