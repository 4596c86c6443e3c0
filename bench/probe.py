"""The Django side of `make bench`, run as a separate process by bench/run.py.

    python bench/probe.py plan PLAN.json     what the load will ask for: page slugs,
                                             search words, character filters
    python bench/probe.py queries PLAN.json  the SQL queries one request of each
                                             scenario runs (JSON on stdout)

Both read the database named by DATABASE_URL, with the settings the server runs.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAGES = 500
EDITED_PAGES = 64


def plan() -> dict:
    from characters.models import Character, Role, Status
    from wiki.models import Page

    rng = random.Random(1)
    # Pages with more than one revision, so that the default diff compares two.
    ids = list(
        Page.objects.filter(version__gt=1)
        .exclude(slug__startswith="main")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, min(len(ids), SAMPLE_PAGES + EDITED_PAGES))
    slugs = dict(Page.objects.filter(pk__in=chosen).values_list("pk", "slug"))
    ordered = [slugs[pk] for pk in chosen]
    bodies = Page.objects.filter(pk__in=chosen[:40]).values_list("body", flat=True)
    words = sorted({w for body in bodies for w in re.findall(r"\b[a-z]{7,}\b", body)})
    statuses = [value for value, _ in Status.choices]
    roles = [value for value, _ in Role.choices]
    if not Character.objects.exists():
        raise SystemExit("The database has no characters: generate the wiki first.")
    return {
        "page_slugs": ordered[EDITED_PAGES:],
        "edit_slugs": ordered[:EDITED_PAGES],
        "search_queries": [*rng.sample(words, min(6, len(words))), "lorem ipsum"],
        "character_queries": [
            *(f"status={status}" for status in statuses),
            *(f"role={role}&sort=name" for role in roles),
            "q=a&sort=-updated",
        ],
    }


def queries(plan: dict) -> dict:
    """Queries per request of each scenario, through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from scenarios import EDITOR_PREFIX, READER_PREFIX, SCENARIOS

    from accounts.models import User

    slug = plan["page_slugs"][0]
    urls = {
        "trivial": "/healthz",
        "page": f"/wiki/{slug}/",
        "page_cold": f"/wiki/{slug}/",
        "page_logged_in": f"/wiki/{slug}/",
        "page_304": f"/wiki/{slug}/",
        "history": f"/wiki/{slug}/history/",
        "diff": f"/wiki/{slug}/diff/",
        "recent": "/recent/",
        "search": f"/search/?q={plan['search_queries'][0]}&fulltext=1",
        "characters": f"/characters/?{plan['character_queries'][0]}",
        "timeline": "/timeline/",
    }
    counts = {}
    for scenario in SCENARIOS:
        client = Client()
        if scenario.name == "page_logged_in":
            client.force_login(User.objects.get(username=f"{READER_PREFIX}0"))
        if scenario.name == "edit":
            counts["edit"] = _edit_queries(client, plan, EDITOR_PREFIX)
            continue
        url = urls[scenario.name]
        headers = {}
        with override_settings(PAGE_CACHE=scenario.page_cache):
            client.get(url)  # warm: the CSRF cookie, content types, the caches
            if scenario.name == "page_304":
                headers["HTTP_IF_NONE_MATCH"] = client.get(url)["ETag"]
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, **headers)
        expected = 304 if scenario.name == "page_304" else 200
        if response.status_code != expected:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[scenario.name] = len(captured)
    return counts


def _edit_queries(client, plan: dict, prefix: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from wiki.models import Page

    client.force_login(User.objects.get(username=f"{prefix}0"))
    page = Page.objects.get(slug=plan["edit_slugs"][-1])
    data = {
        "body": f"{page.body}\nA counted edit.\n",
        "base_version": page.version,
        "summary": "counting queries",
    }
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/wiki/{page.slug}/edit/", data)
    if response.status_code != 302:
        raise SystemExit(f"the counted edit answered {response.status_code}")
    return len(captured)


def main() -> None:
    command, path = sys.argv[1], Path(sys.argv[2])
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if command == "plan":
        path.write_text(json.dumps(plan()))
    elif command == "queries":
        print(json.dumps(queries(json.loads(path.read_text()))))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
