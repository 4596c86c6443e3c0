import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from characters.models import Character
from tests.factories import (
    UserFactory,
    make_character,
    make_event,
    make_season,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seasons(db):
    return [make_season(1), make_season(2)]


def form_data(**overrides):
    data = {
        "name": "Lee Cheong-san",
        "aliases": "Cheongsan",
        "actor": "Yoon Chan-young",
        "role": "student",
        "status": "deceased",
        "status_spoiler_season": "1",
        "seasons": ["1"],
        "biography": "A loyal friend of [[Nam On-jo]].",
        "summary": "New character",
    }
    data.update(overrides)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["character_create"])
def test_anonymous_visitors_are_sent_to_log_in_to_create(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_anonymous_visitors_are_sent_to_log_in_to_edit(client):
    character = make_character()
    for method in (client.get, client.post):
        response = method(reverse("character_edit", args=[character.slug]))
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_a_fan_creates_a_character_with_every_field(user_client):
    response = user_client.post(reverse("character_create"), form_data())
    character = Character.objects.get(slug="lee-cheong-san")
    assert response.status_code == 302
    assert response.url == character.get_absolute_url()
    assert character.seasons == "1"
    assert character.status_spoiler_season == 1
    assert character.alias_list == ["Cheongsan"]
    assert character.history.get().history_change_reason == "New character"


def test_a_taken_name_is_a_form_error_that_keeps_the_text(user_client):
    make_character(name="Lee Cheong-san")
    response = user_client.post(
        reverse("character_create"), form_data(biography="My long text")
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert "My long text" in response.content.decode()


def test_an_alias_that_names_another_character_is_refused(user_client):
    make_character(name="Nam On-jo")
    response = user_client.post(
        reverse("character_create"), form_data(aliases="Nam On-jo")
    )
    assert "already names" in response.content.decode()
    assert not Character.objects.filter(slug="lee-cheong-san").exists()


@pytest.mark.parametrize(
    "field, value",
    [("role", "zombie"), ("status", "undead"), ("seasons", ["7"]), ("name", "  ")],
)
def test_invalid_values_are_form_errors(user_client, field, value):
    response = user_client.post(
        reverse("character_create"), form_data(**{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Character.objects.exists()


def test_a_portrait_is_re_encoded_and_shown(user_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(png_bytes())
    upload.name = "face.png"
    user_client.post(reverse("character_create"), form_data(portrait=upload))
    character = Character.objects.get()
    assert character.portrait.name.startswith("portraits/")
    assert character.portrait.name.endswith(".png")
    html = user_client.get(character.get_absolute_url()).content.decode()
    assert character.portrait.url in html


def test_a_file_that_is_not_an_image_is_refused_with_the_text_kept(
    user_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(b"<svg onload=alert(1)>")
    upload.name = "face.png"
    response = user_client.post(
        reverse("character_create"), form_data(portrait=upload, biography="Kept")
    )
    assert response.status_code == 200
    assert "Only PNG, JPEG and WebP" in response.content.decode()
    assert "Kept" in response.content.decode()
    assert not Character.objects.exists()


def test_an_uploaded_portrait_survives_an_edit_conflict(
    user_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    character = make_character(status="alive")
    url = reverse("character_edit", args=[character.slug])
    user_client.post(url, {**form_data(name=character.name), "base_version": 1})
    upload = io.BytesIO(png_bytes())
    upload.name = "face.png"
    data = {**form_data(name=character.name, status="infected"), "base_version": 1}
    response = user_client.post(url, {**data, "portrait": upload})
    assert response.context["conflict"]
    token = response.context["form"].data["portrait_upload"]
    response = user_client.post(
        url, {**data, "base_version": 2, "portrait_upload": token}
    )
    character.refresh_from_db()
    assert response.status_code == 302
    assert character.portrait.name.startswith("portraits/")


def test_a_forged_portrait_token_is_ignored(user_client):
    character = make_character()
    url = reverse("character_edit", args=[character.slug])
    data = {**form_data(name=character.name), "base_version": 1}
    user_client.post(url, {**data, "portrait_upload": "../../settings.py"})
    character.refresh_from_db()
    assert character.portrait.name == ""


def test_an_edit_saves_a_revision_and_the_diff_speaks_in_words(user_client):
    character = make_character(status="alive")
    url = reverse("character_edit", args=[character.slug])
    data = {**form_data(name=character.name, status="deceased"), "base_version": 1}
    assert user_client.post(url, data).status_code == 302
    html = user_client.get(reverse("character_diff", args=[character.slug])).content
    html = html.decode()
    assert "<del>Alive</del> → <ins>Deceased</ins>" in html
    assert "<del>1</del>" not in html  # seasons unchanged


def test_the_name_cannot_be_changed_by_the_edit_form(user_client):
    character = make_character(name="Nam On-jo")
    url = reverse("character_edit", args=[character.slug])
    user_client.post(url, {**form_data(name="Someone Else"), "base_version": 1})
    character.refresh_from_db()
    assert character.name == "Nam On-jo"


def test_a_conflicting_edit_shows_both_values_and_keeps_the_users_text(
    user_client,
):
    character = make_character(status="alive")
    url = reverse("character_edit", args=[character.slug])
    base = {**form_data(name=character.name), "base_version": 1}
    user_client.post(url, {**base, "status": "infected"})
    response = user_client.post(
        url, {**base, "status": "deceased", "biography": "My words"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Edit conflict" in html
    assert "My words" in html
    assert response.context["form"].data["base_version"] == 2


def test_a_post_without_a_csrf_token_is_refused(user):
    character = make_character()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("character_edit", args=[character.slug])
    response = client.post(url, {**form_data(name=character.name), "base_version": 1})
    assert response.status_code == 403


def test_markup_in_fields_is_escaped_everywhere(user_client):
    evil = "<script>alert(1)</script>"
    user_client.post(
        reverse("character_create"),
        form_data(name="Evil", actor=evil, aliases=evil, biography=evil),
    )
    character = Character.objects.get()
    for url in (
        character.get_absolute_url(),
        reverse("character_list"),
        reverse("character_history", args=[character.slug]),
    ):
        assert "<script>alert" not in user_client.get(url).content.decode()


def test_the_detail_page_shows_the_infobox_and_the_characters_timeline(client):
    character = make_character(aliases="Onjo", seasons="1,2")
    make_event(title="Renewal", character_ids=[character.pk])
    make_event(title="Unrelated")
    html = client.get(character.get_absolute_url()).content.decode()
    assert "Park Ji-hu" in html and "Onjo" in html
    assert "Renewal" in html and "Unrelated" not in html
    assert 'href="/characters/?season=2"' in html


def test_an_old_revision_shows_its_own_infobox(client):
    character = make_character(actor="First Actor")
    character_save_values = {"actor": "Second Actor"}
    from characters.services import character_save

    character_save(
        character=character,
        user=UserFactory(),
        values=character_save_values,
        base_version=1,
        summary="",
    )
    first = character.history.last()
    html = client.get(f"{character.get_absolute_url()}?revision={first.history_id}")
    assert "First Actor" in html.content.decode()
    assert "old revision" in html.content.decode()


def test_a_revision_of_another_character_is_not_found(client):
    character, other = make_character(name="A"), make_character(name="B")
    foreign = other.history.get()
    url = f"{character.get_absolute_url()}?revision={foreign.history_id}"
    assert client.get(url).status_code == 404


def test_what_links_here_includes_links_to_aliases(client):
    from tests.factories import make_page

    character = make_character(aliases="Onjo")
    make_page(title="Rooftop", body="[[Onjo]]")
    make_page(title="Classroom", body="[[Nam On-jo]]")
    html = client.get(reverse("character_links", args=[character.slug])).content
    assert b"Rooftop" in html and b"Classroom" in html


def test_revert_is_post_only_and_creates_a_revision(user_client):
    character = make_character(status="alive")
    url = reverse("character_edit", args=[character.slug])
    user_client.post(url, {**form_data(name=character.name), "base_version": 1})
    first = character.history.last()
    revert_url = reverse("character_revert", args=[character.slug, first.history_id])
    assert user_client.get(revert_url).status_code == 405
    assert user_client.post(revert_url).status_code == 302
    character.refresh_from_db()
    assert (character.status, character.version) == ("alive", 3)


def test_recent_changes_list_character_edits(client):
    make_character(name="Nam On-jo")
    html = client.get(reverse("recent_changes") + "?kind=character").content
    assert b"Nam On-jo" in html


def test_an_alias_longer_than_a_title_is_a_form_error_that_keeps_the_text(
    user_client,
):
    long_alias = "A" * 201

    response = user_client.post(
        reverse("character_create"), form_data(aliases=f"Onjo\n{long_alias}")
    )

    assert response.status_code == 200
    assert "An alias can be at most 200 characters" in response.content.decode()
    assert long_alias in response.content.decode()


def test_a_portrait_the_disk_refuses_is_a_form_error_with_the_text_kept(
    user_client, settings, tmp_path, read_only_disk
):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(png_bytes())
    upload.name = "face.png"

    response = user_client.post(
        reverse("character_create"), form_data(portrait=upload, biography="Kept")
    )

    assert response.status_code == 200
    assert "could not store the image" in response.content.decode()
    assert "Kept" in response.content.decode()
    assert not Character.objects.exists()
