from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


class CaseInsensitiveUserManager(UserManager):
    """Log in as "nam-ra" or "Nam-ra" alike: usernames are unique regardless of case."""

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A reader or editor of the wiki.

    Custom from the first migration so that profile fields (reader preferences,
    edit counts) can be added later without swapping the user model.
    """

    spoiler_season = models.PositiveSmallIntegerField(
        default=0,
        verbose_name="watched through season",
        help_text=(
            "Spoilers for later seasons are collapsed for this reader; "
            "0 means nothing watched yet."
        ),
    )

    objects = CaseInsensitiveUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # "Nam-ra" and "nam-ra" would be two people in the history but look like
            # one to readers: usernames are unique regardless of case.
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message="A user with that username already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("user_profile", kwargs={"username": self.username})
