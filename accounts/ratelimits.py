"""Counting attempts per user or per IP across every app server process.

The counters live in the database (accounts.RateLimitCounter), not in the cache:
the default local-memory cache counts per process and Django's database cache has
no atomic increment, while an UPDATE … SET count = count + 1 is atomic on SQLite
and PostgreSQL alike. Windows are fixed (a minute starts on the minute), which is
what MediaWiki does too.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
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
        started = not counters.update(count=F("count") + 1)
        if started:
            _counter_start(key, window, rate)
        count = counters.values_list("count", flat=True).get()
    if started:
        _counters_forget()
    return count > rate.limit


def address_key(ip: str) -> str:
    """The part of an address that counts as one client: an IPv6 client gets a
    whole /64 from its provider, so counting single addresses would not limit it."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


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


def _counters_forget() -> None:
    """Delete the counters of past windows (everyone's), when a new one starts.

    Outside the counting transaction and best effort: two processes cleaning up
    at once may deadlock on PostgreSQL, and the loser simply leaves it to the next.
    """
    try:
        with transaction.atomic():
            RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    except DatabaseError:
        pass
