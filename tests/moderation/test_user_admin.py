from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory, edit_page, make_page
from tests.moderation.conftest import admin_url, post_with_token
from wiki.models import Page

pytestmark = pytest.mark.django_db


def an_hour_ago() -> str:
    return (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def rollback_data(*users, **fields) -> dict:
    return {
        "action": "rollback_edits",
        "_selected_action": [user.pk for user in users],
        "post": "yes",
        "since": an_hour_ago(),
        "reason": "Vandalism spree",
        **fields,
    }


def offered_actions(response) -> set[str]:
    return set(dict(response.context["action_form"].fields["action"].choices))


def test_a_moderator_can_see_users_and_open_one(moderator_client):
    fan = UserFactory()

    assert moderator_client.get(admin_url(User, "changelist")).status_code == 200
    assert moderator_client.get(admin_url(User, "change", fan.pk)).status_code == 200


def test_rolling_back_a_users_edits_first_asks_since_when_and_why(moderator_client):
    vandal = UserFactory()

    response = moderator_client.post(
        admin_url(User, "changelist"),
        {"action": "rollback_edits", "_selected_action": [vandal.pk]},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="since"' in html and 'name="reason"' in html


def test_rolling_back_without_a_reason_shows_an_error_and_changes_nothing(
    moderator_client,
):
    page = make_page(body="Good text.\n")
    vandal = UserFactory()
    edit_page(page, "Vandalised.\n", user=vandal)

    response = moderator_client.post(
        admin_url(User, "changelist"), rollback_data(vandal, reason="")
    )

    assert response.context["form"].errors["reason"]
    assert Page.objects.get().body == "Vandalised.\n"


def test_a_rollback_time_in_the_future_is_a_form_error(moderator_client):
    vandal = UserFactory()
    tomorrow = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = moderator_client.post(
        admin_url(User, "changelist"), rollback_data(vandal, since=tomorrow)
    )

    assert response.context["form"].errors["since"]


def test_rolling_back_undoes_each_edit_since_then_as_a_new_revision(
    moderator_csrf_client, moderator
):
    page = make_page(title="Hyosan High School", body="Good text.\n")
    vandal = UserFactory(username="vandal")
    edit_page(page, "Vandalised.\n", user=vandal)

    response = post_with_token(
        moderator_csrf_client,
        admin_url(User, "changelist"),
        rollback_data(vandal),
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.body, page.version) == ("Good text.\n", 3)
    assert page.history.first().history_user == moderator
    assert LogEntry.objects.filter(user=moderator, action_flag=CHANGE).exists()


def test_the_rollback_message_lists_what_was_rolled_back_and_what_was_skipped(
    moderator_client,
):
    vandal = UserFactory(username="vandal")
    rolled = make_page(title="Hyosan High School", body="Good text.\n")
    edit_page(rolled, "Vandalised.\n", user=vandal)
    contested = make_page(title="Rooftop", body="Good text.\n")
    edit_page(contested, "Vandalised.\n", user=vandal)
    contested.refresh_from_db()
    edit_page(contested, "Fixed by hand.\n")

    response = moderator_client.post(
        admin_url(User, "changelist"), rollback_data(vandal), follow=True
    )

    html = response.content.decode()
    assert "Edits by vandal: rolled back “Hyosan High School”" in html
    assert "skipped “Rooftop” (edited by others since)" in html
    assert Page.objects.get(title="Rooftop").body == "Fixed by hand.\n"


def test_a_user_with_no_edits_since_then_has_nothing_rolled_back(moderator_client):
    quiet = UserFactory(username="quiet")

    response = moderator_client.post(
        admin_url(User, "changelist"), rollback_data(quiet), follow=True
    )

    assert "No edits by quiet to roll back." in response.content.decode()


def test_staff_without_the_moderate_permission_are_not_offered_a_rollback(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(viewer)

    response = client.get(admin_url(User, "changelist"))

    assert response.status_code == 200
    assert response.context["action_form"] is None


def test_a_superuser_makes_moderators_who_can_then_use_the_admin(superuser_client):
    fan = UserFactory()

    response = superuser_client.post(
        admin_url(User, "changelist"),
        {"action": "make_moderators", "_selected_action": [fan.pk]},
    )

    assert response.status_code == 302
    fan.refresh_from_db()
    assert fan.is_staff
    assert fan.groups.filter(name="Moderators").exists()
    assert LogEntry.objects.get().change_message == "Made a moderator"


def test_moderators_cannot_make_moderators(moderator_client):
    fan = UserFactory()

    offered = offered_actions(moderator_client.get(admin_url(User, "changelist")))
    moderator_client.post(
        admin_url(User, "changelist"),
        {"action": "make_moderators", "_selected_action": [fan.pk]},
    )

    assert "make_moderators" not in offered
    assert "rollback_edits" in offered
    assert not Group.objects.get(name="Moderators").user_set.filter(pk=fan.pk).exists()


def test_a_users_page_links_to_the_block_form_for_them(moderator_client):
    fan = UserFactory()

    html = moderator_client.get(admin_url(User, "change", fan.pk)).content.decode()

    assert f'href="/admin/accounts/block/add/?user={fan.pk}"' in html


def test_the_user_list_links_each_user_to_the_block_form(moderator_client):
    fan = UserFactory()

    html = moderator_client.get(admin_url(User, "changelist")).content.decode()

    assert f'href="/admin/accounts/block/add/?user={fan.pk}"' in html
