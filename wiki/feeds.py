"""Atom feeds of revisions: recent changes across all content, and one object's
history.

Feeds are public and the same for everyone, so they never show a revision with
anything hidden (wiki.visibility.hidden_excluded), and they leave out the
revisions of deleted content, whose links would all be 404s: each row is read
with the current slug of its content, and a row whose content no longer exists
has none. Each feed is one LIMITed query per registered model.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.db import models
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from accounts.text import without_control_characters
from wiki.changes import Change, revision_rows
from wiki.revisions import Revisioned, entries, entry_for
from wiki.visibility import hidden_excluded

FEED_SIZE = 50


def feed_rows(entry: Revisioned) -> models.QuerySet:
    """The revisions of `entry` a feed may list, newest first, each with the
    `current_slug` of its content; revisions of deleted content are left out."""
    pk_name = entry.model._meta.pk.attname
    current_slug = entry.model.objects.filter(pk=OuterRef(pk_name)).values("slug")
    return (
        hidden_excluded(revision_rows(entry))
        .annotate(current_slug=Subquery(current_slug[:1]))
        .filter(current_slug__isnull=False)
    )


class RevisionFeed(Feed):
    """What the two feeds share: an entry per revision, linked to its diff."""

    feed_type = Atom1Feed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Feed makes links absolute but not ids (item_guid), which Atom needs to be.
        domain = get_current_site(request).domain
        for item in feed.items:
            item["unique_id"] = add_domain(
                domain, item["unique_id"], request.is_secure()
            )
        return feed

    def item_title(self, item: Change) -> str:
        # XML 1.0 cannot carry control characters (Django's feed writer raises on
        # them). Summaries are saved without them (wiki.services); this keeps a feed
        # readable when a revision saved before that still has one.
        return without_control_characters(
            f"{item.title} (revision {item.revision.version})"
        )

    def item_link(self, item: Change) -> str:
        # The current slug: a renamed page's old slug only redirects.
        return _diff_path(item, item.revision.current_slug)

    def item_guid(self, item: Change) -> str:
        # The slug the revision was saved with, which no rename changes, so that
        # a feed reader does not take a renamed page's revisions for new ones.
        return _diff_path(item, item.revision.slug)

    def item_description(self, item: Change) -> str | None:
        # Atom1Feed marks the summary as HTML; an edit summary is plain text.
        summary = without_control_characters(item.revision.history_change_reason or "")
        return escape(summary) if summary else None

    def item_author_name(self, item: Change) -> str:
        # Atom requires an author on every entry (or on the feed).
        editor = item.revision.history_user
        return editor.username if editor else "an unknown editor"

    def item_pubdate(self, item: Change):
        return item.revision.history_date

    def item_updateddate(self, item: Change):
        return item.revision.history_date


class RecentChangesFeed(RevisionFeed):
    def title(self) -> str:
        return f"Recent changes · {settings.SITE_NAME}"

    def subtitle(self) -> str:
        return f"The newest edits to {settings.SITE_NAME}."

    def link(self) -> str:
        return reverse("recent_changes")

    def items(self) -> list[Change]:
        changes = [
            Change(entry, row)
            for entry in entries()
            for row in feed_rows(entry)[:FEED_SIZE]
        ]
        changes.sort(key=lambda change: change.revision.history_date, reverse=True)
        return changes[:FEED_SIZE]


class HistoryFeed(RevisionFeed):
    """The newest revisions of one object, mounted by wiki.content_urls."""

    def get_object(self, request, slug: str, model) -> models.Model:
        entry = entry_for(model)
        return get_object_or_404(
            model.objects.only("pk", "slug", entry.title_field), slug=slug
        )

    def title(self, obj: models.Model) -> str:
        return f"History of {entry_for(obj).title_of(obj)} · {settings.SITE_NAME}"

    def subtitle(self, obj: models.Model) -> str:
        return f"The newest revisions of {entry_for(obj).title_of(obj)}."

    def link(self, obj: models.Model) -> str:
        return reverse(entry_for(obj).url_name("history"), args=[obj.slug])

    def items(self, obj: models.Model) -> list[Change]:
        entry = entry_for(obj)
        rows = feed_rows(entry).filter(**{entry.model._meta.pk.attname: obj.pk})
        return [Change(entry, row) for row in rows[:FEED_SIZE]]


def _diff_path(item: Change, slug: str) -> str:
    path = reverse(item.entry.url_name("diff"), args=[slug])
    return f"{path}?to={item.revision.history_id}"
