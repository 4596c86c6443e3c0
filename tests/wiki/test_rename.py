"""Renaming content through the services in wiki.lifecycle."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError

from characters.models import Character
from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from tests.wiki.conftest import linker_html
from timeline.models import Event
from wiki.lifecycle import content_delete, content_rename
from wiki.models import Page, Redirect
from wiki.services import revision_revert

pytestmark = pytest.mark.django_db


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


def test_a_character_cannot_be_renamed_to_another_characters_alias(mod):
    make_character(name="Nam On-jo", aliases="Onjo")
    other = make_character(name="Lee Cheong-san")

    with pytest.raises(ValidationError) as refusal:
        content_rename(obj=other, user=mod, new_title="Onjo", reason="Confusion")

    assert "Nam On-jo" in str(refusal.value)
    assert Character.objects.get(pk=other.pk).name == "Lee Cheong-san"


def test_renaming_an_event_changes_its_title(mod):
    event = make_event(title="Season 2 confirmed")

    renamed = content_rename(
        obj=event, user=mod, new_title="Second season confirmed", reason="Style"
    )

    assert Event.objects.get(pk=event.pk).title == "Second season confirmed"
    assert renamed.version == 2


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
