from django.apps import AppConfig


class WikiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wiki"
    verbose_name = "Wiki"

    def ready(self) -> None:
        from wiki import revisions
        from wiki.categories import remove_deleted_content
        from wiki.models import Page
        from wiki.services import page_prepare
        from wiki.signals import content_deleted

        revisions.register(
            Page,
            kind="page",
            label="Page",
            fields=("title", "body"),
            text_fields=("body",),
            title_field="title",
            derived_fields=("rendered_html", "rendered_toc"),
            prepare=page_prepare,
        )
        content_deleted.connect(
            remove_deleted_content, dispatch_uid="wiki-categories-remove-deleted"
        )
        _count_visible_writes()


def _count_visible_writes() -> None:
    """Every revision and every moderation log entry is a write readers may see:
    each counts one more generation for the page cache (wiki.page_cache)."""
    from django.contrib.admin.models import LogEntry
    from django.db.models.signals import post_save
    from simple_history.signals import post_create_historical_record

    from wiki.page_cache import generation_bump

    def log_entry_saved(sender, created: bool, **kwargs) -> None:
        if created:
            generation_bump()

    post_create_historical_record.connect(
        generation_bump, dispatch_uid="wiki-generation-revision"
    )
    post_save.connect(
        log_entry_saved,
        sender=LogEntry,
        weak=False,
        dispatch_uid="wiki-generation-log-entry",
    )
