"""Every URL a registered model gets below its own detail URL, in one call."""

from django.db import models
from django.urls import path

from wiki.feeds import HistoryFeed
from wiki.lifecycle_views import lifecycle_urls
from wiki.moderation_views import moderation_urls
from wiki.revision_views import revision_urls
from wiki.revisions import entry_for


def content_urls(model: type[models.Model], prefix: str) -> list:
    """History (and its Atom feed), diff, revert, links, moderation, rename and
    delete below `prefix`."""
    kind = entry_for(model).kind
    return [
        *revision_urls(model, prefix),
        path(
            f"{prefix}history.atom",
            HistoryFeed(),
            {"model": model},
            name=f"{kind}_history_feed",
        ),
        *moderation_urls(model, prefix),
        *lifecycle_urls(model, prefix),
    ]
