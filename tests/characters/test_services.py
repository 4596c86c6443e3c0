import pytest
from django.core.exceptions import ValidationError

from characters.models import Character, CharacterAlias
from characters.services import character_save
from tests.factories import UserFactory, make_character, make_page
from wiki.services import EditConflict, revision_revert

pytestmark = pytest.mark.django_db


def save(character, **values):
    return character_save(
        character=character,
        user=UserFactory(),
        values=values,
        base_version=values.pop("base_version", character.version),
        summary="",
    )


def test_a_new_character_has_one_revision_and_rendered_biography():
    character = make_character(biography="She leads the **class**.\n")
    assert character.version == 1
    assert character.history.count() == 1
    assert "<strong>class</strong>" in character.rendered_html


def test_aliases_are_indexed_and_rebuilt_on_every_save():
    character = make_character(aliases="Onjo\nOn-jo Nam")
    assert set(CharacterAlias.objects.values_list("slug", flat=True)) == {
        "onjo",
        "on-jo-nam",
    }
    save(character, aliases="Class president")
    assert list(CharacterAlias.objects.values_list("slug", flat=True)) == [
        "class-president"
    ]


def test_a_link_to_an_alias_leads_to_the_character():
    character = make_character(aliases="Onjo")
    page = make_page(title="Rooftop", body="[[Onjo]] waits.\n")
    assert f'href="{character.get_absolute_url()}"' in page.rendered_html


def test_creating_a_character_turns_red_links_to_its_alias_blue():
    page = make_page(title="Rooftop", body="[[Onjo]] waits.\n")
    assert "wikilink-missing" in page.rendered_html
    character = make_character(aliases="Onjo")
    page.refresh_from_db()
    assert "wikilink-missing" not in page.rendered_html
    assert character.get_absolute_url() in page.rendered_html


def test_an_alias_taken_by_another_character_is_refused_by_the_service():
    make_character(name="Nam On-jo", aliases="Onjo")
    other = make_character(name="Lee Cheong-san")
    with pytest.raises(ValidationError):
        save(other, aliases="Onjo")
    other.refresh_from_db()
    assert other.version == 1


def test_status_change_is_a_new_revision_and_revert_restores_it():
    character = make_character(status="alive")
    save(character, status="deceased")
    character.refresh_from_db()
    first = character.history.last()
    revision_revert(obj=character, revision=first, user=UserFactory())
    character.refresh_from_db()
    assert (character.status, character.version) == ("alive", 3)


def test_concurrent_edits_of_different_fields_merge():
    character = make_character(status="alive", actor="Park Ji-hu")
    save(character, status="infected")
    result = save(character, actor="Park Ji-hu (박지후)", base_version=1)
    character.refresh_from_db()
    assert result.merged
    assert (character.status, character.actor) == ("infected", "Park Ji-hu (박지후)")


def test_concurrent_edits_of_the_same_field_conflict():
    character = make_character(status="alive")
    save(character, status="infected")
    with pytest.raises(EditConflict) as conflict:
        save(character, status="deceased", base_version=1)
    assert conflict.value.fields == ["status"]


def test_a_biography_the_renderer_refuses_is_a_validation_error():
    character = make_character()
    with pytest.raises(ValidationError) as error:
        save(character, biography="[" * 30_000 + "\n")
    assert "biography" in error.value.message_dict


def test_characters_appearing_in_a_season_are_found_by_number():
    make_character(name="A", seasons="1")
    make_character(name="B", seasons="1,2")
    make_character(name="C", seasons="12")
    names = Character.objects.appearing_in(2).values_list("name", flat=True)
    assert list(names) == ["B"]
    assert list(Character.objects.appearing_in(1).values_list("name", flat=True)) == [
        "A",
        "B",
    ]
