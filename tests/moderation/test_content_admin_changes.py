"""Protecting, reverting and deleting content from the admin."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission

from accounts.models import Block, BlockScope
from tests.factories import UserFactory, edit_page, make_page
from tests.moderation.conftest import (
    admin_url,
    post_with_token,
    revision_url,
    staff_with,
    vandalised_page,
)
from wiki.models import Page, Protection

pytestmark = pytest.mark.django_db


# --- Protect -----------------------------------------------------------------------


def test_the_change_form_shows_content_read_only_and_protection_editable(
    moderator_client,
):
    page = make_page(body="Rooftop.\n")

    form = (
        moderator_client.get(admin_url(page, "change", page.pk))
        .context["adminform"]
        .form
    )

    assert set(form.fields) == {"protection", "reason"}


def test_protecting_from_the_change_form_sets_the_level_without_a_revision(
    moderator_csrf_client, moderator, content
):
    url = admin_url(content, "change", content.pk)

    response = post_with_token(
        moderator_csrf_client,
        url,
        {"protection": Protection.MODERATORS, "reason": "Edit war"},
    )

    assert response.status_code == 302
    content.refresh_from_db()
    assert content.protection == Protection.MODERATORS
    assert content.version == 1
    assert content.history.count() == 1
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, CHANGE)
    assert entry.change_message == "Protection set to “Moderators only”: Edit war"


def test_protecting_without_a_reason_shows_an_error_and_changes_nothing(
    moderator_client,
):
    page = make_page()

    response = moderator_client.post(
        admin_url(page, "change", page.pk),
        {"protection": Protection.MODERATORS, "reason": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"]
    assert Page.objects.get().protection == Protection.OPEN
    assert not LogEntry.objects.exists()


def test_saving_the_change_form_unchanged_logs_nothing(moderator_client):
    page = make_page()

    response = moderator_client.post(
        admin_url(page, "change", page.pk), {"protection": "open", "reason": ""}
    )

    assert response.status_code == 302
    assert not LogEntry.objects.exists()


def test_a_protection_change_the_wiki_rules_refuse_is_a_form_error(
    moderator_client, monkeypatch
):
    page = make_page()
    monkeypatch.setattr("wiki.admin.edit_refusal", lambda obj, user: "Not today.")

    response = moderator_client.post(
        admin_url(page, "change", page.pk),
        {"protection": Protection.MODERATORS, "reason": "Edit war"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["Not today."]
    assert Page.objects.get().protection == Protection.OPEN
    assert not LogEntry.objects.exists()


# --- Revert ------------------------------------------------------------------------


def test_the_revert_page_offers_a_reason_instead_of_protection(moderator_client):
    page = make_page()
    edit_page(page, "Vandalised.\n")

    form = moderator_client.get(revision_url(page, 1)).context["adminform"].form

    assert set(form.fields) == {"reason"}


def test_reverting_from_the_admin_makes_a_new_revision_and_logs_it(
    moderator_csrf_client, moderator
):
    page = make_page(body="The original text.\n")
    edit_page(page, "Vandalised.\n")
    url = revision_url(page, 1)

    response = post_with_token(moderator_csrf_client, url, {"reason": "Vandalism"})

    assert response.status_code == 302
    assert response.url == admin_url(page, "history", page.pk)
    page.refresh_from_db()
    assert page.version == 3
    assert page.body == "The original text.\n"
    newest = page.history.first()
    assert (newest.version, newest.history_user) == (3, moderator)
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, CHANGE)
    assert entry.change_message == "Reverted to revision 1: Vandalism"


def test_a_revert_without_a_reason_is_logged_as_reverted_from_the_admin(
    moderator_client,
):
    page = make_page()
    edit_page(page, "Vandalised.\n")

    moderator_client.post(revision_url(page, 1), {"reason": ""})

    assert LogEntry.objects.get().change_message == (
        "Reverted to revision 1: Reverted from the admin"
    )


def test_control_characters_in_a_revert_reason_are_left_out_of_the_log(
    moderator_client,
):
    # PostgreSQL refuses a NUL in text: kept, it would make the revert a 500.
    page = make_page()
    edit_page(page, "Vandalised.\n")

    moderator_client.post(revision_url(page, 1), {"reason": "spam\x00\x07 again"})

    page.refresh_from_db()
    assert page.version == 3
    assert LogEntry.objects.get().change_message == (
        "Reverted to revision 1: spam again"
    )


def test_reverting_to_the_current_content_makes_no_revision(moderator_client):
    page = make_page()

    response = moderator_client.post(revision_url(page, 1), follow=True)

    assert "is the current content already" in response.content.decode()
    assert Page.objects.get().version == 1
    assert not LogEntry.objects.exists()


def test_a_view_only_staff_member_cannot_revert(client):
    page = make_page()
    edit_page(page, "Vandalised.\n")
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_page", "view_historicalpage"])
    )
    client.force_login(viewer)

    response = client.post(revision_url(page, 1))

    assert response.status_code == 403
    assert Page.objects.get().version == 2


def test_staff_who_may_change_pages_but_do_not_moderate_cannot_revert_or_protect(
    client,
):
    page = vandalised_page(protection=Protection.MODERATORS)
    staff_with(client, "view_page", "change_page", "change_historicalpage")

    revert = client.post(revision_url(page, 1), {"reason": "Mine"})
    protect = client.post(
        admin_url(page, "change", page.pk), {"protection": "open", "reason": "Mine"}
    )

    assert (revert.status_code, protect.status_code) == (403, 403)
    page.refresh_from_db()
    assert (page.version, page.protection) == (2, Protection.MODERATORS)
    assert not LogEntry.objects.exists()


def test_a_moderator_blocked_from_editing_cannot_revert_or_protect(
    moderator_client, moderator
):
    page = vandalised_page(protection=Protection.MODERATORS)
    Block.objects.create(
        user=moderator,
        scope=BlockScope.EDITING,
        reason="Edit war",
        created_by=UserFactory(),
    )

    moderator_client.post(revision_url(page, 1), {"reason": "Mine"})
    moderator_client.post(
        admin_url(page, "change", page.pk), {"protection": "open", "reason": "Mine"}
    )

    page.refresh_from_db()
    assert (page.version, page.protection) == (2, Protection.MODERATORS)
    assert not LogEntry.objects.exists()


def test_a_revert_the_wiki_rules_refuse_is_an_error_message_and_changes_nothing(
    moderator_client, monkeypatch
):
    page = vandalised_page()
    monkeypatch.setattr("wiki.admin.edit_refusal", lambda obj, user: "Not today.")

    response = moderator_client.post(revision_url(page, 1), follow=True)

    assert "Revision 1 cannot come back: Not today." in response.content.decode()
    assert Page.objects.get().version == 2
    assert not LogEntry.objects.exists()


def test_reverting_to_a_revision_whose_text_is_hidden_is_an_error_message(
    moderator_client,
):
    page = vandalised_page()
    page.history.filter(version=1).update(text_hidden=True)

    response = moderator_client.post(revision_url(page, 1), follow=True)

    assert response.status_code == 200
    assert "The text of revision 1 is hidden" in response.content.decode()
    assert Page.objects.get().version == 2


# --- Delete ------------------------------------------------------------------------


def test_deleting_without_a_reason_shows_the_form_again_with_an_error(
    moderator_client,
):
    page = make_page()

    response = moderator_client.post(
        admin_url(page, "delete", page.pk), {"post": "yes", "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Page.objects.filter(pk=page.pk).exists()
    assert not LogEntry.objects.exists()


def test_deleting_from_the_admin_keeps_the_history_and_logs_the_reason(
    moderator_csrf_client, moderator, content
):
    url = admin_url(content, "delete", content.pk)

    response = post_with_token(
        moderator_csrf_client, url, {"post": "yes", "reason": "Spam"}
    )

    assert response.status_code == 302
    model = type(content)
    assert not model.objects.filter(pk=content.pk).exists()
    deletion = model.history.filter(id=content.pk).first()
    assert (deletion.history_type, deletion.history_user) == ("-", moderator)
    assert model.history.filter(id=content.pk).count() == 2
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, DELETION)
    assert entry.change_message.endswith(": Spam")


def test_the_delete_page_asks_for_a_reason(moderator_client):
    page = make_page()

    html = moderator_client.get(admin_url(page, "delete", page.pk)).content.decode()

    assert 'name="reason"' in html
    assert "Its history is kept" in html


def test_deleting_selected_content_first_asks_for_a_reason(moderator_client):
    pages = [make_page(title="Spam one"), make_page(title="Spam two")]

    response = moderator_client.post(
        admin_url(Page, "changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in pages]},
    )

    assert response.status_code == 200
    assert response.context["form"].is_bound is False
    assert 'name="reason"' in response.content.decode()
    assert Page.objects.count() == 2


def test_deleting_selected_content_without_a_reason_deletes_nothing(
    moderator_client,
):
    page = make_page()

    response = moderator_client.post(
        admin_url(Page, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [page.pk],
            "post": "yes",
            "reason": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Page.objects.exists()


def test_deleting_selected_content_deletes_each_through_the_lifecycle_service(
    moderator_csrf_client, moderator
):
    pages = [make_page(title="Spam one"), make_page(title="Spam two")]
    url = admin_url(Page, "changelist")

    response = post_with_token(
        moderator_csrf_client,
        url,
        {
            "action": "delete_selected",
            "_selected_action": [page.pk for page in pages],
            "post": "yes",
            "reason": "Spam",
        },
    )

    assert response.status_code == 302
    assert not Page.objects.exists()
    assert Page.history.filter(history_type="-").count() == 2
    assert LogEntry.objects.filter(action_flag=DELETION, user=moderator).count() == 2


def test_deleting_the_main_page_from_the_admin_is_refused_with_the_reason(
    moderator_client, settings
):
    page = make_page(title=settings.MAIN_PAGE_TITLE)

    response = moderator_client.post(
        admin_url(page, "delete", page.pk), {"post": "yes", "reason": "Oops"}
    )

    assert response.status_code == 200
    assert "is the main page" in response.content.decode()
    assert Page.objects.filter(pk=page.pk).exists()


def test_a_bulk_delete_deletes_what_it_may_and_says_what_it_refused(
    moderator_client, settings
):
    main = make_page(title=settings.MAIN_PAGE_TITLE)
    spam = make_page(title="Spam")

    response = moderator_client.post(
        admin_url(Page, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [main.pk, spam.pk],
            "post": "yes",
            "reason": "Cleanup",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Deleted “Spam”." in html
    assert "Not deleted: “Main page” is the main page" in html
    assert list(Page.objects.values_list("title", flat=True)) == ["Main page"]
