from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """What spans every app's content: the Moderators group and the moderation log.

    The content tools themselves (protection, hiding, rollback, deletion) live in
    `wiki`, which knows every registered model through its registry.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = "Moderation"
