"""The home page: the main page's text, latest changes, characters and events."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import edit_page, make_character, make_event, make_page

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def section(response, name: str) -> dict:
    """The context a registered home section was rendered with."""
    sections = {s["name"]: s["context"] for s in response.context["sections"]}
    return sections[name]


def test_home_shows_the_main_pages_text_with_links_to_it(client, settings):
    page = make_page(title=settings.MAIN_PAGE_TITLE, body="Welcome, **fans**.\n")

    html = client.get(reverse("home")).content.decode()

    assert "Welcome, <strong>fans</strong>." in html
    assert f'href="{page.get_absolute_url()}"' in html
    assert f'href="{reverse("page_edit", args=[page.slug])}"' in html


def test_without_a_main_page_an_editor_is_invited_to_write_it(user_client, settings):
    settings.MAIN_PAGE_TITLE = "Front door"

    html = user_client.get(reverse("home")).content.decode()

    assert f"{reverse('page_create')}?title=Front%20door" in html


def test_without_a_main_page_a_visitor_is_not_asked_to_write_it(client):
    html = client.get(reverse("home")).content.decode()

    assert reverse("page_create") not in html
    assert "A fan wiki" in html


def test_the_main_pages_spoilers_follow_the_readers_season(user_client, user, settings):
    make_page(title=settings.MAIN_PAGE_TITLE, body=":::spoiler 1\nA twist.\n:::\n")
    user.spoiler_season = 1
    user.save()

    html = user_client.get(reverse("home")).content.decode()

    assert '<details class="spoiler spoiler--seen" data-season="1" open>' in html


def test_home_lists_the_latest_changes_newest_first_with_editors(client):
    page = make_page(title="Hyosan High School")
    edit_page(page, "New text.\n", summary="Expanded the history")
    make_character(name="Cheong-san")

    response = client.get(reverse("home"))
    titles = [change.title for change in response.context["changes"]]

    assert titles[:3] == ["Cheong-san", "Hyosan High School", "Hyosan High School"]
    assert "Expanded the history" in response.content.decode()


def test_home_shows_character_cards_by_name_with_their_actors(client):
    make_character(name="Su-hyeok", actor="Park Solomon")
    make_character(name="Nam-ra", actor="Cho Yi-hyun")

    response = client.get(reverse("home"))
    html = response.content.decode()

    names = [c.name for c in section(response, "characters")["characters"]]
    assert names == ["Nam-ra", "Su-hyeok"]
    assert "Played by Park Solomon" in html
    assert f'href="{reverse("character_list")}"' in html


def test_home_shows_upcoming_events_soonest_first(client):
    make_event(title="Later", date=days_from_today(60))
    make_event(title="Sooner", date=days_from_today(30))
    make_event(title="Past", date=days_from_today(-30))

    response = client.get(reverse("home"))
    events = section(response, "events")

    assert events["upcoming"] is True
    assert [event.title for event in events["events"]] == ["Sooner", "Later"]
    assert "Upcoming events" in response.content.decode()


def test_with_nothing_upcoming_home_shows_the_latest_events_in_date_order(client):
    for n in range(7):
        make_event(title=f"Event {n}", date=days_from_today(-100 + n))

    response = client.get(reverse("home"))
    events = section(response, "events")

    assert events["upcoming"] is False
    assert [e.title for e in events["events"]] == [f"Event {n}" for n in range(2, 7)]
    assert "Latest on the timeline" in response.content.decode()


def test_an_empty_wiki_home_says_so_in_each_section(client):
    html = client.get(reverse("home")).content.decode()

    assert "Nothing has been edited yet." in html
    assert "No characters yet." in html
    assert "Nothing on the timeline is dated after today." in html


@pytest.fixture
def busy_wiki(settings):
    """A main page and, per `size`, characters and past and upcoming events."""
    from accounts.preferences import season_choices

    season_choices()
    make_page(title=settings.MAIN_PAGE_TITLE, body="[[Nam-ra]]\n")

    def grow(size: int, *, upcoming: bool) -> None:
        for n in range(size):
            make_character(name=f"Character {upcoming} {n}")
            make_event(title=f"Past {upcoming} {n}", date=days_from_today(-n - 1))
            if upcoming:
                make_event(title=f"Coming {n}", date=days_from_today(n + 1))

    return grow


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("size", [2, 15])
def test_home_with_nothing_upcoming_runs_seven_queries(
    client, busy_wiki, size, django_assert_num_queries
):
    busy_wiki(size, upcoming=False)

    # main page, one query per registered kind of change (3), characters, upcoming
    # events, then (nothing upcoming) the latest events.
    with django_assert_num_queries(7):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("size", [2, 15])
def test_home_with_upcoming_events_runs_six_queries(
    client, busy_wiki, size, django_assert_num_queries
):
    busy_wiki(size, upcoming=True)

    with django_assert_num_queries(6):
        assert client.get(reverse("home")).status_code == 200


def test_home_for_a_logged_in_reader_adds_only_session_and_user(
    user_client, busy_wiki, django_assert_num_queries
):
    busy_wiki(15, upcoming=True)

    with django_assert_num_queries(8):
        assert user_client.get(reverse("home")).status_code == 200
