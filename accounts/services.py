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
