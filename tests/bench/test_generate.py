"""The benchmark's generated wiki works like one made through the services."""

import pytest
from django.test import Client

from bench.generate import generate
from tests.factories import moderators_group

# The generator tunes its connection (PRAGMA synchronous), which SQLite refuses
# inside the transaction an ordinary test runs in.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wiki():
    moderators_group()  # a transactional test's flush empties the migration's group
    return generate(pages=12, seed=3)


def test_the_generated_wiki_has_every_kind_of_content(wiki):
    assert wiki["pages"] == 12
    assert wiki["page_revisions"] >= 12
    assert wiki["characters"] >= 1
    assert wiki["events"] >= 1
    assert wiki["search_entries"] >= wiki["pages"]


def test_its_pages_read_and_search_like_real_ones(wiki):
    client = Client()
    slug = wiki["page_slugs"][0]
    for url in (
        f"/wiki/{slug}/",
        f"/wiki/{slug}/history/",
        f"/wiki/{slug}/diff/",
        "/recent/",
        f"/characters/?{wiki['character_filter']}",
        "/timeline/",
    ):
        assert client.get(url).status_code == 200, url
    found = client.get("/search/", {"q": wiki["search_word_few"], "fulltext": "1"})
    assert found.status_code == 200
    assert b"Bench page" in found.content


def test_its_editors_are_moderators_and_its_readers_are_not(wiki):
    from accounts.models import User

    editor = User.objects.get(username="bench-editor-0")
    reader = User.objects.get(username="bench-reader-0")
    assert editor.check_password(wiki["password"])
    assert reader.check_password(wiki["password"])
    assert editor.has_perm("accounts.moderate")
    assert not reader.has_perm("accounts.moderate")
