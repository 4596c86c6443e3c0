"""sitemap.xml lists the home page and all existing content; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import edit_page, make_character, make_event, make_page
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client) -> dict[str, str | None]:
    """Each location in the sitemap with its lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)
    assert urlset.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in urlset.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_the_home_page_and_every_kind_of_content(client):
    make_page(title="Rooftop")
    make_character(name="Nam On-jo")
    make_event(title="Season 2 confirmed")

    assert set(sitemap_entries(client)) == {
        "http://testserver/",
        "http://testserver/wiki/rooftop/",
        "http://testserver/characters/nam-on-jo/",
        "http://testserver/timeline/season-2-confirmed/",
    }


def test_a_sitemap_entrys_lastmod_is_when_the_content_was_last_edited(client):
    page = make_page(title="Rooftop")
    edit_page(page, "Later.\n")
    page.refresh_from_db()

    lastmod = sitemap_entries(client)["http://testserver/wiki/rooftop/"]

    assert lastmod == page.updated_at.date().isoformat()


def test_the_sitemap_leaves_out_deleted_content(client, moderator):
    page = make_page(title="Rooftop")
    make_page(title="Classroom")

    content_delete(obj=page, user=moderator, reason="x")

    assert "http://testserver/wiki/rooftop/" not in sitemap_entries(client)
    assert "http://testserver/wiki/classroom/" in sitemap_entries(client)


@pytest.mark.parametrize("objects", [1, 6])
def test_the_sitemap_runs_two_queries_per_kind_of_content(
    client, django_assert_num_queries, objects
):
    for n in range(objects):
        page = make_page(title=f"Page {n}")
        edit_page(page, "Edited.\n")
        make_character(name=f"Character {n}")
        make_event(title=f"Event {n}")

    # For pages, characters and events: 1. the count (the sitemap is paginated)
    # 2. the slugs and edit times.
    with django_assert_num_queries(6):
        entries = sitemap_entries(client)

    assert len(entries) == 1 + 3 * objects


def test_robots_txt_is_plain_text_that_keeps_crawlers_out_of_accounts_and_admin(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /accounts/" in lines
    assert "Disallow: /*/edit/" in lines
    assert "Disallow: /api/" not in lines


def test_robots_txt_names_the_sitemap_by_its_absolute_url(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Sitemap: http://testserver/sitemap.xml" in lines
