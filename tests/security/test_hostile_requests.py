"""Hostile requests, at the HTTP level: open redirects through ?next=, SQL-looking
and unknown filter parameters, impossible dates and posts without a CSRF token.

Each is refused with a 4xx or a form error and writes nothing, with two
exceptions that are right as they are: a `next` that leads off the site is
dropped (the redirect goes to a page of this site instead of failing the
login), and a query parameter that is no filter at all is ignored, as utm_*
tags are (it never reaches a query, so the list is the unfiltered one).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    UserFactory,
    make_character,
    make_event,
    make_moderator,
    make_page,
)
from tests.security.hostile import (
    character_form,
    edit_form,
    edit_url,
    edited,
    event_form,
    form_errors,
    kind_of,
    page_text,
    revisions,
)
from tests.wiki.write_paths import png_upload
from wiki.lifecycle import content_delete

pytestmark = pytest.mark.django_db

# --- Open redirects -------------------------------------------------------------------

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    " //evil.example/",
    "\t//evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def test_logging_in_never_follows_a_next_url_off_the_site(user):
    went = {}
    for next_url in OFF_SITE:
        data = {"username": user.username, "password": PASSWORD, "next": next_url}
        response = Client().post(reverse("login"), data)
        went[next_url] = (response.status_code, response["Location"])

    assert went == dict.fromkeys(OFF_SITE, (302, reverse("home")))


def test_the_login_form_does_not_carry_a_next_url_off_the_site(client):
    carried = {
        next_url: 'name="next" value=""'
        not in page_text(client.get(reverse("login"), {"next": next_url}))
        for next_url in OFF_SITE
    }

    assert carried == dict.fromkeys(OFF_SITE, False)


def test_saving_preferences_never_follows_a_next_url_off_the_site(client, unchanged):
    went = {}
    with unchanged():
        for next_url in OFF_SITE:
            data = {"spoiler_season": "0", "next": next_url}
            response = client.post(reverse("preferences"), data)
            went[next_url] = (response.status_code, response["Location"])

    assert went == dict.fromkeys(OFF_SITE, (302, reverse("preferences")))


def test_logging_out_never_follows_a_next_url_off_the_site(client, user, unchanged):
    went = {}
    for next_url in OFF_SITE:
        client.force_login(user)
        with unchanged():
            response = client.post(reverse("logout"), {"next": next_url})
        went[next_url] = (response.status_code, response["Location"])

    assert went == dict.fromkeys(OFF_SITE, (302, reverse("home")))


# --- Filters --------------------------------------------------------------------------


@pytest.fixture
def listed(season, no_page_cache):
    """One page, one character and one event for the lists to show (or not)."""
    make_page(title="Nam-ra")
    make_character(name="Nam On-jo")
    make_event(title="Season 2 confirmed")


SQL_IN_CHOICES = [
    "/wiki/?sort=title;DROP TABLE wiki_page",
    "/wiki/?updated_since=2024-01-01' OR '1'='1",
    "/characters/?status=alive' OR '1'='1",
    "/characters/?season=1 OR 1=1",
    "/characters/?sort=name) --",
    "/timeline/?year=2024 OR 1=1",
    "/timeline/?kind=release'--",
    "/recent/?kind=page' OR 1=1 --",
    "/recent/?since=2024-01-01';--",
    "/api/pages/?sort=-title,(SELECT 1)",
    "/api/characters/?status=' UNION SELECT password FROM accounts_user --",
    "/api/events/?year=1;DROP TABLE timeline_event",
    "/wiki/nam-ra/?revision=1 OR 1=1",
    "/wiki/nam-ra/diff/?from=1;--",
]


def test_sql_in_a_filter_that_takes_a_choice_a_number_or_a_date_is_refused(
    editor_client, listed, unchanged
):
    with unchanged():
        statuses = {url: editor_client.get(url).status_code for url in SQL_IN_CHOICES}

    assert statuses == {
        url: 404 if "revision" in url or "diff" in url else 400
        for url in SQL_IN_CHOICES
    }


SQL_IN_TEXT = {
    "/wiki/?title=' OR '1'='1": "Nam-ra",
    "/wiki/?title=%25": "Nam-ra",
    "/wiki/?title=_": "Nam-ra",
    "/wiki/?category=' OR 1=1--": "Nam-ra",
    "/characters/?q=%' OR 1=1 --": "Nam On-jo",
    "/recent/?user=' OR '1'='1": "Nam-ra",
    "/search/?q=' OR 1=1; DROP TABLE wiki_page; --&fulltext=1": "Nam-ra",
    '/search/?q=nam* NEAR OR "&fulltext=1': "Nam-ra",
}


def test_the_text_filters_find_the_content_that_the_sql_above_must_not(
    editor_client, listed
):
    urls = {
        "/wiki/?title=nam": "Nam-ra",
        "/characters/?q=nam": "Nam On-jo",
        "/recent/?user=": "Nam-ra",
        "/search/?q=nam&fulltext=1": "Nam-ra",
    }
    for url, title in urls.items():
        assert title in page_text(editor_client.get(url)).split("<main", 1)[1], url


@pytest.mark.parametrize("url, title", SQL_IN_TEXT.items())
def test_sql_in_a_text_filter_is_searched_for_as_text(
    editor_client, listed, unchanged, url, title
):
    # Had it reached the SQL (or LIKE or FTS5 syntax), it would list everything.
    with unchanged():
        response = editor_client.get(url)

    assert response.status_code == 200
    assert title not in page_text(response).split("<main", 1)[1]


@pytest.mark.parametrize(
    "url, rows",
    [
        ("/wiki/?title__regex=.*&body__icontains=x&o=-id", "pages"),
        ("/characters/?password=x&name__startswith=Z&ordering=-id", "characters"),
        ("/timeline/?title__in=x&utm_source=mail", "events"),
    ],
)
def test_a_parameter_that_is_no_filter_is_ignored(
    editor_client, listed, unchanged, url, rows
):
    with unchanged():
        response = editor_client.get(url)

    assert response.status_code == 200
    unfiltered = editor_client.get(url.split("?")[0])
    assert list(response.context[rows]) == list(unfiltered.context[rows]) != []


def test_an_api_parameter_that_is_no_filter_is_ignored(client, listed):
    response = client.get("/api/pages/?title__regex=.*&ordering=-id&password=x")

    assert response.status_code == 200
    assert [page["title"] for page in response.json()["results"]] == ["Nam-ra"]


# --- Impossible dates -----------------------------------------------------------------

IMPOSSIBLE_DATES = [
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
    "0000-01-01",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "2024-1-1'; DROP TABLE timeline_event; --",
]


@pytest.mark.parametrize("date", IMPOSSIBLE_DATES)
def test_an_impossible_event_date_is_a_form_error(editor_client, unchanged, date):
    with unchanged():
        response = editor_client.post(reverse("event_create"), event_form(date=date))

    errors = form_errors(response)
    assert "Enter a valid date." in errors or "year between 1 and 9998" in errors


@pytest.mark.parametrize("date", ["2024-02-30", "0000-01-01", "9999-12-31"])
def test_an_impossible_date_in_an_edit_or_a_source_is_a_form_error(
    editor_client, unchanged, date
):
    event = make_event()

    with unchanged():
        edited = editor_client.post(edit_url(event), edit_form(event, date=date))
        cited = editor_client.post(
            reverse("event_create"), event_form(**{"sources-0-date": date})
        )

    for response in (edited, cited):
        errors = form_errors(response)
        assert "Enter a valid date." in errors or "year between 1 and 9998" in errors


IMPOSSIBLE_IN_FILTERS = [
    "/wiki/?updated_since=2024-02-30",
    "/recent/?since=2023-02-29",
    "/recent/?since=0001-01-01",
    "/recent/?before=2024-02-30T12:00:00",
    "/recent/?before=9999-12-31T23:59:59",
    "/users/Mallory/?since=2024-13-01",
    "/timeline/?year=0",
    "/timeline/?year=99999999999999999999",
    "/api/pages/?updated_since=2024-02-30",
    "/api/events/?year=-1",
]


def test_an_impossible_date_in_a_filter_is_a_400(editor_client, unchanged):
    with unchanged():
        statuses = {
            url: editor_client.get(url).status_code for url in IMPOSSIBLE_IN_FILTERS
        }

    assert statuses == dict.fromkeys(IMPOSSIBLE_IN_FILTERS, 400)


# --- Posts without a CSRF token -------------------------------------------------------


def revert(make):
    def post(moderator):
        obj = edited(make())
        return reverse(f"{kind_of(obj)}_revert", args=[obj.slug, revisions(obj)[0]]), {}

    return post


def edit(make, field):
    def post(moderator):
        obj = make()
        return edit_url(obj), edit_form(obj, **{field: "Changed.\n"})

    return post


def on_edited_page(name: str, data: dict):
    def post(moderator):
        page = edited(make_page(title="Nam-ra"))
        return reverse(name, args=[page.slug]), data

    return post


def hide_revision(moderator):
    page = edited(make_page())
    url = reverse("page_revision_visibility", args=[page.slug, revisions(page)[0]])
    return url, {"summary": "on", "reason": "Rude"}


def restore(moderator):
    page = make_page(title="Deleted page")
    content_delete(obj=page, user=moderator, reason="Spam")
    return reverse("content_restore", args=["page", page.pk]), {"reason": "Not spam"}


def block(moderator):
    vandal = UserFactory(username="Vandal")
    data = {"scope": "editing", "duration": "1d", "reason": "Vandalism"}
    return reverse("user_block", args=[vandal.username]), data


def fixed(name: str, data: dict):
    return lambda moderator: (reverse(name), data)


NEW_PASSWORD = "another-long-passphrase-42"
# Every write path, as a function of the moderator that posts to it: what it
# needs is made first, then the URL and the data of a post that would succeed.
CSRF_POSTS = {
    "page create": fixed("page_create", {"title": "A new page", "body": "x"}),
    "page edit": edit(make_page, "body"),
    "page revert": revert(make_page),
    "page rename": on_edited_page("page_rename", {"new_title": "Other", "reason": "r"}),
    "page delete": on_edited_page("page_delete", {"reason": "Spam"}),
    "page rollback": on_edited_page("page_rollback", {"editor": "Vandal"}),
    "revision visibility": hide_revision,
    "character create": fixed("character_create", character_form()),
    "character edit": edit(make_character, "biography"),
    "character revert": revert(make_character),
    "event create": fixed("event_create", event_form()),
    "event edit": edit(make_event, "description"),
    "event revert": revert(make_event),
    "restore": restore,
    "preview": fixed("markdown_preview", {"content": "**x**"}),
    "upload": lambda moderator: (reverse("image_upload"), {"image": png_upload()}),
    "preferences": fixed("preferences", {"spoiler_season": "1"}),
    "block": block,
    "password change": fixed(
        "password_change",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    "logout": fixed("logout", {}),
}


@pytest.fixture
def csrf_moderator(season):
    """A moderator (whom no permission, protection or rate stops) whose client
    checks CSRF tokens, as a browser's requests are checked."""
    moderator = make_moderator(username="Moderator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    return moderator, client


@pytest.mark.parametrize("name", CSRF_POSTS)
def test_a_post_without_a_csrf_token_is_refused_on_every_write_path(
    csrf_moderator, unchanged, name
):
    moderator, client = csrf_moderator
    url, data = CSRF_POSTS[name](moderator)

    with unchanged():
        response = client.post(url, data)

    assert response.status_code == 403
    assert "Your form expired" in page_text(response)


@pytest.mark.parametrize(
    "url, data",
    [
        ("signup", {"username": "new", "email": "n@example.org"}),
        ("login", {"username": "fan", "password": PASSWORD}),
        ("password_reset", {"email": "fan@example.org"}),
    ],
)
def test_an_anonymous_post_without_a_csrf_token_is_refused(unchanged, url, data):
    UserFactory(username="fan")
    client = Client(enforce_csrf_checks=True)

    with unchanged():
        response = client.post(reverse(url), data)

    assert response.status_code == 403
    assert "Your form expired" in page_text(response)
