"""What a fan's browser does with an edit form, for the soak and the fault drills.

No Django here: these run in locust and in the drills' client threads, which talk
to gunicorn over HTTP like anyone else. An edit reads the form, inserts one line
that names it (a marker) between two paragraphs of the text field, and posts the
form back as it was otherwise. Markers are only ever added, so every marker of an
acknowledged edit must still be in the object's current text at the end: a
missing one is a lost update.
"""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

# The edited objects: the form's address and the field a fan writes in.
KINDS = {
    "page": ("/wiki/{slug}/edit/", "body"),
    "character": ("/characters/{slug}/edit/", "biography"),
    "event": ("/timeline/{slug}/edit/", "description"),
}
MARKER = re.compile(r"Reliability edit ([a-z0-9-]+)\.")

SAVED = "saved"  # 302 to the object: the edit is acknowledged
CONFLICT = "conflict"  # the form again, with the edit-conflict banner
REFUSED = "refused"  # 4xx with a reason (rate limit, protection)
UNAVAILABLE = "unavailable"  # 503 with the user's text (wiki/unavailable.py)
FORM_ERROR = "form_error"  # the form again with an error: a bug in this workload
SERVER_ERROR = "server_error"  # any other 5xx: never acceptable
LOST = "no_answer"  # the connection broke: the edit may or may not be saved


def marker_line(marker_id: str) -> str:
    return f"Reliability edit {marker_id}."


def markers_in(text: str) -> set[str]:
    return set(MARKER.findall(text))


class _FormFields(HTMLParser):
    """The fields of the first form whose action is the edit address (or empty)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.in_form = self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and not self.done:
            self.in_form = attributes.get("action") in ("", self.action, None) and (
                attributes.get("method", "").lower() == "post"
            )
            return
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    # A box without a value is sent as "on".
                    self.fields.append((name, attributes.get("value") or "on"))
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in attributes:
                self.fields.append((self._select, value))
                self._selected = True

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # A browser drops the newline right after <textarea>.
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            # With nothing selected a browser sends the first option.
            if not self._selected and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    parser = _FormFields(action)
    parser.feed(html)
    return parser.fields


def with_marker(
    fields: list[tuple[str, str]], text_field: str, marker_id: str, rng: random.Random
) -> list[tuple[str, str]]:
    """The form's fields with a marker paragraph inserted at a random paragraph
    break of `text_field` (edits at different places merge, at one place conflict)."""
    edited = []
    for name, value in fields:
        if name == text_field:
            paragraphs = value.replace("\r\n", "\n").strip("\n").split("\n\n")
            at = rng.randint(0, len(paragraphs))
            paragraphs.insert(at, marker_line(marker_id))
            value = "\n\n".join(p for p in paragraphs if p) + "\n"
        elif name == "summary":
            value = f"reliability edit {marker_id}"
        edited.append((name, value))
    return edited


def outcome_of(status: int, html: str) -> str:
    if status == 302:
        return SAVED
    if status == 200 and "banner--conflict" in html:
        return CONFLICT
    if status == 200:
        return FORM_ERROR
    if status == 503 and 'class="resubmit-form"' in html:
        return UNAVAILABLE
    if 400 <= status < 500:
        return REFUSED
    return SERVER_ERROR
