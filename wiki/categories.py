"""Categories: content files itself under one with `[[Category:Name]]` in its text.

As in MediaWiki, a category is only a name, and it is the text that says what is in
it, so that any registered content (pages, characters, events) can be filed without
a field of its own. Memberships are derived from the current text like PageLinks:
rebuilt by every save (wiki.services._record, so restores and renames too) and
removed when the content is deleted.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wiki.markdown import category_name
from wiki.models import CategoryMembership
from wiki.titles import MAX_TITLE_LENGTH, normalise_title, slug_for_title


def category_slug(value: str) -> str | None:
    """The slug of the category `value` names, written as a name ("Students"), a
    slug ("students") or a tag's target ("Category:Students"); None when it
    cannot name one (no letters or digits, or too long)."""
    name = category_name(value)
    if name is None:
        name = normalise_title(value)
    if len(name) > MAX_TITLE_LENGTH:
        return None
    slug = slug_for_title(name)
    return slug if 0 < len(slug) <= MAX_TITLE_LENGTH else None


def categories_replace(
    *, source: models.Model, title: str, names: Iterable[str]
) -> None:
    """Make the categories `source` is in exactly `names` (one per slug, the
    first spelling kept)."""
    source_type = ContentType.objects.get_for_model(source)
    by_slug: dict[str, str] = {}
    for name in names:
        slug = slug_for_title(name)
        if slug:
            by_slug.setdefault(slug, name)
    url = source.get_absolute_url()
    wanted = [(slug, name, title, url) for slug, name in sorted(by_slug.items())]
    stored = CategoryMembership.objects.filter(
        source_type=source_type, source_id=source.pk
    )
    # Most edits change no category, and reading them costs less than rewriting.
    fields = ("category_slug", "category_name", "source_title", "source_url")
    if sorted(stored.values_list(*fields)) == wanted:
        return
    stored.delete()
    CategoryMembership.objects.bulk_create(
        CategoryMembership(
            source_type=source_type,
            source_id=source.pk,
            source_title=title,
            source_url=url,
            category_slug=slug,
            category_name=name,
        )
        for slug, name, _, _ in wanted
    )


def categories_remove(*, source: models.Model) -> None:
    """Take deleted content out of every category."""
    CategoryMembership.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).delete()


def remove_deleted_content(sender, obj: models.Model, **kwargs) -> None:
    """Receiver of wiki.signals.content_deleted, inside the deleting transaction."""
    categories_remove(source=obj)
