"""/random/ sends the reader to a random page."""

import pytest
from django.urls import reverse

from tests.factories import make_character, make_page
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

RANDOM = "/random/"


def test_random_redirects_to_a_page(client):
    pages = {make_page(title=title).get_absolute_url() for title in ("A", "B", "C")}

    response = client.get(RANDOM)

    assert response.status_code == 302
    assert response["Location"] in pages


def test_random_reaches_every_page_in_time(client):
    pages = {make_page(title=title).get_absolute_url() for title in ("A", "B", "C")}

    seen = {client.get(RANDOM)["Location"] for _ in range(60)}

    assert seen == pages


def test_random_picks_pages_only(client):
    page = make_page(title="Rooftop")
    make_character(name="Nam On-jo")

    assert client.get(RANDOM)["Location"] == page.get_absolute_url()


def test_random_skips_deleted_pages(client, moderator):
    deleted = make_page(title="Rooftop")
    kept = make_page(title="Classroom")
    content_delete(obj=deleted, user=moderator, reason="x")

    assert {client.get(RANDOM)["Location"] for _ in range(10)} == {
        kept.get_absolute_url()
    }


def test_random_is_not_cached(client):
    make_page(title="Rooftop")

    assert "no-cache" in client.get(RANDOM)["Cache-Control"]


def test_random_with_no_pages_says_so_and_offers_to_create_one(client):
    response = client.get(RANDOM)

    assert response.status_code == 404
    content = response.content.decode()
    assert "no pages yet" in content
    assert reverse("page_create") in content


def test_random_runs_two_queries(client, django_assert_num_queries):
    for title in ("A", "B", "C"):
        make_page(title=title)

    # 1. the lowest and highest page ids  2. the first page from the random id
    with django_assert_num_queries(2):
        client.get(RANDOM)
