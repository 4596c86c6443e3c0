"""The page cache: visitors who are not logged in get a stored reading page, with
their own CSRF token, and never a stale one."""

import re

import pytest
from django.test import Client

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_moderator,
    make_page,
    make_season,
)
from wiki.page_cache import CSRF_PLACEHOLDER

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _visit(url):
    """A new visitor, with no cookies, reading `url`."""
    client = Client(enforce_csrf_checks=True)
    return client, client.get(url)


def test_a_second_visitor_gets_the_stored_page_without_rendering(
    django_assert_max_num_queries,
):
    page = make_page(title="Hyosan High School", body="The school.\n")
    _visit(page.get_absolute_url())
    with django_assert_max_num_queries(2):
        _, response = _visit(page.get_absolute_url())
    assert response.status_code == 200
    assert response.templates == []
    assert b"The school." in response.content


def test_each_visitor_gets_a_working_token_of_their_own():
    make_season(1)
    page = make_page(title="Hyosan High School")
    first, first_page = _visit(page.get_absolute_url())
    second, second_page = _visit(page.get_absolute_url())
    assert CSRF_PLACEHOLDER.encode() not in second_page.content
    token = TOKEN.search(second_page.content).group(1).decode()
    assert token != TOKEN.search(first_page.content).group(1).decode()
    response = second.post(
        "/accounts/preferences/",
        {"csrfmiddlewaretoken": token, "spoiler_season": "1", "next": "/"},
    )
    assert response.status_code == 302
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_a_stored_page_is_never_served_after_an_edit():
    page = make_page(title="Hyosan High School", body="Old text.\n")
    _visit(page.get_absolute_url())
    edit_page(page, "New text.\n")
    _, response = _visit(page.get_absolute_url())
    assert b"New text." in response.content
    assert b"Old text." not in response.content


def test_a_stored_page_is_never_served_after_a_link_turns_blue():
    page = make_page(title="Hyosan High School", body="See [[Nam On-jo]].\n")
    _, before = _visit(page.get_absolute_url())
    make_character(name="Nam On-jo")
    _, after = _visit(page.get_absolute_url())
    assert before.content != after.content
    assert b'href="/characters/nam-on-jo/"' in after.content


def test_logged_in_readers_get_their_own_rendering(client):
    page = make_page(title="Hyosan High School")
    _visit(page.get_absolute_url())
    client.force_login(UserFactory(username="Reader"))
    response = client.get(page.get_absolute_url())
    assert response.templates != []
    assert b"Reader" in response.content


def test_a_visitor_with_a_spoiler_level_gets_the_page_for_that_level(client):
    make_season(1)
    make_season(2)
    page = make_page(
        title="Hyosan High School",
        body="Start.\n\n:::spoiler 2\nThe secret of season 2.\n:::\n",
    )
    _visit(page.get_absolute_url())
    client.post("/accounts/preferences/", {"spoiler_season": "2", "next": "/"})
    client.get(page.get_absolute_url())  # shows the message "Spoilers are now…"
    response = client.get(page.get_absolute_url())
    assert b'data-season="2" open>' in response.content
    _, other = _visit(page.get_absolute_url())
    assert b"spoiler--seen" not in other.content


def test_a_list_is_served_to_the_next_visitor_after_one_query(
    django_assert_num_queries,
):
    make_page(title="Hyosan High School")
    _visit("/recent/")
    with django_assert_num_queries(1):  # the site's generation
        _, response = _visit("/recent/")
    assert response.templates == []
    assert b"Hyosan High School" in response.content


def test_a_new_revision_shows_in_a_stored_list_at_once():
    page = make_page(title="Hyosan High School")
    _visit("/recent/")
    edit_page(page, "New text.\n", summary="A fresh summary")
    _, response = _visit("/recent/")
    assert b"A fresh summary" in response.content


def test_hiding_a_revision_takes_it_out_of_a_stored_list_at_once():
    from wiki.visibility import revision_visibility_set

    page = make_page(title="Hyosan High School")
    edit_page(page, "Vandalism.\n", summary="Rude words")
    _, before = _visit("/recent/")
    assert b"Rude words" in before.content
    revision_visibility_set(
        revision=page.history.first(),
        moderator=make_moderator(),
        text=False,
        summary=True,
        editor=False,
        reason="Abuse",
    )
    _, after = _visit("/recent/")
    assert b"Rude words" not in after.content


def test_blocking_a_user_shows_on_their_stored_contributions_at_once():
    from accounts.models import BlockScope
    from accounts.services import block_create

    vandal = UserFactory(username="Vandal")
    make_page(title="Hyosan High School", user=vandal)
    _, before = _visit("/users/Vandal/")
    block_create(
        moderator=make_moderator(),
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Vandalism everywhere",
        expires_at=None,
    )
    _, after = _visit("/users/Vandal/")
    assert b"Vandalism everywhere" not in before.content
    assert b"Vandalism everywhere" in after.content


def test_a_refused_filter_is_never_stored():
    _visit("/recent/?since=not-a-date")
    _, response = _visit("/recent/?since=not-a-date")
    assert response.status_code == 400
    assert response.templates != []


def test_logged_in_readers_never_get_a_stored_list(client):
    make_page(title="Hyosan High School")
    _visit("/recent/")
    client.force_login(UserFactory(username="Reader"))
    response = client.get("/recent/")
    assert response.templates != []
    assert b"Reader" in response.content


def test_a_stored_list_is_rendered_again_the_next_day(monkeypatch):
    import datetime

    from django.utils import timezone

    make_page(title="Hyosan High School")
    _visit("/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    _, response = _visit("/")
    assert response.templates != []


@pytest.mark.parametrize("hidden", [False, True])
def test_a_stored_page_is_found_again_from_one_query(hidden, django_assert_num_queries):
    from wiki.visibility import revision_visibility_set

    page = make_page(title="Hyosan High School", body="The school.\n")
    edit_page(page, "The school, again.\n", user=UserFactory(username="Vandal"))
    if hidden:
        revision_visibility_set(
            revision=page.history.first(),
            moderator=make_moderator(),
            text=False,
            summary=False,
            editor=True,
            reason="Abusive user name",
        )
    _visit(page.get_absolute_url())  # rendered and stored by the full view
    with django_assert_num_queries(1):
        _, response = _visit(page.get_absolute_url())
    assert response.templates == []
    assert (b"Vandal" in response.content) is not hidden


def test_a_visitor_holding_the_page_gets_304_from_one_query(
    django_assert_num_queries,
):
    page = make_page(title="Hyosan High School")
    client, _ = _visit(page.get_absolute_url())
    etag = client.get(page.get_absolute_url())["ETag"]
    with django_assert_num_queries(1):
        response = client.get(page.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_with_the_page_cache_off_every_visitor_gets_a_rendering(settings):
    settings.PAGE_CACHE = False
    page = make_page(title="Hyosan High School")
    _visit(page.get_absolute_url())
    _visit("/recent/")
    assert _visit(page.get_absolute_url())[1].templates != []
    assert _visit("/recent/")[1].templates != []


def test_a_logged_in_reader_gets_their_own_stored_page_back(client):
    page = make_page(title="Hyosan High School")
    client.force_login(UserFactory(username="Reader"))
    client.get(page.get_absolute_url())
    response = client.get(page.get_absolute_url())
    assert response.templates == []
    assert b"Reader" in response.content
    token = TOKEN.search(response.content).group(1).decode()
    assert (
        client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code
        == 302
    )


def test_a_stored_page_is_never_given_to_another_reader(client):
    page = make_page(title="Hyosan High School")
    client.force_login(UserFactory(username="First"))
    client.get(page.get_absolute_url())
    client.force_login(UserFactory(username="Second"))
    response = client.get(page.get_absolute_url())
    assert b"Second" in response.content
    assert b"First" not in response.content


def test_a_reader_made_moderator_gets_the_moderators_links_at_once(client):
    from moderation.services import moderators_add

    page = make_page(title="Hyosan High School")
    reader = UserFactory(username="Reader")
    client.force_login(reader)
    assert b">Protect<" not in client.get(page.get_absolute_url()).content
    moderators_add(users=[reader], by=make_moderator(username="Boss"))
    assert b">Protect<" in client.get(page.get_absolute_url()).content


def test_a_reader_who_becomes_established_gets_the_rename_tab_at_once(client):
    import datetime

    from accounts.models import User

    page = make_page(title="Hyosan High School")
    reader = UserFactory(username="Reader")
    client.force_login(reader)
    assert b">Rename<" not in client.get(page.get_absolute_url()).content
    User.objects.filter(pk=reader.pk).update(
        edit_count=50, date_joined=reader.date_joined - datetime.timedelta(days=30)
    )
    assert b">Rename<" in client.get(page.get_absolute_url()).content


def test_a_logged_in_readers_stored_page_is_found_from_four_queries(
    client, django_assert_num_queries
):
    page = make_page(title="Hyosan High School")
    client.force_login(UserFactory())
    client.get(page.get_absolute_url())  # rendered and stored by the full view
    # the session, the user, their blocks, and the page with its last revision
    with django_assert_num_queries(4):
        response = client.get(page.get_absolute_url())
    assert response.templates == []


@pytest.mark.parametrize("moderator", [False, True])
def test_a_hidden_editor_is_shown_from_the_store_only_to_moderators(client, moderator):
    from wiki.visibility import revision_visibility_set

    page = make_page(title="Hyosan High School")
    edit_page(page, "Second text.\n", user=UserFactory(username="Vandal"))
    revision_visibility_set(
        revision=page.history.first(),
        moderator=make_moderator(username="Boss"),
        text=False,
        summary=False,
        editor=True,
        reason="Abusive user name",
    )
    reader = make_moderator(username="Mod") if moderator else UserFactory()
    client.force_login(reader)
    client.get(page.get_absolute_url())  # rendered and stored by the full view
    response = client.get(page.get_absolute_url())
    assert response.templates == []
    assert (b"Vandal" in response.content) is moderator


def test_a_query_string_never_makes_its_way_into_the_stored_page():
    page = make_page(title="Hyosan High School")
    _visit(f"{page.get_absolute_url()}?q=Site+moved+to+evil.example")
    _, response = _visit(page.get_absolute_url())
    assert b"evil.example" not in response.content


def test_the_placeholder_in_a_pages_text_is_never_given_a_readers_token():
    page = make_page(
        title="Hyosan High School",
        body=f"[x](https://example.org/?t={CSRF_PLACEHOLDER})\n",
    )
    _visit(page.get_absolute_url())
    _, response = _visit(page.get_absolute_url())
    assert response.templates == []
    assert f"https://example.org/?t={CSRF_PLACEHOLDER}".encode() in response.content
    assert TOKEN.search(response.content).group(1).decode() != CSRF_PLACEHOLDER


def test_every_revision_and_log_entry_counts_a_generation():
    from wiki.page_cache import site_generation

    before = site_generation()
    page = make_page(title="Hyosan High School")
    after_create = site_generation()
    edit_page(page, "New text.\n")
    assert before < after_create < site_generation()


def test_rendering_everything_again_refreshes_the_stored_lists():
    from wiki.models import Page
    from wiki.services import content_rerender

    page = make_page(title="Hyosan High School", body="Text.\n")
    _, before = _visit("/category/")
    Page.objects.filter(pk=page.pk).update(body="Text.\n\n[[Category:Schools]]\n")
    content_rerender(obj=Page.objects.get(pk=page.pk))
    _, after = _visit("/category/")
    assert b"Schools" not in before.content
    assert b"Schools" in after.content


def test_renaming_the_last_editor_shows_at_once_in_the_footer(client):
    from accounts.models import User

    editor = UserFactory(username="OldName")
    page = make_page(title="Hyosan High School", user=editor)
    _visit(page.get_absolute_url())
    User.objects.filter(pk=editor.pk).update(username="NewName")
    _, response = _visit(page.get_absolute_url())
    assert b"NewName" in response.content
    assert b"OldName" not in response.content


def test_a_block_that_ran_out_leaves_the_profile_at_once():
    import datetime

    from django.utils import timezone

    from accounts.models import Block, BlockScope
    from accounts.services import block_create

    vandal = UserFactory(username="Vandal")
    make_page(title="Hyosan High School", user=vandal)
    block = block_create(
        moderator=make_moderator(),
        user=vandal,
        scope=BlockScope.EDITING,
        reason="Vandalism everywhere",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert b"Vandalism everywhere" in _visit("/users/Vandal/")[1].content
    Block.objects.filter(pk=block.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert b"Vandalism everywhere" not in _visit("/users/Vandal/")[1].content


def test_each_host_gets_its_own_canonical_address(settings):
    settings.ALLOWED_HOSTS = ["wiki.example.org", "mirror.example.org"]
    page = make_page(title="Hyosan High School")
    Client().get(page.get_absolute_url(), HTTP_HOST="wiki.example.org")
    response = Client().get(page.get_absolute_url(), HTTP_HOST="mirror.example.org")
    assert b"http://mirror.example.org/wiki/" in response.content
    assert b"http://wiki.example.org/wiki/" not in response.content


def test_lists_are_stored_from_the_first_generation_on():
    from wiki.models import SiteGeneration

    SiteGeneration.objects.update(number=0)  # a new database, before any write
    _visit("/recent/")
    assert _visit("/recent/")[1].templates == []
