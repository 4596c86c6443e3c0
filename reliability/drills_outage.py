"""The fault drills with one save at a time (reliability/faults.py runs them): the
write lock held past DB_LOCK_TIMEOUT, and the database, the disk under it and the
uploads' directory read-only.

Each fault gets the same round: a fan opens the edit form, the fault starts, the
fan saves (a 503 with Retry-After and the user's text is expected), pages are
viewed, the fault ends, the object must be as it was, and the form the 503 page
gave back, sent again, must save.
"""

from __future__ import annotations

import io
import random
import shutil
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import edits
import psycopg
import requests
from fan import Fan
from harness import (
    WORK,
    Server,
    Wiki,
    check,
    drill_wiki,
    no_5xx_but_503,
    postgres_url,
)
from PIL import Image
from psycopg import sql

LOCK_TIMEOUT = 2  # seconds: DB_LOCK_TIMEOUT for the lock drill's server


def lock_held(backend: str, seconds: float) -> tuple[str, list[dict]]:
    """Another connection holds the write lock for longer than the server waits."""
    wiki, plan = drill_wiki(backend, "faults_lock", 1)
    label = f"faults-lock-{backend}"
    obj = plan["hot"][0]
    with Server(wiki, label, DB_LOCK_TIMEOUT=str(LOCK_TIMEOUT)) as server:
        fan = Fan(server.url, plan["fans"][0], plan["password"])
        round_ = _round(wiki, fan, plan, _write_lock(wiki, obj), f"{backend}-lock")
        statuses = server.statuses()
    print(f"  held {_LOCKS[backend]} past DB_LOCK_TIMEOUT={LOCK_TIMEOUT} s")
    print(f"  {round_.figures()}")
    checks = [
        *round_.checks(views_ok={200}),
        # Not at once (the lock is waited for) and not gunicorn's 30 s timeout.
        check(
            f"the save waited DB_LOCK_TIMEOUT ({LOCK_TIMEOUT} s) for the lock",
            LOCK_TIMEOUT * 0.9 <= round_.waited < LOCK_TIMEOUT + 5,
            f"answered after {round_.waited:.1f} s",
        ),
        no_5xx_but_503(statuses),
    ]
    return round_.figures(), checks


def read_only(backend: str, seconds: float) -> tuple[str, list[dict]]:
    """The database read-only, then (SQLite) its disk, then the uploads' disk."""
    wiki, plan = drill_wiki(backend, "faults_readonly", 1)
    if backend == "sqlite":
        wiki = _own_directory(wiki)
    media = WORK / f"faults-media-{backend}"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir()
    obj = plan["hot"][0]
    # One connection per request, so that a database made read-only is read-only
    # for the very next request (PostgreSQL applies the setting to new sessions,
    # and a SQLite file opened for writing before the mount would stay writable).
    with Server(
        wiki,
        f"faults-readonly-{backend}",
        private_mounts=True,
        DB_CONN_MAX_AGE="0",
        DJANGO_MEDIA_ROOT=str(media),
    ) as server:
        fan = Fan(server.url, plan["fans"][0], plan["password"])
        fault = _database_read_only(wiki, server)
        database = _round(wiki, fan, plan, fault, f"{backend}-readonly")
        print(f"  database read-only: {database.figures()}")
        checks = database.checks(views_ok={200})
        if backend == "sqlite":
            # The whole disk: SQLite cannot create its -wal/-shm files there either,
            # so reads may fail too (a 503 then), but never as a 500.
            disk = _round(
                wiki, fan, plan, _mounted(server, wiki.path.parent), "sqlite-disk"
            )
            print(f"  its directory read-only (the disk): {disk.figures()}")
            checks += disk.checks(views_ok={200, 503}, what="the disk read-only")
        checks.append(no_5xx_but_503(server.statuses()))
        uploads, upload_figures = _upload_rounds(server, fan, obj, media)
    figures = f"database: {database.figures(short=True)}"
    if backend == "sqlite":
        figures += f"; its disk: {disk.figures(short=True)}"
    return f"{figures}; uploads {upload_figures}", checks + uploads


@dataclass
class _Round:
    """What one save through a fault got, and the object before, during, after."""

    marker: str
    record: dict  # Fan.save's
    waited: float  # seconds until the save was answered
    views: Counter  # statuses of the page views during the fault
    before: dict  # wiki_tasks state
    during: dict
    resent: requests.Response  # the 503 page's form, sent again after the fault
    after: dict

    def figures(self, short: bool = False) -> str:
        r, views = self.record, "/".join(map(str, sorted(self.views)))
        if short:
            return (
                f"save {r['status']}, views {views}, resent {self.resent.status_code}"
            )
        return (
            f"save got {r['status']} after {self.waited:.1f} s"
            f" (Retry-After {r.get('retry_after')}), views {views},"
            f" resent form got {self.resent.status_code}"
        )

    def checks(self, *, views_ok: set[int], what: str = "") -> list[dict]:
        r, before, during, after = self.record, self.before, self.during, self.after
        suffix = f" ({what})" if what else ""
        return [
            check(
                "the save got a 503 with Retry-After and the user's text" + suffix,
                r["status"] == 503 and r.get("retry_after") and r.get("text_kept"),
                f"{r['status']} after {self.waited:.1f} s, Retry-After"
                f" {r.get('retry_after')}, text kept: {r.get('text_kept')}",
            ),
            check(
                f"page views during the fault got {sorted(views_ok)}" + suffix,
                set(self.views) <= views_ok,
                str(dict(self.views)),
            ),
            check(
                "nothing was written: the object is as it was" + suffix,
                (during["version"], during["revisions"])
                == (before["version"], before["revisions"])
                and self.marker not in during["markers"],
                f"version {before['version']} -> {during['version']},"
                f" revisions {before['revisions']} -> {during['revisions']}",
            ),
            check(
                "the form on the 503 page, sent again after the fault, saves" + suffix,
                self.resent.status_code == 302
                and after["version"] == before["version"] + 1
                and self.marker in after["markers"],
                f"{self.resent.status_code}, version {after['version']}",
            ),
        ]


def _round(wiki: Wiki, fan: Fan, plan: dict, fault, marker: str) -> _Round:
    kind, slug = plan["hot"][0]
    path = edits.KINDS[kind][0].format(slug=slug)
    fields = fan.open_form(kind, slug)  # before the fault, as a user would have
    before = wiki.task("state", kind, slug)
    views: Counter = Counter()
    with fault:
        started = time.monotonic()
        record = fan.save(kind, slug, fields, marker)
        waited = time.monotonic() - started
        answer = fan.last_answer
        # Reading goes on: the object as its editor and another page as a visitor.
        other = f"{fan.base_url}/wiki/{plan['pages'][-1]}/"
        page = f"{fan.base_url}{path.removesuffix('edit/')}"
        views[fan.session.get(page, timeout=60).status_code] += 1
        views[requests.get(other, timeout=60).status_code] += 1
    during = wiki.task("state", kind, slug)
    resent = fan.post(
        path, edits.form_fields(answer.text, path) if answer is not None else []
    )
    after = wiki.task("state", kind, slug)
    return _Round(marker, record, waited, views, before, during, resent, after)


_LOCKS = {
    "sqlite": "BEGIN IMMEDIATE on the file (SQLite's one write lock)",
    "postgres": "SELECT … FOR UPDATE on the edited row",
}


@contextmanager
def _write_lock(wiki: Wiki, obj: list):
    state = wiki.task("state", *obj)
    if wiki.backend == "sqlite":
        holder = sqlite3.connect(wiki.path, isolation_level=None, timeout=30)
        holder.execute("BEGIN IMMEDIATE")
    else:
        # A row lock blocks the save's select_for_update but no read.
        holder = psycopg.connect(wiki.url)
        holder.execute(
            sql.SQL("SELECT 1 FROM {} WHERE {} = %s FOR UPDATE").format(
                sql.Identifier(state["table"]), sql.Identifier(state["pk_column"])
            ),
            [state["pk"]],
        )
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


@contextmanager
def _database_read_only(wiki: Wiki, server: Server):
    if wiki.backend == "sqlite":
        with _mounted(server, wiki.path):
            yield
        return
    name = sql.Identifier(wiki.url.rpartition("/")[2])
    statements = (
        sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on"),
        sql.SQL("ALTER DATABASE {} RESET default_transaction_read_only"),
    )
    with psycopg.connect(postgres_url(), autocommit=True) as admin:
        admin.execute(statements[0].format(name))
        try:
            yield
        finally:
            admin.execute(statements[1].format(name))


@contextmanager
def _mounted(server: Server, path):
    server.read_only(path)
    try:
        yield
    finally:
        server.writable(path)


def _upload_rounds(
    server: Server, fan: Fan, obj: list, media
) -> tuple[list[dict], str]:
    """Image uploads while MEDIA_ROOT is read-only, then full, then writable."""
    kind, slug = obj
    # Noise does not compress: a PNG of about 200 KB, more than the full disk holds.
    image = Image.frombytes("RGB", (256, 256), random.Random(5).randbytes(3 * 256**2))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    def upload() -> requests.Response:
        return fan.session.post(
            f"{server.url}/markdownx/upload/?kind={kind}&slug={slug}",
            files={"image": ("drill.png", buffer.getvalue(), "image/png")},
            headers={
                "X-CSRFToken": fan.session.cookies.get("csrftoken", ""),
                "Referer": f"{server.url}/",
            },
            timeout=60,
        )

    faults = {
        "read-only": lambda: server.read_only(media),
        # A 64 KB tmpfs: the write starts, then fails (ENOSPC) half-way.
        "full": lambda: server.in_namespace(
            "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)
        ),
    }
    checks, figures = [], []
    for name, start in faults.items():
        start()
        try:
            refused = upload()
            # As the server sees the directory: a tmpfs hides it from the drill.
            left = server.in_namespace("find", str(media), "-type", "f").split()
        finally:
            server.writable(media)
        kind_of = refused.headers.get("Content-Type", "").split(";")[0]
        figures.append(f"{name}: {refused.status_code} {kind_of.split('/')[-1]}")
        bug = " (APP BUG: traceback in the gunicorn log)" * (refused.status_code == 500)
        checks += [
            check(
                f"an upload to a {name} MEDIA_ROOT gets a JSON error, not a 500",
                refused.status_code >= 400
                and refused.status_code != 500
                and kind_of == "application/json",
                f"{refused.status_code} {kind_of}, Retry-After"
                f" {refused.headers.get('Retry-After')}: {refused.text[:90]!r}{bug}",
            ),
            # An upload makes no database row (only a rate-limit count): the file
            # is all it could leave behind.
            check(
                f"the refused upload left no file, whole or partial ({name})",
                not left,
                f"{len(left)} files under MEDIA_ROOT",
            ),
        ]
    accepted = upload()
    stored = [path for path in media.rglob("*") if path.is_file()]
    figures.append(f"writable: {accepted.status_code}")
    print(f"  uploads' directory {'; '.join(figures)}")
    checks.append(
        check(
            "the same upload is stored once MEDIA_ROOT is writable",
            accepted.status_code == 200 and "image_code" in accepted.text and stored,
            f"{accepted.status_code}, {len(stored)} file stored",
        )
    )
    return checks, ", ".join(figures)


def _own_directory(wiki: Wiki) -> Wiki:
    """The SQLite wiki moved into a directory of its own, to make that read-only."""
    folder = WORK / f"{wiki.name}-disk"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / wiki.path.name
    for suffix in ("", "-wal", "-shm"):
        if wiki.path.with_name(wiki.path.name + suffix).exists():
            wiki.path.with_name(wiki.path.name + suffix).rename(f"{path}{suffix}")
    return Wiki(wiki.backend, wiki.name, f"sqlite:///{path}", path)
