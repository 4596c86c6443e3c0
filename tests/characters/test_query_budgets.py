"""Character views run a fixed number of queries, whatever the number of
characters, revisions, aliases or events."""

import pytest
from django.urls import reverse

from characters.services import character_save
from tests.factories import UserFactory, make_character, make_event, make_season

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

REVISIONS = 8


@pytest.fixture
def busy_character(db):
    from accounts.preferences import season_choices

    make_season(1)
    make_season(2)
    for number in range(10):
        make_character(name=f"Extra {number}", aliases=f"Alias {number}")
    character = make_character(aliases="Onjo\nOn-jo", seasons="1,2")
    for number in range(REVISIONS):
        character_save(
            character=character,
            user=UserFactory(),
            values={
                "biography": f"Revision {number}.\n\n"
                f"[[Category:Students]] [[Category:Group {number}]]\n",
                "actor": f"Actor {number}",
            },
            base_version=character.version,
            summary=f"edit {number}",
        )
        character.refresh_from_db()
    for number in range(5):
        make_event(title=f"Event {number}", character_ids=[character.pk])
    season_choices()  # the header's spoiler menu reads the seasons from the cache
    return character


def test_character_detail_runs_four_queries(
    client, busy_character, django_assert_num_queries
):
    # 1. the character  2. its events  3. its latest revision with the editor
    # 4. its categories, at its foot (one query, however many)
    with django_assert_num_queries(4):
        response = client.get(busy_character.get_absolute_url())
    assert len(response.context["events"]) == 5


def test_character_list_with_filters_runs_one_query(
    client, busy_character, django_assert_num_queries
):
    # 1. one page of cards (LIMIT 25, no COUNT)
    with django_assert_num_queries(1):
        response = client.get(
            reverse("character_list") + "?status=alive&role=student&season=1&q=a"
        )
    assert response.status_code == 200
    assert len(response.context["characters"]) == 11


def test_character_history_runs_two_queries(
    client, busy_character, django_assert_num_queries
):
    # 1. the character  2. one page of revisions with their editors
    with django_assert_num_queries(2):
        response = client.get(reverse("character_history", args=[busy_character.slug]))
    assert len(response.context["revisions"]) == REVISIONS + 1


def test_character_diff_runs_three_queries(
    client, busy_character, django_assert_num_queries
):
    first, last = busy_character.history.last(), busy_character.history.first()
    url = reverse("character_diff", args=[busy_character.slug])
    # 1. the character  2. the "from" revision  3. the "to" revision
    with django_assert_num_queries(3):
        client.get(f"{url}?from={first.history_id}&to={last.history_id}")


def test_what_links_to_a_character_runs_two_queries(
    client, busy_character, django_assert_num_queries
):
    # 1. the character  2. the stored links to its name and aliases
    with django_assert_num_queries(2):
        client.get(reverse("character_links", args=[busy_character.slug]))
