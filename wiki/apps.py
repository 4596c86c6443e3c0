from django.apps import AppConfig


class WikiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wiki"
    verbose_name = "Wiki"

    def ready(self) -> None:
        from wiki import revisions
        from wiki.models import Page
        from wiki.services import page_prepare

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
