from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import dateformat, timezone


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

    edit_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Revisions saved by this account; established accounts need 10.",
    )

    objects = CaseInsensitiveUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            (
                "moderate",
                "Can moderate the wiki: edit protected content, roll back, hide "
                "revisions, block users; never rate-limited",
            )
        ]
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


class BlockScope(models.TextChoices):
    EDITING = "editing", "Editing"
    UPLOADING = "uploading", "Uploading"
    EVERYTHING = "everything", "Everything"


class BlockQuerySet(models.QuerySet):
    def active(self) -> "BlockQuerySet":
        """Blocks in force now: an expired block stops applying by itself."""
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )

    def covering(self, scope: str) -> "BlockQuerySet":
        """Blocks that stop `scope` (an "everything" block stops every scope)."""
        return self.filter(scope__in={scope, BlockScope.EVERYTHING})


class Block(models.Model):
    """A moderator's decision that a user may not edit, upload, or do either."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="blocks",
        verbose_name="blocked user",
    )
    scope = models.CharField(
        max_length=20, choices=BlockScope, default=BlockScope.EDITING
    )
    reason = models.CharField(
        max_length=500, help_text="Shown to the blocked user on every write attempt."
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name="expires",
        help_text="Leave empty for an indefinite block.",
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="blocks_made",
        verbose_name="blocked by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} blocked from {self.get_scope_display().lower()}"

    def get_absolute_url(self) -> str:
        return self.user.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()

    def explanation(self) -> str:
        """What the blocked user reads: by whom, why and until when."""
        until = (
            "indefinitely"
            if self.expires_at is None
            else "until "
            + dateformat.format(timezone.localtime(self.expires_at), "j F Y, H:i T")
        )
        what = {
            BlockScope.EDITING: "editing",
            BlockScope.UPLOADING: "uploading images",
            BlockScope.EVERYTHING: "editing and uploading",
        }[self.scope]
        return f"You are blocked from {what} {until}. Reason: {self.reason}"


class RateLimitCounter(models.Model):
    """How many times one key (an action by one user or IP) happened in one window.

    In the database so that every app server process counts the same attempts
    with an atomic UPDATE; rows of past windows are deleted as new ones start.
    """

    key = models.CharField(max_length=200)
    window = models.BigIntegerField(help_text="Start of the window, in Unix seconds.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window"], name="accounts_ratelimit_key_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window}: {self.count}"
