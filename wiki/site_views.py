"""Site-wide endpoints that belong to no one piece of content: a random page, the
instructions for crawlers and the liveness check."""

from __future__ import annotations

import random

from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from wiki.models import Page

# Crawlers may read everything a reader can, except accounts and the admin, and the
# forms and revision views that only copy the content they already index.
ROBOTS_DISALLOWED = (
    "/admin/",
    "/accounts/",
    "/markdownx/",
    "/search/",
    "/*/new/",
    "/*/edit/",
    "/*/history/",
    "/*/diff/",
    "/*/revert/",
    "/*?revision=",
)


@require_safe
@never_cache
def random_page(request: HttpRequest) -> HttpResponse:
    """A redirect to a random page (pages only, as MediaWiki's Special:Random).

    A random id between the lowest and highest, then the first page at or above it:
    two indexed queries however many pages there are, where ORDER BY RANDOM() would
    sort them all. Pages after a gap in the ids come up a little more often.
    """
    bounds = Page.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return render(request, "wiki/random_empty.html", status=404)
    pick = random.randint(bounds["low"], bounds["high"])
    page = Page.objects.filter(pk__gte=pick).order_by("pk").only("slug").first()
    if page is None:
        # The pages at the top were deleted since the first query: pick again.
        return redirect("random_page")
    return redirect(page)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
@never_cache
def liveness(request: HttpRequest) -> HttpResponse:
    """A constant answer through the whole middleware stack, without the database:
    for a load balancer's health check, and the yardstick `make bench` divides
    every other view's throughput by."""
    return HttpResponse("ok\n", content_type="text/plain")
