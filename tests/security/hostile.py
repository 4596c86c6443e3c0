"""What the hostile-input tests share: a snapshot of everything a request could
write, a scan of a response for markup that a browser would run, and the forms
that the write paths post.

A refused hostile request must leave the database exactly as it was: every row
of every table (content, its history, links, categories, the search index,
users, blocks, the moderation log), and the uploaded files. Only the bookkeeping
that any request may touch is left out: sessions, rate-limit counters (every POST
to a write path counts, by design) and django-axes' login records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.db import connection
from django.templatetags.static import static
from django.urls import reverse

from tests.factories import UserFactory
from tests.wiki.write_paths import character_fields, event_fields
from wiki.services import content_update

BOOKKEEPING = {
    "sessions.session",
    "accounts.ratelimitcounter",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
}


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table but the bookkeeping, by model, in primary-key order.

    In plain SQL, one cursor for all: through the ORM this took most of the time
    of a test that sends one request.
    """
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.label_lower in BOOKKEEPING:
                continue
            table, key = quote(meta.db_table), quote(meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")
            rows[meta.label_lower] = cursor.fetchall()
    return rows


def stored_files(root: Path | None) -> list[str]:
    if root is None or not Path(root).exists():
        return []
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*"))


@contextmanager
def nothing_written(media_root: Path | None = None) -> Iterator[None]:
    """Assert that the block writes no row and stores no file."""
    rows, files = database_rows(), stored_files(media_root)
    yield
    after = database_rows()
    changed = sorted(label for label in rows if rows[label] != after.get(label))
    assert not changed, f"the request changed the tables of {', '.join(changed)}"
    assert stored_files(media_root) == files, "the request stored a file"


# --- Markup a browser would run ---------------------------------------------------

# Tags that never belong in a page of this site, whatever wrote them.
FORBIDDEN_TAGS = {
    "applet",
    "base",
    "embed",
    "frame",
    "frameset",
    "iframe",
    "math",
    "object",
    "portal",
    "style",
    "svg",
}
URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "data",
    "formaction",
    "href",
    "lowsrc",
    "ping",
    "poster",
    "src",
    "srcset",
    "xlink:href",
}
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
# Browsers drop these from a URL before reading its scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20]+")


class _MarkupScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._check(tag, attrs)
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def _check(self, tag: str, attrs: list) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.scripts += 1
            if not values.get("src", "").startswith(static("")):
                self.problems.append(f"a script that is not the site's: {values}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv={values['http-equiv']!r}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name in URL_ATTRIBUTES and _unsafe_url(name, value):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")


def _unsafe_url(name: str, value: str) -> bool:
    urls = [part.split()[0] for part in value.split(",") if part.split()]
    if name != "srcset":
        urls = [value]
    for url in urls:
        cleaned = _URL_NOISE.sub("", url).lower()
        if cleaned.startswith(UNSAFE_SCHEMES):
            return True
        # A form of this site never posts elsewhere.
        if name in ("action", "formaction") and urlsplit(cleaned).netloc:
            return True
    return False


def executable_markup(html: str) -> list[str]:
    """What in `html` a browser would run, or that would send the reader off-site:
    scripts other than the site's own static files, event handler and style
    attributes, javascript:/data:/vbscript: URLs, frames, objects, SVG, MathML,
    <base>, <meta http-equiv> and forms posting to another site. [] when inert."""
    scanner = _MarkupScanner()
    scanner.feed(html)
    scanner.close()
    problems = scanner.problems
    # Belt and braces: a "<script" the parser did not see as a tag is one that a
    # browser's parser might.
    if html.lower().count("<script") != scanner.scripts:
        problems.append("<script in a place the parser did not read as a tag")
    return problems


def page_text(response) -> str:
    return response.content.decode()


def form_errors(response) -> str:
    """The text of the form errors on a page ('' when there are none)."""
    html = page_text(response)
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    )


# --- The forms the write paths post --------------------------------------------------


def character_form(**fields) -> dict:
    """A valid character form (season 1 must exist), with `fields` replaced."""
    return character_fields(
        **{"name": "Yoon Gwi-nam", "biography": "A bully.\n", **fields}
    )


def event_form(**fields) -> dict:
    """A valid new-event form with one source, with `fields` replaced."""
    return event_fields(
        **{
            "title": "Filming of season 2 begins",
            "description": "Cameras roll.\n",
            **fields,
        }
    )


def edit_form(obj, **fields) -> dict:
    """The edit form of a page, character or event as it stands, with `fields`
    replaced: what a browser would post after changing them."""
    kind = type(obj)._meta.model_name
    base = {"base_version": obj.version, "summary": "", "minor": ""}
    if kind == "page":
        return {"body": obj.body, **base, **fields}
    if kind == "character":
        values = character_form(
            name=obj.name,
            aliases=obj.aliases,
            actor=obj.actor,
            role=obj.role,
            status=obj.status,
            seasons=[str(n) for n in obj.season_numbers],
            biography=obj.biography,
        )
        return {**values, **base, **fields}
    values = event_form(
        title=obj.title,
        date=obj.date.isoformat(),
        precision=obj.precision,
        kind=obj.kind,
        description=obj.description,
        character_ids=[str(pk) for pk in obj.character_ids],
        **{"sources-TOTAL_FORMS": str(len(obj.sources))},
        **{"sources-INITIAL_FORMS": str(len(obj.sources))},
    )
    for number, source in enumerate(obj.sources):
        for name in ("publisher", "title", "date", "url", "quoting"):
            values[f"sources-{number}-{name}"] = source.get(name, "")
    return {**values, **base, **fields}


def write_request(make, url: str, data: dict) -> tuple[str, dict]:
    """The address and form of a write path: make() builds its target (or None
    for a create), and the url "edit" means that target's edit form with `data`."""
    target = make() if make else None
    if url == "edit":
        return edit_url(target), edit_form(target, **data)
    return reverse(url, args=[target.slug] if target else []), data


def kind_of(obj) -> str:
    """ "page", "character" or "event": the prefix of the object's URL names."""
    return type(obj)._meta.model_name


def edit_url(obj) -> str:
    return reverse(f"{kind_of(obj)}_edit", args=[obj.slug])


# --- Content with a history -------------------------------------------------------


def revisions(obj) -> list[int]:
    """obj's revision ids, oldest first."""
    return list(obj.history.order_by("history_id").values_list("history_id", flat=True))


def edited(obj):
    """obj with a second revision, by a user named Vandal."""
    field = {"page": "body", "character": "biography", "event": "description"}
    content_update(
        obj=obj,
        user=UserFactory(username="Vandal"),
        values={field[kind_of(obj)]: "Vandalism.\n"},
        base_version=obj.version,
        summary="",
        minor=False,
    )
    obj.refresh_from_db()
    return obj
