"""The Moderators group with exactly the permissions moderation needs.

Moderators see and protect content (the admin's change form only sets protection),
delete and restore it, block users, read the moderation log and keep the list of
seasons; "accounts.moderate" lets them edit protected content, hide revisions, roll
back and skip rate limits on the site. Editing accounts and deleting seasons stay
with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"

PERMISSIONS = {
    "accounts": [
        "moderate",
        "view_user",
        "view_block",
        "add_block",
        "change_block",
    ],
    "admin": ["view_logentry"],
    "wiki": [
        "view_page",
        "change_page",
        "delete_page",
    ],
    "characters": [
        "view_character",
        "change_character",
        "delete_character",
    ],
    "timeline": [
        "view_event",
        "change_event",
        "delete_event",
        "view_season",
        "add_season",
        "change_season",
    ],
}


def moderators_create(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; the group
    # needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codenames in PERMISSIONS.items()
        for codename in codenames
    ]
    group.permissions.set(wanted)


def moderators_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


def edit_counts_fill(apps, schema_editor):
    """Count the revisions each account saved before edit counts were kept."""
    User = apps.get_model("accounts", "User")
    counts: dict[int, int] = {}
    for label in (
        "wiki.HistoricalPage",
        "characters.HistoricalCharacter",
        "timeline.HistoricalEvent",
    ):
        history = apps.get_model(label)
        for user_id in history.objects.exclude(history_user=None).values_list(
            "history_user_id", flat=True
        ):
            counts[user_id] = counts.get(user_id, 0) + 1
    for user_id, count in counts.items():
        User.objects.filter(pk=user_id).update(edit_count=count)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_moderation"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wiki", "0002_protection_redirects_hidden_parts"),
        ("characters", "0003_protection_and_hidden_parts"),
        ("timeline", "0002_protection_and_hidden_parts"),
    ]

    operations = [
        migrations.RunPython(moderators_create, moderators_delete),
        migrations.RunPython(edit_counts_fill, migrations.RunPython.noop),
    ]
