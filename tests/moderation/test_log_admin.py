import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from tests.factories import make_page
from tests.moderation.conftest import admin_url
from wiki.protection import content_protect

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(moderator) -> LogEntry:
    content_protect(
        obj=make_page(), user=moderator, level="moderators", reason="Edit war"
    )
    return LogEntry.objects.get()


def test_a_moderator_reads_who_did_what_and_why_in_the_log(moderator_client, entry):
    response = moderator_client.get(admin_url(LogEntry, "changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Protection set to “Moderators only”: Edit war" in html
    assert "Moderator" in html


def test_staff_outside_the_moderators_group_are_refused_the_log(staff_client, entry):
    assert staff_client.get(admin_url(LogEntry, "changelist")).status_code == 403


def test_a_moderator_can_open_one_entry_read_only(moderator_client, entry):
    response = moderator_client.get(admin_url(LogEntry, "change", entry.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}


def test_the_log_cannot_be_added_to_changed_or_deleted_from_the_admin(
    superuser_client, entry
):
    assert superuser_client.get(admin_url(LogEntry, "add")).status_code == 403
    changed = superuser_client.post(
        admin_url(LogEntry, "change", entry.pk), {"change_message": "Nothing"}
    )
    deleted = superuser_client.post(
        admin_url(LogEntry, "delete", entry.pk), {"post": "yes"}
    )

    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert LogEntry.objects.get().change_message.endswith("Edit war")


def test_the_log_offers_no_bulk_delete(superuser_client, entry):
    response = superuser_client.get(admin_url(LogEntry, "changelist"))

    assert response.context["action_form"] is None


def test_the_log_can_be_searched_filtered_and_drilled_down_by_date(
    moderator_client, moderator, entry
):
    url = admin_url(LogEntry, "changelist")
    year = timezone.now().year

    found = {
        "search": moderator_client.get(url, {"q": "edit war"}),
        "flag": moderator_client.get(url, {"action_flag__exact": CHANGE}),
        "user": moderator_client.get(url, {"user__id__exact": moderator.pk}),
        "type": moderator_client.get(
            url, {"content_type__id__exact": entry.content_type_id}
        ),
        "date": moderator_client.get(url, {"action_time__year": year}),
    }
    missed = moderator_client.get(url, {"q": "no such thing"})

    for name, response in found.items():
        assert response.context["cl"].result_count == 1, name
    assert missed.context["cl"].result_count == 0
