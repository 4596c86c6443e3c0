"""Fixtures and helpers shared by the wiki's tests of deleting, restoring and
renaming content (the services and their views)."""

import pytest
from django.urls import reverse

from tests.factories import make_moderator, make_page
from wiki.lifecycle import content_rename
from wiki.models import Page


@pytest.fixture
def mod():
    return make_moderator(username="Mod")


def linker_html(title: str = "Linker") -> str:
    return Page.objects.get(title=title).rendered_html


def rename_url(obj, kind: str = "page") -> str:
    return reverse(f"{kind}_rename", args=[obj.slug])


def delete_url(obj, kind: str = "page") -> str:
    return reverse(f"{kind}_delete", args=[obj.slug])


@pytest.fixture
def page():
    return make_page(title="Rooftop", body="Up on the roof.\n")


@pytest.fixture
def renamed(page, moderator):
    return content_rename(
        obj=page, user=moderator, new_title="School rooftop", reason="Precise"
    )
