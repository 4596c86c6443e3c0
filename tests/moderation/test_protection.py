import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError

from tests.factories import make_page
from wiki.models import Page, Protection
from wiki.protection import content_protect

pytestmark = pytest.mark.django_db


def test_protecting_sets_the_level_without_making_a_revision(moderator):
    page = make_page()

    changed = content_protect(
        obj=page, user=moderator, level=Protection.MODERATORS, reason="Edit war"
    )

    page.refresh_from_db()
    assert changed is True
    assert page.protection == Protection.MODERATORS
    assert page.version == 1
    assert page.history.count() == 1


def test_protecting_is_logged_with_the_moderator_and_the_reason(moderator):
    page = make_page()

    content_protect(
        obj=page, user=moderator, level=Protection.ESTABLISHED, reason="Vandalism"
    )

    entry = LogEntry.objects.get()
    assert entry.user == moderator
    assert entry.action_flag == CHANGE
    assert entry.object_id == str(page.pk)
    assert entry.change_message == (
        "Protection set to “Established accounts only”: Vandalism"
    )


def test_setting_the_level_the_content_has_already_changes_and_logs_nothing(
    moderator,
):
    page = make_page()

    changed = content_protect(
        obj=page, user=moderator, level=Protection.OPEN, reason="Again"
    )

    assert changed is False
    assert not LogEntry.objects.exists()


def test_protecting_without_a_reason_is_refused_and_changes_nothing(moderator):
    page = make_page()

    with pytest.raises(ValidationError):
        content_protect(
            obj=page, user=moderator, level=Protection.MODERATORS, reason="  "
        )

    assert Page.objects.get().protection == Protection.OPEN
    assert not LogEntry.objects.exists()


def test_an_unknown_protection_level_is_refused(moderator):
    page = make_page()

    with pytest.raises(ValidationError):
        content_protect(obj=page, user=moderator, level="admins", reason="Why not")

    assert Page.objects.get().protection == Protection.OPEN
