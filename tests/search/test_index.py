"""The index follows the current content in the writing transaction."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from search.documents import query_terms
from search.models import SearchEntry, SearchName
from search.querying import results
from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_moderator,
    make_page,
)
from wiki.lifecycle import content_delete, content_rename, content_restore
from wiki.models import Page

pytestmark = pytest.mark.django_db


def titles_for(query: str) -> list[str]:
    return [hit.title for hit in results(query_terms(query), offset=0, limit=50)]


def test_a_new_page_is_indexed_with_the_plain_text_of_its_body():
    page = make_page(title="Science lab", body="The **virus** began *here*.\n")

    entry = SearchEntry.objects.get(kind="page", object_id=page.pk)

    assert entry.title == "Science lab"
    assert entry.text == "The virus began here."


def test_an_edit_replaces_the_indexed_text():
    page = make_page(title="Science lab", body="The virus began here.\n")
    edit_page(page, "Mr Lee worked late.\n")

    assert titles_for("worked") == ["Science lab"]
    assert titles_for("virus") == []


def test_the_index_changes_in_the_same_transaction_as_the_content():
    with transaction.atomic():
        make_page(title="Rooftop", body="Survivors wait.\n")
        assert titles_for("survivors") == ["Rooftop"]
        transaction.set_rollback(True)

    assert titles_for("survivors") == []
    assert not SearchEntry.objects.exists()


def test_a_character_is_indexed_with_its_aliases_and_actor():
    make_character(name="Nam On-jo", aliases="Onjo\nOn-jo", actor="Park Ji-hu")

    entry = SearchEntry.objects.get(kind="character")

    assert entry.aliases == "Onjo\nOn-jo"
    assert entry.extra == "Park Ji-hu"
    assert set(SearchName.objects.values_list("slug", "is_title")) == {
        ("nam-on-jo", True),
        ("onjo", False),
        ("on-jo", False),
    }


def test_spoilers_are_searchable_but_kept_out_of_the_shown_text():
    make_page(title="Ending", body="Before.\n\n:::spoiler 2\nEveryone escapes.\n:::\n")

    entry = SearchEntry.objects.get()

    assert entry.text == "Before."
    assert entry.spoilers == "Everyone escapes."
    assert titles_for("escapes") == ["Ending"]


def test_a_renamed_page_keeps_its_old_title_as_a_name_that_redirects():
    page = make_page(title="Old gym", body="Dusty.\n")

    content_rename(
        obj=page, user=make_moderator(), new_title="Sports hall", reason="Naming"
    )

    entry = SearchEntry.objects.get()
    assert entry.title == "Sports hall"
    assert entry.get_absolute_url() == "/wiki/sports-hall/"
    names = SearchName.objects.order_by("-is_title").values_list("slug", "is_title")
    assert list(names) == [("sports-hall", True), ("old-gym", False)]


def test_deleted_content_leaves_the_index():
    page = make_page(title="Spam page", body="Buy pills.\n")
    make_event(title="Filming starts", description="Pills everywhere.\n")

    content_delete(obj=page, user=make_moderator(), reason="Spam")

    assert titles_for("pills") == ["Filming starts"]
    assert not SearchName.objects.filter(slug="spam-page").exists()


def test_restored_content_is_indexed_again():
    moderator = make_moderator()
    page = make_page(title="Spam page", body="Not spam after all.\n")
    content_delete(obj=page, user=moderator, reason="Spam")

    content_restore(model=Page, object_id=page.pk, user=moderator, reason="Mistake")

    assert titles_for("spam") == ["Spam page"]


def test_the_rebuild_command_indexes_all_current_content_again(capsys):
    make_page(title="Classroom", body="Desks.\n")
    make_character(name="Lee Cheong-san", actor="Yoon Chan-young")
    make_event(title="Season 2 confirmed")
    SearchEntry.objects.all().delete()

    call_command("search_rebuild")

    assert SearchEntry.objects.count() == 3
    assert titles_for("desks") == ["Classroom"]
    assert titles_for("yoon") == ["Lee Cheong-san"]
    assert "Indexed 3" in capsys.readouterr().out


def test_the_rebuild_replaces_stale_entries():
    page = make_page(title="Classroom", body="Desks.\n")
    Page.objects.filter(pk=page.pk).update(rendered_html="<p>Chairs.</p>")

    call_command("search_rebuild", stdout=io.StringIO())

    assert titles_for("chairs") == ["Classroom"]
    assert titles_for("desks") == []


def test_a_revision_by_another_editor_is_indexed_like_any_other():
    page = make_page(title="Library", body="Books.\n")
    edit_page(page, "Books and a hidden door.\n", user=UserFactory())

    assert titles_for("door") == ["Library"]


def test_a_migrate_fills_an_empty_index_when_content_exists():
    from django.core.management import call_command

    from search.models import SearchEntry

    make_page(title="Rooftop", body="On the roof.\n")
    SearchEntry.objects.all().delete()  # a database from before search existed

    call_command("migrate", verbosity=0)

    assert SearchEntry.objects.filter(title="Rooftop").exists()
