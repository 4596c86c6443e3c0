from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import reverse

from wiki.revisions import entry_for, revision_history
from wiki.titles import MAX_TITLE_LENGTH, slug_for_title


class Protection(models.TextChoices):
    """Who may edit a piece of content (MediaWiki's protection levels)."""

    OPEN = "open", "Open to every editor"
    ESTABLISHED = "established", "Established accounts only"
    MODERATORS = "moderators", "Moderators only"


def protection_field() -> models.CharField:
    """The `protection` column every registered model has; set by moderators,
    never part of a revision (exclude it from history)."""
    return models.CharField(
        max_length=20,
        choices=Protection,
        default=Protection.OPEN,
        help_text="Established accounts are older than 4 days with at least 10 edits.",
    )


class PageQuerySet(models.QuerySet):
    def for_listing(self) -> "PageQuerySet":
        """Only what a list of pages shows: never the bodies or their HTML."""
        return self.only("title", "slug", "size", "updated_at")

    def reading_state(self, slug: str) -> tuple | None:
        """What a visitor's page of `slug` depends on, in one query and without
        building models: (pk, version, protection, rendered_html, rendered_toc,
        the last revision's (history_id, summary_hidden, editor_hidden, and the
        editor's (id, username) or None)).

        For the page cache's fast path (wiki.views.page_detail): through the ORM,
        these two queries took half the time of serving a stored page. (The
        history model comes from the registry: `Page.history` builds a manager
        class on each access, which took another eighth.)
        """
        history = entry_for(Page).history_model._meta
        quote = connection.ops.quote_name
        page_table, history_table = quote(Page._meta.db_table), quote(history.db_table)
        user_table = quote(
            history.get_field("history_user").related_model._meta.db_table
        )
        sql = (
            f"SELECT p.id, p.version, p.protection, p.rendered_html, p.rendered_toc,"
            f" h.history_id, h.summary_hidden, h.editor_hidden, u.id, u.username"
            f" FROM {page_table} p LEFT JOIN {history_table} h ON h.history_id = ("
            f"SELECT history_id FROM {history_table} WHERE id = p.id"
            f" ORDER BY history_date DESC, history_id DESC LIMIT 1)"
            f" LEFT JOIN {user_table} u ON u.id = h.history_user_id"
            f" WHERE p.slug = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [slug])
            row = cursor.fetchone()
        if row is None:
            return None
        *page, history_id, summary_hidden, editor_hidden, editor_id, name = row
        last = None
        if history_id is not None:
            editor = (editor_id, name) if editor_id is not None else None
            last = (history_id, bool(summary_hidden), bool(editor_hidden), editor)
        return (*page, last)

    def main_page(self) -> "Page | None":
        """The page the home page shows (settings.MAIN_PAGE_TITLE), if it exists."""
        return (
            self.filter(slug=slug_for_title(settings.MAIN_PAGE_TITLE))
            .only("title", "slug", "rendered_html")
            .first()
        )


class Page(models.Model):
    """A wiki page: a title and a markdown body, with every revision kept."""

    title = models.CharField(max_length=MAX_TITLE_LENGTH, unique=True)
    slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, unique=True, allow_unicode=True
    )
    body = models.TextField(blank=True)
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_toc = models.TextField(blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    protection = protection_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = revision_history(
        excluded_fields=["rendered_html", "rendered_toc", "protection"]
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("page_detail", kwargs={"slug": self.slug})


class PageLink(models.Model):
    """A `[[link]]` from any registered content to a title, existing or not.

    The source's title and URL are copied here (and rewritten on every save of the
    source) so that "what links here" is a single query over one table.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    source_id = models.PositiveBigIntegerField()
    source_title = models.CharField(max_length=MAX_TITLE_LENGTH)
    source_url = models.CharField(max_length=500)
    target_slug = models.SlugField(max_length=MAX_TITLE_LENGTH, allow_unicode=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_slug"],
                name="wiki_pagelink_unique_per_source",
            )
        ]
        indexes = [models.Index(fields=["target_slug", "source_title"])]

    def __str__(self) -> str:
        return f"{self.source_title} → {self.target_slug}"


class CategoryMembershipQuerySet(models.QuerySet):
    def of_kind(self, model: type[models.Model]) -> "CategoryMembershipQuerySet":
        """Memberships of `model`'s content. A join on the content type rather
        than its id, so that it costs no query of its own when the cache of
        content types is cold."""
        return self.filter(
            source_type__app_label=model._meta.app_label,
            source_type__model=model._meta.model_name,
        )

    def of_source(self, obj: models.Model) -> "CategoryMembershipQuerySet":
        """The categories `obj` is in, by slug, in one query."""
        return (
            self.of_kind(type(obj))
            .filter(source_id=obj.pk)
            .only("category_slug", "category_name")
            .order_by("category_slug")
        )

    def in_category(self, slug: str) -> "CategoryMembershipQuerySet":
        """The members of a category by title, each with its kind of content."""
        return (
            self.filter(category_slug=slug)
            .select_related("source_type")
            .order_by("source_title", "source_type_id", "source_id")
        )

    def tallies(self) -> models.QuerySet:
        """Every category once, by slug: its name and how many members it has.

        Members may spell a category differently ("Students", "students"); the
        name shown is the first of the spellings in code-point order.
        """
        return (
            self.values("category_slug")
            .annotate(
                category_name=models.Min("category_name"),
                members=models.Count("pk"),
            )
            .order_by("category_slug")
        )


class CategoryMembership(models.Model):
    """Content filed under a category by a `[[Category:Name]]` tag in its text.

    Derived from the current text (rebuilt on every save, removed on deletion),
    never part of history; the source's title and URL are copied here, as in
    PageLink, so that a category page is a single query over one table.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    source_id = models.PositiveBigIntegerField()
    source_title = models.CharField(max_length=MAX_TITLE_LENGTH)
    source_url = models.CharField(max_length=500)
    # The index below starts with the slug, so it needs none of its own.
    category_slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, allow_unicode=True, db_index=False
    )
    category_name = models.CharField(max_length=MAX_TITLE_LENGTH)

    objects = CategoryMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "category_slug"],
                name="wiki_categorymembership_unique_per_source",
            )
        ]
        indexes = [models.Index(fields=["category_slug", "source_title"])]

    def __str__(self) -> str:
        return f"{self.source_title} in {self.category_name}"

    def get_absolute_url(self) -> str:
        return reverse("category_detail", kwargs={"slug": self.category_slug})


class Redirect(models.Model):
    """An old slug of renamed content, so that old links and bookmarks still work.

    Looked up only when a slug is not found (wiki.middleware), keyed by the kind
    of content because a page and a character may share a slug.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.SlugField(max_length=MAX_TITLE_LENGTH, allow_unicode=True)
    old_title = models.CharField(max_length=MAX_TITLE_LENGTH)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="wiki_redirect_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_title} → #{self.object_id}"


class SiteGeneration(models.Model):
    """One row counting the writes a reader can see: every revision and every
    moderation log entry adds one, in the transaction that writes it, so the new
    number is seen exactly when what it counts is (wiki.page_cache)."""

    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"generation {self.number}"
