"""Who may open the admin pages of content, and how its lists search, filter and
show revisions."""

import pytest
from django.utils import timezone

from tests.factories import make_character, make_event, make_page
from tests.moderation.conftest import (
    admin_url,
    revision_url,
    staff_with,
    vandalised_page,
)
from wiki.models import Page, Protection

pytestmark = pytest.mark.django_db


def content_pages(obj) -> list[str]:
    return [
        admin_url(obj, "changelist"),
        admin_url(obj, "change", obj.pk),
        admin_url(obj, "history", obj.pk),
        revision_url(obj, 1),
    ]


def test_a_moderator_can_open_every_admin_page_of_content(moderator_client, content):
    for url in content_pages(content):
        assert moderator_client.get(url).status_code == 200, url


def test_staff_outside_the_moderators_group_are_refused_content_pages(
    staff_client, content
):
    for url in content_pages(content):
        assert staff_client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, content):
    response = client.get(admin_url(content, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_content_cannot_be_added_from_the_admin(superuser_client, content):
    assert superuser_client.get(admin_url(content, "add")).status_code == 403


def test_view_only_staff_outside_the_moderators_group_see_no_revisions(client):
    page = vandalised_page()
    page.history.filter(version=2).update(summary_hidden=True, editor_hidden=True)
    staff_with(client, "view_page", "view_historicalpage")

    for url in (
        admin_url(page, "changelist"),
        admin_url(page, "history", page.pk),
        revision_url(page, 2),
    ):
        assert client.get(url).status_code == 403, url


def test_an_admin_post_without_a_csrf_token_is_refused(moderator_csrf_client):
    page = make_page()

    response = moderator_csrf_client.post(
        admin_url(page, "change", page.pk),
        {"protection": Protection.MODERATORS, "reason": "Edit war"},
    )

    assert response.status_code == 403
    assert Page.objects.get().protection == Protection.OPEN


def test_changelist_search_finds_content_by_its_text(moderator_client):
    make_page(title="Hyosan High School", body="The school.\n")
    make_page(title="Rooftop", body="Where they waited.\n")

    response = moderator_client.get(admin_url(Page, "changelist"), {"q": "waited"})

    assert response.status_code == 200
    assert [page.title for page in response.context["cl"].result_list] == ["Rooftop"]


@pytest.mark.parametrize(
    ("make", "params", "found"),
    [
        (make_page, {"protection__exact": "open"}, 1),
        (make_page, {"protection__exact": "moderators"}, 0),
        (make_character, {"role__exact": "student", "status__exact": "alive"}, 1),
        (make_character, {"status__exact": "deceased"}, 0),
        (make_event, {"kind__exact": "announcement", "precision__exact": "day"}, 1),
        (make_event, {"season": "2"}, 1),
        (make_event, {"season": "1"}, 0),
    ],
)
def test_changelist_filters_narrow_the_list(moderator_client, make, params, found):
    obj = make(season=2) if make is make_event else make()

    response = moderator_client.get(admin_url(obj, "changelist"), params)

    assert response.status_code == 200
    assert response.context["cl"].result_count == found


def test_the_date_hierarchy_drills_down_by_the_last_change(moderator_client, content):
    today = timezone.now()
    url = admin_url(content, "changelist")

    this_month = moderator_client.get(
        url, {"updated_at__year": today.year, "updated_at__month": today.month}
    )
    last_year = moderator_client.get(url, {"updated_at__year": today.year - 1})

    assert this_month.context["cl"].result_count == 1
    assert last_year.context["cl"].result_count == 0


def test_the_history_list_shows_moderators_what_is_hidden(moderator_client):
    page = vandalised_page()
    page.history.filter(version=2).update(text_hidden=True, editor_hidden=True)

    response = moderator_client.get(admin_url(page, "history", page.pk))

    flags = ["text_hidden", "summary_hidden", "editor_hidden"]
    columns = list(response.context["history_list_display"])
    assert set(flags) <= set(columns)
    html = response.content.decode()
    for flag in flags:
        assert f'<th scope="col">{flag}</th>' in html
    # Revision 2's text and editor; nothing of revision 1, and neither is minor.
    assert html.count("<td>True</td>") == 2


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("version_id", ["abc", "²", "1" * 30])
def test_a_revision_address_with_an_impossible_id_is_not_found(
    moderator_client, method, version_id
):
    page = make_page()
    url = admin_url(page, "history", page.pk) + f"{version_id}/"

    assert getattr(moderator_client, method)(url).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_history_address_with_an_impossible_object_id_is_not_found(
    moderator_client, method
):
    page = make_page()
    revision = page.history.get()
    send = getattr(moderator_client, method)

    assert send("/admin/wiki/page/abc/history/").status_code == 404
    url = f"/admin/wiki/page/abc/history/{revision.history_id}/"
    assert send(url).status_code == 404
