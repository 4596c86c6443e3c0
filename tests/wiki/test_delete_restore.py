"""Deleting and restoring content through the services in wiki.lifecycle."""

import pytest
from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.core.exceptions import ValidationError

from characters.models import Character, CharacterAlias
from tests.factories import edit_page, make_character, make_event, make_page
from tests.wiki.conftest import linker_html
from timeline.models import Event
from wiki.lifecycle import (
    content_delete,
    content_rename,
    content_restore,
    deleted_rows,
    deletion_at_slug,
)
from wiki.models import Page, PageLink
from wiki.revisions import entry_for

pytestmark = pytest.mark.django_db


# --- Delete ------------------------------------------------------------------------


def test_deleting_keeps_every_revision_in_the_history(mod):
    page = make_page(title="Rooftop")
    edit_page(page, "Second text.\n")
    page_id = page.pk

    content_delete(obj=page, user=mod, reason="Duplicate of Hyosan High School")

    assert not Page.objects.filter(pk=page_id).exists()
    assert Page.history.filter(id=page_id).count() == 3


def test_the_deletion_row_names_the_moderator_and_the_reason(mod):
    page = make_page(title="Rooftop")

    content_delete(obj=page, user=mod, reason="Duplicate of Hyosan High School")

    row = Page.history.filter(title="Rooftop").first()
    assert row.history_type == "-"
    assert row.history_user == mod
    assert row.history_change_reason == "Duplicate of Hyosan High School"


def test_the_deletion_is_a_revision_of_its_own(mod):
    page = make_page(title="Rooftop")

    content_delete(obj=page, user=mod, reason="Spam")

    versions = list(
        Page.history.order_by("history_id").values_list("version", flat=True)
    )
    assert versions == [1, 2]


def test_deleting_without_a_reason_is_refused(mod):
    page = make_page(title="Rooftop")

    with pytest.raises(ValidationError):
        content_delete(obj=page, user=mod, reason="   ")

    assert Page.objects.filter(pk=page.pk).exists()


def test_deleting_removes_the_links_the_content_made(mod):
    page = make_page(title="Rooftop", body="See [[Hyosan High School]].")

    content_delete(obj=page, user=mod, reason="Spam")

    assert not PageLink.objects.filter(source_id=page.pk).exists()


def test_links_to_deleted_content_turn_red(mod):
    page = make_page(title="Rooftop")
    make_page(title="Linker", body="Up on the [[Rooftop]].")

    content_delete(obj=page, user=mod, reason="Spam")

    assert "wikilink-missing" in linker_html()


def test_deleting_writes_a_deletion_to_the_moderation_log(mod):
    page = make_page(title="Rooftop")
    page_id = page.pk

    content_delete(obj=page, user=mod, reason="Spam")

    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (mod, DELETION)
    assert entry.object_id == str(page_id)
    assert "Spam" in entry.change_message


def test_deleted_rows_list_content_that_is_still_deleted_once(mod):
    first = make_page(title="Rooftop")
    second = make_page(title="Gym")
    first_id = first.pk
    content_delete(obj=first, user=mod, reason="Spam")
    restored = content_restore(model=Page, object_id=first_id, user=mod, reason="Ok")
    content_delete(obj=restored, user=mod, reason="Spam again")
    content_delete(obj=second, user=mod, reason="Empty")

    rows = list(deleted_rows(entry_for(Page)))

    assert [row.history_change_reason for row in rows] == ["Empty", "Spam again"]


def test_the_deletion_row_records_that_nothing_is_left(mod):
    page = make_page(title="Rooftop", body="Some text.\n")
    size = page.size

    content_delete(obj=page, user=mod, reason="Spam")

    deletion = Page.history.latest("history_id")
    assert (deletion.size, deletion.size_change) == (0, -size)


def test_deleting_what_another_moderator_just_deleted_is_refused(mod):
    page = make_page(title="Rooftop")
    stale = Page.objects.get(pk=page.pk)
    content_delete(obj=page, user=mod, reason="Spam")

    with pytest.raises(ValidationError, match="deleted a moment ago"):
        content_delete(obj=stale, user=mod, reason="Spam too")


def test_the_last_deletion_at_a_slug_is_found_after_a_rename(mod):
    page = make_page(title="Rooftop")
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Short")
    content_delete(obj=renamed, user=mod, reason="Spam")

    deletion = deletion_at_slug(entry_for(Page), "rooftop")

    assert deletion.history_change_reason == "Spam"


def test_links_to_a_deleted_characters_alias_turn_red(mod):
    character = make_character(name="Nam On-jo", aliases="Onjo")
    make_page(title="Linker", body="[[Onjo]] survives.")

    content_delete(obj=character, user=mod, reason="Vandal copy")

    assert "wikilink-missing" in linker_html()


# --- Restore -----------------------------------------------------------------------


def deleted_page(mod, *, title: str = "Rooftop") -> int:
    page = make_page(title=title)
    edit_page(page, "Second text.\n")
    page_id = page.pk
    content_delete(obj=page, user=mod, reason="Spam")
    return page_id


def test_restoring_brings_the_content_back_under_its_old_id(mod):
    page_id = deleted_page(mod)

    page = content_restore(model=Page, object_id=page_id, user=mod, reason="Not spam")

    assert page.pk == page_id
    assert Page.objects.get(pk=page_id).body == "Second text.\n"


def test_restoring_continues_the_whole_history_with_a_new_revision(mod):
    page_id = deleted_page(mod)

    page = content_restore(model=Page, object_id=page_id, user=mod, reason="Not spam")

    history = list(page.history.order_by("history_id"))
    assert [row.version for row in history] == [1, 2, 3, 4]
    assert page.version == 4
    assert history[-1].history_change_reason == "Restored: Not spam"
    assert history[-1].history_user == mod


def test_a_restored_page_is_rendered_again(mod):
    page = make_page(title="Rooftop", body="Up on the [[Hyosan High School]] roof.")
    page_id = page.pk
    content_delete(obj=page, user=mod, reason="Spam")

    restored = content_restore(model=Page, object_id=page_id, user=mod, reason="Ok")

    assert "wikilink" in Page.objects.get(pk=restored.pk).rendered_html
    assert PageLink.objects.filter(source_id=page_id).exists()


def test_links_to_restored_content_turn_blue_again(mod):
    page_id = deleted_page(mod)
    make_page(title="Linker", body="Up on the [[Rooftop]].")

    content_restore(model=Page, object_id=page_id, user=mod, reason="Not spam")

    assert "wikilink-missing" not in linker_html()
    assert 'href="/wiki/rooftop/"' in linker_html()


def test_restoring_is_refused_when_the_slug_is_taken_now(mod):
    page_id = deleted_page(mod)
    make_page(title="Rooftop")

    with pytest.raises(ValidationError, match="has its address now"):
        content_restore(model=Page, object_id=page_id, user=mod, reason="Not spam")


def test_restoring_content_that_is_not_deleted_is_refused(mod):
    page = make_page(title="Rooftop")

    with pytest.raises(ValidationError, match="not deleted"):
        content_restore(model=Page, object_id=page.pk, user=mod, reason="Why not")


def test_restoring_without_a_reason_is_refused(mod):
    page_id = deleted_page(mod)

    with pytest.raises(ValidationError):
        content_restore(model=Page, object_id=page_id, user=mod, reason="")

    assert not Page.objects.filter(pk=page_id).exists()


def test_restoring_keeps_the_creation_date(mod):
    page = make_page(title="Rooftop")
    created = page.created_at
    page_id = page.pk
    content_delete(obj=page, user=mod, reason="Spam")

    content_restore(model=Page, object_id=page_id, user=mod, reason="Ok")

    assert Page.objects.get(pk=page_id).created_at == created


def test_restoring_writes_an_addition_to_the_moderation_log(mod):
    page_id = deleted_page(mod)

    content_restore(model=Page, object_id=page_id, user=mod, reason="Not spam")

    entry = LogEntry.objects.get(action_flag=ADDITION)
    assert entry.user == mod
    assert entry.object_id == str(page_id)
    assert "Not spam" in entry.change_message


def test_a_restored_character_gets_its_aliases_back(mod):
    character = make_character(name="Nam On-jo", aliases="Onjo")
    character_id = character.pk
    content_delete(obj=character, user=mod, reason="Vandal copy")
    assert not CharacterAlias.objects.exists()

    content_restore(model=Character, object_id=character_id, user=mod, reason="Ok")

    assert CharacterAlias.objects.get().slug == "onjo"


def test_a_restored_event_gets_its_characters_back(mod):
    character = make_character()
    event = make_event(character_ids=[character.pk])
    event_id = event.pk
    content_delete(obj=event, user=mod, reason="Unsourced")

    content_restore(model=Event, object_id=event_id, user=mod, reason="Sourced now")

    assert list(Event.objects.get(pk=event_id).characters.all()) == [character]


def test_a_restored_character_is_back_in_the_events_that_list_it(mod):
    character = make_character(name="Lee Cheong-san")
    event = make_event(character_ids=[character.pk])
    content_delete(obj=character, user=mod, reason="Mistake")
    assert list(Event.objects.get().characters.all()) == []

    content_restore(model=Character, object_id=character.pk, user=mod, reason="Undo")

    assert list(event.characters.values_list("name", flat=True)) == ["Lee Cheong-san"]


def test_a_character_whose_name_became_an_alias_is_not_restored(mod):
    gone = make_character(name="Onjo")
    content_delete(obj=gone, user=mod, reason="Duplicate")
    make_character(name="Nam On-jo", aliases="Onjo")

    with pytest.raises(ValidationError):
        content_restore(model=Character, object_id=gone.pk, user=mod, reason="Undo")
