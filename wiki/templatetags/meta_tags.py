"""The tags base.html builds its description, OpenGraph and canonical tags with.

A Django block renders once, where it stands; the OpenGraph tags repeat the title
and description blocks, so `block_text` renders a block a second time, as the
template that extends base.html overrides it.
"""

import re
from functools import lru_cache
from html import unescape

from django import template
from django.core.exceptions import DisallowedHost
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()

# What a summary leaves out of rendered HTML: spoiler blocks (exactly as
# wiki.markdown emits them; they never nest) and the footnotes, which the renderer
# puts last; then the footnote markers, which sit against the word before them.
_NOT_SUMMARY = re.compile(
    r'<details class="spoiler"[^>]*>.*?</details>|<div class="footnote">.*',
    re.DOTALL,
)
_FOOTNOTE_MARK = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)


@register.simple_tag(takes_context=True)
def block_text(context: template.Context, name: str) -> SafeString:
    """The block `name` rendered again, its whitespace collapsed for an attribute."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        # base.html rendered on its own, extended by nothing.
        block = next(
            (
                node
                for node in context.template.nodelist.get_nodes_by_type(BlockNode)
                if node.name == name
            ),
            None,
        )
    if block is None:
        return SafeString("")
    # mark_safe is sound: the block's own rendering escaped its variables, and
    # joining on whitespace cuts no entity or tag in two.
    return mark_safe(" ".join(block.render(context).split()))


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """`path` as an absolute URL on the requested host; empty without a request
    (the 500 page is rendered with an empty context) or when the host is not
    allowed (the 400 page that refuses it)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return ""


@register.filter
@lru_cache(maxsize=16)
def summary_text(html: str, length: int = 160) -> str:
    """The plain text of rendered, sanitised `html`, without its spoilers and
    footnotes, cut to `length` characters: a page's meta description.

    Cached because base.html shows it twice (description and OpenGraph). Only as
    much of the HTML as the summary needs is stripped of its tags, cut after a
    tag's end so that no tag or entity is cut in two: stripping a 50 KB page
    whole took longer than rendering the rest of it.
    """
    html = _FOOTNOTE_MARK.sub("", _NOT_SUMMARY.sub(" ", html))
    end = 16 * length
    while True:
        cut = html if end >= len(html) else html[: html.rfind(">", 0, end) + 1]
        text = " ".join(unescape(strip_tags(cut)).split())
        if len(text) > length or cut is html:
            return Truncator(text).chars(length)
        end *= 4
