"""The form with which a moderator hides and unhides a revision, over HTTP."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.factories import make_character, make_event, make_page
from tests.wiki.visibility.conftest import diff_url, hide, revision, visibility_url

pytestmark = pytest.mark.django_db


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


def test_a_blocked_moderator_cannot_hide_revisions(moderator_client, page, moderator):
    from accounts.models import Block

    Block.objects.create(user=moderator, reason="Cool off", created_by=moderator)

    response = moderator_client.post(
        visibility_url(page, 2), {"text": "on", "reason": "x"}
    )

    assert response.status_code == 403
    assert not revision(page, 2).text_hidden
