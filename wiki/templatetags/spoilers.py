"""Per-reader display of spoilers: stored HTML is the same for every reader, and
these open the spoilers of the seasons a reader has already watched.

`reader_season` is 0 for a reader who has watched nothing yet and N for one who has
watched through season N; any other value counts as 0, which hides the most.
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wiki.markdown import SPOILER_SUMMARY

register = template.Library()

# Exactly the start tag wiki.markdown emits for a spoiler block; its sanitiser lets
# no other form of <details> through, so no other can be in stored HTML.
_SPOILER_START_TAG = re.compile(r'<details class="spoiler" data-season="([0-9]{1,2})">')


@register.filter
def spoilers_for(html: str, reader_season: object) -> SafeString:
    """Open, and mark as seen, the spoiler blocks of `html` up to the reader's
    season: `{{ page.rendered_html|spoilers_for:reader_season }}`."""
    watched = _watched(reader_season)

    def open_if_watched(match: re.Match) -> str:
        season = int(match[1])
        if season > watched:
            return match[0]
        return f'<details class="spoiler spoiler--seen" data-season="{season}" open>'

    # mark_safe is sound: `html` is the renderer's sanitised output, and the
    # substitution only rewrites, into fixed markup and a number, whole start tags
    # of exactly the form the renderer emits.
    return mark_safe(_SPOILER_START_TAG.sub(open_if_watched, html))


@register.tag
def spoiler(parser: template.base.Parser, token: template.base.Token) -> "SpoilerNode":
    """`{% spoiler season %}…{% endspoiler %}`: the content, inside a spoiler for
    `season` unless that is empty (None, 0, ""), for the context's reader_season."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes one argument, the season: {{% spoiler 2 %}}"
        )
    season = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endspoiler",))
    parser.delete_first_token()
    return SpoilerNode(season, nodelist)


class SpoilerNode(template.Node):
    def __init__(self, season: template.base.FilterExpression, nodelist):
        self.season = season
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        # The nodelist renders to a SafeString, its variables autoescaped as usual,
        # so format_html keeps it as it is.
        content = self.nodelist.render(context)
        season = self.season.resolve(context)
        if not season:
            return content
        season = int(season)
        if season <= _watched(context.get("reader_season")):
            classes, open_attribute = "spoiler spoiler--seen", mark_safe(" open")
        else:
            classes, open_attribute = "spoiler", ""
        return format_html(
            '<details class="{}" data-season="{}"{}><summary>{}</summary>'
            '<span class="spoiler-body">{}</span></details>',
            classes,
            season,
            open_attribute,
            SPOILER_SUMMARY.format(season),
            content,
        )


def _watched(reader_season: object) -> int:
    return reader_season if isinstance(reader_season, int) else 0
