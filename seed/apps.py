from django.apps import AppConfig


class SeedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "seed"
    verbose_name = "Shipped content"
