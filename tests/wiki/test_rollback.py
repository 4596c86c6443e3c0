"""Rollback of one editor's latest edits, and mass rollback of a user's edits."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from wiki.revision_views import HISTORY_PAGE_SIZE
from wiki.rollback import rollback_latest, user_edits_rollback
from wiki.services import content_update
from wiki.visibility import revision_visibility_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(username="Editor")


@pytest.fixture
def vandal():
    return UserFactory(username="Vandal")


def edit(obj, user, text):
    """A new revision of any registered content, changing its text field."""
    field = {"Page": "body", "Character": "biography", "Event": "description"}
    content_update(
        obj=obj,
        user=user,
        values={field[type(obj).__name__]: text},
        base_version=obj.version,
        summary="",
        minor=False,
    )
    obj.refresh_from_db()


@pytest.fixture
def vandalised(editor, vandal):
    """Revision 1 by Editor, then three edits by Vandal."""
    page = make_page(title="Hyosan", body="Good text\n", user=editor)
    for n in range(3):
        edit(page, vandal, f"Vandalism {n}\n")
    return page


def rollback_url(obj, kind="page"):
    return reverse(f"{kind}_rollback", args=[obj.slug])


# --- One click ---------------------------------------------------------------------


def test_rolling_back_makes_one_revision_with_the_other_editors_text(
    moderator_client, vandalised, moderator
):
    response = moderator_client.post(
        rollback_url(vandalised), {"editor": "Vandal", "reason": "vandalism"}
    )

    assert response.status_code == 302
    assert response.url == reverse("page_history", args=[vandalised.slug])
    vandalised.refresh_from_db()
    assert vandalised.body == "Good text\n"
    assert vandalised.version == 5
    latest = vandalised.history.first()
    assert latest.history_user == moderator
    assert latest.history_change_reason == (
        "Rolled back 3 edits by Vandal to revision 1 by Editor: vandalism"
    )


def test_rolling_back_is_logged_with_the_moderator_and_reason(
    moderator_client, vandalised, moderator
):
    moderator_client.post(
        rollback_url(vandalised), {"editor": "Vandal", "reason": "vandalism"}
    )

    entry = LogEntry.objects.get()
    assert entry.user == moderator
    assert entry.object_id == str(vandalised.pk)
    assert entry.change_message == (
        "Rolled back 3 edits by Vandal to revision 1 by Editor: vandalism"
    )


def test_rollback_refuses_when_the_named_editor_is_not_the_latest(
    moderator_client, vandalised, editor
):
    edit(vandalised, editor, "Fixed by hand\n")

    response = moderator_client.post(
        rollback_url(vandalised), {"editor": "Vandal", "reason": "kept reason"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "is not by Vandal" in html
    assert "kept reason" in html
    vandalised.refresh_from_db()
    assert vandalised.body == "Fixed by hand\n"
    assert not LogEntry.objects.exists()


def test_rollback_refuses_when_only_that_editor_ever_edited(moderator_client, vandal):
    page = make_page(title="Spam", body="spam\n", user=vandal)
    edit(page, vandal, "more spam\n")

    response = moderator_client.post(rollback_url(page), {"editor": "Vandal"})

    assert response.status_code == 400
    assert "delete it instead" in response.content.decode()
    assert page.history.count() == 2


def test_rollback_refuses_to_restore_a_text_hidden_revision(
    vandalised, editor, vandal, moderator
):
    edit(vandalised, editor, "Editor again\n")
    revision_visibility_set(
        revision=vandalised.history.get(version=5),
        moderator=moderator,
        text=False,
        summary=True,
        editor=False,
        reason="test",
    )
    edit(vandalised, vandal, "Vandal again\n")
    revision_visibility_set(
        revision=vandalised.history.get(version=5),
        moderator=moderator,
        text=True,
        summary=True,
        editor=False,
        reason="test",
    )

    with pytest.raises(ValidationError, match="text hidden"):
        rollback_latest(obj=vandalised, editor_username="Vandal", moderator=moderator)


def test_the_summary_names_no_editor_that_was_hidden(vandalised, moderator):
    revision_visibility_set(
        revision=vandalised.history.get(version=3),
        moderator=moderator,
        text=False,
        summary=False,
        editor=True,
        reason="test",
    )

    result = rollback_latest(
        obj=vandalised, editor_username="Vandal", moderator=moderator
    )

    assert result.obj.history.first().history_change_reason == (
        "Rolled back 3 edits by a hidden editor to revision 1 by Editor"
    )


def test_rollback_works_on_characters_and_events(moderator_client, editor, vandal):
    for kind, obj in (
        ("character", make_character(user=editor)),
        ("event", make_event(user=editor)),
    ):
        original = obj.history.get()
        edit(obj, vandal, "Vandalism\n")

        response = moderator_client.post(rollback_url(obj, kind), {"editor": "Vandal"})

        assert response.status_code == 302
        obj.refresh_from_db()
        text = obj.biography if kind == "character" else obj.description
        assert text == (
            original.biography if kind == "character" else original.description
        )


def test_rollback_refuses_get(moderator_client, vandalised):
    assert moderator_client.get(rollback_url(vandalised)).status_code == 405


def test_a_non_moderator_is_refused_rollback(user_client, vandalised):
    response = user_client.post(rollback_url(vandalised), {"editor": "Vandal"})

    assert response.status_code == 403
    vandalised.refresh_from_db()
    assert vandalised.version == 4


def test_an_anonymous_rollback_is_sent_to_log_in(client, vandalised):
    url = rollback_url(vandalised)

    response = client.post(url, {"editor": "Vandal"})

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    vandalised.refresh_from_db()
    assert vandalised.version == 4


# --- The button on the history page ------------------------------------------------


def test_the_history_offers_moderators_to_roll_back_the_latest_run(
    moderator_client, vandalised
):
    html = moderator_client.get(reverse("page_history", args=[vandalised.slug]))

    assert "Roll back 3 edits by Vandal" in html.content.decode()


def test_the_history_offers_no_rollback_to_others(user_client, vandalised):
    html = user_client.get(reverse("page_history", args=[vandalised.slug]))

    assert "Roll back" not in html.content.decode()


def test_the_history_offers_no_rollback_when_nobody_else_edited(
    moderator_client, vandal
):
    page = make_page(title="Spam", body="spam\n", user=vandal)
    edit(page, vandal, "more spam\n")

    html = moderator_client.get(reverse("page_history", args=[page.slug]))

    assert "Roll back" not in html.content.decode()


def test_a_run_longer_than_a_history_page_costs_one_more_query(
    moderator_client, editor, vandal
):
    short = make_page(title="Short", body="ok\n", user=editor)
    edit(short, vandal, "bad\n")
    long = make_page(title="Long", body="ok\n", user=editor)
    for n in range(HISTORY_PAGE_SIZE + 1):
        edit(long, vandal, f"bad {n}\n")

    # A first request fills the caches (the season menu) that the others share.
    moderator_client.get(reverse("page_history", args=[short.slug]))
    counts = {}
    for page in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(reverse("page_history", args=[page.slug]))
        counts[page.title] = len(queries)

    assert counts["Long"] == counts["Short"] + 1
    assert response.context["rollback"].count == HISTORY_PAGE_SIZE + 1


# --- Mass rollback -----------------------------------------------------------------


def test_mass_rollback_undoes_a_users_edits_since_a_time_across_kinds(
    editor, vandal, moderator
):
    page = make_page(title="Page", body="page\n", user=editor)
    character = make_character(user=editor)
    event = make_event(user=editor)
    before = make_page(title="Before", body="before\n", user=editor)
    edit(before, vandal, "old vandalism\n")
    since = timezone.now()
    for obj in (page, character, event):
        edit(obj, vandal, "Vandalism\n")

    report = user_edits_rollback(
        target=vandal, since=since, moderator=moderator, reason="spree"
    )

    assert set(report.rolled_back) == {page, character, event}
    assert report.skipped == []
    page.refresh_from_db()
    character.refresh_from_db()
    event.refresh_from_db()
    assert page.body == "page\n"
    assert character.biography == character.history.get(version=1).biography
    assert event.description == event.history.get(version=1).description
    before.refresh_from_db()
    assert before.body == "old vandalism\n"
    assert LogEntry.objects.filter(user=moderator).count() == 3


def test_mass_rollback_skips_content_edited_by_others_since(editor, vandal, moderator):
    page = make_page(title="Page", body="page\n", user=editor)
    since = timezone.now()
    edit(page, vandal, "Vandalism\n")
    edit(page, editor, "Vandalism, then a fix\n")

    report = user_edits_rollback(
        target=vandal, since=since, moderator=moderator, reason="spree"
    )

    assert report.rolled_back == []
    assert report.skipped == [(page, "edited by others since")]
    page.refresh_from_db()
    assert page.body == "Vandalism, then a fix\n"
    assert not LogEntry.objects.exists()


def test_mass_rollback_skips_content_only_the_user_edited(vandal, moderator):
    since = timezone.now()
    page = make_page(title="Spam", body="spam\n", user=vandal)

    report = user_edits_rollback(
        target=vandal, since=since, moderator=moderator, reason="spree"
    )

    assert report.skipped == [(page, "only they edited it; delete it instead")]
    assert page.history.count() == 1


def test_mass_rollback_makes_one_revision_per_object(editor, vandal, moderator):
    page = make_page(title="Page", body="page\n", user=editor)
    since = timezone.now()
    for n in range(3):
        edit(page, vandal, f"Vandalism {n}\n")

    user_edits_rollback(target=vandal, since=since, moderator=moderator, reason="x")

    assert page.history.count() == 5
    assert page.history.first().history_user == moderator


def test_rollback_latest_names_the_run_and_the_restored_revision(vandalised, moderator):
    result = rollback_latest(
        obj=vandalised, editor_username="Vandal", moderator=moderator
    )

    assert result.saved
    assert result.count == 3
    assert result.target.version == 1


def test_rollback_of_edits_that_changed_nothing_makes_no_revision(
    editor, vandal, moderator
):
    page = make_page(title="Page", body="page\n", user=editor)
    edit_page(page, "changed\n", user=vandal)
    page.refresh_from_db()
    edit_page(page, "page\n", user=vandal)
    page.refresh_from_db()

    result = rollback_latest(obj=page, editor_username="Vandal", moderator=moderator)

    assert not result.saved
    assert page.history.count() == 3
    assert not LogEntry.objects.exists()


def test_mass_rollback_skips_content_the_users_edits_left_unchanged(
    editor, vandal, moderator
):
    page = make_page(title="Page", body="page\n", user=editor)
    since = timezone.now()
    edit(page, vandal, "changed\n")
    edit(page, vandal, "page\n")

    report = user_edits_rollback(
        target=vandal, since=since, moderator=moderator, reason="spree"
    )

    assert report.skipped == [(page, "their edits left it unchanged")]
    assert page.history.count() == 3


def test_mass_rollback_keeps_the_users_edits_from_before_the_time(
    editor, vandal, moderator
):
    page = make_page(title="Page", body="original\n", user=editor)
    edit(page, vandal, "a good edit from two days ago\n")
    since = timezone.now()
    edit(page, vandal, "vandalism an hour ago\n")

    user_edits_rollback(target=vandal, since=since, moderator=moderator, reason="x")

    page.refresh_from_db()
    assert page.body == "a good edit from two days ago\n"


def test_a_rollback_of_a_rename_renames_back_leaving_a_redirect(editor, moderator):
    from wiki.lifecycle import content_rename
    from wiki.models import Page, Redirect

    page = make_page(title="Old title", body="Good text\n", user=editor)
    vandal = UserFactory(username="Mover")
    renamed = content_rename(
        obj=page, user=vandal, new_title="Vandal title", reason="moved"
    )
    edit(renamed, vandal, "Vandalism\n")

    result = rollback_latest(obj=renamed, editor_username="Mover", moderator=moderator)

    page = Page.objects.get()
    assert result.saved
    assert (page.title, page.slug, page.body) == (
        "Old title",
        "old-title",
        "Good text\n",
    )
    assert Redirect.objects.filter(old_slug="vandal-title", object_id=page.pk).exists()


def test_a_rollback_of_a_rename_alone_is_not_reported_as_unchanged(editor, moderator):
    from wiki.lifecycle import content_rename

    page = make_page(title="Old title", body="Good text\n", user=editor)
    since = timezone.now()
    vandal = UserFactory(username="Mover")
    content_rename(obj=page, user=vandal, new_title="Vandal title", reason="moved")

    report = user_edits_rollback(
        target=vandal, since=since, moderator=moderator, reason="spree"
    )

    assert [str(obj) for obj in report.rolled_back] == ["Old title"]
    assert report.skipped == []
