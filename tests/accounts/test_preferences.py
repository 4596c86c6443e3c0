import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.context_processors import reader
from accounts.preferences import (
    reader_season,
    register_season_provider,
    season_choices,
)
from accounts.services import user_spoiler_season_set

pytestmark = pytest.mark.django_db

SEASONS = [(1, "Season 1"), (2, "Season 2")]


@pytest.fixture
def seasons():
    """Seasons 1 and 2 exist; whatever provider was registered comes back after."""
    calls = []

    def provider():
        calls.append(1)
        return list(SEASONS)

    previous = register_season_provider(provider)
    yield calls
    register_season_provider(previous)


@pytest.fixture
def no_season_provider():
    previous = register_season_provider(None)
    yield
    register_season_provider(previous)


def request_from(rf, client=None):
    """A request through the session and auth middleware, with the client's cookie."""
    request = rf.get("/")
    if client is not None and "sessionid" in client.cookies:
        request.COOKIES["sessionid"] = client.cookies["sessionid"].value
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def set_session_value(client, value):
    session = client.session
    session["spoiler_season"] = value
    session.save()
    client.cookies["sessionid"] = session.session_key


def test_a_visitor_has_watched_nothing_by_default(client):
    response = client.get(reverse("preferences"))

    assert response.status_code == 200
    assert response.context["reader_season"] == 0


def test_reading_a_visitors_season_without_a_session_cookie_runs_no_query(
    rf, django_assert_num_queries
):
    request = request_from(rf)

    with django_assert_num_queries(0):
        assert reader_season(request) == 0
    assert request.session.session_key is None


def test_an_anonymous_page_view_creates_no_session(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0


def test_a_visitors_choice_is_kept_in_the_session_and_read_back(client, seasons):
    response = client.post(reverse("preferences"), {"spoiler_season": "2"})

    assert response.status_code == 302
    assert client.session["spoiler_season"] == 2
    assert client.get(reverse("home")).context["reader_season"] == 2


def test_a_visitor_choosing_nothing_watched_gets_no_session(client, seasons):
    client.post(reverse("preferences"), {"spoiler_season": "0"})

    assert Session.objects.count() == 0


def test_a_users_choice_is_saved_on_the_account(user_client, user, seasons):
    user_client.post(reverse("preferences"), {"spoiler_season": "2"})

    user.refresh_from_db()
    assert user.spoiler_season == 2
    assert "spoiler_season" not in user_client.session


def test_a_users_choice_survives_logging_in_again(user_client, user, seasons):
    user_client.post(reverse("preferences"), {"spoiler_season": "1"})
    user_client.logout()
    other_browser = Client()
    other_browser.force_login(user)

    response = other_browser.get(reverse("preferences"))

    assert response.context["reader_season"] == 1


def test_saving_shows_how_far_spoilers_are_shown(client, seasons):
    response = client.post(reverse("preferences"), {"spoiler_season": "2"}, follow=True)

    assert b"Spoilers are now shown up to season 2." in response.content


def test_saving_nothing_watched_says_spoilers_are_hidden(user_client, seasons):
    response = user_client.post(
        reverse("preferences"), {"spoiler_season": "0"}, follow=True
    )

    assert b"Spoilers are hidden: nothing watched yet." in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"spoiler_season": "two"}, "Choose one of the seasons listed."),
        ({"spoiler_season": "-1"}, "Choose one of the seasons listed."),
        ({"spoiler_season": "1.5"}, "Choose one of the seasons listed."),
        ({"spoiler_season": "3"}, "Choose one of the seasons listed."),
        ({"spoiler_season": ""}, "Choose how far you have watched."),
        ({}, "Choose how far you have watched."),
    ],
)
def test_an_invalid_season_is_a_400_form_error_and_saves_nothing(
    client, seasons, data, message
):
    response = client.post(reverse("preferences"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "spoiler_season" not in client.session


def test_a_season_that_does_not_exist_is_not_saved_on_the_account(
    user_client, user, seasons
):
    response = user_client.post(reverse("preferences"), {"spoiler_season": "3"})

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.spoiler_season == 0


def test_saving_goes_back_to_a_local_next_url(client, seasons):
    response = client.post(
        reverse("preferences"), {"spoiler_season": "1", "next": "/wiki/?title=a"}
    )

    assert response.url == "/wiki/?title=a"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "javascript:alert(1)"]
)
def test_saving_ignores_a_next_url_on_another_site(client, seasons, next_url):
    response = client.post(
        reverse("preferences"), {"spoiler_season": "1", "next": next_url}
    )

    assert response.url == reverse("preferences")


def test_the_preferences_page_needs_no_csrf_token_to_be_shown():
    response = Client(enforce_csrf_checks=True).get(reverse("preferences"))

    assert response.status_code == 200


def test_saving_without_a_csrf_token_is_refused(seasons):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("preferences"), {"spoiler_season": "1"})

    assert response.status_code == 403
    assert "spoiler_season" not in browser.session


def test_saving_with_the_csrf_token_of_the_form_works(seasons):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("preferences"))
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        reverse("preferences"), {"spoiler_season": "1", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert browser.session["spoiler_season"] == 1


@pytest.mark.parametrize("value", ["2", 2.0, True, -1, 10**9, None, [2], {"season": 2}])
def test_a_corrupt_session_value_counts_as_nothing_watched(rf, client, value):
    set_session_value(client, value)

    assert reader_season(request_from(rf, client)) == 0


def test_the_preferences_page_shows_one_radio_button_per_season_with_yours_checked(
    user_client, user, seasons
):
    user_spoiler_season_set(user=user, season=1)

    response = user_client.get(reverse("preferences"))

    content = response.content.decode()
    assert content.count('type="radio"') == 3
    assert 'id="id_spoiler_season_1" checked' in content
    assert "Spoiler for season N — show" in content


def test_the_header_menu_shows_the_level_with_its_button_pressed(
    user_client, user, seasons
):
    user_spoiler_season_set(user=user, season=2)

    response = user_client.get(reverse("page_list") + "?title=a")

    content = response.content.decode()
    assert '<details class="spoiler-menu">' in content
    assert "<summary>Spoilers: up to season 2</summary>" in content
    assert (
        '<button type="submit" name="spoiler_season" value="2" aria-pressed="true">'
        "Season 2</button>"
    ) in content
    assert content.count('aria-pressed="true"') == 1
    assert '<input type="hidden" name="next" value="/wiki/?title=a">' in content


def test_the_header_menu_of_a_visitor_says_nothing_is_watched(client, seasons):
    content = client.get(reverse("home")).content.decode()

    assert "<summary>Spoilers: none watched</summary>" in content
    assert 'value="0" aria-pressed="true">Nothing yet</button>' in content


def test_the_registered_provider_gives_the_choices(seasons):
    assert season_choices() == [(0, "Nothing yet"), *SEASONS]


def test_without_a_provider_only_nothing_yet_is_offered(no_season_provider):
    assert season_choices() == [(0, "Nothing yet")]


def test_without_a_provider_the_readers_own_season_is_kept(no_season_provider):
    assert season_choices(current=3) == [(0, "Nothing yet"), (3, "Season 3")]


def test_a_season_the_provider_no_longer_knows_is_kept_for_the_reader(seasons):
    assert season_choices(current=4) == [(0, "Nothing yet"), *SEASONS, (4, "Season 4")]


def test_the_context_asks_the_provider_only_when_the_choices_are_used(rf, seasons):
    context = reader(request_from(rf))

    assert context["reader_season"] == 0
    assert seasons == []
    assert list(context["spoiler_choices"]) == [(0, "Nothing yet"), *SEASONS]
    assert len(seasons) == 1


def test_a_negative_season_is_refused_by_the_service(user):
    with pytest.raises(ValueError):
        user_spoiler_season_set(user=user, season=-1)


def test_the_admin_shows_the_spoiler_level(admin_client, user):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert b'name="spoiler_season"' in response.content
