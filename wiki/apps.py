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
