import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory, make_moderator
from wiki.permissions import is_moderator

pytestmark = pytest.mark.django_db


def test_the_moderators_group_has_exactly_the_permissions_moderation_needs():
    group = Group.objects.get(name="Moderators")

    permissions = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }

    assert permissions == {
        "accounts.moderate",
        "accounts.view_user",
        "accounts.view_block",
        "accounts.add_block",
        "accounts.change_block",
        "admin.view_logentry",
        "wiki.view_page",
        "wiki.change_page",
        "wiki.delete_page",
        "characters.view_character",
        "characters.change_character",
        "characters.delete_character",
        "timeline.view_event",
        "timeline.change_event",
        "timeline.delete_event",
        "timeline.view_season",
        "timeline.add_season",
        "timeline.change_season",
    }


def test_a_member_of_the_moderators_group_is_a_moderator():
    assert is_moderator(make_moderator())


def test_a_superuser_is_a_moderator_without_the_group():
    assert is_moderator(UserFactory(is_superuser=True))


def test_staff_status_alone_does_not_make_a_moderator():
    assert not is_moderator(UserFactory(is_staff=True))
