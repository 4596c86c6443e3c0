"""Median time to save an edit of a 50 KB page (and of a 4 KB one), through the real
service.

Run with `make bench-save`. It uses a throwaway SQLite database (WAL, IMMEDIATE,
synchronous=FULL, like the default) and reports render + links + search index +
history + commit, and how much of that is rendering: each edited body is also
rendered alone, outside the save, and "the rest" is the difference of the medians.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 25
SIZES = (50 * 1024, 4 * 1024)  # the goal is written for 50 KB


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
    from wiki.services import page_create

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password=None)
    for n in range(20):
        page_create(user=user, title=f"Character {n}", body="A character.\n")
    for size in SIZES:
        report(user, size)


def report(user, size: int) -> None:
    from wiki.links import render_wiki_markdown
    from wiki.models import Page
    from wiki.services import page_create, page_save

    body = realistic_body(size)
    page = page_create(user=user, title=f"Benchmark page {size}", body=body)
    saves, renders = [], []
    for n in range(ROUNDS):
        body = f"{body}\nEdit number {n}.\n"
        started = time.perf_counter()
        render_wiki_markdown(body)
        renders.append(time.perf_counter() - started)
        started = time.perf_counter()
        page_save(
            page=page,
            user=user,
            body=body,
            base_version=page.version,
            summary=f"edit {n}",
            minor=False,
        )
        saves.append(time.perf_counter() - started)
        page = Page.objects.get(pk=page.pk)
    size_kb = len(body.encode()) / 1024
    save, render = statistics.median(saves), statistics.median(renders)
    print(
        f"saved {ROUNDS} edits of a {size_kb:.0f} KB page "
        f"(render, links, search index, history, commit) on SQLite"
    )
    print(
        f"median {save * 1000:.1f} ms, "
        f"min {min(saves) * 1000:.1f} ms, max {max(saves) * 1000:.1f} ms; "
        f"render alone {render * 1000:.1f} ms, the rest {(save - render) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
