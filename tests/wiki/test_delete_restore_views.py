"""Deleting and restoring over HTTP, the deleted addresses that explain, and the
list of deleted content."""

import pytest
from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.urls import reverse

from characters.models import Character
from tests.factories import make_character, make_established, make_event, make_page
from tests.wiki.conftest import delete_url
from tests.wiki.write_paths import logged_in
from timeline.models import Event
from wiki.lifecycle import content_delete
from wiki.models import Page

pytestmark = pytest.mark.django_db


def restore_url(object_id: int, kind: str = "page") -> str:
    return reverse("content_restore", args=[kind, object_id])


def deleted(obj, moderator, reason: str = "Vandal copy") -> int:
    object_id = obj.pk
    content_delete(obj=obj, user=moderator, reason=reason)
    return object_id


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
