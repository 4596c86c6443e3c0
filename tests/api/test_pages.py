"""/api/pages/: the current pages, their revisions, filters and query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import assert_read_only
from tests.factories import UserFactory, edit_page, make_page
from wiki.lifecycle import content_delete, content_rename
from wiki.models import Page
from wiki.visibility import revision_visibility_set

pytestmark = pytest.mark.django_db

LIST = reverse("api:page-list")


def detail_url(page) -> str:
    return reverse("api:page-detail", args=[page.slug])


def revisions_url(page) -> str:
    return reverse("api:page-revision-list", args=[page.slug])


def revision_url(page, revision_id: int) -> str:
    return reverse("api:page-revision-detail", args=[page.slug, revision_id])


@pytest.fixture
def page():
    """Revision 1 by alice, 2 by bob, 3 by carol (current)."""
    page = make_page(
        title="Hyosan High School",
        body="First text\n",
        user=UserFactory(username="alice"),
    )
    for body, name, summary in [
        ("Second text\n", "bob", "rude"),
        ("Third text\n", "carol", "fix"),
    ]:
        edit_page(page, body, user=UserFactory(username=name), summary=summary)
        page.refresh_from_db()
    return page


def hide(page, version, moderator, *, text=False, summary=False):
    revision_visibility_set(
        revision=page.history.get(version=version),
        moderator=moderator,
        text=text,
        summary=summary,
        editor=False,
        reason="x",
    )


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# --- List ---------------------------------------------------------------------------


def test_the_page_list_gives_each_page_with_its_links(client, page):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["next"] is None
    assert body["previous"] is None
    [row] = body["results"]
    assert row == {
        "title": "Hyosan High School",
        "slug": page.slug,
        "url": f"http://testserver{detail_url(page)}",
        "html_url": f"http://testserver{page.get_absolute_url()}",
        "size": page.size,
        "updated_at": row["updated_at"],
    }
    assert "body" not in row


def test_the_page_list_is_sorted_by_title(client, db):
    for title in ("Gymnasium", "Broadcasting room", "Science lab"):
        make_page(title=title)
    assert slugs(client.get(LIST)) == ["broadcasting-room", "gymnasium", "science-lab"]


@pytest.mark.parametrize(
    "query",
    [
        "title=lab",
        "sort=-title",
        "sort=updated",
        "title=zzz",
        "updated_since=2000-01-01",
    ],
)
def test_page_filters_give_what_the_html_list_gives(client, db, query):
    for title in ("Gymnasium", "Broadcasting room", "Science lab", "Language lab"):
        make_page(title=title)
    html = client.get(f"{reverse('page_list')}?{query}")
    expected = [page.slug for page in html.context["pages"]]
    assert slugs(client.get(f"{LIST}?{query}")) == expected


def test_updated_since_leaves_out_older_pages(client, db):
    make_page(title="Old")
    Page.objects.update(updated_at=timezone.now() - datetime.timedelta(days=30))
    make_page(title="New")
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert slugs(client.get(f"{LIST}?updated_since={since}")) == ["new"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2024-13-40", "updated_since"),
        ("sort=size", "sort"),
    ],
)
def test_an_invalid_page_filter_is_a_400_with_the_field_error(
    client, page, query, field
):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0]


def test_the_page_list_is_read_only(client, page):
    assert_read_only(client, LIST)


# --- Pagination ---------------------------------------------------------------------


@pytest.fixture
def five_pages(db):
    for letter in "abcde":
        make_page(title=f"Page {letter}")


def test_pages_come_a_page_at_a_time_with_links_both_ways(client, five_pages):
    first = client.get(f"{LIST}?page_size=2").json()
    assert [row["slug"] for row in first["results"]] == ["page-a", "page-b"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["slug"] for row in second["results"]] == ["page-c", "page-d"]
    third = client.get(second["next"]).json()
    assert [row["slug"] for row in third["results"]] == ["page-e"]
    assert third["next"] is None
    assert client.get(third["previous"]).json() == second
    assert "page=" not in second["previous"]


def test_a_page_after_the_last_is_a_404(client, five_pages):
    assert client.get(f"{LIST}?page_size=5&page=2").status_code == 404


@pytest.mark.parametrize(
    "query, field",
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=10000", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=%C2%B2", "page_size"),
    ],
)
def test_a_malformed_page_or_page_size_is_a_400(client, page, query, field):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_sort_on_a_shared_value_pages_without_repeating_rows(client, five_pages):
    Page.objects.update(updated_at=timezone.now())
    seen, url = [], f"{LIST}?sort=updated&page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["slug"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == ["page-a", "page-b", "page-c", "page-d", "page-e"]


# --- Detail -------------------------------------------------------------------------


def test_a_page_gives_its_current_text_and_html(client, page):
    response = client.get(detail_url(page))
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "title": "Hyosan High School",
        "slug": page.slug,
        "url": f"http://testserver{detail_url(page)}",
        "html_url": f"http://testserver{page.get_absolute_url()}",
        "revisions_url": f"http://testserver{revisions_url(page)}",
        "body": "Third text\n",
        "rendered_html": page.rendered_html,
        "size": page.size,
        "version": 3,
        "updated_at": body["updated_at"],
        "protection": "open",
    }
    assert "<p>Third text</p>" in body["rendered_html"]


def test_a_page_with_a_unicode_slug_is_found(client, db):
    page = make_page(title="효산고등학교")
    assert client.get(detail_url(page)).json()["title"] == "효산고등학교"


def test_a_missing_page_is_a_404(client, db):
    response = client.get(reverse("api:page-detail", args=["nowhere"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "No Page matches the given query."}


def test_a_page_is_read_only(client, page):
    assert_read_only(client, detail_url(page))


# --- Revisions ----------------------------------------------------------------------


def test_the_revisions_of_a_page_come_newest_first(client, page):
    response = client.get(revisions_url(page))
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [row["version"] for row in body["results"]] == [3, 2, 1]
    newest = body["results"][0]
    revision = page.history.get(version=3)
    assert newest == {
        "id": revision.history_id,
        "url": f"http://testserver{revision_url(page, revision.history_id)}",
        "version": 3,
        "date": newest["date"],
        "editor": "carol",
        "summary": "fix",
        "minor": False,
        "size": revision.size,
        "size_change": revision.size_change,
    }
    assert "body" not in newest


def test_revisions_come_a_page_at_a_time_by_cursor(client, page):
    first = client.get(f"{revisions_url(page)}?page_size=2").json()
    assert [row["version"] for row in first["results"]] == [3, 2]
    second = client.get(first["next"]).json()
    assert [row["version"] for row in second["results"]] == [1]
    assert second["next"] is None


@pytest.mark.parametrize("query", ["page_size=0", "page_size=101", "page_size=x"])
def test_a_malformed_revision_page_size_is_a_400(client, page, query):
    response = client.get(f"{revisions_url(page)}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_a_forged_cursor_is_a_404(client, page):
    assert client.get(f"{revisions_url(page)}?cursor=zzz").status_code == 404


def test_a_revision_gives_the_body_as_of_that_revision(client, page):
    revision = page.history.get(version=2)
    response = client.get(revision_url(page, revision.history_id))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == revision.history_id
    assert body["version"] == 2
    assert body["title"] == "Hyosan High School"
    assert body["body"] == "Second text\n"
    assert body["editor"] == "bob"
    assert body["summary"] == "rude"


def test_a_revision_of_another_page_is_a_404(client, page):
    other = make_page(title="Gymnasium")
    revision = other.history.get()
    assert client.get(revision_url(page, revision.history_id)).status_code == 404


def test_a_missing_revision_is_a_404(client, page):
    assert client.get(revision_url(page, 999999)).status_code == 404


def test_revisions_of_a_missing_page_are_a_404(client, db):
    response = client.get(reverse("api:page-revision-list", args=["nowhere"]))
    assert response.status_code == 404


def test_a_revision_with_hidden_text_is_left_out_and_its_detail_is_a_404(
    client, page, moderator
):
    hide(page, 2, moderator, text=True)
    versions = [
        row["version"] for row in client.get(revisions_url(page)).json()["results"]
    ]
    assert versions == [3, 1]
    hidden = page.history.get(version=2)
    assert client.get(revision_url(page, hidden.history_id)).status_code == 404


def test_a_revision_with_a_hidden_summary_is_left_out_too(client, page, moderator):
    hide(page, 2, moderator, summary=True)
    response = client.get(revisions_url(page))
    assert [row["version"] for row in response.json()["results"]] == [3, 1]
    assert b"rude" not in response.content
    hidden = page.history.get(version=2)
    assert client.get(revision_url(page, hidden.history_id)).status_code == 404


def test_a_moderator_gets_no_hidden_revision_from_the_api_either(
    client, page, moderator
):
    hide(page, 2, moderator, text=True)
    client.force_login(moderator)
    hidden = page.history.get(version=2)
    assert client.get(revision_url(page, hidden.history_id)).status_code == 404


def test_the_revision_endpoints_are_read_only(client, page):
    assert_read_only(client, revisions_url(page))
    assert_read_only(client, revision_url(page, page.history.first().history_id))


# --- Deleted pages ------------------------------------------------------------------


def test_a_deleted_page_and_its_revisions_are_gone(client, page, moderator):
    revision_id = page.history.first().history_id
    slug = page.slug
    content_delete(obj=page, user=moderator, reason="x")
    assert slugs(client.get(LIST)) == []
    assert client.get(reverse("api:page-detail", args=[slug])).status_code == 404
    assert client.get(reverse("api:page-revision-list", args=[slug])).status_code == 404
    response = client.get(reverse("api:page-revision-detail", args=[slug, revision_id]))
    assert response.status_code == 404


def test_a_deleted_page_is_a_json_404_not_the_websites_deletion_notice(
    client, page, moderator
):
    url = detail_url(page)
    content_delete(obj=page, user=moderator, reason="x")
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_after_a_rename_revisions_are_under_the_new_slug_only(client, page, moderator):
    old_url = revisions_url(page)
    page = content_rename(obj=page, user=moderator, new_title="Hyosan", reason="x")
    response = client.get(revisions_url(page))
    oldest = response.json()["results"][-1]
    assert oldest["url"].endswith(revision_url(page, oldest["id"]))
    assert client.get(oldest["url"]).json()["title"] == "Hyosan High School"
    assert client.get(old_url).status_code == 404


# --- Query budgets ------------------------------------------------------------------


@pytest.fixture
def busy_wiki(page):
    """Many pages and many revisions, so that a query per row would show."""
    for number in range(12):
        make_page(title=f"Classroom {number}", body=f"Room {number}.\n")
    for number in range(8):
        edit_page(page, f"Revision {number}\n", summary=f"edit {number}")
        page.refresh_from_db()
    return page


def test_the_page_list_runs_one_query(client, busy_wiki, django_assert_num_queries):
    # 1. one page of pages (LIMIT page size + 1, no COUNT)
    with django_assert_num_queries(1):
        response = client.get(f"{LIST}?title=room&sort=-updated")
    assert len(response.json()["results"]) == 12


def test_a_page_runs_one_query(client, busy_wiki, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(detail_url(busy_wiki))


def test_the_revision_list_runs_two_queries(
    client, busy_wiki, django_assert_num_queries
):
    # 1. the page  2. one page of visible revisions with their editors
    with django_assert_num_queries(2):
        response = client.get(revisions_url(busy_wiki))
    assert len(response.json()["results"]) == 11


def test_a_revision_runs_two_queries(client, busy_wiki, django_assert_num_queries):
    revision_id = busy_wiki.history.last().history_id
    # 1. the page  2. the revision with its editor
    with django_assert_num_queries(2):
        client.get(revision_url(busy_wiki, revision_id))


def test_a_logged_in_reader_costs_no_extra_query(
    client, busy_wiki, user, django_assert_num_queries
):
    client.force_login(user)
    with django_assert_num_queries(1):
        client.get(detail_url(busy_wiki))
