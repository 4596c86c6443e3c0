"""Each timeline view runs a fixed number of queries, however big the timeline gets.

The fixtures build many events, characters, links and revisions first, so that a
query per event, per character, per source or per revision would show up as a
larger count.
"""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    SOURCE,
    UserFactory,
    make_character,
    make_event,
    make_page,
    make_season,
)
from timeline.services import event_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

EVENTS = 20
CHARACTERS = 6
REVISIONS = 8


@pytest.fixture(autouse=True)
def _season_choices_cached(db):
    """Every page's spoiler menu (and the season filter) lists the seasons from
    the cache; the one query that fills it is tested in test_services.py."""
    from accounts.preferences import season_choices

    make_season(1)
    make_season(2)
    season_choices()


@pytest.fixture
def characters():
    return [make_character(name=f"Student {n}") for n in range(CHARACTERS)]


@pytest.fixture
def timeline(characters):
    """EVENTS events over several years, each with characters, sources and links
    (a red one among them, so that every link resolver is asked)."""
    make_page(title="Hyosan High School")
    events = []
    for n in range(EVENTS):
        events.append(
            make_event(
                title=f"Event {n:02}",
                date=datetime.date(2020 + n % 6, 1 + n % 12, 1 + n % 28),
                precision=["day", "month", "quarter", "half", "year"][n % 5],
                kind=["announcement", "production", "release"][n % 3],
                season=1 + n % 2,
                character_ids=[c.pk for c in characters[: 1 + n % CHARACTERS]],
                sources=[SOURCE] * (1 + n % 3),
                description="At [[Hyosan High School]], [[Student 1]], [[Nobody]].\n"
                f"[[Category:Announcements]] [[Category:Season {1 + n % 2}]]\n",
            )
        )
    return events


@pytest.fixture
def busy_event(timeline, characters):
    """An event with many revisions, each changing its characters and sources."""
    event = timeline[-1]
    for n in range(REVISIONS):
        event = event_save(
            event=event,
            user=UserFactory(),
            values={
                "description": f"{event.description}line {n} [[Event {n:02}]]\n",
                "character_ids": [c.pk for c in characters[: 1 + n % CHARACTERS]],
                "sources": [{**SOURCE, "title": f"Source {n}"}] * (1 + n % 4),
                "kind": ["announcement", "release"][n % 2],
            },
            base_version=event.version,
            summary=f"edit {n}",
        ).obj
    return event


def test_the_timeline_runs_one_query(client, timeline, django_assert_num_queries):
    # one page of events (the listing's columns only; LIMIT, no COUNT); the
    # character is typed, not chosen from a list of every character
    with django_assert_num_queries(1):
        response = client.get(reverse("timeline"))
    assert len(response.context["events"]) == EVENTS


def test_the_timeline_for_a_logged_in_user_adds_only_the_session_and_user(
    user_client, timeline, django_assert_num_queries
):
    # 1. session  2. user  3. events
    with django_assert_num_queries(3):
        user_client.get(reverse("timeline"))


def test_the_filtered_timeline_runs_two_queries(
    client, timeline, django_assert_num_queries
):
    url = reverse("timeline") + "?kind=release&season=2&year=2025&character=student-5"
    # 1. the chosen character, by slug or alias (validating the filter)
    # 2. one page of the events matching every filter
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    titles = sorted(event.title for event in response.context["events"])
    assert titles == ["Event 05", "Event 11", "Event 17"]


def test_filters_without_a_character_run_one_query(
    client, timeline, django_assert_num_queries
):
    # the events matching
    with django_assert_num_queries(1):
        client.get(reverse("timeline") + "?kind=release&season=2&year=2023")


def test_an_invalid_filter_runs_no_event_query(
    client, timeline, django_assert_num_queries
):
    # the unknown character, by slug or alias
    with django_assert_num_queries(1):
        response = client.get(reverse("timeline") + "?year=abc&character=nobody")
    assert response.status_code == 400


def test_the_event_page_runs_four_queries(
    client, busy_event, django_assert_num_queries
):
    # 1. the event (without its markdown description)
    # 2. its characters (one join, however many)
    # 3. its latest revision with the editor
    # 4. its categories, at its foot (one query, however many)
    with django_assert_num_queries(4):
        response = client.get(busy_event.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["sources"]) == 4


def test_an_old_revision_of_an_event_runs_a_fixed_number_of_queries(
    client, busy_event, django_assert_num_queries
):
    first = busy_event.history.last()
    # 1. the event  2. its current characters  3. the revision with its editor;
    # its description's links resolve with one query per resolver:
    # 4. pages  5. characters  6. character aliases  7. events, and for what is
    # still red, 8. old names (redirects)
    with django_assert_num_queries(8):
        response = client.get(f"{busy_event.get_absolute_url()}?revision={first.pk}")
    assert response.context["revision"].version == 1


def test_the_event_history_runs_two_queries(
    client, busy_event, django_assert_num_queries
):
    # 1. the event (title and slug)  2. one page of revisions with their editors
    with django_assert_num_queries(2):
        response = client.get(reverse("event_history", args=[busy_event.slug]))
    assert len(response.context["revisions"]) == REVISIONS + 1


def test_the_event_diff_runs_five_queries(
    client, busy_event, django_assert_num_queries
):
    first, last = busy_event.history.get(version=2), busy_event.history.first()
    url = reverse("event_diff", args=[busy_event.slug])
    # 1. the event  2. the "from" revision  3. the "to" revision (each with editor)
    # 4. the names of the old revision's characters  5. of the new revision's
    with django_assert_num_queries(5):
        response = client.get(f"{url}?from={first.history_id}&to={last.history_id}")
    names = {change.name for change in response.context["changes"]}
    assert {"character_ids", "sources", "description"} <= names


def test_the_diff_with_the_previous_revision_runs_five_queries(
    client, busy_event, django_assert_num_queries
):
    # 1. the event  2. the newest revision  3. the one before it
    # 4.-5. the names of each revision's characters
    with django_assert_num_queries(5):
        client.get(reverse("event_diff", args=[busy_event.slug]))


def test_a_diff_that_leaves_the_characters_alone_names_none(
    client, timeline, django_assert_num_queries
):
    event = timeline[0]
    event_save(
        event=event,
        user=UserFactory(),
        values={"kind": "reception"},
        base_version=event.version,
        summary="",
    )
    # 1. the event  2. the newest revision  3. the one before it
    with django_assert_num_queries(3):
        client.get(reverse("event_diff", args=[event.slug]))
