"""What readers and moderators see of hidden revisions: the history, permalinks,
diffs, reverts, recent changes and contributions."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_character, make_event
from tests.wiki.visibility.conftest import (
    diff_url,
    edit,
    hide,
    permalink,
    revision,
    visibility_url,
)

pytestmark = pytest.mark.django_db


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


# --- Recent changes and contributions ----------------------------------------------


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
