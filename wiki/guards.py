"""The checks every write path runs before it writes: blocks, protection, rates.

A view asks `write_guard(request, obj)` (or `upload_guard`, `preview_guard`) once
per request and gets a Refusal, whose message says why and until when, or None.
On a form the refusal is shown above the user's own text, which stays in the form;
elsewhere `refusal_response` is a 403 or 429 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.client_ip import client_ip
from accounts.ratelimits import address_key, rate, rate_limit_hit
from wiki.permissions import (
    can_moderate,
    edit_refusal,
    is_established,
    is_moderator,
    upload_refusal,
)


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int  # 403 for a block or a protection, 429 for a rate limit

    @property
    def can_retry(self) -> bool:
        """A rate limit passes in a minute; a block or a protection does not."""
        return self.status == 429


def write_guard(
    request: HttpRequest, obj: models.Model | None = None
) -> Refusal | None:
    """Whether the user may create (obj None), edit, revert or rename content now.

    A POST is counted against the user's edit rate (and, for new accounts, their
    IP's); a GET only says whether a save would be refused for a block or a
    protection.
    """
    reason = edit_refusal(obj, request.user)
    if reason:
        return Refusal(reason, 403)
    if request.method == "POST":
        return _rate_refusal(request, "edit")
    return None


def upload_guard(
    request: HttpRequest, obj: models.Model | None = None
) -> Refusal | None:
    """Whether the user may upload an image now (for obj, when known); counts one."""
    reason = upload_refusal(obj, request.user)
    if reason:
        return Refusal(reason, 403)
    return _rate_refusal(request, "upload")


def preview_guard(
    request: HttpRequest, obj: models.Model | None = None
) -> Refusal | None:
    """Whether the user may ask for a preview now: only those who may edit."""
    reason = edit_refusal(obj, request.user)
    if reason:
        return Refusal(reason, 403)
    return _rate_refusal(request, "preview")


def moderators_only(request: HttpRequest) -> None:
    """Refuse (403) anyone but a moderator who is not blocked."""
    if not can_moderate(request.user):
        raise PermissionDenied("Only moderators can do this.")


def refusal_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """A page saying why a write was refused, for paths without a form to re-show."""
    return render(
        request, "wiki/refused.html", {"refusal": refusal}, status=refusal.status
    )


_MESSAGES = {
    "edit": "You are saving faster than the wiki allows ({rate}). "
    "Wait a minute, then save again: your text is still here.",
    "upload": "You are uploading faster than the wiki allows ({rate}). "
    "Wait a minute, then try again.",
    "preview": "Previews are paused: you asked for more than {rate}. Wait a minute.",
}


def _rate_refusal(request: HttpRequest, action: str) -> Refusal | None:
    user = request.user
    if is_moderator(user):
        return None
    established = is_established(user)
    if action == "preview":
        rates = [("preview", f"{action}:user:{user.pk}")]
    elif established:
        rates = [(f"{action}_established", f"{action}:user:{user.pk}")]
    else:
        # New accounts are counted per account and, together, per address, so
        # that a vandal does not get a fresh allowance with every new account.
        per_ip = "edit_ip" if action == "edit" else action
        rates = [
            (
                f"{action}_new" if action == "edit" else action,
                f"{action}:user:{user.pk}",
            ),
            (per_ip, f"{action}:ip:{address_key(client_ip(request))}"),
        ]
    over = [name for name, key in rates if rate_limit_hit(key, rate(name))]
    if not over:
        return None
    return Refusal(_MESSAGES[action].format(rate=rate(over[0]).describe()), 429)
