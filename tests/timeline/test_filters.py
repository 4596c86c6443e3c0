"""The filters of /timeline/: each one valid and invalid, and together.

An invalid value answers 400 with the form's error and no events: a filter that
was silently dropped would show the whole timeline as if it were the filtered one.
"""

import datetime
from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.factories import make_character, make_event, make_season
from timeline.filters import EventFilter
from timeline.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    make_season(1)
    make_season(2)
    on_jo = make_character(name="Nam On-jo")
    nam_ra = make_character(name="Choi Nam-ra")
    make_event(
        title="Season 1 released",
        date=datetime.date(2022, 1, 28),
        kind="release",
        season=1,
        character_ids=[on_jo.pk, nam_ra.pk],
    )
    make_event(
        title="Season 2 confirmed",
        date=datetime.date(2022, 6, 7),
        kind="announcement",
        season=2,
        character_ids=[on_jo.pk],
    )
    make_event(
        title="Filming begins",
        date=datetime.date(2024, 10, 1),
        precision="part_of_year",
        kind="production",
        season=2,
        character_ids=[nam_ra.pk],
    )
    make_event(
        title="Season 2 premieres",
        date=datetime.date(2024, 7, 1),
        precision="half",
        kind="release",
        season=2,
    )


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"{reverse('timeline')}?{query}")
    assert response.status_code == 200, response.content.decode()
    return [event.title for event in response.context["events"]]


def test_without_filters_every_event_is_listed(client, events):
    assert titles(client) == [
        "Season 1 released",
        "Season 2 confirmed",
        "Season 2 premieres",
        "Filming begins",
    ]


# --- Each filter, valid -----------------------------------------------------------


def test_filter_by_kind(client, events):
    assert titles(client, "kind=release") == [
        "Season 1 released",
        "Season 2 premieres",
    ]


def test_filter_by_year(client, events):
    assert titles(client, "year=2024") == ["Season 2 premieres", "Filming begins"]


def test_filter_by_a_year_without_events_lists_nothing(client, events):
    response = client.get(reverse("timeline") + "?year=1999")

    assert response.status_code == 200
    assert response.context["events"] == []
    assert "No events match these filters." in response.content.decode()


def test_filter_by_season(client, events):
    assert titles(client, "season=1") == ["Season 1 released"]


def test_filter_by_character(client, events):
    assert titles(client, "character=choi-nam-ra") == [
        "Season 1 released",
        "Filming begins",
    ]


def test_an_empty_filter_is_no_filter(client, events):
    assert len(titles(client, "kind=&year=&season=&character=")) == 4


def test_filters_combine(client, events):
    assert titles(client, "kind=release&year=2022") == ["Season 1 released"]
    assert titles(client, "season=2&character=nam-on-jo") == ["Season 2 confirmed"]
    assert titles(client, "kind=production&year=2024&season=2&character=choi-nam-ra")
    assert titles(client, "kind=announcement&year=2024") == []


def test_an_event_with_two_characters_is_listed_once(client, events):
    # Filtering across the many-to-many relation must not duplicate rows.
    assert titles(client, "character=nam-on-jo") == [
        "Season 1 released",
        "Season 2 confirmed",
    ]


def test_an_unknown_parameter_is_ignored(client, events):
    assert len(titles(client, "colour=red&utm_source=x")) == 4


def test_an_unknown_parameter_next_to_a_filter_leaves_the_filter_working(
    client, events
):
    assert titles(client, "season=1&sort=title") == ["Season 1 released"]


def test_the_chosen_filters_are_kept_in_the_form(client, events):
    html = client.get(reverse("timeline") + "?kind=release&year=2024").content
    html = html.decode()

    assert '<option value="release" selected>' in html
    assert 'name="year" value="2024"' in html


# --- Each filter, invalid -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=spaceship", "Select a valid choice. spaceship is not one of"),
        ("kind=Release", "Select a valid choice."),
        ("year=abc", "Enter a whole number."),
        ("year=2024.5", "Enter a whole number."),
        ("year=0", "greater than or equal to 1"),
        ("year=-2024", "greater than or equal to 1"),
        ("year=10000", "less than or equal to 9999"),
        ("year=99999999999999999999", "less than or equal to 9999"),
        ("year='; DROP TABLE timeline_event; --", "Enter a whole number."),
        ("season=3", "Select a valid choice. 3 is not one of"),
        ("season=one", "Select a valid choice."),
        ("character=nobody", "No character is called “nobody”."),
        ("character=' OR 1=1 --", "No character is called “' OR 1=1 --”."),
    ],
)
def test_an_invalid_filter_is_a_400_with_its_error_and_no_events(
    client, events, query, message
):
    response = client.get(f"{reverse('timeline')}?{query}")
    html = unescape(response.content.decode())

    assert response.status_code == 400
    assert response.context["events"] == []
    assert message in html
    assert "Fix the filters above to see the timeline." in html
    assert "Season 1 released" not in html
    assert Event.objects.count() == 4


def test_one_invalid_filter_spoils_a_combination(client, events):
    response = client.get(reverse("timeline") + "?kind=release&year=abc")

    assert response.status_code == 400
    assert response.context["events"] == []


def test_an_unregistered_season_is_refused_even_if_events_name_it(client):
    make_season(1)
    make_event(season=5)

    response = client.get(reverse("timeline") + "?season=5")

    assert response.status_code == 400


def test_a_season_added_later_becomes_a_valid_filter(client):
    make_season(1)
    make_event(season=2)
    assert client.get(reverse("timeline") + "?season=2").status_code == 400

    make_season(2)

    assert titles(client, "season=2") == ["Season 2 confirmed"]


# --- Sharing a filtered timeline ------------------------------------------------------


def test_the_pager_keeps_the_filters(client, monkeypatch):
    monkeypatch.setattr("timeline.views.EVENTS_PER_PAGE", 2)
    make_season(2)
    for n in range(5):
        make_event(title=f"Release {n}", kind="release", season=2)
    make_event(title="Announcement", kind="announcement", season=2)
    query = urlencode({"kind": "release", "season": "2"})

    first = client.get(f"{reverse('timeline')}?{query}").content.decode()
    second = client.get(f"{reverse('timeline')}?{query}&page=2")

    assert f'rel="next" href="?{query.replace("&", "&amp;")}&amp;page=2"' in first
    assert [event.title for event in second.context["events"]] == [
        "Release 2",
        "Release 3",
    ]
    html = second.content.decode()
    assert f'rel="prev" href="?{query.replace("&", "&amp;")}&amp;page=1"' in html
    assert f'rel="next" href="?{query.replace("&", "&amp;")}&amp;page=3"' in html


def test_the_pager_does_not_repeat_the_page_parameter(client, monkeypatch):
    monkeypatch.setattr("timeline.views.EVENTS_PER_PAGE", 1)
    for n in range(3):
        make_event(title=f"Release {n}", kind="release")

    html = client.get(reverse("timeline") + "?page=2&kind=release").content.decode()

    assert '<a rel="next" href="?kind=release&amp;page=3">' in html
    assert '<a rel="prev" href="?kind=release&amp;page=1">' in html


@pytest.mark.usefixtures("no_page_cache")
def test_a_filtered_timeline_can_be_opened_from_its_address_alone(client, events):
    query = urlencode({"kind": "release", "year": "2024"})

    first, again = titles(client, query), titles(client, query)

    assert first == again == ["Season 2 premieres"]


def test_the_season_link_on_an_event_page_opens_the_filtered_timeline(client, events):
    event = Event.objects.get(title="Filming begins")
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'href="/timeline/?season=2"' in html

    assert titles(client, "season=2") == [
        "Season 2 confirmed",
        "Season 2 premieres",
        "Filming begins",
    ]


# --- The FilterSet on its own -------------------------------------------------------


def test_the_season_choices_are_the_registered_seasons(events):
    filterset = EventFilter({}, queryset=Event.objects.all())

    assert list(filterset.form.fields["season"].choices) == [
        ("", "Any"),
        (1, "Season 1"),
        (2, "Season 2"),
    ]


def test_the_year_filter_refuses_a_fraction_a_decimal_field_would_take(events):
    filterset = EventFilter({"year": "2024.5"}, queryset=Event.objects.all())

    assert not filterset.is_valid()
    assert "year" in filterset.errors


def test_a_character_is_found_by_name_or_alias_too(client, events):
    from characters.models import Character
    from characters.services import character_save

    on_jo = Character.objects.get(slug="nam-on-jo")
    character_save(
        character=on_jo,
        user=on_jo.history.first().history_user,
        values={"aliases": "On-jo"},
        base_version=on_jo.version,
        summary="",
        minor=False,
    )
    by_slug = titles(client, "character=nam-on-jo")
    assert titles(client, "character=Nam+On-jo") == by_slug
    assert titles(client, "character=On-jo") == by_slug


def test_the_character_filter_is_typed_not_a_list_of_every_character(client, events):
    html = client.get(f"{reverse('timeline')}?character=nam-on-jo").content.decode()
    assert 'name="character"' in html
    assert '<select name="character"' not in html
    assert 'value="nam-on-jo"' in html
