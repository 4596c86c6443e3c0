"""Writes to the search index; called inside the transaction that changed content.

The index holds current content only: `search_entry_update` runs after every new
revision and `search_entry_delete` after every deletion (search/apps.py connects
them to wiki.signals). `search_index_rebuild` rebuilds everything, for
`manage.py search_rebuild` and for the migration that creates the index.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import Value

from search.documents import Document, document_for, words
from search.models import SearchEntry, SearchName
from wiki.models import Redirect
from wiki.page_cache import generation_bump
from wiki.revisions import entries, entry_for
from wiki.titles import slug_for_title

# (kind, title field, rows): what a rebuild indexes.


def search_entry_update(*, obj: models.Model) -> None:
    """Index the current content of `obj` (a registered model), replacing its entry."""
    entry = entry_for(obj)
    old_titles = Redirect.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).values_list("old_title", flat=True)
    document = document_for(
        obj,
        kind=entry.kind,
        title_field=entry.title_field,
        old_titles=tuple(old_titles),
    )
    document_write(document=document, entry_model=SearchEntry, name_model=SearchName)


def search_entry_delete(*, model: type[models.Model], object_id: int) -> None:
    """Remove deleted content from the index (its names go with it)."""
    kind = entry_for(model).kind
    entry_ids = SearchEntry.objects.filter(kind=kind, object_id=object_id).values("id")
    SearchName.objects.filter(entry_id__in=entry_ids).delete()
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search_index_rebuild() -> int:
    """Empty the index and index all current content again; returns the count."""
    count = 0
    with transaction.atomic():
        SearchName.objects.all().delete()
        SearchEntry.objects.all().delete()
        for entry in entries():
            for obj in entry.model.objects.all().iterator():
                search_entry_update(obj=obj)
                count += 1
        # No revision counts this change for the page cache: count it here.
        generation_bump()
    return count


def search_index_fill() -> int:
    """Index everything when the index is empty but content exists (after an
    upgrade); returns how many were indexed."""
    if SearchEntry.objects.exists():
        return 0
    if not any(entry.model.objects.exists() for entry in entries()):
        return 0
    return search_index_rebuild()


def document_write(*, document: Document, entry_model, name_model) -> None:
    """Insert or replace the entry of `document` and its names."""
    values = {
        "title": document.title,
        "slug": document.slug,
        "aliases": "\n".join(document.aliases),
        "extra": document.extra,
        "text": document.text,
        "spoilers": document.spoilers,
    }
    if connection.vendor == "postgresql":
        values["search_vector"] = _vector(document)
    row, _ = entry_model.objects.update_or_create(
        kind=document.kind, object_id=document.object_id, defaults=values
    )
    names: dict[str, tuple[str, bool]] = {}
    for name, is_title in [(document.title, True)] + [
        (alias, False) for alias in (*document.aliases, *document.old_titles)
    ]:
        slug = slug_for_title(name)
        if slug and slug not in names:
            names[slug] = (name, is_title)
    stored = name_model.objects.filter(entry=row)
    # An edit of the text changes no name, and reading them costs less than rewriting.
    wanted = sorted((slug, name, is_title) for slug, (name, is_title) in names.items())
    if sorted(stored.values_list("slug", "name", "is_title")) == wanted:
        return
    stored.delete()
    name_model.objects.bulk_create(
        name_model(entry=row, name=name, slug=slug, is_title=is_title)
        for slug, (name, is_title) in names.items()
    )


def _vector(document: Document) -> SearchVector:
    """PostgreSQL's tsvector: A for names, B for the extra fields, D for the text.

    The words are split here, not by PostgreSQL's parser (see search.documents).
    """
    names = words(" ".join([document.title, *document.aliases]))
    text = words(f"{document.text} {document.spoilers}")
    return (
        SearchVector(Value(names), config="simple", weight="A")
        + SearchVector(Value(words(document.extra)), config="simple", weight="B")
        + SearchVector(Value(text), config="simple", weight="D")
    )
