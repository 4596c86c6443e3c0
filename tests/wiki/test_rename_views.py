"""Renaming over HTTP, the old addresses that redirect to the new ones, and the
rename and delete tabs."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from accounts.models import Block, BlockScope
from characters.models import Character
from tests.factories import (
    make_character,
    make_established,
    make_event,
    make_moderator,
    make_page,
)
from tests.wiki.conftest import delete_url, rename_url
from tests.wiki.write_paths import logged_in
from wiki.lifecycle import content_rename
from wiki.models import Page, Protection, Redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def established_client():
    return logged_in(make_established(username="Veteran"))


# --- Rename ------------------------------------------------------------------------


def test_an_established_account_sees_the_rename_form(established_client, page):
    response = established_client.get(rename_url(page))

    assert response.status_code == 200
    assert 'value="Rooftop"' in response.content.decode()


def test_renaming_over_http_moves_the_page_and_says_so(established_client, page):
    response = established_client.post(
        rename_url(page), {"new_title": "School rooftop", "reason": "Precise"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/wiki/school-rooftop/"
    assert Page.objects.get(pk=page.pk).title == "School rooftop"
    assert Redirect.objects.get().old_slug == "rooftop"


def test_renaming_to_a_taken_title_shows_the_form_again_with_a_400(
    established_client, page
):
    make_page(title="Gym")

    response = established_client.post(
        rename_url(page), {"new_title": "Gym", "reason": "Why"}
    )

    assert response.status_code == 400
    assert "already has this title" in response.content.decode()
    assert 'value="Gym"' in response.content.decode()


def test_renaming_without_a_reason_is_a_400(established_client, page):
    response = established_client.post(rename_url(page), {"new_title": "Roof"})

    assert response.status_code == 400
    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_is_refused_to_a_new_account_even_by_a_direct_post(user_client, page):
    response = user_client.post(
        rename_url(page), {"new_title": "Roof", "reason": "Shorter"}
    )

    assert response.status_code == 403
    assert "established accounts" in response.content.decode()
    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_is_refused_to_a_blocked_user_with_the_block_reason(page):
    user = make_established()
    Block.objects.create(
        user=user,
        scope=BlockScope.EDITING,
        reason="Moving pages around for fun",
        created_by=make_moderator(),
    )

    response = logged_in(user).post(
        rename_url(page), {"new_title": "Roof", "reason": "Shorter"}
    )

    assert response.status_code == 403
    assert "Moving pages around for fun" in response.content.decode()
    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_semi_protected_content_is_refused_to_a_new_account(user_client, page):
    Page.objects.filter(pk=page.pk).update(protection=Protection.ESTABLISHED)

    response = user_client.post(
        rename_url(page), {"new_title": "Roof", "reason": "Shorter"}
    )

    assert response.status_code == 403
    assert "is protected" in response.content.decode()


def test_renaming_fully_protected_content_is_refused_to_an_established_account(
    established_client, page
):
    Page.objects.filter(pk=page.pk).update(protection=Protection.MODERATORS)

    response = established_client.post(
        rename_url(page), {"new_title": "Roof", "reason": "Shorter"}
    )

    assert response.status_code == 403
    assert "only moderators can change it" in response.content.decode()
    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_too_fast_is_a_429_that_keeps_the_typed_title(
    settings, established_client, page
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit_established": (1, 60)}
    other = make_page(title="Gym")
    established_client.post(rename_url(other), {"new_title": "Hall", "reason": "A"})

    response = established_client.post(
        rename_url(page), {"new_title": "Typed new title", "reason": "B"}
    )

    assert response.status_code == 429
    assert 'value="Typed new title"' in response.content.decode()
    assert Page.objects.get(pk=page.pk).title == "Rooftop"


def test_renaming_asks_an_anonymous_visitor_to_log_in(client, page):
    response = client.post(rename_url(page), {"new_title": "Roof", "reason": "A"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_renaming_over_http_is_in_the_moderation_log(established_client, page):
    established_client.post(rename_url(page), {"new_title": "Roof", "reason": "Short"})

    entry = LogEntry.objects.get()
    assert (entry.user.username, entry.action_flag) == ("Veteran", CHANGE)
    assert "Short" in entry.change_message


def test_a_character_is_renamed_by_its_name(established_client):
    character = make_character(name="Nam On-jo")

    response = established_client.post(
        rename_url(character, "character"),
        {"new_title": "On-jo Nam", "reason": "Order"},
    )

    assert response.status_code == 302
    assert Character.objects.get(pk=character.pk).name == "On-jo Nam"


def test_the_rename_form_of_a_character_asks_for_a_new_name(established_client):
    character = make_character(name="Nam On-jo")

    html = established_client.get(rename_url(character, "character")).content.decode()

    assert "New name" in html


def test_an_event_is_renamed_over_http(established_client):
    event = make_event(title="Season 2 confirmed")

    response = established_client.post(
        rename_url(event, "event"),
        {"new_title": "Second season confirmed", "reason": "Style"},
    )

    assert response["Location"] == "/timeline/second-season-confirmed/"


# --- Old addresses -----------------------------------------------------------------


def test_the_old_address_redirects_to_the_new_one(client, renamed):
    response = client.get("/wiki/rooftop/")

    assert response.status_code == 302
    assert response["Location"] == "/wiki/school-rooftop/"


def test_the_redirected_page_says_where_the_reader_came_from(client, renamed):
    response = client.get("/wiki/rooftop/", follow=True)

    assert "Redirected from “Rooftop”" in response.content.decode()


@pytest.mark.parametrize("action", ["history", "edit", "diff"])
def test_the_old_addresses_of_each_view_redirect_keeping_the_query(
    user_client, renamed, action
):
    response = user_client.get(f"/wiki/rooftop/{action}/?before=5&x=y")

    assert response.status_code == 302
    assert response["Location"] == f"/wiki/school-rooftop/{action}/?before=5&x=y"


def test_a_form_posted_to_an_old_address_is_not_redirected(user_client, renamed):
    revision = renamed.history.last()

    response = user_client.post(f"/wiki/rooftop/revert/{revision.history_id}/")

    assert response.status_code == 404


def test_a_missing_revision_of_existing_content_stays_a_plain_404(client, renamed):
    response = client.get("/wiki/school-rooftop/diff/?to=999999")

    assert response.status_code == 404


def test_an_address_that_never_existed_is_a_plain_404(client):
    response = client.get("/wiki/never-was/")

    assert response.status_code == 404
    assert "was deleted" not in response.content.decode()


def test_renaming_back_over_a_redirect_works(established_client, renamed):
    response = established_client.post(
        rename_url(renamed), {"new_title": "Rooftop", "reason": "Undo"}
    )

    assert response["Location"] == "/wiki/rooftop/"
    assert established_client.get("/wiki/rooftop/").status_code == 200
    assert (
        established_client.get("/wiki/school-rooftop/")["Location"] == "/wiki/rooftop/"
    )


def test_the_old_address_of_a_character_redirects(client, moderator):
    character = make_character(name="Nam On-jo")
    content_rename(obj=character, user=moderator, new_title="On-jo Nam", reason="A")

    response = client.get("/characters/nam-on-jo/")

    assert response["Location"] == "/characters/on-jo-nam/"


# --- Tabs --------------------------------------------------------------------------


def test_an_established_account_sees_a_rename_tab(established_client, page):
    html = established_client.get(page.get_absolute_url()).content.decode()

    assert rename_url(page) in html
    assert delete_url(page) not in html


def test_a_new_account_sees_no_rename_tab(user_client, page):
    html = user_client.get(page.get_absolute_url()).content.decode()

    assert rename_url(page) not in html


def test_a_moderator_sees_rename_and_delete_tabs(moderator_client, page):
    html = moderator_client.get(page.get_absolute_url()).content.decode()

    assert rename_url(page) in html
    assert delete_url(page) in html


def test_an_anonymous_reader_sees_neither_tab(client, page):
    html = client.get(page.get_absolute_url()).content.decode()

    assert rename_url(page) not in html
    assert delete_url(page) not in html


def test_a_blocked_established_account_sees_no_rename_tab(page):
    user = make_established()
    Block.objects.create(
        user=user, scope=BlockScope.EDITING, reason="No", created_by=make_moderator()
    )

    html = logged_in(user).get(page.get_absolute_url()).content.decode()

    assert rename_url(page) not in html


def test_a_new_account_is_refused_the_rename_form_too(user_client, page):
    response = user_client.get(rename_url(page))

    assert response.status_code == 403
    assert '<button type="submit">Rename</button>' not in response.content.decode()
