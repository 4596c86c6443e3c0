"""Whole reading pages kept in the cache for visitors who are not logged in.

Most readers are not logged in and read the same pages, so their pages are stored
once rendered, under a key that digests everything the page shows
(wiki.conditional.ReadingVersion.key): an edit, a link turning blue or a deploy
makes a new key, so no entry is ever stale and none needs deleting; old ones age
out of the cache.

Each visitor's forms need a CSRF token of their own, so the page is stored with a
placeholder where the token stood and served with the visitor's token put back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

# Long enough that nothing a page shows contains it by chance; no character in it
# is escaped by templates, so it stands in the HTML exactly as written here.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader-5f0c0d8e6b3a4f27a9d1e6c2b7f48a13"
TIMEOUT = 24 * 60 * 60


def cached_page(
    request: HttpRequest, key: str, render: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page stored under `key` with the visitor's CSRF token, or `render`ed
    (and stored when it is a 200)."""
    cache_key = f"page:{key}"
    stored = cache.get(cache_key)
    if stored is not None:
        return HttpResponse(stored.replace(CSRF_PLACEHOLDER, get_token(request)))
    token = get_token(request)
    response = render({"csrf_token": token})
    if response.status_code == 200 and not response.cookies:
        html = response.content.decode()
        cache.set(cache_key, html.replace(token, CSRF_PLACEHOLDER), TIMEOUT)
    return response
