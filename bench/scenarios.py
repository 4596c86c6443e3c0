"""What `make bench` measures: one scenario per row of its table.

Each scenario is a kind of request that 8 clients send back to back for a while;
its throughput is divided by the trivial view's, measured in the same run, because
that ratio is what stays comparable from one machine to another.

Readers pick pages as readers of a wiki do: a few pages get most of the views
(Zipf's law, exponent 1). The pages are a sample of 500 whatever the size of the
wiki, so that runs at different sizes ask for the same thing and differ only by
the database. "no page cache" asks for the same pages of a server whose page
cache is off: what a visitor's page costs to render.

`target` is the ratio the issue asks for (None where it sets none). Shared by the
load generator (bench/locustfile.py), the query counter (bench/probe.py) and the
runner (bench/run.py), so that all three agree on what each scenario is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    target: float | None = None
    logged_in: bool = False
    # Served by a server whose page cache is off (DJANGO_PAGE_CACHE=false).
    page_cache: bool = True


TRIVIAL = Scenario("trivial", "trivial view (/healthz)", None)

SCENARIOS = (
    TRIVIAL,
    Scenario("page", "page view, anonymous", 0.6),
    Scenario("page_cold", "page view, anon., no page cache", None, page_cache=False),
    Scenario("page_logged_in", "page view, logged in", 0.4, logged_in=True),
    Scenario("page_304", "page view, conditional (304)", None),
    Scenario("history", "history", 0.4),
    Scenario("diff", "diff", 0.3),
    Scenario("recent", "recent changes", 0.4),
    Scenario("search", "search", 0.25),
    Scenario("characters", "character list, filtered", 0.4),
    Scenario("timeline", "timeline", 0.4),
    Scenario("edit", "saved edit (POST)", None, logged_in=True),
)

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}

READER_PREFIX = "bench-reader-"
EDITOR_PREFIX = "bench-editor-"
ACCOUNT_COUNT = 8
PASSWORD = "bench-password"
