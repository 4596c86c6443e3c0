"""The fault drills with fans editing in a loop (reliability/faults.py runs them):
workers killed with SIGKILL under the edits, and two servers on one database.

Each drill returns a summary line and its checks; the database side of the
checks is wiki_tasks.py verify, run on the outcomes the fans recorded.
"""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import edits
from fan import Fan
from harness import WORK, Server, check, drill_wiki, no_5xx_but_503, server_errors

FANS = 8
WORKERS = 3
# An established account may save 90 times a minute; a fan saving faster would
# mostly measure the rate limit (refusals) instead of concurrent saves.
EDIT_INTERVAL = 0.7


def kill_workers(backend: str, seconds: float) -> tuple[str, list[dict]]:
    """SIGKILL a gunicorn worker (a busy one when it can) every 1-2 s while fans
    edit the hot objects; then the database checks."""
    wiki, plan = drill_wiki(backend, "faults_kill", FANS)
    label = f"faults-kill-{backend}"
    with Server(wiki, label, workers=WORKERS) as server:
        fans = _fans([server.url], plan)
        killer = _Killer(server)
        killer.start()
        try:
            records = _edit_loop(fans, plan, seconds)
        finally:
            killer.stop()
        # The master forks a new worker for each one killed; the wiki still saves.
        for _ in range(100):
            if len(server.worker_pids()) == WORKERS:
                break
            time.sleep(0.1)
        alive = len(server.worker_pids())
        # By a fan of the drill, so that its marker is new and verified too.
        after = fans[0].edit(*plan["hot"][0])
        records.append({**after, "server": 0})
        statuses = server.statuses()
    outcomes = Counter(record["outcome"] for record in records)
    verified = _verify(wiki, label, records)
    # A kill during the form's GET is "not_opened": nothing was posted then.
    cut = outcomes[edits.LOST] + outcomes["not_opened"]
    print(
        f"  {len(killer.kills)} workers killed ({killer.busy} while serving) in"
        f" {seconds:.0f} s; {len(records)} edits: {_counts(outcomes)};"
        f" responses {dict(sorted(statuses.items()))}"
    )
    checks = [
        check(
            "workers were killed while edits were in flight",
            len(killer.kills) >= seconds / 3 and cut > 0,
            f"{len(killer.kills)} kills cut {outcomes[edits.LOST]} saves and"
            f" {outcomes['not_opened']} form loads mid-request",
        ),
        check(
            "gunicorn respawned the workers; the wiki saves after the drill",
            alive == WORKERS and after["outcome"] == edits.SAVED,
            f"{alive} workers, a new edit got {after['status']}",
        ),
        *_answers(statuses, records),
        *verified["checks"],
    ]
    figures = (
        f"{len(killer.kills)} kills, {outcomes[edits.SAVED]} saved, "
        f"{outcomes[edits.CONFLICT]} conflicts, {verified['lost']} saves cut"
        f" ({verified['lost_saved']} of them committed), "
        f"{server_errors(statuses)} 5xx"
    )
    return figures, checks


class _Killer(threading.Thread):
    """Every 1-2 s, SIGKILL a worker that is serving a request, a save if it can.

    A killed sync worker drops its client's connection (the fan records the edit
    as LOST: it may or may not be saved) and rolls back nothing itself: SQLite and
    PostgreSQL do, as for any client that dies mid-transaction. An idle victim
    would test only the respawn, so the killer waits until a fan is posting a
    save and kills a worker that holds a client connection: a sync worker holds
    one only while it serves that request.
    """

    def __init__(self, server: Server):
        super().__init__()
        self.server = server
        self.rng = random.Random(9)
        self.done = threading.Event()
        self.kills: list[float] = []
        self.busy = 0  # kills of a worker serving a request

    def run(self) -> None:
        while not self.done.wait(self.rng.uniform(1.0, 2.0)):
            serving: list[int] = []
            deadline = time.monotonic() + 0.5
            while not serving and time.monotonic() < deadline:
                time.sleep(0.002)
                if _SavingFan.saving:
                    serving = _serving(self.server)
            victims = serving or self.server.worker_pids()
            try:
                os.kill(self.rng.choice(victims), signal.SIGKILL)
            except (ProcessLookupError, IndexError):
                continue  # already gone, or none: nothing was killed
            self.kills.append(time.monotonic())
            self.busy += bool(serving)

    def stop(self) -> None:
        self.done.set()
        self.join()


class _SavingFan(Fan):
    """A fan that counts the saves being posted, for the killer to aim at."""

    saving = 0
    _lock = threading.Lock()

    def post(self, path, fields):
        with self._lock:
            _SavingFan.saving += 1
        try:
            return super().post(path, fields)
        finally:
            with self._lock:
                _SavingFan.saving -= 1


def _serving(server: Server) -> list[int]:
    """The workers holding an open client connection: each is serving a request."""
    port = f":{server.port:04X}"
    sockets = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(port) and fields[3] == "01":  # ESTABLISHED
            sockets.add(f"socket:[{fields[9]}]")
    serving = []
    for pid in server.worker_pids():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if any(_readlink(f"/proc/{pid}/fd/{fd}") in sockets for fd in fds):
                serving.append(pid)
        except OSError:
            continue  # it exited meanwhile
    return serving


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


def two_servers(backend: str, seconds: float) -> tuple[str, list[dict]]:
    """Two gunicorn servers on one database; fans on both edit the same objects."""
    wiki, plan = drill_wiki(backend, "faults_two", FANS)
    label = f"faults-two-{backend}"
    with Server(wiki, f"{label}-a") as first, Server(wiki, f"{label}-b") as second:
        urls = [first.url, second.url]
        records = _edit_loop(_fans(urls, plan), plan, seconds)
        statuses = first.statuses() + second.statuses()
    outcomes = Counter(record["outcome"] for record in records)
    # Both servers must have saved edits of one object, or the drill proved nothing.
    saved_by: dict[tuple, set] = {}
    for record in records:
        if record["outcome"] == edits.SAVED:
            key = (record["kind"], record["slug"])
            saved_by.setdefault(key, set()).add(record["server"])
    shared = sorted(slug for (_, slug), servers in saved_by.items() if len(servers) > 1)
    per_server = Counter(r["server"] for r in records if r["outcome"] == edits.SAVED)
    print(
        f"  {len(records)} edits in {seconds:.0f} s: {_counts(outcomes)};"
        f" saved by server A/B: {per_server[0]}/{per_server[1]};"
        f" responses {dict(sorted(statuses.items()))}"
    )
    checks = [
        check(
            "both servers saved edits of the same objects",
            len(shared) >= 2,
            f"{len(shared)} of {len(plan['hot'])} objects: {', '.join(shared)}",
        ),
        *_answers(statuses, records),
        *_verify(wiki, label, records)["checks"],
    ]
    figures = (
        f"{outcomes[edits.SAVED]} saved (A {per_server[0]}, B {per_server[1]}), "
        f"{outcomes[edits.CONFLICT]} conflicts, {server_errors(statuses)} 5xx"
    )
    return figures, checks


def _fans(urls: list[str], plan: dict) -> list[Fan]:
    # Fan n logs in on server n mod len(urls), before any fault starts.
    return [
        _SavingFan(urls[n % len(urls)], plan["fans"][n], plan["password"], seed=n)
        for n in range(FANS)
    ]


def _edit_loop(fans: list[Fan], plan: dict, seconds: float) -> list[dict]:
    """Every fan edits a random hot object, over and over, for `seconds`."""
    records: list[dict] = []
    end = time.monotonic() + seconds
    servers = list(dict.fromkeys(fan.base_url for fan in fans))  # A, B in order

    def run(fan: Fan) -> None:
        while time.monotonic() < end:
            started = time.monotonic()
            record = fan.edit(*fan.rng.choice(plan["hot"]))
            record["server"] = servers.index(fan.base_url)
            records.append(record)  # list.append is atomic under the GIL
            time.sleep(max(0.0, EDIT_INTERVAL - (time.monotonic() - started)))

    threads = [threading.Thread(target=run, args=(fan,)) for fan in fans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return records


def _answers(statuses: Counter, records: list[dict]) -> list[dict]:
    # gunicorn never answers for a worker that died: its client's connection just
    # drops (LOST). So any 5xx is the app's, and only a 503 keeping the text is OK.
    unkept = [
        r["marker"]
        for r in records
        if r["status"] == 503 and not (r["text_kept"] and r["retry_after"])
    ]
    # A form shown again with an error, or a 5xx the fans saw, is a bug.
    wrong = [
        r for r in records if r["outcome"] in (edits.FORM_ERROR, edits.SERVER_ERROR)
    ]
    return [
        no_5xx_but_503(statuses),
        check(
            "every 503 kept the user's text and said when to retry",
            not unkept,
            f"{statuses[503]} answered 503" if not unkept else f"not: {unkept[:5]}",
        ),
        check(
            "every edit was saved, a conflict, refused, a 503, or cut off",
            not wrong,
            "yes"
            if not wrong
            else f"{[(r['marker'], r['status']) for r in wrong[:5]]}",
        ),
    ]


def _verify(wiki, label: str, records: list[dict]) -> dict:
    path = WORK / f"{label}-outcomes.json"
    path.write_text(json.dumps(records))
    return wiki.task("verify", str(path))


def _counts(outcomes: Counter) -> str:
    return ", ".join(f"{count} {name}" for name, count in outcomes.most_common())
