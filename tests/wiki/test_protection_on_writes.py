"""Protection levels on every write path that targets existing content."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, make_established, make_moderator, make_season
from tests.wiki.write_paths import (
    TARGETED,
    assert_allowed,
    assert_refused,
    logged_in,
    make_target,
    png_upload,
    post_page_edit,
    post_preview,
    revision_count,
)
from wiki.models import Page, Protection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_season(1)


# --- Protection -------------------------------------------------------------------


@pytest.mark.parametrize("name", TARGETED)
def test_semi_protected_content_refuses_new_accounts(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.ESTABLISHED)
    before = revision_count()

    response = path.post(logged_in(UserFactory()), target)

    assert_refused(response, 403, path, "is protected")
    assert revision_count() == before


@pytest.mark.parametrize("name", TARGETED)
def test_semi_protected_content_lets_established_accounts_write(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.ESTABLISHED)

    assert_allowed(path.post(logged_in(make_established()), target))


def test_an_account_younger_than_four_days_is_not_established_whatever_its_edits():
    page = make_target("page", protection=Protection.ESTABLISHED)
    user = make_established(date_joined=timezone.now() - timedelta(days=3))

    assert post_page_edit(logged_in(user), page).status_code == 403


def test_an_account_with_nine_edits_is_not_established():
    page = make_target("page", protection=Protection.ESTABLISHED)
    user = make_established(edit_count=9)

    assert post_page_edit(logged_in(user), page).status_code == 403


def test_ten_saved_edits_make_an_old_account_established(client):
    user = UserFactory(date_joined=timezone.now() - timedelta(days=5))
    page = make_target("page")
    client.force_login(user)
    for number in range(10):
        data = {"body": f"Edit {number}", "base_version": number + 1, "summary": ""}
        with_limit_lifted = client.post(reverse("page_edit", args=[page.slug]), data)
        assert with_limit_lifted.status_code in (302, 429)
    user.refresh_from_db()

    assert user.edit_count == Page.history.filter(history_user=user).count()


@pytest.mark.parametrize("name", TARGETED)
def test_fully_protected_content_refuses_established_accounts(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.MODERATORS)
    before = revision_count()

    response = path.post(logged_in(make_established()), target)

    assert_refused(response, 403, path, "only moderators can change it")
    assert revision_count() == before


@pytest.mark.parametrize("name", TARGETED)
def test_fully_protected_content_lets_moderators_write(name):
    path = TARGETED[name]
    target = make_target(path.target, protection=Protection.MODERATORS)

    assert_allowed(path.post(logged_in(make_moderator()), target))


def test_the_edit_form_of_protected_content_shows_the_source_without_a_save_button(
    user_client,
):
    page = make_target("page", protection=Protection.MODERATORS)

    response = user_client.get(reverse("page_edit", args=[page.slug]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "only moderators can change it" in html
    assert page.body in html
    assert "Save changes</button>" not in html


def test_a_protected_page_shows_its_lock_to_readers(client):
    page = make_target("page", protection=Protection.ESTABLISHED)

    html = client.get(page.get_absolute_url()).content.decode()

    assert "Protected: established accounts only" in html


def test_an_open_page_shows_no_lock(client):
    page = make_target("page")

    assert "Protected" not in client.get(page.get_absolute_url()).content.decode()


def test_preview_and_upload_for_unknown_content_are_not_found(user_client):
    url = f"{reverse('markdown_preview')}?kind=page&slug=no-such-page"

    assert user_client.post(url, {"content": "x"}).status_code == 404


def test_the_edit_form_names_the_content_in_its_preview_and_upload_urls(user_client):
    page = make_target("page")

    html = user_client.get(reverse("page_edit", args=[page.slug])).content.decode()

    assert f"/markdownx/markdownify/?kind=page&amp;slug={page.slug}" in html
    assert f"/markdownx/upload/?kind=page&amp;slug={page.slug}" in html


def test_a_preview_refusal_is_escaped_html_for_the_preview_pane(user_client):
    page = make_target("page", protection=Protection.MODERATORS)
    Page.objects.filter(pk=page.pk).update(title="<b>Bold</b> school")

    response = post_preview(user_client, page)

    assert response.status_code == 403
    assert "&lt;b&gt;Bold&lt;/b&gt; school" in response.content.decode()
    assert "<b>" not in response.content.decode()


def test_an_upload_that_names_no_content_is_stopped_by_blocks_and_rates_only(
    user_client,
):
    # An image is not part of any content until an edit uses it, and that edit is
    # refused on protected content; blocks and rate limits stop the upload itself.
    make_target("page", protection=Protection.MODERATORS)

    response = user_client.post(reverse("image_upload"), {"image": png_upload()})

    assert response.status_code == 200
    assert "image_code" in response.json()
