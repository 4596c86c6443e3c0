"""Reading revisions across every registered model: recent changes, contributions.

Each registered model keeps its history in its own table, so a list across all of
them is one indexed, LIMITed query per model, merged here: a fixed number of queries
whatever the size of the wiki.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.urls import reverse

from wiki.revisions import Revisioned, entries
from wiki.visibility import hidden_excluded

REVISION_COLUMNS = (
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user__username",
    "minor",
    "text_hidden",
    "summary_hidden",
    "editor_hidden",
    "size",
    "size_change",
    "version",
)


def revision_rows(entry: Revisioned) -> models.QuerySet:
    """Historical rows of `entry` with the editor, without any text field."""
    return (
        entry.history_model.objects.select_related("history_user")
        .only(*REVISION_COLUMNS, entry.title_field, "slug")
        .order_by("-history_date", "-history_id")
    )


@dataclass(frozen=True)
class Change:
    entry: Revisioned
    revision: models.Model

    @property
    def title(self) -> str:
        return getattr(self.revision, self.entry.title_field)

    @property
    def url(self) -> str:
        return reverse(self.entry.url_name("detail"), args=[self.revision.slug])

    @property
    def diff_url(self) -> str:
        path = reverse(self.entry.url_name("diff"), args=[self.revision.slug])
        return f"{path}?to={self.revision.history_id}"

    @property
    def history_url(self) -> str:
        return reverse(self.entry.url_name("history"), args=[self.revision.slug])


def changes_list(
    *,
    kinds: list[str] | None = None,
    username: str | None = None,
    hide_minor: bool = False,
    since: datetime | None = None,
    before: datetime | None = None,
    limit: int = 50,
    include_hidden: bool = False,
) -> list[Change]:
    """The newest revisions across registered models, newest first, at most `limit`.

    Revisions with anything hidden are left out unless `include_hidden` (for a
    moderator: wiki.visibility.can_see_hidden), so a list can't leak what was hidden.
    """
    changes: list[Change] = []
    for entry in entries():
        if kinds and entry.kind not in kinds:
            continue
        rows = revision_rows(entry)
        if not include_hidden:
            rows = hidden_excluded(rows)
        if username:
            rows = rows.filter(history_user__username__iexact=username)
        if hide_minor:
            rows = rows.filter(minor=False)
        if since:
            rows = rows.filter(history_date__gte=since)
        if before:
            rows = rows.filter(history_date__lt=before)
        changes.extend(Change(entry, row) for row in rows[:limit])
    changes.sort(key=lambda change: change.revision.history_date, reverse=True)
    return changes[:limit]
