"""Deleting, restoring and renaming content through the services in wiki.lifecycle."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError

from characters.models import Character, CharacterAlias
from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_moderator,
    make_page,
)
from timeline.models import Event
from wiki.lifecycle import (
    content_delete,
    content_rename,
    content_restore,
    deleted_rows,
    deletion_at_slug,
)
from wiki.models import Page, PageLink, Redirect
from wiki.revisions import entry_for
from wiki.services import revision_revert

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod():
    return make_moderator(username="Mod")


def linker_html(title: str = "Linker") -> str:
    return Page.objects.get(title=title).rendered_html


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


def test_links_to_a_deleted_characters_alias_turn_red(mod):
    character = make_character(name="Nam On-jo", aliases="Onjo")
    make_page(title="Linker", body="[[Onjo]] survives.")

    content_delete(obj=character, user=mod, reason="Vandal copy")

    assert "wikilink-missing" in linker_html()


def test_a_restored_event_gets_its_characters_back(mod):
    character = make_character()
    event = make_event(character_ids=[character.pk])
    event_id = event.pk
    content_delete(obj=event, user=mod, reason="Unsourced")

    content_restore(model=Event, object_id=event_id, user=mod, reason="Sourced now")

    assert list(Event.objects.get(pk=event_id).characters.all()) == [character]


# --- Rename ------------------------------------------------------------------------


def test_renaming_is_a_new_revision_that_says_what_changed(mod):
    page = make_page(title="Rooftop")

    renamed = content_rename(
        obj=page, user=mod, new_title="School rooftop", reason="More precise"
    )

    assert (renamed.title, renamed.slug, renamed.version) == (
        "School rooftop",
        "school-rooftop",
        2,
    )
    summary = renamed.history.first().history_change_reason
    assert summary == "Renamed “Rooftop” to “School rooftop”: More precise"


def test_renaming_leaves_a_redirect_from_the_old_slug(mod):
    page = make_page(title="Rooftop")

    content_rename(obj=page, user=mod, new_title="School rooftop", reason="Precise")

    redirect = Redirect.objects.get()
    assert (redirect.old_slug, redirect.old_title, redirect.object_id) == (
        "rooftop",
        "Rooftop",
        page.pk,
    )


def test_renaming_back_takes_the_slug_back_from_its_redirect(mod):
    page = make_page(title="Rooftop")
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Shorter")

    content_rename(obj=renamed, user=mod, new_title="Rooftop", reason="Undo")

    assert list(Redirect.objects.values_list("old_slug", flat=True)) == ["roof"]
    assert Page.objects.get(pk=page.pk).slug == "rooftop"


def test_renaming_onto_another_objects_redirect_replaces_that_redirect(mod):
    first = make_page(title="Rooftop")
    content_rename(obj=first, user=mod, new_title="Roof", reason="Shorter")
    second = make_page(title="Gym")

    content_rename(obj=second, user=mod, new_title="Rooftop", reason="Reuse")

    assert not Redirect.objects.filter(old_slug="rooftop").exists()


def test_links_to_the_old_title_lead_to_the_new_address(mod):
    page = make_page(title="Rooftop")
    make_page(title="Linker", body="Up on the [[Rooftop]].")

    content_rename(obj=page, user=mod, new_title="School rooftop", reason="Precise")

    html = linker_html()
    assert 'href="/wiki/school-rooftop/"' in html
    assert "wikilink-missing" not in html


def test_content_with_a_name_now_wins_over_a_redirect_from_it(mod):
    page = make_page(title="Rooftop")
    content_rename(obj=page, user=mod, new_title="School rooftop", reason="Precise")
    make_page(title="Rooftop")

    make_page(title="Linker", body="[[Rooftop]]")

    assert 'href="/wiki/rooftop/"' in linker_html()


def test_links_to_the_new_title_turn_blue(mod):
    page = make_page(title="Rooftop")
    make_page(title="Linker", body="The [[School rooftop]].")

    content_rename(obj=page, user=mod, new_title="School rooftop", reason="Precise")

    assert "wikilink-missing" not in linker_html()


def test_links_to_an_old_title_of_deleted_content_turn_red(mod):
    page = make_page(title="Rooftop")
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Short")
    make_page(title="Linker", body="Up on the [[Rooftop]].")

    content_delete(obj=renamed, user=mod, reason="Spam")

    assert "wikilink-missing" in linker_html()


def test_renaming_to_a_taken_title_is_refused(mod):
    page = make_page(title="Rooftop")
    make_page(title="Gym")

    with pytest.raises(ValidationError, match="already has this title"):
        content_rename(obj=page, user=mod, new_title="gym", reason="Why")

    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_to_the_same_title_is_refused(mod):
    page = make_page(title="Rooftop")

    with pytest.raises(ValidationError, match="already its title"):
        content_rename(obj=page, user=mod, new_title=" Rooftop ", reason="Why")


def test_renaming_to_a_reserved_title_is_refused(mod):
    page = make_page(title="Rooftop")

    with pytest.raises(ValidationError, match="reserved"):
        content_rename(obj=page, user=mod, new_title="New", reason="Why")


def test_a_change_of_capitals_renames_without_a_redirect(mod):
    page = make_page(title="Rooftop")

    renamed = content_rename(obj=page, user=mod, new_title="ROOFTOP", reason="Caps")

    assert (renamed.title, renamed.slug) == ("ROOFTOP", "rooftop")
    assert not Redirect.objects.exists()


def test_renaming_writes_a_change_to_the_moderation_log():
    user = UserFactory()
    page = make_page(title="Rooftop")

    content_rename(obj=page, user=user, new_title="Roof", reason="Shorter")

    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (user, CHANGE)
    assert "Shorter" in entry.change_message


def test_a_revert_to_a_revision_before_a_rename_keeps_the_new_title(mod):
    page = make_page(title="Rooftop", body="First.\n")
    first = page.history.get()
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Short")
    edit_page(renamed, "Second.\n")

    result = revision_revert(obj=renamed, revision=first, user=mod)

    assert (result.obj.title, result.obj.slug, result.obj.body) == (
        "Roof",
        "roof",
        "First.\n",
    )


def test_creating_content_at_an_old_slug_takes_the_address_from_its_redirect(mod):
    page = make_page(title="Rooftop")
    content_rename(obj=page, user=mod, new_title="Roof", reason="Short")

    make_page(title="Rooftop")

    assert not Redirect.objects.exists()


def test_renaming_a_character_changes_its_name(mod):
    character = make_character(name="Nam On-jo")

    renamed = content_rename(
        obj=character, user=mod, new_title="On-jo Nam", reason="Order"
    )

    assert (renamed.name, renamed.slug) == ("On-jo Nam", "on-jo-nam")
    assert Redirect.objects.get().old_slug == "nam-on-jo"


def test_renaming_a_character_to_a_taken_name_says_name(mod):
    character = make_character(name="Nam On-jo")
    make_character(name="Lee Cheong-san")

    with pytest.raises(ValidationError, match="already has this name"):
        content_rename(
            obj=character, user=mod, new_title="Lee Cheong-san", reason="Mixup"
        )


def test_renaming_an_event_changes_its_title(mod):
    event = make_event(title="Season 2 confirmed")

    renamed = content_rename(
        obj=event, user=mod, new_title="Second season confirmed", reason="Style"
    )

    assert Event.objects.get(pk=event.pk).title == "Second season confirmed"
    assert renamed.version == 2


def test_the_last_deletion_at_a_slug_is_found_after_a_rename(mod):
    page = make_page(title="Rooftop")
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Short")
    content_delete(obj=renamed, user=mod, reason="Spam")

    deletion = deletion_at_slug(entry_for(Page), "rooftop")

    assert deletion.history_change_reason == "Spam"


def test_deleting_what_another_moderator_just_deleted_is_refused(mod):
    page = make_page(title="Rooftop")
    stale = Page.objects.get(pk=page.pk)
    content_delete(obj=page, user=mod, reason="Spam")

    with pytest.raises(ValidationError, match="deleted a moment ago"):
        content_delete(obj=stale, user=mod, reason="Spam too")


def test_renaming_what_was_just_deleted_is_refused(mod):
    page = make_page(title="Rooftop")
    stale = Page.objects.get(pk=page.pk)
    content_delete(obj=page, user=mod, reason="Spam")

    with pytest.raises(ValidationError, match="deleted a moment ago"):
        content_rename(obj=stale, user=mod, new_title="Roof", reason="Short")


def test_what_links_here_lists_links_to_the_old_title_after_a_rename(mod, client):
    page = make_page(title="Rooftop")
    make_page(title="Linker", body="Up on the [[Rooftop]].")
    renamed = content_rename(obj=page, user=mod, new_title="Roof", reason="Shorter")

    response = client.get(f"/wiki/{renamed.slug}/links/")

    assert "Linker" in response.content.decode()


def test_a_restored_character_is_back_in_the_events_that_list_it(mod):
    character = make_character(name="Lee Cheong-san")
    event = make_event(character_ids=[character.pk])
    content_delete(obj=character, user=mod, reason="Mistake")
    assert list(Event.objects.get().characters.all()) == []

    content_restore(model=Character, object_id=character.pk, user=mod, reason="Undo")

    assert list(event.characters.values_list("name", flat=True)) == ["Lee Cheong-san"]


def test_the_deletion_row_records_that_nothing_is_left(mod):
    page = make_page(title="Rooftop", body="Some text.\n")
    size = page.size

    content_delete(obj=page, user=mod, reason="Spam")

    deletion = Page.history.latest("history_id")
    assert (deletion.size, deletion.size_change) == (0, -size)


def test_a_character_cannot_be_renamed_to_another_characters_alias(mod):
    make_character(name="Nam On-jo", aliases="Onjo")
    other = make_character(name="Lee Cheong-san")

    with pytest.raises(ValidationError) as refusal:
        content_rename(obj=other, user=mod, new_title="Onjo", reason="Confusion")

    assert "Nam On-jo" in str(refusal.value)
    assert Character.objects.get(pk=other.pk).name == "Lee Cheong-san"


def test_a_character_whose_name_became_an_alias_is_not_restored(mod):
    gone = make_character(name="Onjo")
    content_delete(obj=gone, user=mod, reason="Duplicate")
    make_character(name="Nam On-jo", aliases="Onjo")

    with pytest.raises(ValidationError):
        content_restore(model=Character, object_id=gone.pk, user=mod, reason="Undo")


@pytest.mark.parametrize(
    "action",
    [
        lambda page, mod: content_delete(obj=page, user=mod, reason="Oops"),
        lambda page, mod: content_rename(
            obj=page, user=mod, new_title="Front", reason="Oops"
        ),
    ],
    ids=["delete", "rename"],
)
def test_the_main_page_is_neither_deleted_nor_renamed(mod, settings, action):
    page = make_page(title=settings.MAIN_PAGE_TITLE)

    with pytest.raises(ValidationError, match="is the main page"):
        action(page, mod)

    assert Page.objects.filter(pk=page.pk, title=settings.MAIN_PAGE_TITLE).exists()
