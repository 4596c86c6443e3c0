from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Full-text search over every registered model (wiki never imports it)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from wiki.signals import content_deleted, content_saved

        content_saved.connect(_content_saved, dispatch_uid="search-entry-update")
        content_deleted.connect(_content_deleted, dispatch_uid="search-entry-delete")
        post_migrate.connect(_index_if_empty, sender=self, dispatch_uid="search-fill")


def _content_saved(sender, obj, **kwargs) -> None:
    from search.services import search_entry_update

    search_entry_update(obj=obj)


def _content_deleted(sender, obj, **kwargs) -> None:
    from search.services import search_entry_delete

    search_entry_delete(model=sender, object_id=obj.pk)


def _index_if_empty(sender, **kwargs) -> None:
    """A database that had content before search existed gets its index on the
    first migrate; with the current code, never a migration's frozen copy."""
    from search.services import search_index_fill

    search_index_fill()
