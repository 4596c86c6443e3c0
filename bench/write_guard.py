"""Median cost of the checks every write runs first (issue 6): the user's blocks,
the content's protection and one rate-limit count in the database.

Run with `make bench-guard`. It uses a throwaway SQLite database configured like
the default (WAL, IMMEDIATE, synchronous=FULL), so each count is a committed write.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 500


def main() -> None:
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import RequestFactory

    from accounts.models import User
    from wiki.guards import write_guard
    from wiki.services import page_create

    call_command("migrate", verbosity=0)
    # Generous limits: this measures the cost of counting, not of refusing.
    settings.RATE_LIMITS = {
        name: (10**9, seconds) for name, (_, seconds) in settings.RATE_LIMITS.items()
    }
    author = User.objects.create_user("author", password=None)
    page = page_create(user=author, title="Benchmark page", body="Text.\n")
    factory = RequestFactory()
    timings = {"GET (blocks, protection)": [], "POST (and one count)": []}
    for _ in range(ROUNDS):
        for label, method in zip(timings, ("get", "post"), strict=True):
            request = getattr(factory, method)("/wiki/benchmark-page/edit/")
            # A fresh user object per request, as a real request has.
            request.user = User.objects.get(pk=author.pk)
            started = time.perf_counter()
            write_guard(request, page)
            timings[label].append(time.perf_counter() - started)
    print(f"write_guard on SQLite, {ROUNDS} requests each, new account")
    for label, values in timings.items():
        print(
            f"{label}: median {statistics.median(values) * 1000:.2f} ms, "
            f"p95 {sorted(values)[int(len(values) * 0.95)] * 1000:.2f} ms"
        )


if __name__ == "__main__":
    main()
