from datetime import timedelta

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Block, BlockScope
from tests.factories import UserFactory
from tests.moderation.conftest import admin_url, post_with_token

pytestmark = pytest.mark.django_db


def block_data(user, **fields) -> dict:
    return {
        "user": user.pk,
        "scope": BlockScope.EDITING,
        "reason": "Vandalism",
        "expires_at_0": "",
        "expires_at_1": "",
        **fields,
    }


def make_block(moderator, **fields) -> Block:
    values = {"user": UserFactory(), "reason": "Vandalism", **fields}
    return Block.objects.create(created_by=moderator, **values)


def test_a_moderator_can_open_the_block_pages(moderator_client, moderator):
    block = make_block(moderator)

    for url in (
        admin_url(Block, "changelist"),
        admin_url(Block, "add"),
        admin_url(Block, "change", block.pk),
    ):
        assert moderator_client.get(url).status_code == 200, url


def test_staff_outside_the_moderators_group_are_refused_the_block_pages(
    staff_client,
):
    assert staff_client.get(admin_url(Block, "changelist")).status_code == 403
    assert staff_client.get(admin_url(Block, "add")).status_code == 403


def test_blocking_from_the_admin_records_the_moderator_and_logs_the_block(
    moderator_csrf_client, moderator
):
    vandal = UserFactory()
    url = admin_url(Block, "add")

    response = post_with_token(moderator_csrf_client, url, block_data(vandal))

    assert response.status_code == 302
    block = Block.objects.get()
    assert (block.user, block.created_by, block.expires_at) == (vandal, moderator, None)
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, ADDITION)
    assert entry.object_id == str(block.pk)
    assert entry.change_message.endswith(": Vandalism")


def test_a_block_with_an_expiry_lasts_until_then(moderator_client):
    vandal = UserFactory()
    tomorrow = timezone.now() + timedelta(days=1)

    moderator_client.post(
        admin_url(Block, "add"),
        block_data(
            vandal,
            expires_at_0=tomorrow.strftime("%Y-%m-%d"),
            expires_at_1=tomorrow.strftime("%H:%M:%S"),
        ),
    )

    block = Block.objects.get()
    assert block.is_active
    assert abs(block.expires_at - tomorrow) < timedelta(seconds=1)


def test_an_expiry_in_the_past_is_a_form_error(moderator_client):
    yesterday = timezone.now() - timedelta(days=1)

    response = moderator_client.post(
        admin_url(Block, "add"),
        block_data(
            UserFactory(),
            expires_at_0=yesterday.strftime("%Y-%m-%d"),
            expires_at_1=yesterday.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["expires_at"]
    assert not Block.objects.exists()


def test_a_moderator_cannot_block_themselves(moderator_client, moderator):
    response = moderator_client.post(admin_url(Block, "add"), block_data(moderator))

    assert response.context["adminform"].form.errors["user"]
    assert not Block.objects.exists()


def test_the_block_form_can_be_opened_with_the_user_filled_in(moderator_client):
    vandal = UserFactory()

    response = moderator_client.get(admin_url(Block, "add"), {"user": vandal.pk})

    assert response.context["adminform"].form.initial["user"] == str(vandal.pk)
    assert f'<option value="{vandal.pk}" selected>{vandal}</option>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("value", ["abc", "1.5", "²", "9" * 30])
def test_a_block_form_address_whose_user_is_not_an_id_opens_an_empty_form(
    moderator_client, value
):
    response = moderator_client.get(admin_url(Block, "add"), {"user": value})

    assert response.status_code == 200
    user_select = response.content.decode().split('name="user"')[1]
    assert "selected" not in user_select.split("</select>")[0]


def test_a_posted_user_that_is_not_an_id_is_a_form_error(moderator_client):
    response = moderator_client.post(
        admin_url(Block, "add") + "?user=abc",
        {**block_data(UserFactory()), "user": "abc"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    assert not Block.objects.exists()


def test_the_user_field_autocompletes_usernames_for_moderators(moderator_client):
    UserFactory(username="vandal")

    response = moderator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "block",
            "field_name": "user",
            "term": "vand",
        },
    )

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["vandal"]


def test_a_block_on_record_cannot_be_edited(moderator_client, moderator):
    block = make_block(moderator)

    response = moderator_client.post(
        admin_url(Block, "change", block.pk),
        block_data(block.user, reason="Something else"),
    )

    assert response.status_code == 403
    assert Block.objects.get().reason == "Vandalism"


def test_a_block_on_record_cannot_be_deleted(superuser_client, moderator):
    block = make_block(moderator)

    response = superuser_client.post(
        admin_url(Block, "delete", block.pk), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Block.objects.exists()


def test_lifting_blocks_first_asks_for_a_reason(moderator_client, moderator):
    block = make_block(moderator)

    response = moderator_client.post(
        admin_url(Block, "changelist"),
        {"action": "lift_selected", "_selected_action": [block.pk]},
    )

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert Block.objects.get().is_active


def test_lifting_without_a_reason_shows_an_error_and_lifts_nothing(
    moderator_client, moderator
):
    block = make_block(moderator)

    response = moderator_client.post(
        admin_url(Block, "changelist"),
        {
            "action": "lift_selected",
            "_selected_action": [block.pk],
            "post": "yes",
            "reason": "",
        },
    )

    assert response.context["form"].errors["reason"]
    assert Block.objects.get().is_active


def test_lifting_ends_the_block_now_keeps_it_and_logs_the_reason(
    moderator_csrf_client, moderator
):
    block = make_block(moderator)

    response = post_with_token(
        moderator_csrf_client,
        admin_url(Block, "changelist"),
        {
            "action": "lift_selected",
            "_selected_action": [block.pk],
            "post": "yes",
            "reason": "Appeal accepted",
        },
    )

    assert response.status_code == 302
    block.refresh_from_db()
    assert not block.is_active
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag) == (moderator, CHANGE)
    assert entry.change_message == f"Lifted the block of {block.user}: Appeal accepted"


def test_lifting_a_block_that_has_ended_leaves_it_alone(moderator_client, moderator):
    ended = timezone.now() - timedelta(days=1)
    block = make_block(moderator, expires_at=ended)

    response = moderator_client.post(
        admin_url(Block, "changelist"),
        {
            "action": "lift_selected",
            "_selected_action": [block.pk],
            "post": "yes",
            "reason": "Tidying up",
        },
        follow=True,
    )

    assert "had already ended" in response.content.decode()
    assert Block.objects.get().expires_at == ended
    assert not LogEntry.objects.exists()


def test_a_block_the_rules_refuse_to_lift_is_reported_and_the_others_are_lifted(
    moderator_client, moderator, monkeypatch
):
    from accounts import admin as accounts_admin

    kept, lifted = make_block(moderator), make_block(moderator)
    real_lift = accounts_admin.block_lift

    def block_lift(*, moderator, block, reason):
        if block == kept:
            raise ValidationError("You cannot lift a block on yourself.")
        real_lift(moderator=moderator, block=block, reason=reason)

    monkeypatch.setattr(accounts_admin, "block_lift", block_lift)

    response = moderator_client.post(
        admin_url(Block, "changelist"),
        {
            "action": "lift_selected",
            "_selected_action": [kept.pk, lifted.pk],
            "post": "yes",
            "reason": "Appeal accepted",
        },
        follow=True,
    )

    html = response.content.decode()
    assert f"Not lifted: {kept.user} (You cannot lift a block on yourself.)" in html
    assert f"Lifted 1 block(s): {lifted.user}." in html
    assert "had already ended" not in html
    assert [block for block in Block.objects.all() if block.is_active] == [kept]


@pytest.mark.parametrize(("active", "count"), [("yes", 1), ("no", 1), (None, 2)])
def test_the_active_now_filter_tells_blocks_in_force_from_ended_ones(
    moderator_client, moderator, active, count
):
    make_block(moderator)
    make_block(moderator, expires_at=timezone.now() - timedelta(hours=1))
    params = {"active": active} if active else {}

    response = moderator_client.get(admin_url(Block, "changelist"), params)

    assert response.context["cl"].result_count == count


def test_the_block_list_can_be_searched_and_drilled_down_by_date(
    moderator_client, moderator
):
    make_block(moderator, user=UserFactory(username="spammer"), reason="Spam links")
    make_block(moderator)
    url = admin_url(Block, "changelist")
    year = timezone.now().year

    by_name = moderator_client.get(url, {"q": "spammer"})
    by_reason = moderator_client.get(url, {"q": "spam links"})
    by_scope = moderator_client.get(url, {"scope__exact": "uploading"})
    by_date = moderator_client.get(url, {"created_at__year": year})

    assert by_name.context["cl"].result_count == 1
    assert by_reason.context["cl"].result_count == 1
    assert by_scope.context["cl"].result_count == 0
    assert by_date.context["cl"].result_count == 2
