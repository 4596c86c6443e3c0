"""`{% cached_part name key %}…{% endcached_part %}`: a part of a page that is the
same for every reader who sees it, kept rendered in the cache.

`key` digests everything the part shows (wiki.conditional.ReadingVersion's
`part_key`: the content's version and stored HTML, the spoiler level, the
release), so a stored part is never stale. Without a key (an old revision) the
part is rendered every time.
"""

import zlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()

TIMEOUT = 24 * 60 * 60


class CachedPartNode(template.Node):
    def __init__(self, name: str, key: template.base.FilterExpression, nodelist):
        self.name, self.key, self.nodelist = name, key, nodelist

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        cache_key = f"part:{self.name}:{key}"
        stored = cache.get(cache_key)
        if stored is None:
            html = self.nodelist.render(context)
            # Compressed like the page cache's pages: a part can be 200 KB.
            cache.set(cache_key, zlib.compress(html.encode(), 1), TIMEOUT)
        else:
            html = zlib.decompress(stored).decode()
        # mark_safe is sound: the part was rendered by this template, which
        # escaped whatever it had to; the cache only kept it.
        return mark_safe(html)


@register.tag
def cached_part(parser: template.base.Parser, token: template.base.Token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a name and a key: {{% cached_part body part_key %}}"
        )
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode(bits[1], parser.compile_filter(bits[2]), nodelist)
