"""Conditional GET on the reading pages: 304 while nothing the page shows changed."""

import pytest

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_moderator,
    make_page,
    make_season,
)
from wiki.lifecycle import content_rename
from wiki.visibility import revision_visibility_set

pytestmark = pytest.mark.django_db


def _etag(client, url):
    """The ETag of a second visit: the first sets the CSRF cookie that the page's
    forms belong to, which is part of the ETag."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_a_new_csrf_cookie_makes_the_old_copy_stale(client):
    page = make_page(title="Hyosan High School")
    url = page.get_absolute_url()
    etag = _etag(client, url)
    client.cookies["csrftoken"] = "x" * 32
    assert _revisit(client, url, etag).status_code == 200


def _revisit(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag)


def test_a_page_is_sent_with_a_weak_etag_and_revalidated_on_each_visit(client):
    page = make_page(title="Hyosan High School")
    response = client.get(page.get_absolute_url())
    assert response["ETag"].startswith('W/"')
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_current_copy_gets_304_without_rendering_the_template(
    client, django_assert_max_num_queries
):
    page = make_page(title="Hyosan High School")
    url = page.get_absolute_url()
    etag = _etag(client, url)
    with django_assert_max_num_queries(4):
        response = _revisit(client, url, etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response.templates == []
    assert response["ETag"] == etag


def test_an_edit_makes_the_old_copy_stale(client):
    page = make_page(title="Hyosan High School")
    url = page.get_absolute_url()
    etag = _etag(client, url)
    edit_page(page, "A new text.\n")
    response = _revisit(client, url, etag)
    assert response.status_code == 200
    assert b"A new text." in response.content


def test_a_red_link_turning_blue_makes_the_old_copy_stale(client):
    page = make_page(title="Hyosan High School", body="See [[Nam On-jo]].\n")
    url = page.get_absolute_url()
    etag = _etag(client, url)
    make_character(name="Nam On-jo")
    assert _revisit(client, url, etag).status_code == 200


def test_hiding_the_last_editor_makes_the_old_copy_stale(client):
    page = make_page(title="Hyosan High School")
    edit_page(page, "Second text.\n", user=UserFactory(username="Vandal"))
    url = page.get_absolute_url()
    etag = _etag(client, url)
    revision_visibility_set(
        revision=page.history.first(),
        moderator=make_moderator(),
        text=False,
        summary=False,
        editor=True,
        reason="Abusive user name",
    )
    response = _revisit(client, url, etag)
    assert response.status_code == 200
    assert b"Vandal" not in response.content


def test_another_reader_gets_the_page_not_a_304(client):
    page = make_page(title="Hyosan High School")
    url = page.get_absolute_url()
    etag = _etag(client, url)
    client.force_login(UserFactory())
    assert _revisit(client, url, etag).status_code == 200


def test_a_logged_in_reader_gets_304_too(client):
    page = make_page(title="Hyosan High School")
    client.force_login(UserFactory())
    url = page.get_absolute_url()
    etag = _etag(client, url)
    assert _revisit(client, url, etag).status_code == 304


def test_changing_the_spoiler_level_makes_the_old_copy_stale(client):
    make_season(1)
    page = make_page(title="Hyosan High School")
    user = UserFactory()
    client.force_login(user)
    url = page.get_absolute_url()
    etag = _etag(client, url)
    user.spoiler_season = 1
    user.save(update_fields=["spoiler_season"])
    assert _revisit(client, url, etag).status_code == 200


def test_a_waiting_message_is_shown_instead_of_a_304(client):
    page = make_page(title="Hyosan High School")
    client.force_login(UserFactory())
    url = page.get_absolute_url()
    etag = _etag(client, url)
    client.post(
        f"{url}edit/",
        {"body": "About Hyosan High School.\n", "base_version": page.version},
    )
    response = _revisit(client, url, etag)
    assert response.status_code == 200
    assert b"Nothing changed, so no new revision was saved." in response.content


def test_an_old_revision_has_no_etag(client):
    page = make_page(title="Hyosan High School")
    revision = page.history.first()
    response = client.get(f"{page.get_absolute_url()}?revision={revision.history_id}")
    assert response.status_code == 200
    assert "ETag" not in response


def test_a_character_page_goes_stale_when_one_of_its_events_changes(client):
    character = make_character(name="Nam On-jo")
    url = character.get_absolute_url()
    etag = _etag(client, url)
    assert _revisit(client, url, etag).status_code == 304
    make_event(title="Season 2 confirmed", character_ids=[character.pk])
    response = _revisit(client, url, etag)
    assert response.status_code == 200
    assert b"Season 2 confirmed" in response.content


def test_an_event_page_goes_stale_when_one_of_its_characters_is_renamed(client):
    character = make_character(name="Nam On-jo")
    event = make_event(title="Season 2 confirmed", character_ids=[character.pk])
    url = event.get_absolute_url()
    etag = _etag(client, url)
    assert _revisit(client, url, etag).status_code == 304
    content_rename(
        obj=character, user=UserFactory(), new_title="On-jo", reason="Shorter"
    )
    response = _revisit(client, url, etag)
    assert response.status_code == 200
    assert b"On-jo" in response.content
