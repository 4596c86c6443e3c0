"""The page cache: visitors who are not logged in get a stored reading page, with
their own CSRF token, and never a stale one."""

import re

import pytest
from django.test import Client

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_page,
    make_season,
)
from wiki.page_cache import CSRF_PLACEHOLDER

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _visit(url):
    """A new visitor, with no cookies, reading `url`."""
    client = Client(enforce_csrf_checks=True)
    return client, client.get(url)


def test_a_second_visitor_gets_the_stored_page_without_rendering(
    django_assert_max_num_queries,
):
    page = make_page(title="Hyosan High School", body="The school.\n")
    _visit(page.get_absolute_url())
    with django_assert_max_num_queries(2):
        _, response = _visit(page.get_absolute_url())
    assert response.status_code == 200
    assert response.templates == []
    assert b"The school." in response.content


def test_each_visitor_gets_a_working_token_of_their_own():
    make_season(1)
    page = make_page(title="Hyosan High School")
    first, first_page = _visit(page.get_absolute_url())
    second, second_page = _visit(page.get_absolute_url())
    assert CSRF_PLACEHOLDER.encode() not in second_page.content
    token = TOKEN.search(second_page.content).group(1).decode()
    assert token != TOKEN.search(first_page.content).group(1).decode()
    response = second.post(
        "/accounts/preferences/",
        {"csrfmiddlewaretoken": token, "spoiler_season": "1", "next": "/"},
    )
    assert response.status_code == 302
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_a_stored_page_is_never_served_after_an_edit():
    page = make_page(title="Hyosan High School", body="Old text.\n")
    _visit(page.get_absolute_url())
    edit_page(page, "New text.\n")
    _, response = _visit(page.get_absolute_url())
    assert b"New text." in response.content
    assert b"Old text." not in response.content


def test_a_stored_page_is_never_served_after_a_link_turns_blue():
    page = make_page(title="Hyosan High School", body="See [[Nam On-jo]].\n")
    _, before = _visit(page.get_absolute_url())
    make_character(name="Nam On-jo")
    _, after = _visit(page.get_absolute_url())
    assert before.content != after.content
    assert b'href="/characters/nam-on-jo/"' in after.content


def test_logged_in_readers_get_their_own_rendering(client):
    page = make_page(title="Hyosan High School")
    _visit(page.get_absolute_url())
    client.force_login(UserFactory(username="Reader"))
    response = client.get(page.get_absolute_url())
    assert response.templates != []
    assert b"Reader" in response.content


def test_a_visitor_with_a_spoiler_level_gets_the_page_for_that_level(client):
    make_season(1)
    make_season(2)
    page = make_page(
        title="Hyosan High School",
        body="Start.\n\n:::spoiler 2\nThe secret of season 2.\n:::\n",
    )
    _visit(page.get_absolute_url())
    client.post("/accounts/preferences/", {"spoiler_season": "2", "next": "/"})
    client.get(page.get_absolute_url())  # shows the message "Spoilers are now…"
    response = client.get(page.get_absolute_url())
    assert b'data-season="2" open>' in response.content
    _, other = _visit(page.get_absolute_url())
    assert b"spoiler--seen" not in other.content
