"""Hostile requests for what a user may not reach: a revert to another page's
revision, a hidden revision opened by someone who is not a moderator, and a
foreign Host header. Each is a 4xx and writes nothing.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from tests.security.hostile import (
    edit_form,
    edit_url,
    edited,
    page_text,
    revisions,
)
from wiki.visibility import revision_visibility_set

pytestmark = pytest.mark.django_db

# --- A revision of other content ------------------------------------------------------


@pytest.mark.parametrize("make", [make_page, make_character, make_event])
@pytest.mark.parametrize("as_moderator", [False, True], ids=["editor", "moderator"])
def test_reverting_to_a_revision_of_other_content_is_a_404(
    editor_client, moderator_client, unchanged, make, as_moderator
):
    kind = make.__name__.removeprefix("make_")
    names = {"page": "title", "character": "name", "event": "title"}
    target = make(**{names[kind]: "Target"})
    other = edited(make(**{names[kind]: "Other"}))
    foreign = revisions(other)[0]
    client = moderator_client if as_moderator else editor_client
    url = reverse(f"{kind}_revert", args=[target.slug, foreign])

    with unchanged():
        response = client.post(url)

    assert response.status_code == 404


def test_no_view_opens_a_revision_of_another_page(editor_client, moderator_client):
    target = make_page(title="Target")
    other = edited(make_page(title="Other"))
    foreign = revisions(other)[0]
    slug = target.slug
    urls = [
        f"/wiki/{slug}/?revision={foreign}",
        reverse("page_diff", args=[slug]) + f"?from={foreign}",
        reverse("page_diff", args=[slug]) + f"?to={foreign}",
        reverse("api:page-revision-detail", args=[slug, foreign]),
    ]
    assert [editor_client.get(url).status_code for url in urls] == [404] * 4
    visibility = reverse("page_revision_visibility", args=[slug, foreign])
    data = {"text": "on", "reason": "Rude"}
    assert moderator_client.post(visibility, data).status_code == 404
    assert not other.history.filter(text_hidden=True).exists()


# --- A hidden revision, for someone who is not a moderator ----------------------------


@pytest.fixture
def hidden(moderator):
    """Revision 2 of a page, by bob, with its text, summary and editor hidden."""
    page = make_page(title="Nam-ra", body="First.\n")
    bob = UserFactory(username="bob")
    edit_page(page, "Doxxing text.\n", user=bob, summary="Secret summary")
    page.refresh_from_db()
    edit_page(page, "Third.\n")
    revision = page.history.get(version=2)
    revision_visibility_set(
        revision=revision,
        moderator=moderator,
        text=True,
        summary=True,
        editor=True,
        reason="Personal data",
    )
    return page, revision.history_id, bob


def hidden_urls(page, hidden_id: int) -> list[str]:
    diff = reverse("page_diff", args=[page.slug])
    first = page.history.get(version=1).history_id
    return [
        f"{page.get_absolute_url()}?revision={hidden_id}",
        f"{diff}?to={hidden_id}",
        f"{diff}?from={hidden_id}",
        f"{diff}?from={first}&to={hidden_id}",
        reverse("api:page-revision-detail", args=[page.slug, hidden_id]),
    ]


@pytest.mark.parametrize("who", ["visitor", "editor", "its own author"])
def test_a_hidden_revision_is_a_404_for_anyone_but_a_moderator(
    hidden, editor, unchanged, who
):
    page, hidden_id, bob = hidden
    client = Client()
    if who != "visitor":
        client.force_login(editor if who == "editor" else bob)

    with unchanged():
        statuses = [client.get(url).status_code for url in hidden_urls(page, hidden_id)]
        reverted = client.post(reverse("page_revert", args=[page.slug, hidden_id]))

    assert statuses == [404] * 5
    assert reverted.status_code == (302 if who == "visitor" else 404)
    for url in (
        reverse("page_history", args=[page.slug]),
        reverse("recent_changes"),
        reverse("page_history_feed", args=[page.slug]),
        reverse("api:page-revision-list", args=[page.slug]),
    ):
        text = page_text(client.get(url))
        assert "Secret summary" not in text and "Doxxing" not in text, url
        if who != "its own author":  # whose menu links to his own profile
            assert "/users/bob/" not in text, url


def test_a_moderator_opens_the_hidden_revision(hidden, moderator_client):
    # The URLs above are the right ones: only who asks makes them a 404 (but
    # the API, which knows no one, never serves a hidden revision).
    page, hidden_id, _ = hidden

    statuses = [
        moderator_client.get(url).status_code for url in hidden_urls(page, hidden_id)
    ]

    assert statuses == [200, 200, 200, 200, 404]


# --- A foreign Host header ------------------------------------------------------------

FOREIGN_HOSTS = ["evil.example", "testserver.evil.example", "testserver@evil.example"]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_header_is_a_400_for_reads_and_writes(
    editor_client, unchanged, mailoutbox, host
):
    page = make_page(title="Nam-ra")
    UserFactory(username="fan")
    anonymous = Client()

    with unchanged():
        responses = [
            editor_client.get("/", HTTP_HOST=host),
            editor_client.get(page.get_absolute_url(), HTTP_HOST=host),
            editor_client.post(
                edit_url(page), edit_form(page, body="Edited.\n"), HTTP_HOST=host
            ),
            anonymous.post(
                reverse("password_reset"), {"email": "fan@example.org"}, HTTP_HOST=host
            ),
            anonymous.post(
                reverse("login"),
                {"username": "fan", "password": PASSWORD},
                HTTP_HOST=host,
            ),
        ]

    assert [response.status_code for response in responses] == [400] * 5
    assert "evil" not in page_text(responses[0])
    assert mailoutbox == []


def test_a_forwarded_host_does_not_reach_a_password_reset_link(
    client, unchanged, mailoutbox
):
    UserFactory(username="fan")

    with unchanged():
        response = client.post(
            reverse("password_reset"),
            {"email": "fan@example.org"},
            HTTP_X_FORWARDED_HOST="evil.example",
        )

    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "http://testserver/accounts/reset/" in mail.body
    assert "evil.example" not in mail.body
