"""Fixtures of the hostile-input tests: a sandboxed upload folder, a season for
the character forms, and the accounts the attacks are made from."""

import pytest
from django.test import Client

from tests.factories import make_established, make_season
from tests.security.hostile import nothing_written


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a folder of the test's own, which is then listed whole: a
    file written anywhere under it, or next to it, shows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def unchanged(media_root):
    """`with unchanged(): …` asserts that the block wrote no row and no file."""
    return lambda: nothing_written(media_root.parent)


@pytest.fixture
def season(db):
    return make_season(1)


@pytest.fixture
def editor(db):
    """An established account: its attacks are refused for what they are, not
    for the rate limit of new accounts (8 saves a minute), and it may rename."""
    return make_established(username="Mallory")


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client
