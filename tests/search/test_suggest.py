"""Suggestions for the header search box: a small JSON endpoint."""

import pytest
from django.urls import reverse

from tests.factories import make_character, make_event, make_moderator, make_page
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

SUGGEST = reverse("search_suggest")


def suggest(client, query: str) -> dict:
    response = client.get(SUGGEST, {"q": query})
    assert response.status_code == 200
    return response.json()


def test_a_suggestion_has_the_title_kind_and_address(client):
    character = make_character(name="Nam On-jo")

    data = suggest(client, "nam")

    assert data["query"] == "nam"
    assert data["results"] == [
        {
            "title": "Nam On-jo",
            "kind": "character",
            "label": "Character",
            "url": character.get_absolute_url(),
            "alias": "",
        }
    ]


def test_titles_starting_with_the_query_come_before_words_starting_with_it(client):
    make_page(title="The gym", body="Where Hyo met Nam.\n")
    make_page(title="Hyosan High School")

    titles = [result["title"] for result in suggest(client, "hyo")["results"]]

    assert titles == ["Hyosan High School", "The gym"]


def test_an_alias_suggests_its_character_and_says_so(client):
    make_character(name="Nam On-jo", aliases="Onjo")

    results = suggest(client, "onj")["results"]

    assert [(r["title"], r["alias"]) for r in results] == [("Nam On-jo", "Onjo")]


def test_a_name_matching_title_and_alias_is_suggested_once(client):
    make_character(name="Lee Su-hyeok", aliases="Lee Su-hyuk")

    results = suggest(client, "lee su")["results"]

    assert [r["title"] for r in results] == ["Lee Su-hyeok"]


def test_the_last_word_is_matched_as_a_prefix_in_the_text(client):
    make_event(title="Filming begins", description="Cameras roll in Seoul.\n")

    results = suggest(client, "cameras ro")["results"]

    assert [r["title"] for r in results] == ["Filming begins"]


def test_actors_are_suggested_through_their_characters(client):
    make_character(name="Lee Cheong-san", actor="Yoon Chan-young")

    results = suggest(client, "yoon")["results"]

    assert [r["title"] for r in results] == ["Lee Cheong-san"]


def test_at_most_eight_suggestions_are_given(client):
    for number in range(12):
        make_page(title=f"Classroom {number}")

    assert len(suggest(client, "class")["results"]) == 8


def test_deleted_content_is_never_suggested(client):
    page = make_page(title="Spam page")
    content_delete(obj=page, user=make_moderator(), reason="Spam")

    assert suggest(client, "spam")["results"] == []


@pytest.mark.parametrize("query", ["", " ", '"', "*", "NEAR(", "-", "a'b", "%"])
def test_odd_queries_give_an_answer(client, query):
    make_page(title="Hyosan High School")

    assert isinstance(suggest(client, query)["results"], list)


def test_a_query_over_200_characters_is_refused(client):
    response = client.get(SUGGEST, {"q": "a" * 201})

    assert response.status_code == 400


def test_suggestions_run_two_queries(client, django_assert_num_queries):
    for number in range(20):
        make_page(title=f"Classroom {number}", body="Class trip.\n")
        make_character(name=f"Student {number}", aliases=f"Class rep {number}")

    # 1. titles and aliases starting with it  2. content with words starting with it
    with django_assert_num_queries(2):
        data = suggest(client, "class")

    assert len(data["results"]) == 8


def test_a_query_without_words_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        suggest(client, "--")
