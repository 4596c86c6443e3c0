"""Hostile uploads, at the HTTP level, on both upload paths: the editor's image
upload (JSON) and a character's portrait (a form field, on create and on edit).

Only the bytes are trusted: anything but a sound PNG, JPEG or WebP of at most
5 MB is refused with a message, and then no file is stored and no row written.
The client's file name is never used, so a traversal in it cannot move the file:
a sound image under any name is stored under a random name in its own folder,
re-encoded, so that nothing appended to it survives.
"""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from characters.models import Character
from tests.factories import make_character
from tests.security.hostile import (
    character_form,
    edit_form,
    edit_url,
    form_errors,
    stored_files,
)
from wiki.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db

UNSUPPORTED = "Only PNG, JPEG and WebP images can be uploaded."
DAMAGED = "The image is damaged or incomplete, so it could not be read."
TOO_BIG = "The file is larger than 5 MB; please upload a smaller image."
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
    b'xlink" onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:'
    b'alert(3)"><rect width="8" height="8"/></a><foreignObject><iframe src="javascr'
    b'ipt:alert(4)"/></foreignObject></svg>'
)


def image_bytes(image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format=image_format)
    return buffer.getvalue()


PNG = image_bytes()
HOSTILE_FILES = {
    "html named .png": (
        b"<html><script>alert(1)</script></html>",
        "x.png",
        UNSUPPORTED,
    ),
    "php named .jpg": (b"<?php system($_GET['c']); ?>", "shell.jpg", UNSUPPORTED),
    "pdf named .webp": (b"%PDF-1.4\n%%EOF\n", "doc.webp", UNSUPPORTED),
    "gif named .png": (image_bytes("GIF"), "anim.png", UNSUPPORTED),
    "bmp named .jpg": (image_bytes("BMP"), "photo.jpg", UNSUPPORTED),
    "svg": (SVG, "drawing.svg", UNSUPPORTED),
    "svg named .png": (SVG, "drawing.png", UNSUPPORTED),
    "jpeg signature, then html": (
        b"\xff\xd8\xff\xe0<script>x</script>",
        "a.jpg",
        DAMAGED,
    ),
    "png signature, then html": (
        PNG[:8] + b"<script>alert(1)</script>",
        "a.png",
        DAMAGED,
    ),
    "half a png": (PNG[: len(PNG) // 2], "half.png", DAMAGED),
    "empty file": (b"", "empty.png", "file is empty."),
    "over 5 MB": (PNG + b"\0" * MAX_UPLOAD_BYTES, "huge.png", TOO_BIG),
    "html with a traversal name": (
        b"<script>x</script>",
        "../../evil.html",
        UNSUPPORTED,
    ),
}
# Names that try to leave the upload folder, or to choose the stored extension.
TRAVERSALS = [
    "../../../evil.png",
    "..\\..\\evil.png",
    "/etc/evil.png",
    "evil.png\x00.html",
    "evil\u202egnp.html",
]


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    # The client claims an image whatever the file is.
    return SimpleUploadedFile(name, content, content_type="image/png")


def assert_stored_safely(name: str, folder: str, media_root) -> None:
    """`name` (a storage name) is random, in `folder`, with its format's
    extension, and it is the only file written anywhere under the test's folder."""
    assert re.fullmatch(rf"{folder}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.png", name)
    files = [path for path in stored_files(media_root.parent) if "." in path]
    assert files == [f"media/{name}"]


# --- The editor's upload ----------------------------------------------------------


@pytest.mark.parametrize(
    "content, name, message", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys()
)
def test_the_editor_upload_refuses_what_is_not_a_sound_image(
    editor_client, unchanged, content, name, message
):
    with unchanged():
        response = editor_client.post(
            reverse("image_upload"), {"image": upload(content, name)}
        )

    assert response.status_code == 400
    (error,) = response.json()["image"]
    assert message in error


@pytest.mark.parametrize("name", TRAVERSALS)
def test_the_editor_upload_ignores_the_clients_file_name(
    editor_client, media_root, name
):
    response = editor_client.post(reverse("image_upload"), {"image": upload(PNG, name)})

    assert response.status_code == 200
    url = re.fullmatch(r"!\[\]\((.*)\)", response.json()["image_code"]).group(1)
    stored = url.removeprefix(default_storage.base_url)
    assert_stored_safely(stored, "uploads", media_root)


def test_an_image_with_a_script_appended_is_stored_without_it(
    editor_client, media_root
):
    # A PNG decoder stops at IEND; a browser sniffing the file might not.
    polyglot = PNG + b"<html><script>alert(1)</script></html>"

    response = editor_client.post(
        reverse("image_upload"), {"image": upload(polyglot, "polyglot.png")}
    )

    assert response.status_code == 200
    (stored,) = (media_root / "uploads").rglob("*.png")
    assert b"<script" not in stored.read_bytes()
    assert Image.open(stored).format == "PNG"


# --- A character's portrait -----------------------------------------------------


# The portrait is stored by the same code as the editor's uploads: one of each
# kind of refusal shows that its form reports it and writes nothing.
PORTRAITS = [
    "svg named .png",
    "php named .jpg",
    "half a png",
    "empty file",
    "over 5 MB",
]


@pytest.mark.parametrize("hostile", PORTRAITS)
def test_a_portrait_that_is_not_a_sound_image_is_a_form_error_on_create(
    editor_client, season, unchanged, hostile
):
    content, name, message = HOSTILE_FILES[hostile]
    data = character_form(portrait=upload(content, name))

    with unchanged():
        response = editor_client.post(reverse("character_create"), data)

    assert response.status_code == 200
    assert message in form_errors(response)


@pytest.mark.parametrize(
    "content, name",
    [(SVG, "face.svg"), (b"<script>alert(1)</script>", "../../face.png")],
    ids=["svg", "html with a traversal name"],
)
def test_a_portrait_that_is_not_a_sound_image_is_a_form_error_on_edit(
    editor_client, season, unchanged, content, name
):
    character = make_character()
    data = edit_form(character, biography="New.\n", portrait=upload(content, name))

    with unchanged():
        response = editor_client.post(edit_url(character), data)

    assert response.status_code == 200
    assert UNSUPPORTED in form_errors(response)


def test_a_portrait_ignores_the_clients_file_name(editor_client, season, media_root):
    data = character_form(portrait=upload(PNG, "../../../../face.png\x00.html"))

    response = editor_client.post(reverse("character_create"), data)

    assert response.status_code == 302
    assert_stored_safely(Character.objects.get().portrait.name, "portraits", media_root)
