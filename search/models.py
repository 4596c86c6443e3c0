"""The search index: one SearchEntry per piece of current content, and its names.

SearchEntry copies what is searched and shown (title, aliases, extra, plain text),
written by search.services whenever wiki.signals says content was saved or deleted,
inside the writing transaction. The full-text structures live beside it and are
not Django fields on SQLite (see search/migrations/0001_initial.py):

- SQLite: the FTS5 table `search_fts`, an external-content index over these columns,
  kept in step by triggers on search_searchentry (the same statement, so the same
  transaction). A later migration that alters this table on SQLite rebuilds it
  (Django copies it to a new table) and must create the triggers again and rebuild.
- PostgreSQL: `search_vector`, filled by the service, with a GIN index created by
  the migration on PostgreSQL only (so `makemigrations --check` is clean on both).
  The column exists, always NULL, on SQLite.

SearchName holds the title and each alias by slug: the exact-title jump and the
suggestions' prefix matches are indexed lookups on it.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from wiki.titles import MAX_TITLE_LENGTH


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, allow_unicode=True, db_index=False
    )
    aliases = models.TextField(blank=True, help_text="One per line.")
    extra = models.TextField(blank=True)
    text = models.TextField(blank=True)
    spoilers = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_unique_per_object"
            )
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        return content_url(self.kind, self.slug)


class SearchNameQuerySet(models.QuerySet):
    def named(self, slug: str) -> "SearchNameQuerySet":
        """Titles and aliases that are `slug`, titles first."""
        return (
            self.filter(slug=slug)
            .select_related("entry")
            .only("name", "is_title", "entry__kind", "entry__title", "entry__slug")
            .order_by("-is_title", "entry__kind", "entry_id")
        )

    def starting_with(self, prefix: str) -> "SearchNameQuerySet":
        """Titles and aliases whose slug starts with `prefix`, titles first."""
        return (
            self.filter(slug__startswith=prefix)
            .select_related("entry")
            .only("name", "is_title", "entry__kind", "entry__title", "entry__slug")
            .order_by("-is_title", "slug", "entry_id")
        )


class SearchName(models.Model):
    """A name content answers to: its title, or one of its aliases."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(max_length=MAX_TITLE_LENGTH, allow_unicode=True)
    is_title = models.BooleanField(default=False)

    objects = SearchNameQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} → {self.entry}"


def content_url(kind: str, slug: str) -> str:
    """The address of current content: derived when read, never stored, so that
    the index cannot hold a stale URL."""
    return reverse(f"{kind}_detail", kwargs={"slug": slug})
