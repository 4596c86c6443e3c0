import factory
from django.contrib.auth import get_user_model

# Long and unusual enough to pass every password validator.
PASSWORD = "hyosan-rooftop-survivor-2022"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"fan{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


def make_moderator(**fields):
    """A user in the Moderators group, with staff status (needed for the admin)."""
    moderator = UserFactory(is_staff=True, **fields)
    moderator.groups.add(moderators_group())
    return moderator


def moderators_group():
    """The Moderators group as its data migration makes it.

    A transactional test (the browser tests) flushes the database afterwards, rows
    made by data migrations included, so the group is made again when missing,
    from the migration's own list of permissions.
    """
    import importlib

    from django.contrib.auth.models import Group, Permission

    from moderation.services import MODERATORS_GROUP

    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        migration = importlib.import_module(
            "moderation.migrations.0001_moderators_group"
        )
        for app_label, codenames in migration.PERMISSIONS.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    return group


def make_established(**fields):
    """A user old enough, with edits enough, to edit semi-protected content."""
    from datetime import timedelta

    from django.utils import timezone

    fields.setdefault("date_joined", timezone.now() - timedelta(days=5))
    fields.setdefault("edit_count", 10)
    return UserFactory(**fields)


def make_page(*, title: str = "Hyosan High School", body: str = "", user=None):
    """A page created through the service, so that it has its first revision."""
    from wiki.services import page_create

    return page_create(
        user=user or UserFactory(), title=title, body=body or f"About {title}.\n"
    )


def edit_page(
    page, body: str, *, user=None, base_version=None, summary="", minor=False
):
    """Save a revision of `page` through the service, on its current version."""
    from wiki.services import page_save

    return page_save(
        page=page,
        user=user or UserFactory(),
        body=body,
        base_version=base_version or page.version,
        summary=summary,
        minor=minor,
    )


def make_season(number: int = 1, **fields):
    from timeline.models import Season

    return Season.objects.create(number=number, **fields)


def make_character(*, name: str = "Nam On-jo", user=None, **fields):
    """A character created through the service, at its first revision."""
    from characters.services import character_create

    values = {
        "name": name,
        "aliases": "",
        "actor": "Park Ji-hu",
        "role": "student",
        "status": "alive",
        "status_spoiler_season": None,
        "seasons": "1",
        "biography": f"About {name}.\n",
        **fields,
    }
    return character_create(user=user or UserFactory(), values=values)


SOURCE = {
    "publisher": "Soompi",
    "title": "“All Of Us Are Dead” Confirms Season 2",
    "date": "2024-05-07",
}


def make_event(*, title: str = "Season 2 confirmed", user=None, **fields):
    """A timeline event created through the service, at its first revision."""
    import datetime

    from timeline.services import event_create

    values = {
        "title": title,
        "date": datetime.date(2024, 5, 7),
        "precision": "day",
        "kind": "announcement",
        "season": None,
        "description": f"About {title}.\n",
        "sources": [SOURCE],
        "character_ids": [],
        **fields,
    }
    return event_create(user=user or UserFactory(), values=values)
