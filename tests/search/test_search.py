"""The results page: one contract on SQLite (FTS5) and PostgreSQL (tsvector).

These tests run on whichever database the run uses; CI runs them on both.
"""

import pytest
from django.urls import reverse

from tests.factories import make_character, make_event, make_moderator, make_page
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def search(client, query: str, **params):
    return client.get(SEARCH, {"q": query, "fulltext": "1", **params})


def titles(response) -> list[str]:
    return [hit.title for hit in response.context["hits"]]


def test_a_title_match_ranks_above_content_that_only_mentions_the_words(client):
    make_page(title="Hyosan rooftop", body="Zombies zombies zombies everywhere.\n")
    make_page(title="Zombie virus", body="Where it began.\n")

    response = search(client, "zombie")

    assert titles(response) == ["Zombie virus"]


def test_title_matches_come_first_then_the_text_matches(client):
    make_page(title="Cafeteria", body="The virus spread in the cafeteria.\n")
    make_page(title="Virus", body="Made by a teacher.\n")
    make_page(title="Gym", body="Nothing about it.\n")

    response = search(client, "virus")

    assert titles(response) == ["Virus", "Cafeteria"]


def test_an_alias_counts_as_a_title_match(client):
    make_page(title="Rooftop", body="Onjo waits here with the others.\n")
    make_character(name="Nam On-jo", aliases="Onjo")

    response = search(client, "onjo")

    assert titles(response) == ["Nam On-jo", "Rooftop"]


def test_more_mentions_rank_higher_among_text_matches(client):
    make_page(title="Broadcast room", body="A radio. Many other things here.\n")
    make_page(title="Radio club", body="Radio, radio, radio: a radio.\n")
    make_page(title="Principal", body="Other words, and one radio too.\n")

    response = search(client, "radio")

    assert titles(response)[0] == "Radio club"


def test_every_word_of_the_query_must_be_found(client):
    make_page(title="Science lab", body="Mr Lee made the virus.\n")
    make_page(title="Hospital", body="The virus reached the city.\n")

    response = search(client, "virus lee")

    assert titles(response) == ["Science lab"]


def test_an_actor_finds_the_character_they_play(client):
    make_character(name="Lee Cheong-san", actor="Yoon Chan-young")

    response = search(client, "Chan-young")

    assert titles(response) == ["Lee Cheong-san"]


def test_events_are_found_by_their_description(client):
    make_event(title="Filming begins", description="Cameras roll in Seoul.\n")

    response = search(client, "cameras")

    assert titles(response) == ["Filming begins"]
    assert response.context["hits"][0].label == "Event"


def test_a_snippet_marks_the_query_words(client):
    make_page(title="Library", body="The students hid behind the shelves.\n")

    response = search(client, "shelves")

    assert "<mark>shelves</mark>" in response.content.decode()


def test_a_snippet_marks_the_words_even_when_they_are_far_apart(client):
    filler = " ".join(f"word{number}" for number in range(60))
    make_page(title="Library", body=f"Opening line. {filler} shelves. {filler} dust.\n")

    response = search(client, "dust shelves")

    assert "<mark>" in response.context["hits"][0].snippet_html


def test_a_snippet_escapes_the_text_around_the_marks(client):
    make_page(
        title="Code club", body="They wrote `<script>alert(1)</script>` zombie code.\n"
    )

    html = search(client, "zombie").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>zombie</mark>" in html
    assert "<script>alert(1)" not in html


def test_a_snippet_never_shows_a_spoiler(client):
    make_page(title="Ending", body="Before.\n\n:::spoiler 2\nEveryone escapes.\n:::\n")

    response = search(client, "escapes")

    assert titles(response) == ["Ending"]
    assert "escapes" not in response.context["hits"][0].snippet_html


def test_an_exact_title_goes_straight_to_the_content(client):
    page = make_page(title="Hyosan High School")

    response = client.get(SEARCH, {"q": "  hyosan HIGH school "})

    assert response.status_code == 302
    assert response["Location"] == page.get_absolute_url()


def test_an_exact_alias_goes_straight_to_the_character(client):
    character = make_character(name="Nam On-jo", aliases="Onjo")

    response = client.get(SEARCH, {"q": "onjo"})

    assert response["Location"] == character.get_absolute_url()


def test_fulltext_shows_the_results_with_a_link_to_the_exact_match(client):
    page = make_page(title="Rooftop", body="Where they waited.\n")

    response = client.get(SEARCH, {"q": "Rooftop", "fulltext": "1"})

    assert response.status_code == 200
    assert titles(response) == ["Rooftop"]
    assert f'href="{page.get_absolute_url()}">go to it' in response.content.decode()


def test_two_contents_with_the_same_title_show_the_results(client):
    make_page(title="Nam On-jo", body="A page.\n")
    make_character(name="Nam On-jo")

    response = client.get(SEARCH, {"q": "Nam On-jo"})

    assert response.status_code == 200
    assert sorted(hit.kind for hit in response.context["hits"]) == [
        "character",
        "page",
    ]


def test_deleted_content_never_appears(client):
    page = make_page(title="Zombie spam", body="Zombie pills.\n")
    content_delete(obj=page, user=make_moderator(), reason="Spam")

    assert titles(search(client, "zombie")) == []
    assert client.get(SEARCH, {"q": "Zombie spam"}).status_code == 200


def test_results_are_paginated(client):
    for number in range(25):
        make_page(title=f"Classroom {number:02}", body="Desks.\n")

    first = search(client, "desks")
    second = search(client, "desks", page="2")

    assert len(first.context["hits"]) == 20
    assert first.context["has_next"]
    assert len(second.context["hits"]) == 5
    assert not second.context["has_next"]
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'href="?q=desks&amp;fulltext=1&amp;page=2"' in first.content.decode()


def test_an_empty_query_asks_for_words(client):
    response = client.get(SEARCH, {"q": ""})

    assert response.status_code == 200
    assert "Type what to look for" in response.content.decode()


def test_a_query_over_200_characters_is_refused(client):
    response = client.get(SEARCH, {"q": "a" * 201})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"zombie',
        "*",
        "zombie*",
        "NEAR(zombie virus)",
        "zombie AND",
        "OR",
        "-zombie",
        "zombie -virus",
        "(",
        "title:zombie",
        "{title}: zombie",
        "^zombie",
        "zombie & | ! :*",
        "'",
        "\\",
        "%_",
        # (A NUL is a 400 for any address: tests/security/test_hostile_text.py.)
        "\u200bzombie",
        "좀비",
    ],
)
def test_odd_queries_never_fail(client, query):
    make_page(title="Zombie virus", body="Zombies (and NEAR misses).\n")

    response = search(client, query)

    assert response.status_code == 200


def test_operators_are_searched_as_words(client):
    make_page(title="Hallway", body="Near the stairs.\n")
    make_page(title="Stairs", body="Far away.\n")

    response = search(client, "NEAR stairs")

    assert titles(response) == ["Hallway"]


@pytest.mark.usefixtures("no_page_cache")
def test_the_results_page_runs_two_queries(
    client, warm_header, django_assert_num_queries
):
    for number in range(30):
        make_page(title=f"Zombie {number}", body="Zombie zombie.\n")
        make_character(name=f"Student {number}", aliases=f"Zombie kid {number}")

    # 1. the exact title or alias  2. one page of results with snippets
    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"q": "zombie", "page": "2"})

    assert len(response.context["hits"]) == 20


@pytest.mark.usefixtures("no_page_cache")
def test_the_exact_title_jump_runs_one_query(
    client, warm_header, django_assert_num_queries
):
    make_page(title="Rooftop")

    with django_assert_num_queries(1):
        response = client.get(SEARCH, {"q": "rooftop"})

    assert response.status_code == 302


@pytest.mark.usefixtures("no_page_cache")
def test_a_query_without_words_runs_no_query(
    client, warm_header, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(SEARCH, {"q": "*-*"})

    assert response.status_code == 200


def test_a_renamed_pages_old_title_goes_straight_to_it(client, moderator):
    from wiki.lifecycle import content_rename

    page = make_page(title="Rooftop", body="On the roof.\n")
    content_rename(obj=page, user=moderator, new_title="School roof", reason="x")

    response = client.get("/search/", {"q": "Rooftop"})

    assert response.status_code == 302
    assert response["Location"] == "/wiki/school-roof/"


def test_a_rebuilt_index_still_knows_old_titles(client, moderator):
    from search.services import search_index_rebuild
    from wiki.lifecycle import content_rename

    page = make_page(title="Rooftop", body="On the roof.\n")
    content_rename(obj=page, user=moderator, new_title="School roof", reason="x")
    search_index_rebuild()

    response = client.get("/search/", {"q": "rooftop"})

    assert response["Location"] == "/wiki/school-roof/"
