"""Blocks on every write path: refused with the reason and the end, until it ends."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, BlockScope
from tests.factories import UserFactory, make_moderator, make_season
from tests.wiki.write_paths import (
    PATHS,
    TYPED,
    UPLOAD_PATHS,
    assert_allowed,
    assert_refused,
    logged_in,
    make_target,
    post_page_create,
    post_page_edit,
    revision_count,
)
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_season(1)


# --- Blocks -----------------------------------------------------------------------


def block(user, scope: str, *, expires_at=None) -> Block:
    return Block.objects.create(
        user=user,
        scope=scope,
        reason="Vandalism on the school page",
        expires_at=expires_at,
        created_by=make_moderator(),
    )


@pytest.mark.parametrize("name", PATHS)
@pytest.mark.parametrize("scope", [BlockScope.EDITING, BlockScope.EVERYTHING])
def test_a_user_blocked_from_editing_is_refused_with_the_reason(name, scope):
    path = PATHS[name]
    target = make_target(path.target)
    user = UserFactory()
    block(user, scope)
    before = revision_count()

    response = path.post(logged_in(user), target)

    assert_refused(response, 403, path, "Vandalism on the school page")
    assert revision_count() == before


@pytest.mark.parametrize("name", UPLOAD_PATHS)
@pytest.mark.parametrize("scope", [BlockScope.UPLOADING, BlockScope.EVERYTHING])
def test_a_user_blocked_from_uploading_is_refused_with_the_reason(name, scope):
    path = UPLOAD_PATHS[name]
    target = make_target(path.target)
    user = UserFactory()
    block(user, scope)
    before = revision_count()

    response = path.post(logged_in(user), target)

    assert_refused(response, 403, path, "Vandalism on the school page")
    assert revision_count() == before


def test_the_refusal_says_until_when_a_block_lasts():
    user = UserFactory()
    block(user, BlockScope.EDITING, expires_at=timezone.now() + timedelta(days=3))

    response = post_page_create(logged_in(user), None)

    expected = timezone.localtime(user.blocks.get().expires_at)
    assert f"until {expected:%-d %B %Y}" in response.content.decode()


def test_an_indefinite_block_says_so():
    user = UserFactory()
    block(user, BlockScope.EDITING)

    response = logged_in(user).get(reverse("page_create"))

    assert response.status_code == 403
    assert "indefinitely" in response.content.decode()
    assert "Create page</button>" not in response.content.decode()


def test_a_block_from_uploading_still_lets_the_user_edit():
    page = make_target("page")
    user = UserFactory()
    block(user, BlockScope.UPLOADING)

    assert_allowed(post_page_edit(logged_in(user), page))
    assert Page.objects.get().body.strip() == TYPED


@pytest.mark.parametrize("name", {**PATHS, **UPLOAD_PATHS})
def test_an_expired_block_stops_applying_by_itself(name):
    path = {**PATHS, **UPLOAD_PATHS}[name]
    target = make_target(path.target)
    user = UserFactory()
    block(user, BlockScope.EVERYTHING, expires_at=timezone.now() - timedelta(seconds=1))

    assert_allowed(path.post(logged_in(user), target))
