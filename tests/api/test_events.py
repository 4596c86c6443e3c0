"""/api/events/: the timeline, with the filters of /timeline/."""

import datetime

import pytest
from django.urls import reverse

from tests.api.conftest import assert_read_only
from tests.factories import SOURCE, make_character, make_event
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

LIST = reverse("api:event-list")


def detail_url(event) -> str:
    return reverse("api:event-detail", args=[event.slug])


@pytest.fixture
def characters(seasons):
    return [make_character(name="Nam On-jo"), make_character(name="Lee Su-hyeok")]


@pytest.fixture
def events(characters):
    on_jo, su_hyeok = characters
    cited = {**SOURCE, "url": "https://www.soompi.com/article/1"}
    return [
        make_event(
            title="Season 1 released",
            date=datetime.date(2022, 1, 28),
            kind="release",
            season=1,
            character_ids=[on_jo.pk, su_hyeok.pk],
        ),
        make_event(
            title="Season 2 confirmed",
            date=datetime.date(2024, 5, 7),
            season=2,
            sources=[cited],
            character_ids=[on_jo.pk],
        ),
        make_event(
            title="Filming begins",
            date=datetime.date(2024, 10, 1),
            precision="month",
            kind="production",
            season=2,
        ),
    ]


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_the_event_list_gives_events_in_date_order(client, events):
    response = client.get(LIST)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["title"] for row in results] == [
        "Season 1 released",
        "Season 2 confirmed",
        "Filming begins",
    ]
    filming = results[2]
    assert filming == {
        "title": "Filming begins",
        "slug": "filming-begins",
        "url": f"http://testserver{detail_url(events[2])}",
        "html_url": f"http://testserver{events[2].get_absolute_url()}",
        "date": "2024-10-01",
        "date_end": "2024-10-31",
        "precision": "month",
        "when": events[2].when,
        "kind": "production",
        "season": 2,
        "characters": [],
    }
    assert results[0]["characters"] == ["lee-su-hyeok", "nam-on-jo"]
    assert "description" not in filming


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=release",
        "year=2024",
        "season=2",
        "character=nam-on-jo",
        "character=lee-su-hyeok&year=2022",
        "kind=reception",
        "unknown=1",
    ],
)
def test_event_filters_give_what_the_html_timeline_gives(client, events, query):
    html = client.get(f"{reverse('timeline')}?{query}")
    assert html.status_code == 200
    expected = [event.slug for event in html.context["events"]]
    assert slugs(client.get(f"{LIST}?{query}")) == expected


def test_the_character_filter_keeps_that_characters_events(client, events):
    assert slugs(client.get(f"{LIST}?character=nam-on-jo")) == [
        "season-1-released",
        "season-2-confirmed",
    ]


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=rumour", "kind"),
        ("year=2024.5", "year"),
        ("year=0", "year"),
        ("year=soon", "year"),
        ("season=7", "season"),
        ("character=nobody", "character"),
    ],
)
def test_an_invalid_event_filter_is_a_400_with_the_field_error(
    client, events, query, field
):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0]


def test_an_event_gives_its_description_sources_and_characters(client, events):
    confirmed = events[1]
    response = client.get(detail_url(confirmed))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Season 2 confirmed"
    assert body["characters"] == ["nam-on-jo"]
    assert body["sources"] == [
        {
            "publisher": "Soompi",
            "title": SOURCE["title"],
            "date": "2024-05-07",
            "url": "https://www.soompi.com/article/1",
        }
    ]
    assert body["description"] == "About Season 2 confirmed.\n"
    assert "<p>About Season 2 confirmed.</p>" in body["rendered_html"]
    assert body["version"] == 1
    assert body["protection"] == "open"


def test_a_source_without_an_address_has_no_url_key(client, events):
    body = client.get(detail_url(events[0])).json()
    assert body["sources"] == [SOURCE]


def test_a_missing_event_is_a_404(client, db):
    assert client.get(reverse("api:event-detail", args=["never"])).status_code == 404


def test_a_deleted_event_is_gone(client, events, moderator):
    url = detail_url(events[0])
    content_delete(obj=events[0], user=moderator, reason="x")
    assert "season-1-released" not in slugs(client.get(LIST))
    assert client.get(url).status_code == 404


def test_a_deleted_character_is_left_out_of_its_events(client, events, moderator):
    content_delete(
        obj=events[0].characters.get(slug="nam-on-jo"), user=moderator, reason="x"
    )
    body = client.get(detail_url(events[0])).json()
    assert body["characters"] == ["lee-su-hyeok"]


def test_the_event_endpoints_are_read_only(client, events):
    assert_read_only(client, LIST)
    assert_read_only(client, detail_url(events[0]))


# --- Query budgets ------------------------------------------------------------------


@pytest.fixture
def busy_timeline(seasons):
    """Many events, each with several characters and sources."""
    cast = [make_character(name=f"Student {number}") for number in range(6)]
    for number in range(15):
        make_event(
            title=f"Event {number:02}",
            date=datetime.date(2020 + number % 5, 1 + number % 12, 1),
            season=1 + number % 2,
            sources=[SOURCE, {**SOURCE, "title": f"Follow-up {number}"}],
            character_ids=[c.pk for c in cast[: 1 + number % 6]],
        )
    return cast


def test_the_event_list_runs_two_queries(
    client, busy_timeline, django_assert_num_queries
):
    # 1. one page of events  2. the slugs of their characters
    with django_assert_num_queries(2):
        response = client.get(f"{LIST}?kind=announcement&season=1&year=2020")
    assert response.json()["results"]


def test_the_character_filter_adds_one_query(
    client, busy_timeline, django_assert_num_queries
):
    # 1. the character the filter names  2. one page of events  3. their characters
    with django_assert_num_queries(3):
        response = client.get(f"{LIST}?character=student-0")
    assert len(response.json()["results"]) == 15


def test_an_event_runs_two_queries(client, busy_timeline, django_assert_num_queries):
    # 1. the event  2. the slugs of its characters
    with django_assert_num_queries(2):
        response = client.get(reverse("api:event-detail", args=["event-05"]))
    assert len(response.json()["characters"]) == 6
