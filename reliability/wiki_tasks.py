"""The Django side of `make soak` and `make faults`, run in the wiki's environment
(DATABASE_URL names the wiki under test):

    python reliability/wiki_tasks.py setup FANS      # accounts + a plan, as JSON
    python reliability/wiki_tasks.py verify OUTCOMES  # the checks, as JSON
    python reliability/wiki_tasks.py state KIND SLUG  # one object, as JSON

`verify` reads the edits the clients made (reliability/edits.py: a marker id, the
object, and what the server answered) and checks the database against them.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "reliability")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import edits  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from harness import check  # noqa: E402

from characters.models import Character  # noqa: E402
from timeline.models import Event  # noqa: E402
from wiki.models import Page  # noqa: E402

FAN_PREFIX = "reliability-fan-"
PASSWORD = "reliability-password"
MODELS = {"page": Page, "character": Character, "event": Event}


def setup(fans: int) -> dict:
    """Established fans (they may edit 90 times a minute, as a regular would) and
    what the workload reads and edits: the shipped article content."""
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: the same for every fan
    joined = timezone.now() - timedelta(days=30)
    for number in range(fans):
        User.objects.update_or_create(
            username=f"{FAN_PREFIX}{number}",
            defaults={"password": password, "date_joined": joined, "edit_count": 10},
        )
    pages, characters, events = (
        list(
            model.objects.exclude(protection="moderators")
            .order_by("pk")
            .values_list("slug", flat=True)
        )
        for model in (Page, Character, Event)
    )
    if not (pages and characters and events):
        raise SystemExit("The wiki has no content: run manage.py seed first.")
    return {
        "fans": [f"{FAN_PREFIX}{n}" for n in range(fans)],
        "password": PASSWORD,
        # The hot objects: where every edit goes, and half of the reads.
        "hot": [["page", slug] for slug in pages[:3]]
        + [["character", characters[0]], ["event", events[0]]],
        "pages": pages,
        "characters": characters,
        "events": events,
    }


def verify(outcomes: list[dict]) -> dict:
    """Each check: {"name", "ok", "detail"}; and the counts of the outcomes."""
    checks = [
        _versions_without_gaps(),
        _rows_match_their_last_revision(),
        *_markers_checks(outcomes),
        _integrity(),
    ]
    # Figures for a report: an edit whose connection was cut may be saved or not.
    saved = _saved_in_history()
    lost = [o["marker"] for o in outcomes if o["outcome"] == edits.LOST]
    return {
        "checks": checks,
        "ok": all(item["ok"] for item in checks),
        "lost": len(lost),
        "lost_saved": sum(marker in saved for marker in lost),
    }


def state(kind: str, slug: str) -> dict:
    """One object as the drills compare it before and after a fault: its version,
    its markers, its revisions, and where its row is (to lock it)."""
    model = MODELS[kind]
    obj = model.objects.get(slug=slug)
    return {
        "version": obj.version,
        "markers": sorted(edits.markers_in(getattr(obj, edits.KINDS[kind][1]))),
        "revisions": _history(model).filter(id=obj.pk).count(),
        "table": model._meta.db_table,
        "pk_column": model._meta.pk.column,
        "pk": obj.pk,
    }


def _history(model):
    return model.history.model.objects


def _versions_without_gaps() -> dict:
    bad = []
    total = 0
    for kind, model in MODELS.items():
        for pk, version in model.objects.values_list("pk", "version"):
            versions = sorted(
                _history(model).filter(id=pk).values_list("version", flat=True)
            )
            total += 1
            if versions != list(range(1, version + 1)):
                bad.append(f"{kind} {pk}: versions {versions[:5]}… for {version}")
    return check(
        "every object's revisions are versions 1..N with no gap or repeat",
        not bad,
        f"{total} objects" if not bad else "; ".join(bad[:5]),
    )


def _rows_match_their_last_revision() -> dict:
    """No half-written save: the row, its last revision and its rendering agree."""
    bad = []
    for kind, model in MODELS.items():
        field = edits.KINDS[kind][1]
        for obj in model.objects.all():
            last = _history(model).filter(id=obj.pk).order_by("-version").first()
            if last is None or last.version != obj.version:
                bad.append(f"{kind} {obj.pk}: no revision for version {obj.version}")
            elif getattr(last, field) != getattr(obj, field):
                bad.append(f"{kind} {obj.pk}: text differs from its last revision")
            elif not edits.markers_in(getattr(obj, field)) <= edits.markers_in(
                obj.rendered_html
            ):
                bad.append(f"{kind} {obj.pk}: rendered HTML is of another version")
    return check(
        "each object's row, last revision and rendered HTML agree",
        not bad,
        "; ".join(bad[:5]) or "all agree",
    )


def _saved_in_history() -> dict[str, set[tuple[str, str]]]:
    """Each marker in some revision, and the objects (kind, slug) it is in."""
    saved: dict[str, set[tuple[str, str]]] = {}
    for kind, model in MODELS.items():
        field = edits.KINDS[kind][1]
        slugs = dict(model.objects.values_list("pk", "slug"))
        for pk, text in _history(model).values_list("id", field):
            for marker in edits.markers_in(text):
                saved.setdefault(marker, set()).add((kind, slugs.get(pk)))
    return saved


def _markers_checks(outcomes: list[dict]) -> list[dict]:
    saved_in_history = _saved_in_history()
    current: dict[tuple[str, str], set[str]] = {}
    for kind, model in MODELS.items():
        field = edits.KINDS[kind][1]
        for slug, text in model.objects.values_list("slug", field):
            current[(kind, slug)] = edits.markers_in(text)
    acknowledged = [o for o in outcomes if o["outcome"] == edits.SAVED]
    lost = [
        o["marker"]
        for o in acknowledged
        if (o["kind"], o["slug"]) not in saved_in_history.get(o["marker"], set())
    ]
    overwritten = [
        o["marker"]
        for o in acknowledged
        if o["marker"] not in current.get((o["kind"], o["slug"]), set())
    ]
    # A marker may be saved only if the client was told so, or never heard back
    # (its connection was cut: kill -9). Anything else was swallowed or misreported.
    may_be_saved = {
        o["marker"] for o in outcomes if o["outcome"] in (edits.SAVED, edits.LOST)
    }
    unreported = sorted(set(saved_in_history) - may_be_saved)
    return [
        check(
            "every acknowledged edit is a revision",
            not lost,
            f"{len(acknowledged)} acknowledged" if not lost else f"missing: {lost[:5]}",
        ),
        check(
            "no lost update: every acknowledged edit is in the current text",
            not overwritten,
            "all present" if not overwritten else f"overwritten: {overwritten[:5]}",
        ),
        check(
            "nothing saved that the user was told was not (conflict, refusal, 503)",
            not unreported,
            "none"
            if not unreported
            else f"saved but reported otherwise: {unreported[:5]}",
        ),
    ]


def _integrity() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            result = [row[0] for row in cursor.fetchall()]
            cursor.execute("PRAGMA foreign_key_check")
            orphans = cursor.fetchall()
            ok = result == ["ok"] and not orphans
            detail = (
                f"integrity_check: {', '.join(result[:3])}; "
                f"foreign_key_check: {len(orphans)} rows"
            )
            return check(
                "SQLite PRAGMA integrity_check and foreign_key_check", ok, detail
            )
        # amcheck verifies each B-tree index against its table's invariants; the
        # foreign keys are enforced by PostgreSQL itself at every commit.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute(
            "SELECT c.relname FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE a.amname = 'btree' AND n.nspname = 'public'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
        for name in indexes:
            cursor.execute("SELECT bt_index_check(%s::regclass, true)", [name])
        return check(
            "PostgreSQL amcheck: every B-tree index matches its table",
            True,
            f"{len(indexes)} indexes checked (bt_index_check with heapallindexed)",
        )


def main() -> None:
    task, argument = sys.argv[1], sys.argv[2]
    if task == "setup":
        result = setup(int(argument))
    elif task == "verify":
        result = verify(json.loads(Path(argument).read_text()))
    elif task == "state":
        result = state(argument, sys.argv[3])
    else:
        raise SystemExit(f"unknown task {task!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
