"""The sitemap: the home page and every existing object of each registered model.

Deleted content has no row in its model's table, so it is never listed; old
revisions, histories and diffs are left out too, being copies of what is listed.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db import models
from django.urls import reverse

from wiki.revisions import Revisioned, entries


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return reverse(item)


class ContentSitemap(Sitemap):
    """Every object of one registered model, with its last edit as lastmod."""

    def __init__(self, entry: Revisioned):
        self.entry = entry

    def items(self) -> models.QuerySet:
        # Ordered by primary key so that the paginated pages of a sitemap are stable.
        return self.entry.model.objects.only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, obj: models.Model):
        return obj.updated_at


def sitemaps() -> dict[str, Sitemap]:
    """The sections of the sitemap, one per registered model after the home page."""
    return {
        "home": HomeSitemap(),
        **{entry.kind: ContentSitemap(entry) for entry in entries()},
    }
