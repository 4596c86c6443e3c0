"""Blocks: made by moderators (here from the contributions page), logged, public,
and over by themselves when they expire."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, BlockScope
from accounts.services import active_block, block_create, block_lift
from tests.factories import UserFactory, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def vandal(db):
    return UserFactory(username="Vandal")


def block_url(user) -> str:
    return reverse("user_block", args=[user.username])


def test_a_moderator_sees_a_block_link_on_a_contributions_page(
    moderator_client, vandal
):
    html = moderator_client.get(vandal.get_absolute_url()).content.decode()

    assert block_url(vandal) in html


def test_other_users_see_no_block_link(user_client, vandal):
    html = user_client.get(vandal.get_absolute_url()).content.decode()

    assert block_url(vandal) not in html


def test_a_moderator_blocks_from_the_contributions_page(moderator_client, vandal):
    response = moderator_client.post(
        block_url(vandal),
        {"scope": "everything", "duration": "1w", "reason": "Page blanking"},
    )

    assert response.status_code == 302
    block = Block.objects.get(user=vandal)
    assert block.scope == BlockScope.EVERYTHING
    assert block.reason == "Page blanking"
    assert block.created_by.username == "Moderator"
    assert timedelta(days=6) < block.expires_at - timezone.now() <= timedelta(days=7)


def test_an_indefinite_block_has_no_expiry(moderator_client, vandal):
    moderator_client.post(
        block_url(vandal),
        {"scope": "editing", "duration": "never", "reason": "Spam bot"},
    )

    assert Block.objects.get(user=vandal).expires_at is None


def test_a_block_without_a_reason_is_a_form_error(moderator_client, vandal):
    response = moderator_client.post(
        block_url(vandal), {"scope": "editing", "duration": "1d", "reason": ""}
    )

    assert response.status_code == 400
    assert not Block.objects.exists()


def test_a_moderator_cannot_block_themselves(moderator_client, moderator):
    response = moderator_client.post(
        block_url(moderator), {"scope": "editing", "duration": "1d", "reason": "x"}
    )

    assert response.status_code == 400
    assert "You cannot block yourself." in response.content.decode()
    assert not Block.objects.exists()


def test_a_non_moderator_cannot_block_even_by_a_direct_post(user_client, vandal):
    response = user_client.post(
        block_url(vandal), {"scope": "editing", "duration": "1d", "reason": "x"}
    )

    assert response.status_code == 403
    assert not Block.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_block(client, vandal):
    response = client.get(block_url(vandal))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_blocking_requires_a_csrf_token(moderator, vandal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = client.post(
        block_url(vandal), {"scope": "editing", "duration": "1d", "reason": "x"}
    )

    assert response.status_code == 403
    assert not Block.objects.exists()


def test_a_block_is_in_the_moderation_log_with_who_and_why(moderator, vandal):
    block_create(
        moderator=moderator,
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Repeated vandalism",
        expires_at=None,
    )

    entry = LogEntry.objects.get()
    assert entry.user == moderator
    assert "Blocked Vandal from editing indefinitely" in entry.change_message
    assert "Repeated vandalism" in entry.change_message


def test_lifting_a_block_ends_it_now_and_is_logged(moderator, vandal):
    block = block_create(
        moderator=moderator,
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Mistake",
        expires_at=None,
    )

    block_lift(moderator=moderator, block=block, reason="Appeal accepted")

    assert not Block.objects.active().exists()
    assert "Appeal accepted" in LogEntry.objects.latest("pk").change_message


def test_an_expired_block_is_not_active(vandal, moderator):
    Block.objects.create(
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Old",
        expires_at=timezone.now() - timedelta(minutes=1),
        created_by=moderator,
    )

    assert active_block(vandal, BlockScope.EDITING) is None


def test_an_everything_block_covers_uploads_and_an_editing_block_does_not(
    vandal, moderator
):
    Block.objects.create(
        user=vandal, scope=BlockScope.EDITING, reason="x", created_by=moderator
    )
    assert active_block(vandal, BlockScope.UPLOADING) is None

    vandal = type(vandal).objects.get(pk=vandal.pk)  # a new request's user
    Block.objects.create(
        user=vandal, scope=BlockScope.EVERYTHING, reason="y", created_by=moderator
    )
    assert active_block(vandal, BlockScope.UPLOADING).reason == "y"


def test_a_block_in_the_past_cannot_be_made(moderator, vandal):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        block_create(
            moderator=moderator,
            user=vandal,
            scope=BlockScope.EDITING,
            reason="x",
            expires_at=timezone.now() - timedelta(days=1),
        )


def test_the_contributions_page_shows_an_active_block_to_everyone(
    client, vandal, moderator
):
    Block.objects.create(
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Page blanking",
        created_by=moderator,
    )

    html = client.get(vandal.get_absolute_url()).content.decode()

    assert "Blocked from editing indefinitely" in html
    assert "Page blanking" in html


def test_a_moderator_cannot_lift_their_own_block(moderator):
    from django.core.exceptions import ValidationError

    block = Block.objects.create(
        user=moderator, scope=BlockScope.EDITING, reason="x", created_by=moderator
    )

    with pytest.raises(ValidationError):
        block_lift(moderator=moderator, block=block, reason="Nope")
    assert Block.objects.active().exists()


def test_a_blocked_moderator_cannot_block_others(moderator_client, moderator, vandal):
    Block.objects.create(
        user=moderator, scope=BlockScope.EVERYTHING, reason="x", created_by=moderator
    )

    response = moderator_client.post(
        block_url(vandal), {"scope": "editing", "duration": "1d", "reason": "Revenge"}
    )

    assert response.status_code == 403
    assert not Block.objects.filter(user=vandal).exists()


def test_a_blocked_moderator_cannot_lift_anyones_block(moderator, vandal):
    from django.core.exceptions import ValidationError

    other = make_moderator()
    accomplice_block = Block.objects.create(
        user=vandal, scope=BlockScope.EDITING, reason="x", created_by=other
    )
    Block.objects.create(
        user=moderator, scope=BlockScope.EDITING, reason="y", created_by=other
    )

    with pytest.raises(ValidationError):
        block_lift(moderator=moderator, block=accomplice_block, reason="Friend")
    assert active_block(vandal, BlockScope.EDITING) is not None


def test_a_blocked_moderator_is_not_offered_the_block_link(
    moderator_client, moderator, vandal
):
    Block.objects.create(
        user=moderator, scope=BlockScope.EDITING, reason="x", created_by=moderator
    )

    html = moderator_client.get(vandal.get_absolute_url()).content.decode()

    assert block_url(vandal) not in html
