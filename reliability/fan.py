"""A fan at a browser, for the fault drills: logs in, opens edit forms and saves
them over HTTP (requests), and records what each edit got (reliability/edits.py)."""

from __future__ import annotations

import random
import re

import edits
import requests

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Fan:
    def __init__(self, base_url: str, username: str, password: str, seed: int = 0):
        self.base_url = base_url
        self.username = username
        self.session = requests.Session()
        self.rng = random.Random(seed)
        self.count = 0
        self.last_answer: requests.Response | None = None
        self._log_in(password)

    def _log_in(self, password: str) -> None:
        url = f"{self.base_url}/accounts/login/"
        token = _CSRF.search(self.session.get(url, timeout=30).text).group(1)
        answer = self.session.post(
            url,
            data={
                "csrfmiddlewaretoken": token,
                "username": self.username,
                "password": password,
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(
                f"{self.username} could not log in: {answer.status_code}"
            )

    def open_form(self, kind: str, slug: str) -> list[tuple[str, str]]:
        path = edits.KINDS[kind][0].format(slug=slug)
        page = self.session.get(f"{self.base_url}{path}", timeout=60)
        page.raise_for_status()
        return edits.form_fields(page.text, path)

    def save(
        self, kind: str, slug: str, fields: list[tuple[str, str]], marker: str
    ) -> dict:
        """Post the form with `marker` inserted; what the server answered."""
        path, text_field = edits.KINDS[kind]
        path = path.format(slug=slug)
        record = {"kind": kind, "slug": slug, "marker": marker}
        try:
            answer = self.post(
                path, edits.with_marker(fields, text_field, marker, self.rng)
            )
        except requests.RequestException as error:
            return {**record, "outcome": edits.LOST, "status": 0, "error": str(error)}
        return {
            **record,
            "outcome": edits.outcome_of(answer.status_code, answer.text),
            "status": answer.status_code,
            "retry_after": answer.headers.get("Retry-After"),
            "text_kept": edits.marker_line(marker) in answer.text,
        }

    def post(self, path: str, fields: list[tuple[str, str]]) -> requests.Response:
        """Post a form as the browser would from its own page; the answer is kept
        in last_answer (a drill resends the form a 503 page gives back)."""
        self.last_answer = self.session.post(
            f"{self.base_url}{path}",
            data=fields,
            headers={"Referer": f"{self.base_url}{path}"},
            allow_redirects=False,
            timeout=60,
        )
        return self.last_answer

    def edit(self, kind: str, slug: str) -> dict:
        """Open the form and save it at once with a new marker."""
        self.count += 1
        marker = f"{self.username.rsplit('-', 1)[-1]}-{self.count}"
        try:
            fields = self.open_form(kind, slug)
        except requests.RequestException as error:
            return {
                "kind": kind,
                "slug": slug,
                "marker": marker,
                "outcome": "not_opened",
                "status": 0,
                "error": str(error),
            }
        return self.save(kind, slug, fields, marker)
