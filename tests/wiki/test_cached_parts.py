"""The parts of a content page that every reader at one spoiler level sees alike
are kept rendered (wiki.templatetags.fragments), and never shown stale."""

import pytest

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
    make_season,
)

pytestmark = pytest.mark.django_db

SPOILER_BODY = (
    "Start.\n\n:::spoiler 2\nThe secret of season 2.\n:::\n\n[[Category:Schools]]\n"
)


def _reader(client, **fields):
    client.force_login(UserFactory(**fields))
    return client


def test_a_second_reader_of_a_page_costs_one_query_less(
    client, no_page_cache, django_assert_num_queries
):
    page = make_page(title="Hyosan High School", body=SPOILER_BODY)
    _reader(client).get(page.get_absolute_url())
    client.logout()
    _reader(client)
    # session, user, blocks, the page, its last revision: the categories are kept
    with django_assert_num_queries(5):
        response = client.get(page.get_absolute_url())
    assert b"Schools" in response.content
    assert b"The secret of season 2." in response.content


def test_an_edit_is_shown_to_the_next_reader_at_once(client):
    page = make_page(title="Hyosan High School", body="Old text.\n")
    _reader(client).get(page.get_absolute_url())
    edit_page(page, "New text.\n\n[[Category:Renamed]]\n")
    response = client.get(page.get_absolute_url())
    assert b"New text." in response.content
    assert b"Old text." not in response.content
    assert b"Renamed" in response.content


def test_each_spoiler_level_gets_its_own_part(client):
    make_season(1)
    make_season(2)
    page = make_page(title="Hyosan High School", body=SPOILER_BODY)
    watched = _reader(client, spoiler_season=2).get(page.get_absolute_url())
    assert b'data-season="2" open>' in watched.content
    client.logout()
    unwatched = _reader(client, spoiler_season=0).get(page.get_absolute_url())
    assert b"spoiler--seen" not in unwatched.content


def test_an_old_revision_is_never_taken_from_the_kept_parts(client):
    page = make_page(title="Hyosan High School", body="First text.\n")
    first = page.history.first()
    edit_page(page, "Second text.\n")
    _reader(client).get(page.get_absolute_url())
    response = client.get(f"{page.get_absolute_url()}?revision={first.history_id}")
    assert b"First text." in response.content
    assert b"Second text." not in response.content


def test_character_and_event_pages_show_their_edits_at_once(client):
    from characters.services import character_save

    character = make_character(name="Nam On-jo", biography="Old biography.\n")
    event = make_event(title="Season 2 confirmed")
    _reader(client)
    client.get(character.get_absolute_url())
    client.get(event.get_absolute_url())
    character_save(
        character=character,
        user=UserFactory(),
        values={"biography": "New biography.\n"},
        base_version=character.version,
        summary="",
        minor=False,
    )
    assert b"New biography." in client.get(character.get_absolute_url()).content
