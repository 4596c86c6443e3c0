"""The page whose revisions the visibility tests hide, and the helpers that hide
them and open them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, edit_page, make_page
from wiki.services import content_update
from wiki.visibility import revision_visibility_set


@pytest.fixture
def page():
    """Revision 1 by alice, 2 by bob (the one to hide), 3 by carol (current)."""
    alice = UserFactory(username="alice")
    page = make_page(title="Hyosan", body="First text\n", user=alice)
    edit_page(
        page, "Offensive text\n", user=UserFactory(username="bob"), summary="rude"
    )
    page.refresh_from_db()
    edit_page(page, "Third text\n", user=UserFactory(username="carol"), summary="fix")
    page.refresh_from_db()
    return page


def edit(obj):
    """A second revision of a character or an event, by someone else."""
    field = "biography" if hasattr(obj, "biography") else "description"
    content_update(
        obj=obj,
        user=UserFactory(),
        values={field: "Rewritten.\n"},
        base_version=obj.version,
        summary="",
        minor=False,
    )


def revision(obj, version):
    return obj.history.get(version=version)


def hide(obj, version, moderator, *, text=False, summary=False, editor=False):
    return revision_visibility_set(
        revision=revision(obj, version),
        moderator=moderator,
        text=text,
        summary=summary,
        editor=editor,
        reason="Personal attack",
    )


def visibility_url(obj, version, kind="page"):
    return reverse(
        f"{kind}_revision_visibility", args=[obj.slug, revision(obj, version).pk]
    )


def permalink(obj, version):
    return f"{obj.get_absolute_url()}?revision={revision(obj, version).pk}"


def diff_url(obj, **ids):
    query = "&".join(f"{side}={pk}" for side, pk in ids.items())
    return f"{reverse('page_diff', args=[obj.slug])}?{query}"
