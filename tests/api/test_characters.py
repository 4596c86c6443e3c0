"""/api/characters/: the characters, with the filters of /characters/."""

import pytest
from django.urls import reverse

from tests.api.conftest import assert_read_only
from tests.factories import UserFactory, make_character, make_event
from wiki.lifecycle import content_delete
from wiki.services import content_update

pytestmark = pytest.mark.django_db

LIST = reverse("api:character-list")


def detail_url(character) -> str:
    return reverse("api:character-detail", args=[character.slug])


@pytest.fixture
def cast(seasons):
    return [
        make_character(name="Nam On-jo", actor="Park Ji-hu", seasons="1,2"),
        make_character(
            name="Lee Cheong-san",
            actor="Yoon Chan-young",
            status="deceased",
            status_spoiler_season=1,
            seasons="1",
        ),
        make_character(
            name="Choi Nam-ra",
            actor="Cho Yi-hyun",
            status="half_zombie",
            aliases="Class president\nNam-ra",
            seasons="1,2",
        ),
        make_character(
            name="Lee Byeong-chan",
            actor="Kim Byung-chul",
            role="teacher",
            status="deceased",
        ),
    ]


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_the_character_list_gives_each_card(client, cast):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert [row["name"] for row in body["results"]] == [
        "Choi Nam-ra",
        "Lee Byeong-chan",
        "Lee Cheong-san",
        "Nam On-jo",
    ]
    cheong_san = body["results"][2]
    assert cheong_san == {
        "name": "Lee Cheong-san",
        "slug": "lee-cheong-san",
        "url": f"http://testserver{detail_url(cast[1])}",
        "html_url": f"http://testserver{cast[1].get_absolute_url()}",
        "actor": "Yoon Chan-young",
        "role": "student",
        "status": "deceased",
        "status_spoiler_season": 1,
        "seasons": [1],
        "portrait": None,
        "updated_at": cheong_san["updated_at"],
    }
    assert "biography" not in cheong_san


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=deceased",
        "role=teacher",
        "status=deceased&role=student",
        "season=2",
        "q=park",
        "q=president",
        "q=zzz",
        "sort=-name",
        "sort=actor&season=1",
        "unknown=1",
    ],
)
def test_character_filters_give_what_the_html_list_gives(client, cast, query):
    html = client.get(f"{reverse('character_list')}?{query}")
    assert html.status_code == 200
    expected = [character.slug for character in html.context["characters"]]
    assert slugs(client.get(f"{LIST}?{query}")) == expected


def test_the_season_filter_keeps_the_characters_of_that_season(client, cast):
    assert slugs(client.get(f"{LIST}?season=2")) == ["choi-nam-ra", "nam-on-jo"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=undead", "status"),
        ("role=janitor", "role"),
        ("season=9", "season"),
        ("season=one", "season"),
        ("sort=age", "sort"),
        (f"q={'x' * 101}", "q"),
    ],
)
def test_an_invalid_character_filter_is_a_400_with_the_field_error(
    client, cast, query, field
):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0]


def test_a_character_gives_its_facts_and_biography(client, cast):
    nam_ra = cast[2]
    response = client.get(detail_url(nam_ra))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Choi Nam-ra"
    assert body["aliases"] == ["Class president", "Nam-ra"]
    assert body["seasons"] == [1, 2]
    assert body["status"] == "half_zombie"
    assert body["status_spoiler_season"] is None
    assert body["biography"] == "About Choi Nam-ra.\n"
    assert "<p>About Choi Nam-ra.</p>" in body["rendered_html"]
    assert body["version"] == 1
    assert body["protection"] == "open"


def test_a_spoiler_status_is_served_with_its_season(client, cast):
    body = client.get(detail_url(cast[1])).json()
    assert (body["status"], body["status_spoiler_season"]) == ("deceased", 1)


def test_a_missing_character_is_a_404(client, db):
    response = client.get(reverse("api:character-detail", args=["nobody"]))
    assert response.status_code == 404


def test_a_deleted_character_is_gone(client, cast, moderator):
    on_jo = cast[0]
    url = detail_url(on_jo)
    content_delete(obj=on_jo, user=moderator, reason="x")
    assert "nam-on-jo" not in slugs(client.get(LIST))
    assert client.get(url).status_code == 404


def test_the_character_endpoints_are_read_only(client, cast):
    assert_read_only(client, LIST)
    assert_read_only(client, detail_url(cast[0]))


# --- Query budgets ------------------------------------------------------------------


@pytest.fixture
def busy_cast(seasons):
    """Many characters with aliases, revisions and events."""
    characters = [
        make_character(name=f"Extra {number}", aliases=f"Alias {number}", seasons="1")
        for number in range(12)
    ]
    for character in characters[:4]:
        content_update(
            obj=character,
            user=UserFactory(),
            values={"biography": "Rewritten.\n"},
            base_version=character.version,
            summary="",
            minor=False,
        )
    for number in range(3):
        make_event(title=f"Event {number}", character_ids=[characters[0].pk])
    return characters


def test_the_character_list_with_filters_runs_one_query(
    client, busy_cast, django_assert_num_queries
):
    # 1. one page of characters (LIMIT page size + 1, no COUNT); the seasons the
    # season filter accepts come from the cache
    with django_assert_num_queries(1):
        response = client.get(f"{LIST}?status=alive&role=student&season=1&q=extra")
    assert len(response.json()["results"]) == 12


def test_a_character_runs_one_query(client, busy_cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(detail_url(busy_cast[0]))
    assert response.json()["aliases"] == ["Alias 0"]
