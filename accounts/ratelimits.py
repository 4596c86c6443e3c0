"""Counting attempts per user or per IP across every app server process.

The counters live in the database (accounts.RateLimitCounter), not in the cache:
the default local-memory cache counts per process and Django's database cache has
no atomic increment, while an UPDATE … SET count = count + 1 is atomic on SQLite
and PostgreSQL alike. Windows are fixed (a minute starts on the minute), which is
what MediaWiki does too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import RateLimitCounter


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    def describe(self) -> str:
        unit = "minute" if self.seconds == 60 else f"{self.seconds // 60} minutes"
        if self.seconds == 3600:
            unit = "hour"
        return f"{self.limit} per {unit}"


def rate(name: str) -> Rate:
    """The rate `name` from settings.RATE_LIMITS, e.g. rate("edit_new")."""
    limit, seconds = settings.RATE_LIMITS[name]
    return Rate(limit=limit, seconds=seconds)


def rate_limit_hit(key: str, rate: Rate) -> bool:
    """Count one attempt under `key`; True when it is over the limit.

    An attempt over the limit is counted too, so hammering does not help.
    """
    now = int(time.time())
    window = now - now % rate.seconds
    counters = RateLimitCounter.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            _counter_start(key, window, rate)
        count = counters.values_list("count", flat=True).get()
    return count > rate.limit


def _counter_start(key: str, window: int, rate: Rate) -> None:
    expires_at = timezone.now() + timedelta(seconds=2 * rate.seconds)
    try:
        with transaction.atomic():
            RateLimitCounter.objects.create(
                key=key, window=window, count=1, expires_at=expires_at
            )
    except IntegrityError:
        # Another process started the same window between our UPDATE and INSERT.
        RateLimitCounter.objects.filter(key=key, window=window).update(
            count=F("count") + 1
        )
    else:
        # A new window is the moment to forget the old ones (theirs and others').
        RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
