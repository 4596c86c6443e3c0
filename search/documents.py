"""What the search index holds about one piece of content, and how text becomes words.

A document is built from the current content only (never from a revision), so a
hidden revision's text can never be found. The searchable text is the plain text of
the stored `rendered_html`, split in two: what readers see plainly (`text`, which
snippets are cut from) and what is inside season spoilers (`spoilers`, searchable
but never shown, so that a snippet cannot spoil a season the reader has not seen).

`words()` is the single definition of a word on both databases: a run of Unicode
letters and digits. FTS5's unicode61 tokenizer splits text the same way; PostgreSQL
is given the text already split (its own parser would keep "example.com" or
"1.5" as single tokens and answer differently from SQLite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from wiki.titles import normalise_title

# Private-use characters mark highlighted words in snippets; they are removed from
# indexed text, so a marker in a snippet always comes from the database.
MARK_START = "\ue000"
MARK_END = "\ue001"

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchFields:
    """Which fields of a kind of content, besides its title and text, are searched.

    `aliases` is a text field of other names, one per line (found like the title,
    and an exact alias jumps straight to the content); `extra` are short fields
    searched with a middle weight (a character's actor).
    """

    aliases: str | None = None
    extra: tuple[str, ...] = ()


# Keyed by the registry's kind; kinds not listed are searched by title and text.
SEARCH_FIELDS: dict[str, SearchFields] = {
    "character": SearchFields(aliases="aliases", extra=("actor",)),
}


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str
    slug: str
    aliases: tuple[str, ...]
    extra: str
    text: str
    spoilers: str
    # Titles it had before a rename, which redirect to it: names, not text.
    old_titles: tuple[str, ...] = ()


def document_for(
    obj, *, kind: str, title_field: str, old_titles: tuple[str, ...] = ()
) -> Document:
    """The search document of `obj`, a current (or historical-model) content row.

    Takes plain attributes rather than a registry entry so that the migration's
    rebuild can use it with historical models.
    """
    fields = SEARCH_FIELDS.get(kind, SearchFields())
    aliases: tuple[str, ...] = ()
    if fields.aliases:
        raw = getattr(obj, fields.aliases) or ""
        names = (normalise_title(line) for line in raw.splitlines())
        aliases = tuple(dict.fromkeys(name for name in names if name))
    extra = " ".join(str(getattr(obj, name) or "") for name in fields.extra).strip()
    text, spoilers = plain_text(getattr(obj, "rendered_html", "") or "")
    return Document(
        kind=kind,
        object_id=obj.pk,
        title=getattr(obj, title_field),
        slug=obj.slug,
        aliases=aliases,
        extra=_without_markers(extra),
        text=text,
        spoilers=spoilers,
        old_titles=old_titles,
    )


def words(text: str) -> str:
    """`text` as lower-case words separated by single spaces."""
    return " ".join(_WORD.findall(text.lower()))


def query_terms(query: str, *, limit: int = 16) -> list[str]:
    """The distinct words of a user's query, in order; never any syntax."""
    return list(dict.fromkeys(_WORD.findall(query.lower())))[:limit]


def plain_text(html: str) -> tuple[str, str]:
    """The readable text of sanitised HTML: (outside spoilers, inside spoilers)."""
    text = _Text()
    if not _read_sanitised(html, text):
        parser = _TextParser(text)
        parser.feed(html)
        parser.close()
    return _tidy(text.plain), _tidy(text.spoiler)


# Words run across these elements; any other element separates words, or
# "</p><p>" would glue the last word of a paragraph to the first of the next.
_INLINE = frozenset(
    {"a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark"}
    | {"q", "s", "small", "span", "strong", "sub", "sup", "u"}
)
_VOID = frozenset({"br", "hr", "img", "input", "wbr"})
# Footnote numbers and back-links are navigation, not words of the text.
_SKIPPED_LINKS = frozenset({"footnote-ref", "footnote-backref"})


class _Text:
    """The text of a stream of tags and character data, in and out of spoilers."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.spoiler: list[str] = []
        self.out = self.plain  # where text goes now
        # Per open element: "spoiler", "skip" (its text is left out) or "".
        self._stack: list[str] = []
        self._spoiler_depth = 0
        self._skip_depth = 0

    def start(self, tag: str, class_value: str | None) -> None:
        if tag not in _INLINE:
            self.out.append(" ")
        if tag in _VOID:
            return
        classes = (class_value or "").split()
        kind = ""
        if tag == "details" and "spoiler" in classes:
            kind = "spoiler"
            self._spoiler_depth += 1
            self.out = self.spoiler
        elif (tag == "a" and not _SKIPPED_LINKS.isdisjoint(classes)) or (
            tag == "summary" and self._spoiler_depth
        ):
            kind = "skip"
            self._skip_depth += 1
        self._stack.append(kind)

    def end(self, tag: str) -> None:
        if tag in _VOID or not self._stack:
            return
        kind = self._stack.pop()
        if kind == "spoiler":
            self._spoiler_depth -= 1
            self.out = self.spoiler if self._spoiler_depth else self.plain
        elif kind == "skip":
            self._skip_depth -= 1
        if tag not in _INLINE:
            self.out.append(" ")

    def data(self, data: str) -> None:
        if not self._skip_depth:
            self.out.append(data)


class _TextParser(HTMLParser):
    """Reads any HTML into a _Text."""

    def __init__(self, text: _Text) -> None:
        super().__init__(convert_charrefs=True)
        self._text = text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._text.start(tag, dict(attrs).get("class"))

    def handle_endtag(self, tag: str) -> None:
        self._text.end(tag)

    def handle_data(self, data: str) -> None:
        self._text.data(data)


# nh3 writes every tag in one form (lower-case names, attributes as ` name="value"`,
# "<" in text escaped), which one regex splits several times faster than
# html.parser; _TextParser reads anything else.
_SANITISED_TOKEN = re.compile(
    r"</([a-z][a-z0-9]*)>"
    r'|<([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<]*")*)>'
    r"|([^<]+)"
)
_NOT_SANITISED = re.compile(
    r'<(?!/[a-z][a-z0-9]*>|[a-z][a-z0-9]*(?: [a-z][a-z0-9-]*="[^"<]*")*>)'
    # Elements whose content html.parser reads as raw text; nh3 drops them.
    r"|<(?:script|style)[ >]"
)
_CLASS = re.compile(r' class="([^"]*)"')


def _read_sanitised(html: str, text: _Text) -> bool:
    """Give `text` the tags and data of `html` as html.parser would, if `html`
    has nh3's form; return False, having given it nothing, if it does not."""
    if _NOT_SANITISED.search(html):
        return False
    for end, start, attributes, data in _SANITISED_TOKEN.findall(html):
        if data:
            text.data(unescape(data))
        elif end:
            text.end(end)
        elif ' class="' not in attributes:
            text.start(start, None)
        else:
            # html.parser keeps the last of repeated attributes.
            text.start(start, unescape(_CLASS.findall(attributes)[-1]))
    return True


def _tidy(parts: list[str]) -> str:
    return " ".join(_without_markers("".join(parts)).split())


def _without_markers(text: str) -> str:
    # Two replace() calls: str.translate is much slower on long text.
    return text.replace(MARK_START, "").replace(MARK_END, "")
