import pytest
from django.urls import reverse

from tests.factories import make_character, make_season

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cast(db):
    make_season(1)
    make_season(2)
    make_character(name="Nam On-jo", actor="Park Ji-hu", seasons="1,2")
    make_character(
        name="Lee Cheong-san", actor="Yoon Chan-young", status="deceased", seasons="1"
    )
    make_character(
        name="Choi Nam-ra",
        actor="Cho Yi-hyun",
        status="half_zombie",
        aliases="Class president",
        seasons="1,2",
    )
    make_character(
        name="Lee Byeong-chan",
        actor="Kim Byung-chul",
        role="teacher",
        status="deceased",
    )


def names(client, query: str) -> list[str]:
    response = client.get(f"{reverse('character_list')}?{query}")
    assert response.status_code == 200, response.context["filterset"].errors
    return [character.name for character in response.context["characters"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Choi Nam-ra", "Lee Byeong-chan", "Lee Cheong-san", "Nam On-jo"]),
        ("status=deceased", ["Lee Byeong-chan", "Lee Cheong-san"]),
        ("role=teacher", ["Lee Byeong-chan"]),
        ("status=deceased&role=student", ["Lee Cheong-san"]),
        ("season=2", ["Choi Nam-ra", "Nam On-jo"]),
        ("q=park", ["Nam On-jo"]),
        ("q=nam", ["Choi Nam-ra", "Nam On-jo"]),
        ("q=president", ["Choi Nam-ra"]),
        ("q=zzz", []),
        (
            "sort=-name",
            ["Nam On-jo", "Lee Cheong-san", "Lee Byeong-chan", "Choi Nam-ra"],
        ),
        (
            "sort=actor&season=1",
            ["Choi Nam-ra", "Lee Byeong-chan", "Nam On-jo", "Lee Cheong-san"],
        ),
        (
            "unknown=1",
            ["Choi Nam-ra", "Lee Byeong-chan", "Lee Cheong-san", "Nam On-jo"],
        ),
    ],
)
def test_each_filter_narrows_the_list(client, query, expected):
    assert names(client, query) == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=undead", "status"),
        ("role=vampire", "role"),
        ("season=3", "season"),
        ("season=abc", "season"),
        ("season=1.5", "season"),
        ("sort=password", "sort"),
        ("q=" + "x" * 101, "q"),
        ("status=alive' OR '1'='1", "status"),
    ],
)
def test_an_invalid_filter_is_a_400_with_its_error_and_no_cards(client, query, field):
    response = client.get(f"{reverse('character_list')}?{query}")
    assert response.status_code == 400
    assert field in response.context["filterset"].errors
    assert response.context["characters"] == []
    assert "Fix the filters above" in response.content.decode()


def test_the_filtered_list_keeps_its_filters_in_the_pager_links(client, monkeypatch):
    monkeypatch.setattr("characters.views.CARDS_PER_PAGE", 1)
    html = client.get(reverse("character_list") + "?status=deceased").content
    assert b'href="?status=deceased&amp;page=2"' in html


def test_the_filter_form_shows_the_chosen_values(client):
    response = client.get(reverse("character_list") + "?status=deceased&season=1")
    form = response.context["filterset"].form
    assert form["status"].value() == "deceased"
    assert 'value="deceased" selected' in response.content.decode()
