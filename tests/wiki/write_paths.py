"""The site's write paths, for the tests of blocks, protection and rate limits.

Each path is a direct POST, as a script that bypasses the UI would send it. A
refused write answers 403 (block, protection) or 429 (rate limit), says why, keeps
the user's text in the form, and saves nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from characters.models import Character
from tests.factories import (
    SOURCE,
    UserFactory,
    make_character,
    make_event,
    make_page,
)
from timeline.models import Event
from wiki.models import Page, Protection

TYPED = "Text the user typed and must not lose"


def png_upload(name: str = "picture.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def revision_count() -> int:
    return sum(model.history.count() for model in (Page, Character, Event))


# --- The write paths --------------------------------------------------------------


def post_page_create(client: Client, target) -> object:
    return client.post(
        reverse("page_create"), {"title": "A new page", "body": TYPED, "summary": ""}
    )


def post_page_edit(client: Client, page) -> object:
    data = {"body": TYPED, "base_version": page.version, "summary": ""}
    return client.post(reverse("page_edit", args=[page.slug]), data)


def post_revert(kind: str) -> Callable:
    def post(client: Client, obj) -> object:
        first = obj.history.earliest("history_date")
        url = reverse(f"{kind}_revert", args=[obj.slug, first.history_id])
        return client.post(url)

    return post


post_page_revert = post_revert("page")


def character_fields(**fields) -> dict:
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


def post_character_create(client: Client, target) -> object:
    return client.post(
        reverse("character_create"), character_fields(name="Yoon Gwi-nam")
    )


def post_character_edit(client: Client, character) -> object:
    data = character_fields(name=character.name, base_version=character.version)
    return client.post(reverse("character_edit", args=[character.slug]), data)


def post_portrait_upload(client: Client, character) -> object:
    data = character_fields(
        name=character.name, base_version=character.version, portrait=png_upload()
    )
    return client.post(reverse("character_edit", args=[character.slug]), data)


def event_fields(**fields) -> dict:
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


def post_event_create(client: Client, target) -> object:
    return client.post(reverse("event_create"), event_fields(title="A new event"))


def post_event_edit(client: Client, event) -> object:
    data = event_fields(title=event.title, base_version=event.version, minor="")
    data["sources-INITIAL_FORMS"] = str(len(event.sources))
    return client.post(reverse("event_edit", args=[event.slug]), data)


def post_preview(client: Client, page) -> object:
    url = f"{reverse('markdown_preview')}?kind=page&slug={page.slug}"
    return client.post(url, {"content": TYPED})


def post_upload(client: Client, page) -> object:
    url = f"{reverse('image_upload')}?kind=page&slug={page.slug}"
    return client.post(url, {"image": png_upload()})


@dataclass(frozen=True)
class WritePath:
    post: Callable
    target: str  # "page", "character", "event" or "" (creates)
    uploads: bool = False  # stopped by an upload block rather than an edit block
    keeps_text: bool = True  # re-shows a form with the text (not JSON, not revert)


PATHS = {
    "page create": WritePath(post_page_create, ""),
    "page edit": WritePath(post_page_edit, "page"),
    "page revert": WritePath(post_page_revert, "page", keeps_text=False),
    "character create": WritePath(post_character_create, ""),
    "character edit": WritePath(post_character_edit, "character"),
    "character revert": WritePath(
        post_revert("character"), "character", keeps_text=False
    ),
    "event create": WritePath(post_event_create, ""),
    "event edit": WritePath(post_event_edit, "event"),
    "event revert": WritePath(post_revert("event"), "event", keeps_text=False),
    "markdown preview": WritePath(post_preview, "page", keeps_text=False),
}
UPLOAD_PATHS = {
    "editor upload": WritePath(post_upload, "page", uploads=True, keeps_text=False),
    "portrait upload": WritePath(post_portrait_upload, "character", uploads=True),
}
TARGETED = {
    name: path for name, path in {**PATHS, **UPLOAD_PATHS}.items() if path.target
}


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
