from django.contrib.auth.models import Group
from django.db import transaction

from accounts.audit import CHANGE, audit_log
from accounts.models import User

# Created, with its permissions, by migration 0001_moderators_group.
MODERATORS_GROUP = "Moderators"


def moderators_add(*, users: list[User], by: User) -> None:
    """Make `users` moderators: the group's permissions, and staff status, which
    is what lets them into the admin at all. Each is logged."""
    group = Group.objects.get(name=MODERATORS_GROUP)
    with transaction.atomic():
        group.user_set.add(*users)
        User.objects.filter(pk__in=[user.pk for user in users]).update(is_staff=True)
        for user in users:
            audit_log(
                actor=by, obj=user, action_flag=CHANGE, message="Made a moderator"
            )
