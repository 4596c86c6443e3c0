"""The load `make bench` drives: one scenario at a time, 8 clients, no think time.

bench/run.py starts locust headless with BENCH_SCENARIO (a name from
bench/scenarios.py) and BENCH_PLAN (a JSON file from bench/probe.py: the slugs,
queries and accounts of the generated wiki). Every request of the scenario is
recorded under the scenario's name; set-up requests (logging in, fetching edit
forms, priming ETags) are recorded under "setup" and left out of the table.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import sys
from itertools import accumulate, count
from pathlib import Path
from urllib.parse import quote

from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import EDITOR_PREFIX, PASSWORD, READER_PREFIX  # noqa: E402

SCENARIO = os.environ.get("BENCH_SCENARIO", "trivial")
PLAN = (
    json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
    if "BENCH_PLAN" in os.environ
    else {}
)
SETUP = "setup"
CONDITIONAL_SLUGS = 32

_ZIPF = list(
    accumulate(1 / rank for rank in range(1, len(PLAN.get("page_slugs", [])) + 1))
)
_user_numbers = count()
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_BASE_VERSION = re.compile(r'name="base_version" value="(\d+)"')
_BODY = re.compile(r"<textarea[^>]*name=\"body\"[^>]*>\n?(.*?)</textarea>", re.S)


class WikiClient(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.number = next(_user_numbers)
        self.rng = random.Random(self.number)
        self.etags: dict[str, str] = {}
        self.edits: dict[str, dict] = {}
        if SCENARIO == "page_logged_in":
            self._log_in(f"{READER_PREFIX}{self.number % 8}")
        elif SCENARIO == "edit":
            self._log_in(f"{EDITOR_PREFIX}{self.number % 8}")
            self._load_edit_forms()
        elif SCENARIO == "page_304":
            self._prime_etags()

    @task
    def request(self) -> None:
        getattr(self, f"_{SCENARIO}")()

    # --- the scenarios ---------------------------------------------------------

    def _trivial(self) -> None:
        self._get("/healthz")

    def _page(self) -> None:
        self._get(f"/wiki/{self._slug()}/")

    _page_cold = _page

    _page_logged_in = _page

    def _page_304(self) -> None:
        slug = self.rng.choice(list(self.etags))
        self._get(
            f"/wiki/{slug}/", expect=304, headers={"If-None-Match": self.etags[slug]}
        )

    def _history(self) -> None:
        self._get(f"/wiki/{self._slug()}/history/")

    def _diff(self) -> None:
        self._get(f"/wiki/{self._slug()}/diff/")

    def _recent(self) -> None:
        self._get("/recent/")

    def _search(self) -> None:
        words = self.rng.choice(PLAN["search_queries"])
        self._get(f"/search/?q={quote(words)}&fulltext=1")

    def _characters(self) -> None:
        self._get(f"/characters/?{self.rng.choice(PLAN['character_queries'])}")

    def _timeline(self) -> None:
        self._get("/timeline/")

    def _edit(self) -> None:
        slug = self.rng.choice(list(self.edits))
        form = self.edits[slug]
        form["round"] += 1
        body = f"{form['body']}\nBenchmark edit {self.number}.{form['round']}.\n"
        data = {
            "csrfmiddlewaretoken": form["csrf"],
            "base_version": form["version"],
            "body": body,
            "summary": "benchmark edit",
        }
        with self.client.post(
            f"/wiki/{slug}/edit/",
            data=data,
            name=SCENARIO,
            allow_redirects=False,
            headers={"Referer": f"{self.host}/wiki/{slug}/edit/"},
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                form["version"] += 1
                form["body"] = body
                response.success()
            else:
                response.failure(f"edit answered {response.status_code}")

    # --- set-up -----------------------------------------------------------------

    def _slug(self) -> str:
        """A page as readers choose them: the n-th most read 1/n as often."""
        return self.rng.choices(PLAN["page_slugs"], cum_weights=_ZIPF)[0]

    def _get(
        self, path: str, *, expect: int = 200, headers: dict | None = None
    ) -> None:
        with self.client.get(
            path, name=SCENARIO, headers=headers or {}, catch_response=True
        ) as response:
            if response.status_code == expect:
                response.success()
            else:
                response.failure(f"{path} answered {response.status_code}")

    def _log_in(self, username: str) -> None:
        form = self.client.get("/accounts/login/", name=SETUP)
        token = _CSRF_INPUT.search(form.text).group(1)
        response = self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": PASSWORD,
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name=SETUP,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not log in ({response.status_code})")

    def _load_edit_forms(self) -> None:
        # Each editor has pages of its own, so that no two clients conflict.
        mine = PLAN["edit_slugs"][self.number % 8 :: 8]
        for slug in mine[:4]:
            page = self.client.get(f"/wiki/{slug}/edit/", name=SETUP).text
            self.edits[slug] = {
                "csrf": _CSRF_INPUT.search(page).group(1),
                "version": int(_BASE_VERSION.search(page).group(1)),
                "body": html.unescape(_BODY.search(page).group(1)).rstrip("\n"),
                "round": 0,
            }

    def _prime_etags(self) -> None:
        # The first visit sets the CSRF cookie, which is part of the ETag, so the
        # ETag of the second is the one a returning browser holds.
        for slug in self.rng.sample(PLAN["page_slugs"], CONDITIONAL_SLUGS):
            self.client.get(f"/wiki/{slug}/", name=SETUP)
            self.etags[slug] = self.client.get(f"/wiki/{slug}/", name=SETUP).headers[
                "ETag"
            ]
