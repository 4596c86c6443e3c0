"""The soak's and the drills' fans post the real forms back as a browser would."""

import random

import edits
import pytest
from django.urls import reverse

from tests.factories import make_character, make_event, make_page


def as_post(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.parametrize(
    ("kind", "make", "url_name"),
    [
        ("page", lambda: make_page(body="One.\n\nTwo.\n"), "page_edit"),
        (
            "character",
            lambda: make_character(biography="One.\n\nTwo.\n"),
            "character_edit",
        ),
        ("event", lambda: make_event(description="One.\n\nTwo.\n"), "event_edit"),
    ],
)
def test_a_form_read_and_posted_back_with_a_marker_saves_just_that(
    user_client, kind, make, url_name
):
    obj = make()
    path = reverse(url_name, args=[obj.slug])
    text_field = edits.KINDS[kind][1]
    assert edits.KINDS[kind][0].format(slug=obj.slug) == path

    fields = edits.form_fields(user_client.get(path).content.decode(), path)
    response = user_client.post(
        path, as_post(edits.with_marker(fields, text_field, "7-1", random.Random(0)))
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert obj.version == 2
    text = getattr(obj, text_field)
    assert edits.markers_in(text) == {"7-1"}
    # Everything else in the form went back as it was.
    assert (
        text.replace("Reliability edit 7-1.\n\n", "").replace(
            "\n\nReliability edit 7-1.", ""
        )
        == "One.\n\nTwo.\n"
    )


def test_the_form_reader_takes_what_a_browser_sends():
    html = """
    <form action="/accounts/logout/" method="post"><input name="x" value="no"></form>
    <form method="get"><input name="q" value="no"></form>
    <form method="post" class="edit-form">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="A &amp; B">
      <input type="checkbox" name="minor">
      <input type="checkbox" name="watch" checked>
      <input type="submit" name="preview" value="Preview">
      <select name="role">
        <option value="a">A</option><option value="b" selected>B</option>
      </select>
      <select name="status"><option value="u">U</option><option value="d">D</option>
      </select>
      <textarea name="body">
First line &lt;b&gt;</textarea>
    </form>
    <form method="post"><input name="after" value="no"></form>
    """

    assert edits.form_fields(html, "/wiki/a/edit/") == [
        ("csrfmiddlewaretoken", "t"),
        ("title", "A & B"),
        ("watch", "on"),
        ("role", "b"),
        ("status", "u"),
        ("body", "First line <b>"),
    ]


def test_markers_go_between_paragraphs_and_are_found_again():
    fields = [("body", "One.\n\nTwo.\n\nThree.\n"), ("summary", "")]

    edited = dict(edits.with_marker(fields, "body", "3-9", random.Random(1)))

    paragraphs = edited["body"].rstrip("\n").split("\n\n")
    assert sorted(paragraphs) == sorted(
        ["One.", "Two.", "Three.", "Reliability edit 3-9."]
    )
    assert edits.markers_in(edited["body"]) == {"3-9"}
    assert edited["summary"] == "reliability edit 3-9"


@pytest.mark.parametrize(
    ("status", "html", "outcome"),
    [
        (302, "", edits.SAVED),
        (200, '<section class="banner banner--conflict">', edits.CONFLICT),
        (200, "<form>an error</form>", edits.FORM_ERROR),
        (503, '<form class="resubmit-form">', edits.UNAVAILABLE),
        (503, "Service Unavailable", edits.SERVER_ERROR),
        (429, "Slow down", edits.REFUSED),
        (500, "", edits.SERVER_ERROR),
        (502, "", edits.SERVER_ERROR),
    ],
)
def test_outcomes(status, html, outcome):
    assert edits.outcome_of(status, html) == outcome


def test_a_real_conflict_is_recognised(user_client):
    page = make_page(body="One.\n")
    path = reverse("page_edit", args=[page.slug])
    fields = edits.form_fields(user_client.get(path).content.decode(), path)
    # Another editor saves a change to the same line first.
    user_client.post(path, {**dict(fields), "body": "Theirs.\n"})

    response = user_client.post(path, {**dict(fields), "body": "Mine.\n"})

    assert edits.outcome_of(response.status_code, response.content.decode()) == (
        edits.CONFLICT
    )
