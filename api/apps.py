from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API under /api/ (Django REST framework)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"
