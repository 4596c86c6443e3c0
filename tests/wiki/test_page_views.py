import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, edit_page, make_page
from wiki.markdown import MAX_MARKDOWN_BYTES
from wiki.models import Page

pytestmark = pytest.mark.django_db


def edit_data(page, body, **extra):
    return {"body": body, "summary": "", "base_version": page.version, **extra}


# --- Permissions: anonymous visitors read, logged-in users write ---------------


@pytest.mark.parametrize(
    "name", ["page_detail", "page_history", "page_diff", "page_links"]
)
def test_anonymous_visitors_can_read(client, name):
    page = make_page()

    assert client.get(reverse(name, args=[page.slug])).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_edit_redirects_to_login_and_back(client, method):
    page = make_page()
    url = reverse("page_edit", args=[page.slug])

    data = edit_data(page, "Spam") if method == "post" else None
    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    page.refresh_from_db()
    assert page.version == 1


def test_anonymous_create_redirects_to_login(client):
    response = client.post(reverse("page_create"), {"title": "X", "body": "y"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Page.objects.filter(title="X").exists()


def test_anonymous_revert_redirects_to_login(client):
    page = make_page()
    url = reverse("page_revert", args=[page.slug, page.history.first().history_id])

    response = client.post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_revert_refuses_get(user_client):
    page = make_page()
    url = reverse("page_revert", args=[page.slug, page.history.first().history_id])

    assert user_client.get(url).status_code == 405


# --- Create --------------------------------------------------------------------


def test_create_form_is_prefilled_from_a_red_link(user_client):
    response = user_client.get(reverse("page_create") + "?title=Ha-ri")

    assert b'value="Ha-ri"' in response.content


def test_creating_a_page_redirects_to_it(user_client, user):
    response = user_client.post(
        reverse("page_create"),
        {"title": "Lee Jae-kyoo", "body": "The director.", "summary": "new"},
    )

    page = Page.objects.get(title="Lee Jae-kyoo")
    assert response.status_code == 302
    assert response.url == page.get_absolute_url()
    assert page.history.get().history_user == user


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "This field is required."),
        ("!!!", "at least one letter or digit"),
        ("new", "reserved"),
        ("Taken", "already exists"),
        ("ta\u200bken", "already exists"),
    ],
)
def test_create_form_errors_keep_the_text(user_client, title, message):
    make_page(title="Taken")

    response = user_client.post(
        reverse("page_create"), {"title": title, "body": "My precious text"}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"My precious text" in response.content


def test_an_oversized_body_is_a_form_error_and_keeps_the_text(user_client):
    page = make_page()
    body = "word " * (MAX_MARKDOWN_BYTES // 5 + 10)

    response = user_client.post(
        reverse("page_edit", args=[page.slug]), edit_data(page, body)
    )

    assert response.status_code == 200
    assert "a page can hold at most 200 KB" in response.content.decode()
    assert body[:1000].encode() in response.content
    page.refresh_from_db()
    assert page.version == 1


# --- Edit ----------------------------------------------------------------------


def test_editing_saves_and_redirects_to_the_page(user_client):
    page = make_page(body="Old text")

    response = user_client.post(
        reverse("page_edit", args=[page.slug]),
        edit_data(page, "New text\r\nwith CRLF", summary="fix"),
        follow=True,
    )

    page.refresh_from_db()
    assert page.body == "New text\nwith CRLF\n"
    assert response.redirect_chain[-1][0] == page.get_absolute_url()
    assert b"Your changes were saved." in response.content


def test_a_conflicting_edit_shows_both_texts_and_keeps_mine(user_client):
    page = make_page(body="Line A\n")
    edit_page(page, "Line B\n", base_version=1)

    response = user_client.post(
        reverse("page_edit", args=[page.slug]),
        {"body": "Line C\n", "summary": "", "base_version": 1},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Edit conflict" in html
    assert "Line C" in html and "Line B" in html
    assert 'name="base_version" value="2"' in html
    page.refresh_from_db()
    assert page.body == "Line B\n"


def test_resubmitting_after_a_conflict_saves_my_text(user_client):
    page = make_page(body="Line A\n")
    edit_page(page, "Line B\n", base_version=1)
    url = reverse("page_edit", args=[page.slug])
    user_client.post(url, {"body": "Line C\n", "summary": "", "base_version": 1})

    user_client.post(url, {"body": "Line C\n", "summary": "", "base_version": 2})

    page.refresh_from_db()
    assert page.body == "Line C\n"


def test_a_merged_edit_says_it_was_merged(user_client):
    page = make_page(body="one\n\ntwo\n\nthree\n")
    edit_page(page, "ONE\n\ntwo\n\nthree\n", base_version=1)

    response = user_client.post(
        reverse("page_edit", args=[page.slug]),
        {"body": "one\n\ntwo\n\nTHREE\n", "summary": "", "base_version": 1},
        follow=True,
    )

    assert b"your changes were merged" in response.content
    page.refresh_from_db()
    assert page.body == "ONE\n\ntwo\n\nTHREE\n"


# --- Reading: page, old revision, history, diff, links --------------------------


def test_page_shows_the_rendered_body_toc_and_last_editor(client):
    editor = UserFactory(username="mi-jin")
    page = make_page(body="# One\n\ntext\n\n# Two\n\nmore", user=editor)

    html = client.get(page.get_absolute_url()).content.decode()

    assert 'aria-label="Contents"' in html
    assert "<p>text</p>" in html
    assert 'href="/users/mi-jin/">mi-jin</a>' in html


def test_an_old_revision_is_shown_with_a_banner(client, user):
    page = make_page(body="First text")
    first = page.history.get()
    edit_page(page, "Second text", user=user, base_version=1)

    html = client.get(f"{page.get_absolute_url()}?revision={first.history_id}")
    html = html.content.decode()

    assert "This is an old revision of this page" in html
    assert "First text" in html
    assert "Second text" not in html


@pytest.mark.parametrize("revision", ["abc", "999999"])
def test_an_unknown_revision_is_a_404(client, revision):
    page = make_page()

    response = client.get(f"{page.get_absolute_url()}?revision={revision}")

    assert response.status_code == 404


def test_a_revision_of_another_page_is_a_404(client):
    page, other = make_page(title="A"), make_page(title="B")
    foreign = other.history.get().history_id

    assert (
        client.get(f"{page.get_absolute_url()}?revision={foreign}").status_code == 404
    )
    diff = reverse("page_diff", args=[page.slug]) + f"?to={foreign}"
    assert client.get(diff).status_code == 404


def test_history_lists_revisions_newest_first_with_summary_and_size(client, user):
    page = make_page(body="abc")
    edit_page(page, "abcdef", user=user, base_version=1, summary="longer", minor=True)

    response = client.get(reverse("page_history", args=[page.slug]))
    html = response.content.decode()

    revisions = response.context["revisions"]
    assert [rev.version for rev in revisions] == [2, 1]
    assert "longer" in html
    assert "(+3)" in html
    assert 'title="minor edit"' in html


def test_diff_marks_changed_words(client, user):
    page = make_page(body="The school is in Hyosan.\n")
    edit_page(page, "The school is in Seoul.\n", user=user, base_version=1)
    first, second = page.history.order_by("history_id")

    url = reverse("page_diff", args=[page.slug])
    html = client.get(f"{url}?from={first.history_id}&to={second.history_id}")
    html = html.content.decode()

    assert "<del>Hyosan</del>" in html
    assert "<ins>Seoul</ins>" in html


def test_diff_escapes_revision_text(client, user):
    page = make_page(body="safe\n")
    edit_page(page, "<script>alert(1)</script>\n", user=user, base_version=1)

    html = client.get(reverse("page_diff", args=[page.slug])).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_inline_diff_view(client, user):
    page = make_page(body="a\n")
    edit_page(page, "b\n", user=user, base_version=1)

    html = client.get(reverse("page_diff", args=[page.slug]) + "?view=inline")

    assert b"diff--inline" in html.content


def test_what_links_here_lists_the_linking_pages(client):
    target = make_page(title="Nam-ra")
    make_page(title="Season 2", body="[[Nam-ra]] returns.")

    html = client.get(reverse("page_links", args=[target.slug])).content.decode()

    assert "Season 2" in html


def test_revert_from_the_history_page(user_client):
    page = make_page(body="Good\n")
    edit_page(page, "Bad\n", base_version=1)
    first = page.history.last()

    response = user_client.post(
        reverse("page_revert", args=[page.slug, first.history_id])
    )

    page.refresh_from_db()
    assert response.status_code == 302
    assert page.body == "Good\n"


def test_revert_requires_a_csrf_token(user):
    page = make_page()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    url = reverse("page_revert", args=[page.slug, page.history.first().history_id])
    assert client.post(url).status_code == 403


# --- Lists ---------------------------------------------------------------------


def test_page_list_filters_by_title(client):
    make_page(title="Season 1")
    make_page(title="Season 2")
    make_page(title="Hyosan")

    response = client.get(reverse("page_list") + "?title=season")

    assert [page.title for page in response.context["pages"]] == [
        "Season 1",
        "Season 2",
    ]


def test_page_list_sorts_by_last_update(client):
    make_page(title="Older")
    make_page(title="Newer")

    response = client.get(reverse("page_list") + "?sort=-updated")

    assert [page.title for page in response.context["pages"]] == ["Newer", "Older"]


@pytest.mark.parametrize("query", ["updated_since=yesterday", "sort=password"])
def test_page_list_rejects_invalid_filters_with_a_message(client, query):
    make_page()

    response = client.get(reverse("page_list") + "?" + query)

    assert response.status_code == 400
    assert response.context["pages"] == []
    assert b"Fix the filters above" in response.content


def test_recent_changes_lists_edits_with_filters(client):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    page = make_page(user=alice, body="x\n")
    edit_page(page, "y\n", user=bob, base_version=1, summary="tidy", minor=True)

    everything = client.get(reverse("recent_changes")).context["changes"]
    by_alice = client.get(reverse("recent_changes") + "?user=alice").context["changes"]
    major = client.get(reverse("recent_changes") + "?hide_minor=on").context["changes"]

    assert [c.revision.version for c in everything] == [2, 1]
    assert [c.revision.history_user.username for c in by_alice] == ["alice"]
    assert [c.revision.version for c in major] == [1]


@pytest.mark.parametrize("query", ["since=not-a-date", "kind=spaceship"])
def test_recent_changes_rejects_invalid_filters(client, query):
    response = client.get(reverse("recent_changes") + "?" + query)

    assert response.status_code == 400
    assert response.context["changes"] == []


def test_profile_lists_the_users_contributions(client):
    editor = UserFactory(username="dae-su")
    make_page(title="Contributed", user=editor)
    make_page(title="Someone else's")

    html = client.get(reverse("user_profile", args=["dae-su"])).content.decode()

    assert "Contributed" in html
    assert "Someone else" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/wiki/{slug}/?revision=²",
        "/wiki/{slug}/history/?before=²",
        "/wiki/{slug}/diff/?to=²",
        "/wiki/{slug}/diff/?from=99999999999999999999",
    ],
)
def test_revision_numbers_that_are_not_plain_digits_are_a_404(client, path):
    page = make_page()

    assert client.get(path.format(slug=page.slug)).status_code == 404


def test_a_page_number_that_is_not_plain_digits_shows_the_first_page(client):
    make_page()

    response = client.get(reverse("page_list") + "?page=²")

    assert response.status_code == 200
    assert response.context["page_number"] == 1


@pytest.mark.parametrize(
    "before", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"]
)
def test_recent_changes_refuse_dates_at_the_edge_of_time(client, before):
    response = client.get(reverse("recent_changes"), {"before": before})

    assert response.status_code == 400


def test_a_double_submitted_create_form_goes_to_the_page_it_created(user_client):
    data = {"title": "Season 2", "body": "Renewed.", "summary": ""}

    user_client.post(reverse("page_create"), data)
    response = user_client.post(reverse("page_create"), data)

    page = Page.objects.get()
    assert response.status_code == 302
    assert response.url == page.get_absolute_url()
    assert page.history.count() == 1
