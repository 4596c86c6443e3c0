from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over every registered model (wiki never imports it)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"
