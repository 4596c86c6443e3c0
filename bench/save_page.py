"""Median time to save an edit of a 50 KB page, through the real service.

Run with `make bench-save`. It uses a throwaway SQLite database (WAL, IMMEDIATE,
synchronous=FULL, like the default) and reports render + links + history + commit.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 25
TARGET_BYTES = 50 * 1024


def realistic_body(size: int) -> str:
    sections, n = [], 0
    while sum(map(len, sections)) < size:
        n += 1
        sections.append(
            f"## Section {n}\n\n"
            f"The students of [[Hyosan High School]] met [[Character {n % 40}]] "
            f"in chapter {n}, and *nothing* was the same again.[^{n}] See "
            f"[the source](https://example.org/{n}) for **details**.\n\n"
            f"- first point about [[Season {n % 3 + 1}]]\n- second point\n"
            f"  - a nested remark\n\n"
            f"| Who | Where |\n|---|---|\n| Nam-ra | Seoul |\n| On-jo | Hyosan |\n\n"
            f"[^{n}]: Reported by an outlet, chapter {n}.\n\n"
        )
    return "".join(sections)


def main() -> None:
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from wiki.models import Page
    from wiki.services import page_create, page_save

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password=None)
    for n in range(20):
        page_create(user=user, title=f"Character {n}", body="A character.\n")
    body = realistic_body(TARGET_BYTES)
    page = page_create(user=user, title="Benchmark page", body=body)
    timings = []
    for n in range(ROUNDS):
        body = f"{body}\nEdit number {n}.\n"
        started = time.perf_counter()
        page_save(
            page=page,
            user=user,
            body=body,
            base_version=page.version,
            summary=f"edit {n}",
            minor=False,
        )
        timings.append(time.perf_counter() - started)
        page = Page.objects.get(pk=page.pk)
    size_kb = len(body.encode()) / 1024
    print(
        f"saved {ROUNDS} edits of a {size_kb:.0f} KB page "
        f"(render, links, history, commit) on SQLite"
    )
    print(
        f"median {statistics.median(timings) * 1000:.1f} ms, "
        f"min {min(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
