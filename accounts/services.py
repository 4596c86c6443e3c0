from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import ADDITION, CHANGE, audit_log
from accounts.models import Block, BlockScope, User


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


def block_create(
    *,
    moderator: User,
    user: User,
    scope: str,
    reason: str,
    expires_at: datetime | None,
) -> Block:
    """Block `user` from `scope` until `expires_at` (None: indefinitely), logged."""
    block_validate(moderator=moderator, user=user, expires_at=expires_at)
    with transaction.atomic():
        block = Block.objects.create(
            user=user,
            scope=scope,
            reason=reason,
            expires_at=expires_at,
            created_by=moderator,
        )
        audit_log(
            actor=moderator,
            obj=block,
            action_flag=ADDITION,
            message=f"Blocked {user} from {block.get_scope_display().lower()} "
            + (
                "indefinitely"
                if expires_at is None
                else f"until {expires_at:%Y-%m-%d %H:%M} UTC"
            ),
            reason=reason,
        )
    return block


def block_validate(*, moderator: User, user: User, expires_at: datetime | None) -> None:
    """The rules of a block that forms show as errors before block_create runs."""
    if active_block(moderator, BlockScope.EDITING) is not None:
        raise ValidationError("You are blocked yourself, so you cannot block others.")
    errors = {}
    if user.pk == moderator.pk:
        errors["user"] = "You cannot block yourself."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise ValidationError(errors)


def block_lift(*, moderator: User, block: Block, reason: str) -> None:
    """End `block` now (it stays on record as expired), logged; nobody lifts their
    own block."""
    if block.user_id == moderator.pk:
        raise ValidationError("You cannot lift your own block.")
    if active_block(moderator, BlockScope.EDITING) is not None:
        raise ValidationError("You are blocked yourself, so you cannot lift blocks.")
    with transaction.atomic():
        block.expires_at = timezone.now()
        block.save(update_fields=["expires_at"])
        audit_log(
            actor=moderator,
            obj=block,
            action_flag=CHANGE,
            message=f"Lifted the block of {block.user}",
            reason=reason,
        )


def can_block(user) -> bool:
    """Whether `user` may place and lift blocks: a moderator who is not blocked."""
    return bool(
        user.is_authenticated
        and user.has_perm("accounts.add_block")
        and active_block(user, BlockScope.EDITING) is None
    )


def active_block(user, scope: str) -> Block | None:
    """The block in force that stops `user` from `scope`, if any.

    The user's active blocks are read once per user object (once per request:
    request.user is one object), however many checks a page makes.
    """
    if not user.is_authenticated:
        return None
    blocks = getattr(user, "_active_blocks", None)
    if blocks is None:
        blocks = sorted(
            Block.objects.active().filter(user=user),
            # The one that lasts longest is the one worth explaining.
            key=lambda block: (block.expires_at is None, block.expires_at or 0),
            reverse=True,
        )
        user._active_blocks = blocks
    covering = {scope, BlockScope.EVERYTHING}
    return next((block for block in blocks if block.scope in covering), None)
