"""What each reader sees of spoilers, by how far they have watched."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_character, make_page, make_season

pytestmark = pytest.mark.django_db

BODY = """Intro.

:::spoiler 1
Season one secret.
:::

:::spoiler 2
Season two secret.
:::
"""


@pytest.fixture(autouse=True)
def seasons(db):
    make_season(1)
    make_season(2)


def spoiler_tags(html: str) -> dict[str, str]:
    """Each spoiler's season → its opening tag as served."""
    tags = re.findall(r'<details class="[^"]*" data-season="(\d+)"[^>]*>', html)
    opening = re.findall(r'(<details class="[^"]*" data-season="\d+"[^>]*>)', html)
    return dict(zip(tags, opening, strict=True))


def choose(client, season: int) -> None:
    response = client.post(reverse("preferences"), {"spoiler_season": season})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "watched, open_seasons",
    [(0, set()), (1, {"1"}), (2, {"1", "2"})],
)
def test_a_visitor_sees_spoilers_up_to_the_season_they_watched(
    client, watched, open_seasons
):
    page = make_page(title="Plot", body=BODY)
    if watched:
        choose(client, watched)
    tags = spoiler_tags(client.get(page.get_absolute_url()).content.decode())
    assert {season for season, tag in tags.items() if " open" in tag} == open_seasons
    for season, tag in tags.items():
        assert ("spoiler--seen" in tag) == (season in open_seasons)


@pytest.mark.parametrize("watched, shown", [(0, False), (1, False), (2, True)])
def test_a_logged_in_fans_level_applies_to_pages(user_client, user, watched, shown):
    page = make_page(title="Plot", body=BODY)
    choose(user_client, watched)
    user.refresh_from_db()
    assert user.spoiler_season == watched
    tags = spoiler_tags(user_client.get(page.get_absolute_url()).content.decode())
    assert (" open" in tags["2"]) is shown


def test_the_stored_html_is_the_same_for_every_reader(client):
    page = make_page(title="Plot", body=BODY)
    stored = page.rendered_html
    choose(client, 2)
    client.get(page.get_absolute_url())
    page.refresh_from_db()
    assert page.rendered_html == stored
    assert " open" not in stored


@pytest.mark.parametrize("watched, shown", [(0, False), (1, False), (2, True)])
def test_a_spoiler_tagged_status_is_collapsed_until_its_season(client, watched, shown):
    character = make_character(status="deceased", status_spoiler_season=2)
    if watched:
        choose(client, watched)
    for url in (character.get_absolute_url(), reverse("character_list")):
        html = client.get(url).content.decode()
        tag = spoiler_tags(html)["2"]
        assert (" open" in tag) is shown
        assert "Spoiler for season 2" in html
        assert "Deceased" in html  # in the page, behind the <details> when hidden


def test_a_status_that_is_no_spoiler_is_shown_plainly(client):
    character = make_character(status="alive")
    html = client.get(character.get_absolute_url()).content.decode()
    assert "Spoiler for season" not in html
    assert "Alive" in html


def test_headings_inside_spoilers_stay_out_of_the_table_of_contents(client):
    page = make_page(
        title="Plot",
        body="# Open\n\ntext\n\n# Also open\n\n:::spoiler 2\n# The twist\n:::\n",
    )
    assert "The twist" not in page.rendered_toc
    assert "Also open" in page.rendered_toc
