"""Whole pages kept in the cache, for visitors who are not logged in above all.

Most readers are not logged in and read the same pages, so their pages are stored
once rendered, under a key that digests everything the page depends on: no entry
is ever stale and none needs deleting, because a change makes a new key and old
entries age out of the cache. There are two kinds of key:

- a content page's own (wiki.conditional.ReadingVersion.key): its version, its
  stored HTML, what else it shows and who reads it, so an edit elsewhere keeps it
  cached (for a logged-in reader too: the key names them and what they may do);
- the site's generation for every other reading view (`cached_for_visitors`): the
  newest revision of every registered model and the newest moderation log entry.
  Every change a reader can see makes one or the other (an edit, a rename, a
  deletion or a restore is a revision; hiding a revision, protecting, blocking,
  changing a season in the admin is logged), so one query tells whether
  anything changed since the page was stored.

Each visitor's forms need a CSRF token of their own, so a page is stored with a
placeholder where the token stood and served with the visitor's token put back.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Callable, Iterable
from functools import cache as memoise
from functools import wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from accounts.preferences import reader_season, season_choices

# No character in it is escaped by templates, and nothing a page shows contains it
# by chance, so it stands in the stored HTML exactly as written here.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader-5f0c0d8e6b3a4f27a9d1e6c2b7f48a13"
TIMEOUT = 24 * 60 * 60
# A list whose address has a query string is kept a shorter time: anyone can make
# up new addresses, and each would hold an entry for a day.
QUERY_TIMEOUT = 10 * 60
GENERATION_ROW = 1
# What Django's {% csrf_token %} renders, and what a stored page has instead.
_TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER_INPUT = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def cached_page(
    request: HttpRequest,
    key: str,
    render: Callable[[], HttpResponse],
    *,
    timeout: int = TIMEOUT,
) -> HttpResponse:
    """The page stored under `key` with the visitor's CSRF token, or `render`ed
    (and stored when it is a complete HTML page with nothing of its own)."""
    response = stored_page(request, key)
    if response is None:
        response = render()
        store_page(key, response, timeout=timeout)
    return response


def stored_page(request: HttpRequest, key: str) -> HttpResponse | None:
    """The page stored under `key`, with the visitor's own CSRF token; None when
    there is none."""
    stored = cache.get(f"page:{key}")
    if stored is None:
        return None
    html = zlib.decompress(stored).decode()
    # Only where the token stood: the placeholder is public, and a page's text
    # could hold it to have each reader's token written into a link.
    token_input = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return HttpResponse(html.replace(_PLACEHOLDER_INPUT, token_input))


def store_page(key: str, response: HttpResponse, *, timeout: int = TIMEOUT) -> None:
    """Keep `response` under `key` when it is a complete HTML page with nothing of
    its own but the CSRF token, which is put aside."""
    if not _storable(response):
        return
    html = _TOKEN_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
    # Compressed (a tenth of the size for 0.1 ms), so that a worker's local-memory
    # cache holds thousands of pages in a few megabytes.
    cache.set(f"page:{key}", zlib.compress(html.encode(), 1), timeout)


def may_reuse(request: HttpRequest) -> bool:
    """Whether this request may get a page stored for its key: a GET with no
    message waiting to be shown, while the page cache is on (settings.PAGE_CACHE).

    Content pages (wiki.conditional) are stored for logged-in readers too: their
    key names the reader and everything the page offers them.
    """
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not len(get_messages(request))
    )


def visitor_may_share(request: HttpRequest) -> bool:
    """Whether this request may get a page another visitor got: may_reuse(), by
    someone not logged in."""
    return may_reuse(request) and not request.user.is_authenticated


def cached_for_visitors(view):
    """Serve a reading view to visitors from the cache while the site's generation
    and the rendering parts (release, spoiler level, day) are the same."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        generation = site_generation() if visitor_may_share(request) else None
        if generation is None:
            return view(request, *args, **kwargs)
        parts = (
            f"{view.__module__}.{view.__qualname__}",
            request.get_full_path(),
            generation,
            *rendering_parts(request),
        )
        timeout = QUERY_TIMEOUT if request.GET else TIMEOUT
        return cached_page(
            request,
            digest(parts),
            lambda: view(request, *args, **kwargs),
            timeout=timeout,
        )

    return wrapper


def rendering_parts(request: HttpRequest) -> tuple:
    """What any page's rendering depends on besides its content: the release it
    was rendered by, the address it was asked at (its canonical links), who is
    reading (the header), their spoiler level and its menu, and the day (what is
    "upcoming")."""
    user = request.user
    season = reader_season(request)
    return (
        release(),
        request.scheme,
        request.get_host(),
        user.pk,
        user.get_username(),
        season,
        season_choices(current=season),
        timezone.localdate(),
    )


def digest(parts: Iterable[object]) -> str:
    """A short digest of values whose repr identifies them."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        hashed.update(repr(part).encode())
        hashed.update(b"\0")
    return hashed.hexdigest()


@memoise
def release() -> str:
    """A digest of the project's code, templates and static files as this process
    loaded them: a deploy that changes any of them changes every key and ETag."""
    hashed = hashlib.blake2b(digest_size=16)
    # A deploy may name itself (a commit, say), which also covers what the files
    # below miss: the installed packages.
    hashed.update(os.environ.get("DJANGO_RELEASE", "").encode())
    roots = [Path(settings.BASE_DIR) / "config"]
    roots += [Path(root) for root in settings.STATICFILES_DIRS]
    for template_engine in settings.TEMPLATES:
        roots.extend(Path(root) for root in template_engine["DIRS"])
    base = Path(settings.BASE_DIR)
    # The project's own apps: not installed packages, even when the virtualenv
    # lies inside the project (DJANGO_RELEASE covers those).
    roots.extend(
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
        and "site-packages" not in Path(app.path).parts
    )
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                hashed.update(str(path.relative_to(root)).encode())
                hashed.update(path.read_bytes())
    return hashed.hexdigest()


def site_generation() -> int | None:
    """The number of writes a reader can see so far (wiki.models.SiteGeneration),
    in one query; None when its row is missing (then nothing is stored)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number FROM {_generation_table()} WHERE id = %s", [GENERATION_ROW]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def generation_bump(**kwargs) -> None:
    """Count one more write a reader can see: connected to every new revision and
    every new log entry (wiki.apps), and called by the commands that re-derive
    stored data without either. It runs in the writer's transaction, so readers
    see the new number when they see the write, never before (on PostgreSQL a
    newer row's id can commit before an older one's: ids could not serve)."""
    from wiki.models import SiteGeneration

    bumped = SiteGeneration.objects.filter(pk=GENERATION_ROW).update(
        number=F("number") + 1
    )
    if not bumped:
        SiteGeneration.objects.get_or_create(pk=GENERATION_ROW, defaults={"number": 1})


def _generation_table() -> str:
    from wiki.models import SiteGeneration

    return connection.ops.quote_name(SiteGeneration._meta.db_table)


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )
