"""Hiding a revision's text, summary or editor from everyone but moderators."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from wiki.changes import changes_list
from wiki.services import content_update
from wiki.visibility import hidden_excluded, revision_visibility_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    """Revision 1 by alice, 2 by bob (the one to hide), 3 by carol (current)."""
    alice = UserFactory(username="alice")
    page = make_page(title="Hyosan", body="First text\n", user=alice)
    edit_page(
        page, "Offensive text\n", user=UserFactory(username="bob"), summary="rude"
    )
    page.refresh_from_db()
    edit_page(page, "Third text\n", user=UserFactory(username="carol"), summary="fix")
    page.refresh_from_db()
    return page


def edit(obj):
    """A second revision of a character or an event, by someone else."""
    field = "biography" if hasattr(obj, "biography") else "description"
    content_update(
        obj=obj,
        user=UserFactory(),
        values={field: "Rewritten.\n"},
        base_version=obj.version,
        summary="",
        minor=False,
    )


def revision(obj, version):
    return obj.history.get(version=version)


def hide(obj, version, moderator, *, text=False, summary=False, editor=False):
    return revision_visibility_set(
        revision=revision(obj, version),
        moderator=moderator,
        text=text,
        summary=summary,
        editor=editor,
        reason="Personal attack",
    )


def visibility_url(obj, version, kind="page"):
    return reverse(
        f"{kind}_revision_visibility", args=[obj.slug, revision(obj, version).pk]
    )


def permalink(obj, version):
    return f"{obj.get_absolute_url()}?revision={revision(obj, version).pk}"


def diff_url(obj, **ids):
    query = "&".join(f"{side}={pk}" for side, pk in ids.items())
    return f"{reverse('page_diff', args=[obj.slug])}?{query}"


# --- The service -------------------------------------------------------------------


def test_hiding_sets_the_flags_without_making_a_revision(page, moderator):
    hide(page, 2, moderator, text=True, summary=True, editor=True)

    hidden = revision(page, 2)
    assert (hidden.text_hidden, hidden.summary_hidden, hidden.editor_hidden) == (
        True,
        True,
        True,
    )
    assert page.history.count() == 3
    assert hidden.body == "Offensive text\n"


def test_setting_the_flags_it_already_has_changes_and_logs_nothing(page, moderator):
    assert hide(page, 2, moderator) is False
    assert not LogEntry.objects.exists()


def test_hiding_needs_a_reason(page, moderator):
    with pytest.raises(ValidationError):
        revision_visibility_set(
            revision=revision(page, 2),
            moderator=moderator,
            text=True,
            summary=False,
            editor=False,
            reason="  ",
        )
    assert not revision(page, 2).text_hidden


def test_the_current_revisions_text_cannot_be_hidden(page, moderator):
    with pytest.raises(ValidationError, match="Revert or roll back"):
        hide(page, 3, moderator, text=True)
    assert not revision(page, 3).text_hidden


def test_the_current_revisions_summary_and_editor_can_be_hidden(page, moderator):
    assert hide(page, 3, moderator, summary=True, editor=True)


def test_hidden_excluded_leaves_out_any_revision_with_something_hidden(page, moderator):
    hide(page, 2, moderator, summary=True)

    versions = hidden_excluded(page.history.all()).values_list("version", flat=True)

    assert sorted(versions) == [1, 3]


# --- The history page --------------------------------------------------------------


def test_a_reader_sees_content_hidden_instead_of_the_revisions_links(
    client, page, moderator
):
    hide(page, 2, moderator, text=True)

    html = client.get(reverse("page_history", args=[page.slug])).content.decode()

    assert "(content hidden)" in html
    assert f"?revision={revision(page, 2).pk}" not in html
    assert f'value="{revision(page, 2).pk}"' not in html
    assert f"?revision={revision(page, 1).pk}" in html


def test_a_reader_sees_summary_hidden_instead_of_the_summary(client, page, moderator):
    hide(page, 2, moderator, summary=True)

    html = client.get(reverse("page_history", args=[page.slug])).content.decode()

    assert "(summary hidden)" in html
    assert "rude" not in html


def test_a_reader_sees_editor_hidden_instead_of_the_editor(client, page, moderator):
    hide(page, 2, moderator, editor=True)

    html = client.get(reverse("page_history", args=[page.slug])).content.decode()

    assert "(editor hidden)" in html
    assert "bob" not in html


def test_a_moderator_sees_the_hidden_parts_marked_in_the_history(
    moderator_client, page, moderator
):
    hide(page, 2, moderator, text=True, summary=True, editor=True)

    html = moderator_client.get(reverse("page_history", args=[page.slug]))
    html = html.content.decode()

    assert "(content hidden)" not in html
    assert f"?revision={revision(page, 2).pk}" in html
    assert "<s>rude</s>" in html
    assert ">bob</a></s>" in html
    assert "text hidden" in html


def test_a_moderator_gets_a_hide_link_for_each_revision(moderator_client, page):
    html = moderator_client.get(reverse("page_history", args=[page.slug]))

    for version in (1, 2, 3):
        assert visibility_url(page, version) in html.content.decode()


def test_a_reader_gets_no_hide_links(user_client, page):
    html = user_client.get(reverse("page_history", args=[page.slug]))

    assert "/visibility/" not in html.content.decode()


# --- Permalinks, diffs and reverts -------------------------------------------------


def test_a_text_hidden_page_revision_has_no_permalink_for_a_reader(
    client, page, moderator
):
    hide(page, 2, moderator, text=True)

    assert client.get(permalink(page, 2)).status_code == 404


@pytest.mark.parametrize("make", [make_character, make_event])
def test_a_text_hidden_revision_has_no_permalink_for_a_reader(
    make, user_client, moderator
):
    obj = make(user=UserFactory())
    edit(obj)
    hide(obj, 1, moderator, text=True)

    assert user_client.get(permalink(obj, 1)).status_code == 404


@pytest.mark.parametrize("make", [make_character, make_event])
def test_a_moderator_can_open_a_text_hidden_revision(make, client, moderator):
    obj = make(user=UserFactory())
    edit(obj)
    hide(obj, 1, moderator, text=True)
    client.force_login(moderator)

    response = client.get(permalink(obj, 1))

    assert response.status_code == 200
    assert "Only moderators can read the text" in response.content.decode()


def test_an_old_revision_banner_names_no_hidden_editor_to_a_reader(client, moderator):
    character = make_character(user=UserFactory(username="bob"))
    edit(character)
    hide(character, 1, moderator, editor=True)

    html = client.get(permalink(character, 1)).content.decode()

    assert "(editor hidden)" in html
    assert "bob" not in html


def test_the_last_edited_line_names_no_hidden_editor_to_a_reader(client, moderator):
    character = make_character(user=UserFactory(username="bob"))
    hide(character, 1, moderator, editor=True)

    html = client.get(character.get_absolute_url()).content.decode()

    assert "bob" not in html


@pytest.mark.parametrize("side", ["from", "to"])
def test_a_diff_with_a_text_hidden_revision_is_a_404_for_a_reader(
    client, page, moderator, side
):
    hide(page, 2, moderator, text=True)
    other = "to" if side == "from" else "from"
    other_version = 3 if side == "from" else 1

    response = client.get(
        diff_url(
            page,
            **{side: revision(page, 2).pk, other: revision(page, other_version).pk},
        )
    )

    assert response.status_code == 404


def test_a_moderator_can_diff_a_text_hidden_revision(moderator_client, page, moderator):
    hide(page, 2, moderator, text=True)

    response = moderator_client.get(
        diff_url(page, **{"from": revision(page, 2).pk, "to": revision(page, 3).pk})
    )

    assert response.status_code == 200
    assert "Offensive" in response.content.decode()


def test_a_readers_default_diff_skips_a_text_hidden_previous_revision(
    client, page, moderator
):
    hide(page, 2, moderator, text=True)

    response = client.get(diff_url(page, to=revision(page, 3).pk))

    assert response.context["old"].version == 1
    assert "Offensive" not in response.content.decode()


def test_a_moderators_default_diff_compares_with_the_hidden_previous_revision(
    moderator_client, page, moderator
):
    hide(page, 2, moderator, text=True)

    response = moderator_client.get(diff_url(page, to=revision(page, 3).pk))

    assert response.context["old"].version == 2


def test_a_diff_names_no_hidden_summary_or_editor_to_a_reader(client, page, moderator):
    hide(page, 2, moderator, summary=True, editor=True)

    html = client.get(diff_url(page, to=revision(page, 2).pk)).content.decode()

    assert "(summary hidden)" in html
    assert "(editor hidden)" in html
    assert "rude" not in html
    assert "bob" not in html


def test_reverting_to_a_text_hidden_revision_is_a_404_for_an_editor(
    user_client, page, moderator
):
    hide(page, 2, moderator, text=True)

    url = reverse("page_revert", args=[page.slug, revision(page, 2).pk])
    response = user_client.post(url)

    assert response.status_code == 404
    page.refresh_from_db()
    assert page.version == 3


# --- Recent changes and contributions ---------------------------------------------


@pytest.mark.parametrize("part", ["text", "summary", "editor"])
def test_recent_changes_leave_out_a_revision_with_anything_hidden(
    client, page, moderator, part
):
    hide(page, 2, moderator, **{part: True})

    response = client.get(reverse("recent_changes"))

    versions = [change.revision.version for change in response.context["changes"]]
    assert versions == [3, 1]


def test_contributions_leave_out_a_revision_with_a_hidden_editor(
    client, page, moderator
):
    hide(page, 2, moderator, editor=True)

    response = client.get(reverse("user_profile", args=["bob"]))

    assert response.context["changes"] == []


def test_changes_list_includes_hidden_revisions_when_asked(page, moderator):
    hide(page, 2, moderator, summary=True)

    changes = changes_list(include_hidden=True)

    assert [change.revision.version for change in changes] == [3, 2, 1]


def test_a_moderator_sees_hidden_revisions_in_recent_changes(
    moderator_client, page, moderator
):
    hide(page, 2, moderator, summary=True)

    response = moderator_client.get(reverse("recent_changes"))

    assert '<s class="summary">rude</s>' in response.content.decode()


def test_a_moderator_sees_hidden_revisions_in_contributions(
    moderator_client, page, moderator
):
    hide(page, 2, moderator, editor=True)

    response = moderator_client.get(reverse("user_profile", args=["bob"]))

    assert len(response.context["changes"]) == 1


# --- The form, over HTTP -----------------------------------------------------------


def test_the_form_shows_what_is_hidden_now(moderator_client, page, moderator):
    hide(page, 2, moderator, summary=True)

    response = moderator_client.get(visibility_url(page, 2))

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "text": False,
        "summary": True,
        "editor": False,
    }


def test_a_moderator_hides_a_revision_through_the_form(moderator_client, page):
    response = moderator_client.post(
        visibility_url(page, 2), {"text": "on", "editor": "on", "reason": "Abuse"}
    )

    assert response.status_code == 302
    assert response.url == reverse("page_history", args=[page.slug])
    hidden = revision(page, 2)
    assert (hidden.text_hidden, hidden.summary_hidden, hidden.editor_hidden) == (
        True,
        False,
        True,
    )


def test_unticking_unhides_and_restores_everything(client, page, moderator):
    hide(page, 2, moderator, text=True, summary=True, editor=True)
    client.force_login(moderator)

    client.post(visibility_url(page, 2), {"reason": "Hidden by mistake"})
    client.logout()

    history = client.get(reverse("page_history", args=[page.slug])).content.decode()
    assert "hidden)" not in history
    assert "rude" in history
    assert "bob" in history
    assert client.get(diff_url(page, to=revision(page, 2).pk)).status_code == 200
    changes = client.get(reverse("recent_changes")).context["changes"]
    assert [change.revision.version for change in changes] == [3, 2, 1]


def test_the_form_refuses_to_hide_the_current_text_and_keeps_the_input(
    moderator_client, page
):
    response = moderator_client.post(
        visibility_url(page, 3), {"text": "on", "reason": "Typed reason"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Revert or roll back" in html
    assert "Typed reason" in html
    assert not revision(page, 3).text_hidden


def test_the_form_requires_a_reason(moderator_client, page):
    response = moderator_client.post(visibility_url(page, 2), {"text": "on"})

    assert response.status_code == 400
    assert not revision(page, 2).text_hidden


def test_hiding_and_unhiding_are_logged_with_the_moderator_and_reason(
    moderator_client, page, moderator
):
    moderator_client.post(visibility_url(page, 2), {"text": "on", "reason": "Abuse"})
    moderator_client.post(visibility_url(page, 2), {"reason": "Was fine"})

    entries = list(LogEntry.objects.order_by("pk"))
    assert [entry.user for entry in entries] == [moderator, moderator]
    assert entries[0].change_message == "Revision 2 of “Hyosan”: hid the text: Abuse"
    assert entries[1].change_message == (
        "Revision 2 of “Hyosan”: unhid the text: Was fine"
    )
    assert entries[0].object_id == str(revision(page, 2).pk)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_moderator_is_refused_the_form(user_client, page, method):
    data = {"text": "on", "reason": "x"} if method == "post" else None

    response = getattr(user_client, method)(visibility_url(page, 2), data)

    assert response.status_code == 403
    assert not revision(page, 2).text_hidden


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, page, method):
    url = visibility_url(page, 2)
    data = {"text": "on", "reason": "x"} if method == "post" else None

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert not revision(page, 2).text_hidden


def test_a_revision_of_other_content_is_a_404(moderator_client, page):
    other = make_page(title="Other")
    url = reverse("page_revision_visibility", args=[page.slug, other.history.get().pk])

    assert moderator_client.get(url).status_code == 404


def test_characters_and_events_have_the_form_too(moderator_client):
    character, event = make_character(), make_event()

    for kind, obj in (("character", character), ("event", event)):
        response = moderator_client.get(visibility_url(obj, 1, kind=kind))
        assert response.status_code == 200


def test_a_revert_cannot_bring_hidden_text_back_even_for_a_moderator(
    moderator_client, page, moderator
):
    hide(page, 2, moderator, text=True)
    url = reverse("page_revert", args=[page.slug, revision(page, 2).history_id])

    response = moderator_client.post(url, follow=True)

    page.refresh_from_db()
    assert page.body == "Third text\n"
    assert "is hidden; unhide it first" in response.content.decode()


def test_a_revert_summary_does_not_name_a_hidden_editor(client, page, moderator):
    from wiki.services import revision_revert

    hide(page, 2, moderator, editor=True)
    revision_revert(obj=page, revision=revision(page, 2), user=moderator)

    html = client.get(reverse("page_history", args=[page.slug])).content.decode()
    assert "by a hidden editor" in html
    assert "bob" not in html


def test_a_blocked_moderator_cannot_hide_revisions(moderator_client, page, moderator):
    from accounts.models import Block

    Block.objects.create(user=moderator, reason="Cool off", created_by=moderator)

    response = moderator_client.post(
        visibility_url(page, 2), {"text": "on", "reason": "x"}
    )

    assert response.status_code == 403
    assert not revision(page, 2).text_hidden
