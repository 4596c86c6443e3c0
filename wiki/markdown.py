"""Markdown to safe HTML: the one renderer for saved pages and the editor's preview.

Python-Markdown does not sanitise, and some inputs make it take quadratic time or
recurse past the stack. So a body is measured first (wiki.markdown_guard), then
rendered, then cleaned by nh3 down to what the renderer itself emits.

Beyond Markdown, writers have wiki links (`[[Title]]`, `[[Title|label]]`), category
tags (`[[Category:Name]]`, and `[[:Category:Name]]` to link to one) and season-tagged
spoiler blocks; SPOILER_SYNTAX is the editor help for the latter.
"""

import functools
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.html import escape, format_html
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import nest_toc_tokens, slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from accounts.text import without_control_characters
from wiki.markdown_guard import InlineBudget, RenderError, check_shape
from wiki.markdown_inline import InlineTreeprocessor
from wiki.titles import MAX_TITLE_LENGTH, normalise_title, slug_for_title

MAX_MARKDOWN_BYTES = 200 * 1024

SPOILER_SYNTAX = """\
Spoilers for a season go between a line ":::spoiler N" (N is the season, 1 to 99)
and a line ":::". Inside, write Markdown as anywhere else:

:::spoiler 2
## What happens to Nam On-jo
Paragraphs, lists and [[wiki links]].
:::

Readers who have not reached season N see a closed box they can open; readers who
have see the text plainly. Also accepted: "::: spoiler 2", ":::Spoiler season 2".
A block without its ":::" line runs to the end of the page. Spoiler blocks do not
nest: inside one, a ":::spoiler" line is ordinary text. Headings inside a spoiler
are left out of the table of contents; footnotes are listed at the end of the page,
outside any spoiler, so keep spoilers out of their text.
"""
SPOILER_SUMMARY = "Spoiler for season {}"


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str  # "" when the body has fewer than two headings
    link_targets: frozenset[str]  # normalised titles, existing or not
    # Names of the categories the text files itself under, one per slug.
    categories: frozenset[str] = frozenset()


LinkResolver = Callable[[frozenset[str]], Mapping[str, str]]


def render_markdown(
    text: str,
    *,
    resolve_links: LinkResolver,
    missing_link_url: Callable[[str], str],
    category_url: Callable[[str], str] | None = None,
) -> Rendered:
    """Render a body to sanitised HTML, or raise RenderError saying what to change.

    Its only I/O is one call to `resolve_links` with every wiki link target.
    `category_url(name)` is where `[[:Category:Name]]` links to; without it (a
    renderer with no category pages) that link is plain text.
    """
    size = len(text.encode())
    if size > MAX_MARKDOWN_BYTES:
        raise RenderError(
            f"The text is {size:,} bytes long; the limit is {MAX_MARKDOWN_BYTES:,} "
            "bytes (200 KB). Split it into several pages."
        )
    text = without_control_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    check_shape(text)
    md = _take_markdown()
    md.wiki_links.use(resolve_links, missing_link_url, category_url)
    try:
        html = md.convert(text)
    except RenderError:
        raise
    except _ResolverFailed as failure:
        # The resolver is the caller's database work: its errors are not bad input.
        raise failure.__cause__ from None
    except Exception as error:
        # RecursionError, or a blow-up the guard did not foresee: still the input's.
        raise RenderError(
            "The text could not be displayed: part of it is nested too deeply or has "
            "unusual markup (long runs of brackets or symbols). Simplify that part."
        ) from error
    rendered = Rendered(
        html=_clean(html),
        toc_html=_toc_html(md.toc_tokens),
        link_targets=md.wikilink_targets,
        categories=md.wiki_categories,
    )
    _keep_markdown(md)
    return rendered


def markdownify(text: str) -> str:
    """django-markdownx's MARKDOWNX_MARKDOWNIFY_FUNCTION: the same renderer, for the
    live preview."""
    # wiki.links needs the app registry (models), which is not ready when settings
    # and models import this module.
    from wiki.links import render_wiki_markdown

    try:
        rendered = render_wiki_markdown(text)
    except RenderError as error:
        return format_html('<p class="preview-error">{}</p>', str(error))
    return rendered.html


# Wiki links ---------------------------------------------------------------------

# No part may hold a bracket or a newline, so a match attempt stops at the next one
# and long runs of "[" stay linear. The raw target may be longer than a title until
# normalising removes its extra spaces and invisible characters.
_PART = 2 * MAX_TITLE_LENGTH
_WIKILINK_RE = rf"\[\[([^\[\]|\n]{{1,{_PART}}})(?:\|([^\[\]\n]{{0,{_PART}}}))?\]\]"
_TARGET = "data-wikilink-target"
_EXTERNAL_REL = "nofollow noopener noreferrer"
# An HTML tokenizer ends a tag name at whitespace, "/" or ">".
_RAW_ANCHOR = re.compile(r"<a(?=[\s/>])", re.IGNORECASE)
# MediaWiki's namespace prefix: any case, spaces allowed around the colon.
_CATEGORY_PREFIX = re.compile(r"category *: *(.*)", re.IGNORECASE | re.DOTALL)
# Stands where a category tag was until _CategoryTreeprocessor takes it out; not
# an HTML tag, so nh3 would drop any that were left.
_CATEGORY_TAG = "wiki-category"


def category_name(target: str) -> str | None:
    """The normalised category name of a link target "Category:Name" (any case),
    or None if the target is not in the category namespace. The name may be one
    without a slug ("Category:!!"), which names no category."""
    match = _CATEGORY_PREFIX.fullmatch(normalise_title(target))
    return None if match is None else normalise_title(match[1])


def _category_slug_fits(name: str) -> bool:
    # NFKC, inside slugify, can make a slug longer than its name.
    return 0 < len(slug_for_title(name)) <= MAX_TITLE_LENGTH


class _ResolverFailed(Exception):
    """Carries an exception of the caller's resolver out of Python-Markdown."""


class _WikiLinkInline(InlineProcessor):
    def __init__(self, pattern, md, links: "_WikiLinks"):
        super().__init__(pattern, md)
        self.links = links

    def handleMatch(self, m, data):
        title, name = _link_target(m.group(1))
        label = (m.group(2) or "").strip()
        if not title or len(title) > MAX_TITLE_LENGTH:
            return None, None, None
        linked = title.startswith(":")
        if name is None:
            link = etree.Element("a", {_TARGET: title})
            link.text = AtomicString(label or title)
            return link, m.start(0), m.end(0)
        if not _category_slug_fits(name):
            return None, None, None
        if not linked:
            # A tag, not a link: like MediaWiki, the text after "|" (a sort key
            # there) is not shown, and nothing stands where the tag was.
            return etree.Element(_CATEGORY_TAG, {"name": name}), m.start(0), m.end(0)
        text = AtomicString(label or title[1:])
        if self.links.category_url is None:
            return text, m.start(0), m.end(0)
        link = etree.Element(
            "a", {"href": self.links.category_url(name), "class": "wikilink"}
        )
        link.text = text
        return link, m.start(0), m.end(0)


# A page links to the same few titles over and over; the raw target is at most
# _PART characters, so the cache stays small.
@functools.lru_cache(maxsize=1024)
def _link_target(raw: str) -> tuple[str, str | None]:
    """The normalised title of a wiki link's target, and the category it names
    (after the ":" of a link to a category), if any."""
    title = normalise_title(raw)
    return title, category_name(title.removeprefix(":"))


class _CategoryTreeprocessor(Treeprocessor):
    """Collects the category tags and takes them out of the tree, with a paragraph
    left empty by them (tags on a line of their own, as writers put them)."""

    def run(self, root):
        tags = list(root.iter(_CATEGORY_TAG))
        # A category is shown to every reader (at the foot, on its page), so one
        # tagged inside a spoiler would give the spoiler away: it is dropped.
        in_spoilers = {
            tag
            for details in root.iter("details")
            if "spoiler" in details.get("class", "").split()
            for tag in details.iter(_CATEGORY_TAG)
        }
        names: dict[str, str] = {}
        for tag in tags:
            if tag in in_spoilers:
                continue
            # The first spelling of a category in the text is the one kept.
            names.setdefault(slug_for_title(tag.get("name")), tag.get("name"))
        self.md.wiki_categories = frozenset(names.values())
        if not tags:
            return
        parent_of = {child: parent for parent in root.iter() for child in parent}
        emptied = _remove_children(parent_of, tags)
        _remove_children(
            parent_of,
            [
                parent
                for parent in emptied
                if parent.tag == "p"
                and len(parent) == 0
                and not (parent.text or "").strip()
            ],
        )


def _remove_children(parent_of: dict, children: list) -> list:
    """Remove `children` from their parents, keeping the text that followed each;
    one pass over each parent, so many children cost linear time. Returns the
    parents."""
    by_parent: dict = {}
    for child in children:
        by_parent.setdefault(parent_of[child], set()).add(child)
    for parent, removed in by_parent.items():
        kept = []
        for child in parent:
            if child not in removed:
                kept.append(child)
            elif child.tail and kept:
                kept[-1].tail = (kept[-1].tail or "") + child.tail
            elif child.tail:
                parent.text = (parent.text or "") + child.tail
        parent[:] = kept
    return list(by_parent)


class _LinkTreeprocessor(Treeprocessor):
    """Resolves all wiki links of the body in one batch and marks external links."""

    def __init__(self, md, links: "_WikiLinks"):
        super().__init__(md)
        self.links = links

    def run(self, root):
        anchors = list(root.iter("a"))
        for anchor in anchors:
            href = anchor.get("href")  # wiki links have none yet
            if href and any(urlsplit(href)[:2]):  # a scheme or a host
                anchor.set("rel", _EXTERNAL_REL)
        wikilinks = [anchor for anchor in anchors if _TARGET in anchor.attrib]
        self.md.wikilink_targets = frozenset(a.attrib[_TARGET] for a in wikilinks)
        if not wikilinks:
            return
        try:
            urls = self.links.resolve(self.md.wikilink_targets)
        except Exception as error:
            raise _ResolverFailed from error
        # Once a title: a page links to the same few titles many times over.
        missing_urls = {
            title: self.links.missing_url(title)
            for title in self.md.wikilink_targets
            if title not in urls
        }
        for anchor in wikilinks:
            title = anchor.attrib.pop(_TARGET)
            if title in urls:
                anchor.attrib.update(href=urls[title], **{"class": "wikilink"})
            else:
                anchor.attrib.update(
                    href=missing_urls[title],
                    title=f"{title} (page does not exist)",
                    **{"class": "wikilink wikilink-missing"},
                )


class _RawLinkPostprocessor(Postprocessor):
    """Gives each <a> written as raw HTML the external rel, as its first attribute:
    HTML keeps the first of duplicated attributes, so a writer cannot override it."""

    def run(self, text):
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            blocks[index] = _RAW_ANCHOR.sub(f'<a rel="{_EXTERNAL_REL}"', block)
        return text


class _WikiLinks(Extension):
    def use(
        self,
        resolve: LinkResolver,
        missing_url: Callable[[str], str],
        category_url: Callable[[str], str] | None,
    ) -> None:
        """Set where the links of the next conversion go."""
        self.resolve = resolve
        self.missing_url = missing_url
        self.category_url = category_url

    def extendMarkdown(self, md):
        md.wiki_links = self
        md.registerExtension(self)  # so that md.reset() calls reset()
        self.md = md
        self.reset()
        # After code spans (190) and escapes (180), so `[[x]]` and \[[x]] stay text;
        # before footnotes (175) and links (160) take the brackets.
        md.inlinePatterns.register(
            _WikiLinkInline(_WIKILINK_RE, md, self), "wikilink", 177
        )
        # After footnotes are gathered (50), before "inline" (20) scans the text.
        md.treeprocessors.register(InlineBudget(md), "inline_budget", 25)
        # After "inline" has built the tags, before "toc" (5) reads the headings.
        md.treeprocessors.register(_CategoryTreeprocessor(md), "categories", 13)
        # After "inline" has built the links, before "toc" (5) reads the headings.
        md.treeprocessors.register(_LinkTreeprocessor(md, self), "links", 12)
        # Before "raw_html" (30) puts the stashed raw HTML back.
        md.postprocessors.register(_RawLinkPostprocessor(md), "raw_links", 35)

    def reset(self):
        # The tree processors set these, but a blank text skips them.
        self.md.wikilink_targets = frozenset()
        self.md.wiki_categories = frozenset()


# Spoiler blocks -----------------------------------------------------------------
#
# A preprocessor finds the fence lines in one pass over the lines, after fenced code
# is stashed (so a fence inside code stays code), and replaces them with markers
# that input cannot forge (STX/ETX are removed from it), each a block of its own. A
# block processor turns the blocks between an opening and a closing marker into a
# <details>, so nothing is scanned twice and the work stays linear.

# One fixed character or class after another, so a failing line fails within a few
# characters whatever follows (runs of ":" included). ASCII: "ſpoiler" is no keyword.
_SPOILER_OPENING = re.compile(
    r" {0,3}:::[ \t]*spoiler[ \t]*(?:season[ \t]*)?([1-9][0-9]?)[ \t]*",
    re.IGNORECASE | re.ASCII,
)
_SPOILER_CLOSING = re.compile(r" {0,3}:::[ \t]*")
_OPENING_MARKER = f"{STX}spoiler:"  # + season + ETX
_CLOSING_MARKER = f"{STX}/spoiler{ETX}"
_SEASON = re.compile(r"[1-9][0-9]?")
_SPOILER_START_TAG = '<details class="spoiler" data-season="{}">'


class _SpoilerFencePreprocessor(Preprocessor):
    def run(self, lines):
        found = []
        inside = False
        for line in lines:
            if not inside and (opening := _SPOILER_OPENING.fullmatch(line)):
                found += ["", f"{_OPENING_MARKER}{opening[1]}{ETX}", ""]
                inside = True
            elif inside and _SPOILER_CLOSING.fullmatch(line):
                found += ["", _CLOSING_MARKER, ""]
                inside = False
            else:
                found.append(line)
        return found


class _SpoilerBlockProcessor(BlockProcessor):
    def test(self, parent, block):
        return block.startswith(_OPENING_MARKER)

    def run(self, parent, blocks):
        season = blocks.pop(0).strip()[len(_OPENING_MARKER) : -len(ETX)]
        # An unclosed block runs to the end; a marker never sits in a nested block.
        end = next(
            (i for i, block in enumerate(blocks) if block.strip() == _CLOSING_MARKER),
            len(blocks),
        )
        content = blocks[:end]
        del blocks[: end + 1]
        details = etree.SubElement(
            parent, "details", {"class": "spoiler", "data-season": season}
        )
        summary = etree.SubElement(details, "summary")
        summary.text = AtomicString(SPOILER_SUMMARY.format(season))
        body = etree.SubElement(details, "div", {"class": "spoiler-body"})
        self.parser.parseBlocks(body, content)


class _SpoilerTreeprocessor(Treeprocessor):
    """Leaves the headings of spoilers out of the table of contents, which readers
    see whatever their season, and undoes the line breaks "prettify" put between the
    spoiler's own tags, so that they are exactly the ones the reader's filter finds."""

    def run(self, root):
        hidden = set()
        for details in root.iter("details"):
            summary, body = details
            details.text = summary.tail = body.tail = None
            hidden.update(e.get("id") for e in body.iter() if e.tag in _HEADINGS)
        if hidden:
            tokens = [
                t for t in _toc_entries(self.md.toc_tokens) if t["id"] not in hidden
            ]
            self.md.toc_tokens = nest_toc_tokens(tokens)


def _toc_entries(tokens: list[dict]):
    for token in tokens:
        yield token
        yield from _toc_entries(token["children"])


_RAW_DETAILS = re.compile(r"<details(?=[\s/>])", re.IGNORECASE)
# In nh3's output every attribute is name="value", with any " in the value escaped.
_CLEAN_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')


class _RawSpoilerPostprocessor(Postprocessor):
    """Gives each <details> start tag written as raw HTML the renderer's own form if
    it has the spoiler class and a season, and drops it otherwise: stored HTML holds
    exactly one kind of <details>, the one the reader's spoiler filter recognises."""

    def run(self, text):
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if _RAW_DETAILS.match(block):
                attributes = dict(_CLEAN_ATTRIBUTE.findall(_clean(block)))
                spoiler = "spoiler" in attributes.get("class", "").split()
                season = attributes.get("data-season")
                blocks[index] = (
                    _SPOILER_START_TAG.format(season) if spoiler and season else ""
                )
        return text


class _Spoilers(Extension):
    def extendMarkdown(self, md):
        # After fenced code (25) is stashed.
        md.preprocessors.register(_SpoilerFencePreprocessor(md), "spoilers", 24)
        # After "empty" (100) strips a marker's leading newline, before the rest.
        md.parser.blockprocessors.register(
            _SpoilerBlockProcessor(md.parser), "spoiler", 95
        )
        # After "prettify" (10) and "toc" (5) have run.
        md.treeprocessors.register(_SpoilerTreeprocessor(md), "spoiler_toc", 4)
        # Before "raw_html" (30) puts the stashed raw HTML back.
        md.postprocessors.register(_RawSpoilerPostprocessor(md), "raw_spoilers", 36)


def _heading_id(value: str, separator: str) -> str:
    # The prefix keeps headings from taking ids the layout uses, such as "content".
    return "h-" + slugify_unicode(value, separator)


# No "extra" and no attr_list: attr_list lets writers add onclick="…".
_EXTENSIONS = ["tables", "fenced_code", "footnotes", "toc", "sane_lists"]


# Each thread keeps the Markdown instance of its last finished conversion: reusing
# one saves 0.3 ms a conversion, a sixth of a short text's (a preview's). It is
# taken while in use, so that a render within a render (a resolver's) has its own.
_idle = threading.local()


def _take_markdown() -> markdown.Markdown:
    return _idle.__dict__.pop("markdown", None) or _new_markdown()


def _keep_markdown(md: markdown.Markdown) -> None:
    """Keep `md` for this thread's next conversion, after one that finished: one
    cut short by an error can leave state that reset() does not clear."""
    # reset() clears what the conversion left (stashed HTML, footnotes, toc); the
    # document's tree, megabytes for a long page, is let go of too.
    md.reset()
    md.parser.root = None
    _idle.markdown = md


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=[*_EXTENSIONS, _WikiLinks(), _Spoilers()],
        extension_configs={
            "tables": {"use_align_attribute": True},  # not style="text-align: …"
            # "# Heading" becomes <h2>: the page's own title is its only <h1>.
            "toc": {"slugify": _heading_id, "marker": "", "baselevel": 2},
        },
        output_format="html",
    )
    # Raw HTML blocks are parsed with html.parser, which is quadratic on unclosed
    # tags ("<a <a <a", "<![CDATA["). Without it each raw tag is still kept, by a
    # linear inline pattern, and nh3 decides what survives.
    md.preprocessors.deregister("html_block")
    md.treeprocessors.register(InlineTreeprocessor(md), "inline", 20)
    # Asked about every element ("prettify"): a set answers faster than the list.
    md.block_level_elements = frozenset(md.block_level_elements)
    return md


def _toc_html(tokens: list[dict]) -> str:
    def count(tokens):
        return sum(1 + count(token["children"]) for token in tokens)

    def items(tokens):
        # "name" is the heading's text, already escaped by the toc extension.
        return "".join(
            f'<li><a href="#{escape(token["id"])}">{token["name"]}</a>'
            + (f"<ul>{items(token['children'])}</ul>" if token["children"] else "")
            + "</li>"
            for token in tokens
        )

    return _clean(f'<ul class="toc">{items(tokens)}</ul>') if count(tokens) > 1 else ""


# Sanitising ---------------------------------------------------------------------

_HEADINGS = {f"h{level}" for level in range(1, 7)}
_TAGS = _HEADINGS | {
    "a", "abbr", "blockquote", "br", "code", "del", "details", "div", "em", "hr",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "class"}, "abbr": {"title"}, "code": {"class"},
    "details": {"class", "data-season"}, "div": {"class"},
    "img": {"src", "alt", "title"}, "li": {"id"}, "ol": {"start"}, "sup": {"id"},
    "ul": {"class"}, **{heading: {"id"} for heading in _HEADINGS},
}  # fmt: skip
_ALIGN = {"align": {"left", "center", "right"}}
_ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN, "a": {"rel": {_EXTERNAL_REL}}}
_CLASSES = {
    "a": {"wikilink", "wikilink-missing", "footnote-ref", "footnote-backref"},
    "details": {"spoiler"},
    "div": {"footnote", "spoiler-body"},
    "ul": {"toc"},
}
_CODE_LANGUAGE = re.compile(r"language-[\w+#.-]{1,40}")
# Only the ids the renderer makes: headings "h-…", footnotes "fn:…", references to
# them "fnref:…" / "fnref2:…"; none can be an id of the layout.
_IDS = {"li": re.compile(r"fn:\S+"), "sup": re.compile(r"fnref\d*:\S+")}
_IDS.update(dict.fromkeys(_HEADINGS, re.compile(r"h-\S*")))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        allowed = _CLASSES.get(tag, ())
        kept = [
            name
            for name in value.split()
            if name in allowed or (tag == "code" and _CODE_LANGUAGE.fullmatch(name))
        ]
        return " ".join(kept) or None
    if attribute == "id":
        return value if _IDS[tag].fullmatch(value) else None
    if attribute == "data-season":
        return value if _SEASON.fullmatch(value) else None
    if attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        # nh3 would put the rel on every link; the renderer puts it on external ones.
        link_rel=None,
    )
