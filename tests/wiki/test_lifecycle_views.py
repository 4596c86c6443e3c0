"""Rename, delete, restore and the deleted-content list over HTTP, and the old
addresses that redirect or explain."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.test import Client
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
from timeline.models import Event
from wiki.lifecycle import content_delete, content_rename
from wiki.models import Page, Protection, Redirect

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rename_url(obj, kind: str = "page") -> str:
    return reverse(f"{kind}_rename", args=[obj.slug])


def delete_url(obj, kind: str = "page") -> str:
    return reverse(f"{kind}_delete", args=[obj.slug])


def restore_url(object_id: int, kind: str = "page") -> str:
    return reverse("content_restore", args=[kind, object_id])


@pytest.fixture
def page():
    return make_page(title="Rooftop", body="Up on the roof.\n")


@pytest.fixture
def established_client():
    return logged_in(make_established(username="Veteran"))


def deleted(obj, moderator, reason: str = "Vandal copy") -> int:
    object_id = obj.pk
    content_delete(obj=obj, user=moderator, reason=reason)
    return object_id


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


@pytest.fixture
def renamed(page, moderator):
    return content_rename(
        obj=page, user=moderator, new_title="School rooftop", reason="Precise"
    )


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


# --- Delete ------------------------------------------------------------------------


def test_a_moderator_sees_the_delete_form(moderator_client, page):
    response = moderator_client.get(delete_url(page))

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()


def test_a_moderator_deletes_with_a_reason(moderator_client, moderator, page):
    response = moderator_client.post(delete_url(page), {"reason": "Spam"})

    assert response.status_code == 302
    assert response["Location"] == reverse("deleted_list")
    assert not Page.objects.filter(pk=page.pk).exists()
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, DELETION)
    assert "Spam" in entry.change_message


def test_deleting_without_a_reason_is_a_400(moderator_client, page):
    response = moderator_client.post(delete_url(page), {"reason": ""})

    assert response.status_code == 400
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_is_refused_to_non_moderators(method, page):
    client = logged_in(make_established())

    response = getattr(client, method)(delete_url(page), {"reason": "Spam"})

    assert response.status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_asks_an_anonymous_visitor_to_log_in(client, method, page):
    response = getattr(client, method)(delete_url(page), {"reason": "Spam"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Page.objects.filter(pk=page.pk).exists()


def test_a_character_is_deleted_over_http(moderator_client):
    character = make_character()

    moderator_client.post(delete_url(character, "character"), {"reason": "Copy"})

    assert not Character.objects.exists()


def test_an_event_is_deleted_over_http(moderator_client):
    event = make_event()

    moderator_client.post(delete_url(event, "event"), {"reason": "Rumour"})

    assert not Event.objects.exists()


# --- Deleted addresses -------------------------------------------------------------


def test_a_deleted_page_is_a_404_that_says_who_deleted_it_when_and_why(
    client, page, moderator
):
    deleted(page, moderator, reason="Vandal copy")

    response = client.get("/wiki/rooftop/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "“Rooftop” was deleted on" in html
    assert "Moderator" in html
    assert "Vandal copy" in html
    assert "Restore" not in html


def test_the_other_addresses_of_deleted_content_explain_too(client, page, moderator):
    deleted(page, moderator)

    response = client.get("/wiki/rooftop/history/")

    assert response.status_code == 404
    assert "was deleted" in response.content.decode()


def test_a_moderator_gets_a_restore_button_on_the_deleted_address(
    moderator_client, page, moderator
):
    object_id = deleted(page, moderator)

    html = moderator_client.get("/wiki/rooftop/").content.decode()

    assert restore_url(object_id) in html


def test_the_old_address_of_deleted_renamed_content_explains(
    client, renamed, moderator
):
    deleted(renamed, moderator, reason="Spam")

    response = client.get("/wiki/rooftop/")

    assert response.status_code == 404
    assert "“School rooftop” was deleted" in response.content.decode()


def test_links_to_a_deleted_page_are_red(client, page, moderator):
    linker = make_page(title="Linker", body="Up on the [[Rooftop]].")
    deleted(page, moderator)

    html = client.get(linker.get_absolute_url()).content.decode()

    assert "wikilink-missing" in html


# --- Deleted list ------------------------------------------------------------------


def test_the_deleted_list_shows_who_when_and_why_newest_first(
    moderator_client, moderator
):
    deleted(make_page(title="Rooftop"), moderator, reason="First reason")
    deleted(make_character(), moderator, reason="Second reason")

    response = moderator_client.get(reverse("deleted_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Second reason") < html.index("First reason")
    assert "Nam On-jo" in html
    assert "Moderator" in html


def test_the_deleted_list_pages_by_date(monkeypatch, moderator_client, moderator):
    monkeypatch.setattr("wiki.lifecycle_views.DELETED_PAGE_SIZE", 1)
    deleted(make_page(title="Rooftop"), moderator, reason="Older one")
    deleted(make_page(title="Gym"), moderator, reason="Newer one")

    first = moderator_client.get(reverse("deleted_list"))
    second = moderator_client.get(
        reverse("deleted_list"), {"before": first.context["older"]}
    )

    assert "Newer one" in first.content.decode()
    assert "Older one" not in first.content.decode()
    assert "Older one" in second.content.decode()


def test_a_bad_date_in_the_deleted_list_is_a_400(moderator_client):
    response = moderator_client.get(reverse("deleted_list"), {"before": "yesterday"})

    assert response.status_code == 400


def test_the_deleted_list_is_refused_to_non_moderators(user_client):
    assert user_client.get(reverse("deleted_list")).status_code == 403


def test_the_deleted_list_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("deleted_list"))

    assert response["Location"].startswith(reverse("login"))


# --- Restore -----------------------------------------------------------------------


def test_a_moderator_restores_a_page_with_its_history(
    moderator_client, moderator, page
):
    object_id = deleted(page, moderator)

    response = moderator_client.post(restore_url(object_id), {"reason": "Not spam"})

    assert response["Location"] == "/wiki/rooftop/"
    restored = Page.objects.get(pk=object_id)
    assert restored.history.count() == 3
    assert moderator_client.get("/wiki/rooftop/").status_code == 200
    entry = LogEntry.objects.get(action_flag=ADDITION)
    assert entry.user == moderator
    assert "Not spam" in entry.change_message


def test_restoring_without_a_reason_is_a_400(moderator_client, moderator, page):
    object_id = deleted(page, moderator)

    response = moderator_client.post(restore_url(object_id), {"reason": ""})

    assert response.status_code == 400
    assert not Page.objects.filter(pk=object_id).exists()


def test_restoring_onto_a_taken_slug_is_a_400_that_says_why(
    moderator_client, moderator, page
):
    object_id = deleted(page, moderator)
    make_page(title="Rooftop")

    response = moderator_client.post(restore_url(object_id), {"reason": "Not spam"})

    assert response.status_code == 400
    assert "has its address now" in response.content.decode()


def test_restoring_twice_leads_to_the_restored_page(moderator_client, moderator, page):
    object_id = deleted(page, moderator)
    moderator_client.post(restore_url(object_id), {"reason": "Not spam"})

    response = moderator_client.post(restore_url(object_id), {"reason": "Not spam"})

    assert response["Location"] == "/wiki/rooftop/"
    assert Page.objects.get(pk=object_id).history.count() == 3


def test_restoring_something_never_deleted_is_a_404(moderator_client):
    response = moderator_client.post(restore_url(999), {"reason": "Why"})

    assert response.status_code == 404


def test_restoring_an_unknown_kind_is_a_404(moderator_client):
    response = moderator_client.post(restore_url(1, "song"), {"reason": "Why"})

    assert response.status_code == 404


def test_restoring_is_refused_to_non_moderators_even_by_a_direct_post(moderator, page):
    object_id = deleted(page, moderator)

    response = logged_in(make_established()).post(
        restore_url(object_id), {"reason": "Mine"}
    )

    assert response.status_code == 403
    assert not Page.objects.filter(pk=object_id).exists()


def test_restoring_asks_an_anonymous_visitor_to_log_in(client, moderator, page):
    object_id = deleted(page, moderator)

    response = client.post(restore_url(object_id), {"reason": "Mine"})

    assert response["Location"].startswith(reverse("login"))
    assert not Page.objects.filter(pk=object_id).exists()


def test_restore_takes_only_posts(moderator_client, moderator, page):
    object_id = deleted(page, moderator)

    assert moderator_client.get(restore_url(object_id)).status_code == 405


def test_a_character_is_restored_over_http(moderator_client, moderator):
    object_id = deleted(make_character(), moderator)

    response = moderator_client.post(
        restore_url(object_id, "character"), {"reason": "Real"}
    )

    assert response["Location"] == "/characters/nam-on-jo/"


def test_an_event_is_restored_over_http(moderator_client, moderator):
    object_id = deleted(make_event(), moderator)

    response = moderator_client.post(restore_url(object_id, "event"), {"reason": "Ok"})

    assert response["Location"] == "/timeline/season-2-confirmed/"


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


def test_the_delete_form_of_the_main_page_says_why_it_cannot_be_deleted(
    moderator_client, settings
):
    from tests.factories import make_page
    from wiki.models import Page

    page = make_page(title=settings.MAIN_PAGE_TITLE)

    response = moderator_client.post(
        f"/wiki/{page.slug}/delete/", {"reason": "Start over"}
    )

    assert response.status_code == 400
    assert "is the main page" in response.content.decode()
    assert Page.objects.filter(pk=page.pk).exists()
