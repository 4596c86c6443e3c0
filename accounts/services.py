from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
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


def system_user_ensure() -> User:
    """The account that signs the wiki's own writes (shipped content); made once.

    It has no usable password, so nobody can log in as it or reset its password,
    and sign-up refuses its name. Should a real account already hold the name,
    that is a configuration error, not something to take over.
    """
    username = settings.SYSTEM_USERNAME
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(username=username, first_name="")
        user.set_unusable_password()
        user.save()
    elif user.has_usable_password():
        raise ImproperlyConfigured(
            f"The account “{user.username}” can log in, so it cannot sign the "
            "wiki's own edits; set SYSTEM_USERNAME to a name nobody uses."
        )
    return user
