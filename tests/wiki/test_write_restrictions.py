"""Every write path × every restriction (protection, block, rate limit), over HTTP.

The requests are direct POSTs, as a script that bypasses the UI would send them.
A refused write answers 403 (block, protection) or 429 (rate limit), says why,
keeps the user's text in the form, and saves nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Block, BlockScope
from characters.models import Character
from tests.factories import (
    SOURCE,
    UserFactory,
    make_character,
    make_established,
    make_event,
    make_moderator,
    make_page,
    make_season,
)
from timeline.models import Event
from wiki.models import Page, Protection

pytestmark = pytest.mark.django_db

TYPED = "Text the user typed and must not lose"


def png_upload(name: str = "picture.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def revision_count() -> int:
    return sum(model.history.count() for model in (Page, Character, Event))


# --- The write paths --------------------------------------------------------------


def _page_create(client: Client, target) -> object:
    return client.post(
        reverse("page_create"), {"title": "A new page", "body": TYPED, "summary": ""}
    )


def _page_edit(client: Client, page) -> object:
    data = {"body": TYPED, "base_version": page.version, "summary": ""}
    return client.post(reverse("page_edit", args=[page.slug]), data)


def _revert(kind: str) -> Callable:
    def post(client: Client, obj) -> object:
        first = obj.history.earliest("history_date")
        url = reverse(f"{kind}_revert", args=[obj.slug, first.history_id])
        return client.post(url)

    return post


_page_revert = _revert("page")


def _character_fields(**fields) -> dict:
    return {
        "aliases": "",
        "actor": "Park Ji-hu",
        "role": "student",
        "status": "alive",
        "status_spoiler_season": "",
        "seasons": ["1"],
        "biography": TYPED,
        "summary": "",
        **fields,
    }


def _character_create(client: Client, target) -> object:
    return client.post(
        reverse("character_create"), _character_fields(name="Yoon Gwi-nam")
    )


def _character_edit(client: Client, character) -> object:
    data = _character_fields(name=character.name, base_version=character.version)
    return client.post(reverse("character_edit", args=[character.slug]), data)


def _portrait_upload(client: Client, character) -> object:
    data = _character_fields(
        name=character.name, base_version=character.version, portrait=png_upload()
    )
    return client.post(reverse("character_edit", args=[character.slug]), data)


def _event_fields(**fields) -> dict:
    data = {
        "title": "Season 2 confirmed",
        "date": "2024-05-07",
        "precision": "day",
        "kind": "announcement",
        "season": "",
        "description": TYPED,
        "summary": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "20",
        **{f"sources-0-{name}": value for name, value in SOURCE.items()},
        "sources-0-url": "",
        "sources-0-quoting": "",
        **fields,
    }
    return data


def _event_create(client: Client, target) -> object:
    return client.post(reverse("event_create"), _event_fields(title="A new event"))


def _event_edit(client: Client, event) -> object:
    data = _event_fields(title=event.title, base_version=event.version, minor="")
    data["sources-INITIAL_FORMS"] = str(len(event.sources))
    return client.post(reverse("event_edit", args=[event.slug]), data)


def _preview(client: Client, page) -> object:
    url = f"{reverse('markdown_preview')}?kind=page&slug={page.slug}"
    return client.post(url, {"content": TYPED})


def _upload(client: Client, page) -> object:
    url = f"{reverse('image_upload')}?kind=page&slug={page.slug}"
    return client.post(url, {"image": png_upload()})


@dataclass(frozen=True)
class WritePath:
    post: Callable
    target: str  # "page", "character", "event" or "" (creates)
    uploads: bool = False  # stopped by an upload block rather than an edit block
    keeps_text: bool = True  # re-shows a form with the text (not JSON, not revert)


PATHS = {
    "page create": WritePath(_page_create, ""),
    "page edit": WritePath(_page_edit, "page"),
    "page revert": WritePath(_page_revert, "page", keeps_text=False),
    "character create": WritePath(_character_create, ""),
    "character edit": WritePath(_character_edit, "character"),
    "character revert": WritePath(_revert("character"), "character", keeps_text=False),
    "event create": WritePath(_event_create, ""),
    "event edit": WritePath(_event_edit, "event"),
    "event revert": WritePath(_revert("event"), "event", keeps_text=False),
    "markdown preview": WritePath(_preview, "page", keeps_text=False),
}
UPLOAD_PATHS = {
    "editor upload": WritePath(_upload, "page", uploads=True, keeps_text=False),
    "portrait upload": WritePath(_portrait_upload, "character", uploads=True),
}
TARGETED = {
    name: path for name, path in {**PATHS, **UPLOAD_PATHS}.items() if path.target
}


@pytest.fixture(autouse=True)
def _content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_season(1)


def make_target(kind: str, *, protection: str = Protection.OPEN):
    """Content at revision 1, protected at `protection`."""
    if not kind:
        return None
    author = UserFactory()
    if kind == "page":
        obj = make_page(title="Hyosan High School", user=author)
    elif kind == "character":
        obj = make_character(user=author)
    else:
        obj = make_event(user=author)

    type(obj).objects.filter(pk=obj.pk).update(protection=protection)
    obj.refresh_from_db()
    return obj


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_refused(response, status: int, path: WritePath, words: str) -> None:
    assert response.status_code == status
    text = response.content.decode()
    assert words in text
    if path.keeps_text:
        assert TYPED in text


def assert_allowed(response) -> None:
    assert response.status_code in (200, 302), response.content.decode()[:500]
    if response.status_code == 200 and response.get("Content-Type", "").startswith(
        "text/html"
    ):
        assert 'role="alert"' not in response.content.decode()


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

    response = _page_create(logged_in(user), None)

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

    assert_allowed(_page_edit(logged_in(user), page))
    assert Page.objects.get().body.strip() == TYPED


@pytest.mark.parametrize("name", {**PATHS, **UPLOAD_PATHS})
def test_an_expired_block_stops_applying_by_itself(name):
    path = {**PATHS, **UPLOAD_PATHS}[name]
    target = make_target(path.target)
    user = UserFactory()
    block(user, BlockScope.EVERYTHING, expires_at=timezone.now() - timedelta(seconds=1))

    assert_allowed(path.post(logged_in(user), target))


# --- Protection -------------------------------------------------------------------


@pytest.mark.parametrize("name", TARGETED)
def test_semi_protected_content_refuses_new_accounts(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.ESTABLISHED)
    before = revision_count()

    response = path.post(logged_in(UserFactory()), target)

    assert_refused(response, 403, path, "is protected")
    assert revision_count() == before


@pytest.mark.parametrize("name", TARGETED)
def test_semi_protected_content_lets_established_accounts_write(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.ESTABLISHED)

    assert_allowed(path.post(logged_in(make_established()), target))


def test_an_account_younger_than_four_days_is_not_established_whatever_its_edits():
    page = make_target("page", protection=Protection.ESTABLISHED)
    user = make_established(date_joined=timezone.now() - timedelta(days=3))

    assert _page_edit(logged_in(user), page).status_code == 403


def test_an_account_with_nine_edits_is_not_established():
    page = make_target("page", protection=Protection.ESTABLISHED)
    user = make_established(edit_count=9)

    assert _page_edit(logged_in(user), page).status_code == 403


def test_ten_saved_edits_make_an_old_account_established(client):
    user = UserFactory(date_joined=timezone.now() - timedelta(days=5))
    page = make_target("page")
    client.force_login(user)
    for number in range(10):
        data = {"body": f"Edit {number}", "base_version": number + 1, "summary": ""}
        with_limit_lifted = client.post(reverse("page_edit", args=[page.slug]), data)
        assert with_limit_lifted.status_code in (302, 429)
    user.refresh_from_db()

    assert user.edit_count == Page.history.filter(history_user=user).count()


@pytest.mark.parametrize("name", TARGETED)
def test_fully_protected_content_refuses_established_accounts(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.MODERATORS)
    before = revision_count()

    response = path.post(logged_in(make_established()), target)

    assert_refused(response, 403, path, "only moderators can change it")
    assert revision_count() == before


@pytest.mark.parametrize("name", TARGETED)
def test_fully_protected_content_lets_moderators_write(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.MODERATORS)

    assert_allowed(path.post(logged_in(make_moderator()), target))


def test_the_edit_form_of_protected_content_shows_the_source_without_a_save_button(
    user_client,
):
    page = make_target("page", protection=Protection.MODERATORS)

    response = user_client.get(reverse("page_edit", args=[page.slug]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "only moderators can change it" in html
    assert page.body in html
    assert "Save changes</button>" not in html


def test_a_protected_page_shows_its_lock_to_readers(client):
    page = make_target("page", protection=Protection.ESTABLISHED)

    html = client.get(page.get_absolute_url()).content.decode()

    assert "Protected: established accounts only" in html


def test_an_open_page_shows_no_lock(client):
    page = make_target("page")

    assert "Protected" not in client.get(page.get_absolute_url()).content.decode()


def test_preview_and_upload_for_unknown_content_are_not_found(user_client):
    url = f"{reverse('markdown_preview')}?kind=page&slug=no-such-page"

    assert user_client.post(url, {"content": "x"}).status_code == 404


def test_the_edit_form_names_the_content_in_its_preview_and_upload_urls(user_client):
    page = make_target("page")

    html = user_client.get(reverse("page_edit", args=[page.slug])).content.decode()

    assert f"/markdownx/markdownify/?kind=page&amp;slug={page.slug}" in html
    assert f"/markdownx/upload/?kind=page&amp;slug={page.slug}" in html


# --- Rate limits ------------------------------------------------------------------


@pytest.fixture
def tight_limits(settings):
    settings.RATE_LIMITS = {
        name: (1, seconds) for name, (_, seconds) in settings.RATE_LIMITS.items()
    }


@pytest.mark.parametrize("name", {**PATHS, **UPLOAD_PATHS})
def test_going_over_the_rate_limit_gives_a_429_that_keeps_the_text(name, tight_limits):
    path = {**PATHS, **UPLOAD_PATHS}[name]
    target = make_target(path.target)
    client = logged_in(UserFactory())
    # Every POST is an attempt, even one that changes nothing (a revert to the
    # current revision).
    path.post(client, target)
    before = revision_count()

    response = path.post(client, target)

    assert_refused(response, 429, path, "Wait a minute")
    assert revision_count() == before


def test_new_accounts_share_one_allowance_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit_ip": (2, 60)}
    page = make_target("page")
    first, second, third = (logged_in(UserFactory()) for _ in range(3))

    assert _page_edit(first, page).status_code == 302
    page.refresh_from_db()
    assert _page_edit(second, page).status_code in (200, 302)
    page.refresh_from_db()

    assert _page_edit(third, page).status_code == 429


def test_established_accounts_have_a_larger_allowance_and_no_shared_one(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "edit_new": (1, 60),
        "edit_ip": (1, 60),
        "edit_established": (3, 60),
    }
    page = make_target("page")
    client = logged_in(make_established())
    statuses = []
    for number in range(4):
        page.refresh_from_db()
        data = {"body": f"Edit {number}", "base_version": page.version, "summary": ""}
        statuses.append(client.post(reverse("page_edit", args=[page.slug]), data))

    assert [r.status_code for r in statuses] == [302, 302, 302, 429]


def test_moderators_are_never_rate_limited(tight_limits):
    page = make_target("page")
    client = logged_in(make_moderator())

    for number in range(3):
        page.refresh_from_db()
        data = {"body": f"Edit {number}", "base_version": page.version, "summary": ""}
        assert (
            client.post(reverse("page_edit", args=[page.slug]), data).status_code == 302
        )


def test_reading_an_edit_form_does_not_count_against_the_limit(tight_limits):
    page = make_target("page")
    client = logged_in(UserFactory())
    for _ in range(3):
        client.get(reverse("page_edit", args=[page.slug]))

    assert _page_edit(client, page).status_code == 302


def test_the_rate_limit_is_counted_in_the_database_shared_by_every_process(
    tight_limits,
):
    from accounts.models import RateLimitCounter

    page = make_target("page")
    user = UserFactory()
    _page_edit(logged_in(user), page)

    # Another "process": a new client and no shared Python state but the database.
    from django.core.cache import cache

    cache.clear()
    assert RateLimitCounter.objects.filter(key=f"edit:user:{user.pk}").exists()
    assert _page_edit(logged_in(user), page).status_code == 429


def test_a_preview_refusal_is_escaped_html_for_the_preview_pane(user_client):
    page = make_target("page", protection=Protection.MODERATORS)
    Page.objects.filter(pk=page.pk).update(title="<b>Bold</b> school")

    response = _preview(user_client, page)

    assert response.status_code == 403
    assert "&lt;b&gt;Bold&lt;/b&gt; school" in response.content.decode()
    assert "<b>" not in response.content.decode()


def test_an_upload_that_names_no_content_is_stopped_by_blocks_and_rates_only(
    user_client,
):
    # An image is not part of any content until an edit uses it, and that edit is
    # refused on protected content; blocks and rate limits stop the upload itself.
    make_target("page", protection=Protection.MODERATORS)

    response = user_client.post(reverse("image_upload"), {"image": png_upload()})

    assert response.status_code == 200
    assert "image_code" in response.json()
