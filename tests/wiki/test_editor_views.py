import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_preview_refuses_anonymous_visitors(client):
    response = client.post(reverse("markdown_preview"), {"content": "**hi**"})

    assert response.status_code == 403


def test_preview_refuses_get(user_client):
    assert user_client.get(reverse("markdown_preview")).status_code == 405


def test_preview_renders_with_the_sanitising_renderer(user_client):
    response = user_client.post(
        reverse("markdown_preview"),
        {"content": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    html = response.content.decode()

    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_preview_requires_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("markdown_preview"), {"content": "x"})

    assert response.status_code == 403


def test_upload_refuses_anonymous_visitors(client, media_root):
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")

    response = client.post(reverse("image_upload"), {"image": upload})

    assert response.status_code == 403
    assert not any(media_root.rglob("*.png"))


def test_upload_stores_an_image_and_returns_its_markdown(user_client, media_root):
    upload = SimpleUploadedFile("x.html", png_bytes(), content_type="image/gif")

    response = user_client.post(reverse("image_upload"), {"image": upload})

    code = response.json()["image_code"]
    assert code.startswith("![](/media/uploads/") and code.endswith(".png)")
    assert len(list(media_root.rglob("*.png"))) == 1


def test_upload_refuses_what_is_not_an_image(user_client, media_root):
    upload = SimpleUploadedFile("a.png", b"<svg onload=alert(1)>", "image/png")

    response = user_client.post(reverse("image_upload"), {"image": upload})

    assert response.status_code == 400
    assert response.json()["image"]
    assert not any(media_root.rglob("*.*"))


def test_upload_without_a_file_is_a_clear_error(user_client):
    response = user_client.post(reverse("image_upload"), {})

    assert response.status_code == 400
    assert response.json() == {"image": ["Choose an image to upload."]}


def test_an_upload_for_unknown_content_answers_json(user_client):
    response = user_client.post(
        f"{reverse('image_upload')}?kind=page&slug=no-such-page",
        {"image": SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")},
    )

    assert response.status_code == 404
    assert response.json() == {"image": ["No such content."]}


def test_an_upload_the_disk_refuses_is_a_json_503(
    user_client, media_root, read_only_disk
):
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")

    response = user_client.post(reverse("image_upload"), {"image": upload})

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "could not store the image" in response.json()["image"][0]
    assert not any(path.is_file() for path in media_root.rglob("*"))
