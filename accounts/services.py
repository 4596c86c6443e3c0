from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User


def user_sign_up(*, username: str, email: str, password: str) -> User:
    """Create an ordinary account; the caller has validated the form already.

    Two people submitting the same username at the same moment both pass form
    validation, so the database constraint decides and the loser gets a form error.
    """
    try:
        with transaction.atomic():
            return User.objects.create_user(
                username=username, email=email, password=password
            )
    except IntegrityError as error:
        raise ValidationError(
            {"username": "A user with that username already exists."}
        ) from error


def user_spoiler_season_set(*, user: User, season: int) -> None:
    """Record that `user` has watched through `season` (0: nothing yet).

    The caller has checked that the season exists; only this field is written, so
    that a concurrent profile or password change is not overwritten.
    """
    if season < 0:
        raise ValueError(f"A season cannot be negative, got {season}.")
    user.spoiler_season = season
    user.save(update_fields=["spoiler_season"])
