"""Hostile text, at the HTTP level: titles that shadow existing content with
invisible or right-to-left characters, reserved and colliding slugs, NUL bytes
and control characters, and oversized or pathological bodies.

A title is normalised before anything compares it (NFC, no control or format
characters, spaces folded; wiki.titles), so one that only looks different is the
same title: it is refused as taken, and nothing is written. NUL bytes are a form
error wherever a form takes text, and a 404 or 400 where a URL or a query does.
Other control characters are invisible, so they are removed (from titles,
summaries and rendered text) rather than refused.
"""

import xml.etree.ElementTree as ElementTree

import pytest
from django.urls import reverse

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from tests.security.hostile import (
    character_form,
    edit_form,
    edit_url,
    event_form,
    form_errors,
    page_text,
    write_request,
)
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(season):
    """A page, a character (with an alias) and an event, to be shadowed."""
    return {
        "page": make_page(title="Nam-ra"),
        "character": make_character(name="Nam On-jo", aliases="Onjo"),
        "event": make_event(title="Season 2 confirmed"),
    }


def post_create(client, kind: str, title: str):
    """Post the create form of `kind` with `title`; returns a function that
    sends it, so that the test decides when."""
    if kind == "page":
        data = {"title": title, "body": "Text.\n", "summary": ""}
        return lambda: client.post(reverse("page_create"), data)
    if kind == "character":
        data = character_form(name=title)
        return lambda: client.post(reverse("character_create"), data)
    return lambda: client.post(reverse("event_create"), event_form(title=title))


OTHERS = {
    "page": lambda: make_page(title="Other page"),
    "character": lambda: make_character(name="Other character"),
    "event": lambda: make_event(title="Other event"),
}


def post_rename(client, kind: str, title: str):
    """Post the rename form of other content of `kind`, made now, with `title`."""
    url = reverse(f"{kind}_rename", args=[OTHERS[kind]().slug])
    return lambda: client.post(url, {"new_title": title, "reason": "Shadowing"})


# --- Titles that shadow existing content ----------------------------------------------

# Each makes "Nam-ra" look the same, or differ only in ways a slug ignores.
SHADOWS = {
    "zero-width space": "Nam\u200b-ra",
    "zero-width joiner": "Nam-\u200dra",
    "zero-width non-joiner": "N\u200cam-ra",
    "word joiner": "Nam\u2060-ra",
    "byte order mark": "\ufeffNam-ra",
    "soft hyphen": "Nam-r\u00ada",
    "right-to-left override": "\u202eNam-ra",
    "right-to-left mark": "Nam-ra\u200f",
    "arabic letter mark": "\u061cNam-ra",
    "bidirectional isolates": "\u2066Nam-ra\u2069",
    "no-break and ideographic spaces": "Nam-ra\u00a0\u3000\t",
    "control characters": "Nam\x07-ra\x1b",
    "capitals": "NAM-RA",
    "fullwidth letters": "\uff2e\uff41\uff4d-\uff52\uff41",
    "punctuation": "nam--ra!",
}


@pytest.mark.parametrize("title", SHADOWS.values(), ids=SHADOWS.keys())
def test_a_title_that_shadows_a_page_is_refused(editor_client, unchanged, title):
    make_page(title="Nam-ra")
    post = post_create(editor_client, "page", title)

    with unchanged():
        response = post()

    assert response.status_code == 200
    assert "A page with this title already exists: “Nam-ra”." in form_errors(response)


# One disguise each: a zero-width space, a right-to-left override, capitals.
SHADOWING_PATHS = {
    "character create": (
        "character",
        "Nam\u200b On-jo",
        post_create,
        "A character with this name already exists",
    ),
    "character create, an alias": (
        "character",
        "\u202eOnjo",
        post_create,
        "Another character has this name as an alias",
    ),
    "event create": (
        "event",
        "SEASON 2 CONFIRMED",
        post_create,
        "An event with this title already exists",
    ),
    "page rename": (
        "page",
        "Nam-\u200bra",
        post_rename,
        "“Nam-ra” already has this title",
    ),
    "character rename": (
        "character",
        "\u202eNam On-jo",
        post_rename,
        "“Nam On-jo” already has this name",
    ),
    "character rename, an alias": (
        "character",
        "ONJO",
        post_rename,
        "“Nam On-jo” already has this name",
    ),
    "event rename": (
        "event",
        "Season\u200b 2 confirmed",
        post_rename,
        "“Season 2 confirmed” already has this title",
    ),
}


@pytest.mark.parametrize(
    "kind, title, post, error", SHADOWING_PATHS.values(), ids=SHADOWING_PATHS.keys()
)
def test_a_name_that_shadows_other_content_is_refused_on_every_path(
    editor_client, existing, unchanged, kind, title, post, error
):
    send = post(editor_client, kind, title)

    with unchanged():
        response = send()

    assert response.status_code in (200, 400)
    assert error in form_errors(response)


def test_an_alias_that_shadows_another_characters_name_is_refused(
    editor_client, existing, unchanged
):
    data = character_form(aliases="Nam\u200bOn-jo\n\u202eonjo")

    with unchanged():
        response = editor_client.post(reverse("character_create"), data)

    assert "already names “Nam On-jo”" in form_errors(response)


def test_invisible_characters_in_a_new_title_are_removed_before_it_is_stored(
    editor_client,
):
    # "\u202eAr-maN" shows as "Nam-rA" in a browser; stored without the override
    # it shows as what it is.
    title = "\u202eAr-maN\u200b \x07tower\u2069"

    response = post_create(editor_client, "page", title)()

    assert response.status_code == 302
    page = Page.objects.get()
    assert (page.title, page.slug) == ("Ar-maN tower", "ar-man-tower")
    assert "\u202e" not in page_text(editor_client.get(page.get_absolute_url()))


# --- Reserved and colliding slugs -----------------------------------------------------

RESERVED = [" NEW ", "ne\u200bw", "\uff4e\uff45\uff57", "random", "Special", "search"]


def test_a_title_whose_slug_is_reserved_is_refused(editor_client, unchanged):
    with unchanged():
        refused = {
            title: "is reserved by the wiki itself"
            in form_errors(post_create(editor_client, "page", title)())
            for title in RESERVED
        }

    assert refused == dict.fromkeys(RESERVED, True)


@pytest.mark.parametrize(
    "kind, post",
    [
        ("character", post_create),
        ("event", post_create),
        ("page", post_rename),
        ("character", post_rename),
        ("event", post_rename),
    ],
)
def test_reserved_slugs_are_refused_on_every_path(
    editor_client, season, unchanged, kind, post
):
    send = post(editor_client, kind, "New")

    with unchanged():
        response = send()

    assert "is reserved by the wiki itself" in form_errors(response)


def test_a_title_without_a_letter_or_digit_is_refused(editor_client, unchanged):
    titles = ["!!!", "\u200b\u200d", "<>", " \u3000 "]

    with unchanged():
        errors = {
            title: form_errors(post_create(editor_client, "page", title)())
            for title in titles
        }

    for title, error in errors.items():
        assert "needs at least one letter" in error or "required" in error, title


# --- NUL bytes ------------------------------------------------------------------------


NUL = "Nam\x00-ra"
PAGE = {"title": "New page", "body": "Text.\n", "summary": ""}
RENAME = {"new_title": "Renamed", "reason": "Why"}
SOURCE_FIELDS = ["sources-0-publisher", "sources-0-title", "sources-0-quoting"]
# Each write path, the content it needs, its form and the form's text fields (a
# name or title is disabled on an edit form: what is posted for it is ignored).
NUL_PATHS = {
    "page create": (None, "page_create", PAGE, ["title", "body", "summary"]),
    "page edit": (make_page, "edit", {}, ["body", "summary"]),
    "character create": (
        None,
        "character_create",
        character_form(),
        ["name", "aliases", "actor", "biography", "summary"],
    ),
    "character edit": (
        make_character,
        "edit",
        {},
        ["aliases", "actor", "biography", "summary"],
    ),
    "event create": (
        None,
        "event_create",
        event_form(),
        ["title", "description", "summary", *SOURCE_FIELDS],
    ),
    "event edit": (make_event, "edit", {}, ["description", "summary", *SOURCE_FIELDS]),
    "rename": (make_page, "page_rename", RENAME, ["new_title", "reason"]),
}


@pytest.mark.parametrize(
    "make, url, data, fields", NUL_PATHS.values(), ids=NUL_PATHS.keys()
)
def test_a_nul_byte_in_any_text_field_is_a_form_error(
    editor_client, season, unchanged, make, url, data, fields
):
    url, data = write_request(make, url, data)
    for field in fields:
        with unchanged():
            response = editor_client.post(url, {**data, field: NUL})

        assert "Null characters are not allowed." in form_errors(response), field


def test_a_nul_byte_in_a_new_username_is_a_form_error(client, unchanged):
    data = {
        "username": "mall\x00ory",
        "email": "m@example.org",
        "password1": "hyosan-rooftop-survivor-2022",
        "password2": "hyosan-rooftop-survivor-2022",
    }

    with unchanged():
        response = client.post(reverse("signup"), data)

    assert "Null characters are not allowed." in form_errors(response)


NUL_ADDRESSES = [
    "/wiki/?title=a%00b",
    "/characters/?q=a%00b",
    "/recent/?user=a%00b",
    "/api/pages/?title=a%00b",
    "/timeline/?character=a%00b",
    "/search/?q=a%00b&fulltext=1",
    "/search/suggest/?q=a%00b",
    "/users/a%00b/",
    "/wiki/a%00b/",
    "/wiki/?a%00b=1",
    "/admin/wiki/page/?q=a%00b",
    "/accounts/block/a%00b/",
]


@pytest.mark.parametrize("url", NUL_ADDRESSES)
def test_a_nul_byte_in_an_address_is_a_400(moderator_client, unchanged, url):
    # PostgreSQL refuses NUL in text, so any that reached a query would be a 500.
    with unchanged():
        response = moderator_client.get(url)

    assert response.status_code == 400
    assert b"Bad request" in response.content


@pytest.mark.parametrize("endpoint", ["markdown_preview", "image_upload"])
def test_a_nul_byte_in_the_editors_content_address_is_a_400(
    editor_client, unchanged, endpoint
):
    make_page(title="Nam-ra")
    url = f"{reverse(endpoint)}?kind=page&slug=nam-ra%00"

    with unchanged():
        response = editor_client.post(url, {"content": "Text"})

    assert response.status_code == 400


def test_a_nul_byte_in_a_moderators_request_is_refused(moderator_client, unchanged):
    page = make_page(title="Nam-ra")
    edit_page(page, "Vandalism.\n", user=UserFactory(username="Vandal"))
    url = reverse("page_rollback", args=[page.slug])

    with unchanged():
        by_editor = moderator_client.post(url, {"editor": "Van\x00dal"})
        by_reason = moderator_client.post(url, {"editor": "Vandal", "reason": "\x00"})

    assert (by_editor.status_code, by_reason.status_code) == (400, 400)


# --- Other control characters ---------------------------------------------------------


def test_control_characters_in_a_summary_are_removed_and_the_feeds_still_work(
    editor_client,
):
    page = make_page(title="Nam-ra")
    summary = "Fixed\x07 a\x1b typo\x7f\x0b"
    editor_client.post(edit_url(page), edit_form(page, body="New.\n", summary=summary))
    editor_client.post(
        reverse("page_rename", args=[page.slug]),
        {"new_title": "Choi Nam-ra", "reason": "Full\x08 name\x0c"},
    )

    reasons = list(page.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == [
        "Renamed “Nam-ra” to “Choi Nam-ra”: Full name",
        "Fixed a typo",
    ]
    for url in (
        reverse("recent_feed"),
        reverse("page_history_feed", args=["choi-nam-ra"]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200
        ElementTree.fromstring(response.content)  # well-formed XML 1.0


def test_a_control_character_saved_before_they_were_removed_leaves_the_feeds_working(
    client,
):
    page = make_page(title="Nam-ra")
    page.history.update(history_change_reason="Saved long ago\x07")

    for url in (
        reverse("recent_feed"),
        reverse("page_history_feed", args=["nam-ra"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Saved long ago</summary>" in response.content


def test_control_characters_in_a_body_are_kept_out_of_the_page(editor_client):
    page = make_page(title="Nam-ra")
    body = "Ring\x07 the\x1b[31m bell\x08.\n"

    editor_client.post(edit_url(page), edit_form(page, body=body))

    html = page_text(editor_client.get(page.get_absolute_url()))
    assert "Ring the[31m bell." in html
    assert not any(char in html for char in "\x07\x1b\x08")


# --- Oversized and pathological bodies ------------------------------------------------

# 200 KB and one byte, in three-byte letters: fewer characters than the limit.
OVERSIZED = "한" * (200 * 1024 // 3) + "ab"


TOO_BIG = "a page can hold at most 200 KB"
TOO_LONG = "Ensure this value has at most 200 characters (it has 201)."


def oversized_posts():
    """(name, make the target, URL, data, the message that refuses it)."""
    body = {"title": "Big", "body": OVERSIZED}
    yield "page create", None, "page_create", body, TOO_BIG
    yield "page edit", make_page, "edit", {"body": OVERSIZED}, TOO_BIG
    data = character_form(biography=OVERSIZED)
    yield "character create", None, "character_create", data, TOO_BIG
    yield "character edit", make_character, "edit", {"biography": OVERSIZED}, TOO_BIG
    data = event_form(description=OVERSIZED)
    yield "event create", None, "event_create", data, TOO_BIG
    yield "event edit", make_event, "edit", {"description": OVERSIZED}, TOO_BIG
    data = {"title": "T" * 201, "body": "x"}
    yield "page title", None, "page_create", data, TOO_LONG
    data = character_form(name="N" * 201)
    yield "character name", None, "character_create", data, TOO_LONG
    yield "event title", None, "event_create", event_form(title="T" * 201), TOO_LONG
    data = {"new_title": "T" * 201, "reason": "x"}
    yield "rename", make_page, "page_rename", data, TOO_LONG
    data = {"body": "New.\n", "summary": "s" * 501}
    yield "summary", make_page, "edit", data, "at most 500 characters (it has 501)"
    data = character_form(aliases="\n".join(f"Alias {n}" for n in range(21)))
    yield "aliases", None, "character_create", data, "At most 20 aliases, please."
    data = event_form(**{"sources-TOTAL_FORMS": "21"})
    yield "sources", None, "event_create", data, "Please submit at most 20 forms."
    data = {"body": "> " * 600 + "deep\n"}
    yield "deep nesting", make_page, "edit", data, "nested more than 20 levels deep"
    data = {"body": "[" * 40_000 + "\n"}
    yield "bracket run", make_page, "edit", data, "too much structure for one page"


OVERSIZED_POSTS = {name: rest for name, *rest in oversized_posts()}


@pytest.mark.parametrize(
    "make, url, data, message", OVERSIZED_POSTS.values(), ids=OVERSIZED_POSTS.keys()
)
def test_oversized_or_pathological_input_is_a_form_error(
    editor_client, season, unchanged, make, url, data, message
):
    url, data = write_request(make, url, data)

    with unchanged():
        response = editor_client.post(url, data)

    assert response.status_code in (200, 400)
    assert message in page_text(response)


def test_a_request_body_over_the_servers_limit_is_a_400(editor_client, unchanged):
    page = make_page(title="Nam-ra")
    data = edit_form(page, body="x" * (3 * 1024 * 1024))

    with unchanged():
        response = editor_client.post(edit_url(page), data)

    assert response.status_code == 400


def test_a_request_with_too_many_fields_is_a_400(editor_client, unchanged):
    page = make_page(title="Nam-ra")
    data = edit_form(page, **{f"field{n}": "x" for n in range(1_100)})

    with unchanged():
        response = editor_client.post(edit_url(page), data)

    assert response.status_code == 400


def test_an_oversized_search_is_a_400(client):
    assert client.get(reverse("search") + "?q=" + "x" * 201).status_code == 400


def test_a_nul_byte_in_a_cookie_is_a_400(client, unchanged):
    # Django decodes the octal escape, and the session key reached PostgreSQL.
    with unchanged():
        response = client.get("/wiki/", HTTP_COOKIE='sessionid="abcdefgh\\000x"')

    assert response.status_code == 400
