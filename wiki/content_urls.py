"""Every URL a registered model gets below its own detail URL, in one call."""

from django.db import models

from wiki.lifecycle_views import lifecycle_urls
from wiki.moderation_views import moderation_urls
from wiki.revision_views import revision_urls


def content_urls(model: type[models.Model], prefix: str) -> list:
    """History, diff, revert, links, moderation, rename and delete below `prefix`."""
    return [
        *revision_urls(model, prefix),
        *moderation_urls(model, prefix),
        *lifecycle_urls(model, prefix),
    ]
