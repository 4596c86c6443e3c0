"""The load of `make soak`: fans who mostly read and sometimes edit, on a few hot
objects, through the real forms (reliability/edits.py).

reliability/soak.py starts locust headless with SOAK_PLAN (the wiki's plan from
wiki_tasks.py setup) and SOAK_RECORD (where to write, at the end, every edit's
outcome and the count of each status the fans saw).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter
from itertools import count
from pathlib import Path
from urllib.parse import quote, urlencode

import gevent
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import edits  # noqa: E402

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text())
RECORD = Path(os.environ["SOAK_RECORD"])
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_numbers = count()
_outcomes: list[dict] = []
_statuses: Counter = Counter()
_DETAIL = {
    "page": "/wiki/{}/",
    "character": "/characters/{}/",
    "event": "/timeline/{}/",
}


class Fan(FastHttpUser):
    # A fan reads for a moment between clicks; 50 of them make ~50 requests a second.
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.rng = random.Random(self.number)
        self.edits = 0
        self.username = PLAN["fans"][self.number % len(PLAN["fans"])]
        login = self._get("/accounts/login/", "log in")
        self._post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": _CSRF.search(login.text).group(1),
                "username": self.username,
                "password": PLAN["password"],
            },
            "log in",
        )

    # --- 90% reads --------------------------------------------------------------

    @task(45)
    def read_hot(self) -> None:
        kind, slug = self.rng.choice(PLAN["hot"])
        self._get(_DETAIL[kind].format(slug), f"{kind} (hot)")

    @task(15)
    def read_page(self) -> None:
        self._get(f"/wiki/{self.rng.choice(PLAN['pages'])}/", "page")

    @task(5)
    def read_character(self) -> None:
        self._get(f"/characters/{self.rng.choice(PLAN['characters'])}/", "character")

    @task(8)
    def history(self) -> None:
        slug = self.rng.choice(PLAN["hot"][:3])[1]
        self._get(f"/wiki/{slug}/history/", "history (hot)")

    @task(5)
    def diff(self) -> None:
        slug = self.rng.choice(PLAN["hot"][:3])[1]
        self._get(f"/wiki/{slug}/diff/", "diff (hot)")

    @task(5)
    def recent_changes(self) -> None:
        self._get("/recent/", "recent changes")

    @task(4)
    def search(self) -> None:
        word = self.rng.choice(["zombie", "Hyosan", "season", "Nam-ra", "school"])
        self._get(f"/search/?q={quote(word)}&fulltext=1", "search")

    @task(3)
    def lists(self) -> None:
        self._get(self.rng.choice(["/characters/", "/timeline/", "/wiki/"]), "lists")

    # --- 10% edits ------------------------------------------------------------

    @task(10)
    def edit(self) -> None:
        kind, slug = self.rng.choice(PLAN["hot"])
        path, text_field = edits.KINDS[kind]
        path = path.format(slug=slug)
        form = self._get(path, f"edit form ({kind})")
        if form.status_code != 200:
            return
        fields = edits.form_fields(form.text, path)
        # Writing takes a fan a few seconds, in which others save: conflicts and
        # merges happen as they do on a busy wiki.
        gevent.sleep(self.rng.uniform(1, 6))
        self.edits += 1
        marker = f"{self.number}-{self.edits}"
        # Recorded before it is sent: an edit still in flight when the run stops
        # has no answer, so it may or may not be saved (LOST), and is checked so.
        outcome = {"kind": kind, "slug": slug, "marker": marker, "status": 0}
        outcome["outcome"] = edits.LOST
        _outcomes.append(outcome)
        answer = self._post(
            path,
            edits.with_marker(fields, text_field, marker, self.rng),
            f"save ({kind})",
        )
        if answer.status_code:
            outcome["status"] = answer.status_code
            outcome["outcome"] = edits.outcome_of(answer.status_code, answer.text or "")
        if outcome["outcome"] == edits.SAVED:
            # The browser follows the redirect; the page says if it was merged.
            shown = self._get(answer.headers["Location"], f"{kind} after save")
            outcome["merged"] = "your changes were merged" in (shown.text or "")

    # --- requests ------------------------------------------------------------

    def _get(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as answer:
            return self._seen(answer, expected=(200,))

    def _post(self, path: str, fields, name: str):
        with self.client.post(
            path,
            data=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{self.host}{path}",
            },
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            # A conflict is the form again (200); a save, a redirect.
            return self._seen(answer, expected=(200, 302))

    def _seen(self, answer, expected: tuple[int, ...]):
        _statuses[answer.status_code] += 1
        if answer.status_code in expected:
            answer.success()
        else:
            answer.failure(f"answered {answer.status_code}")
        return answer


@events.test_stop.add_listener
def _write_record(**kwargs) -> None:
    RECORD.write_text(
        json.dumps({"outcomes": _outcomes, "statuses": dict(_statuses)}, indent=1)
    )
