"""`make soak`: 50 fans read and edit a few hot objects of a fresh wiki under
gunicorn for a few minutes, on SQLite and then PostgreSQL; then the checks.

    python reliability/soak.py [--seconds 180] [--fans 50] [--workers 2]
                               [--backends sqlite postgres]

A fan spends 90% of its requests reading (the hot objects, other pages, history,
diffs, recent changes, search, lists) and 10% editing one of five hot objects
(three pages, a character, an event) through the real forms. The run passes when
no response was a 5xx (gunicorn's access log and the fans agree), every edit got
a save or a reported conflict (or refusal), and the database checks of
reliability/wiki_tasks.py pass. Exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

import edits
import harness


def main() -> None:
    options = _options()
    results = [soak(backend, options) for backend in options.backends]
    print()
    for backend, ok in zip(options.backends, results, strict=True):
        print(f"soak on {backend}: {'PASSED' if ok else 'FAILED'}")
    sys.exit(0 if all(results) else 1)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--fans", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["sqlite", "postgres"],
        choices=["sqlite", "postgres"],
    )
    return parser.parse_args()


def soak(backend: str, options: argparse.Namespace) -> bool:
    print(
        f"\n=== soak on {backend}: {options.fans} fans, {options.seconds} s ===",
        flush=True,
    )
    wiki = harness.fresh_wiki(backend, "soak")
    plan = wiki.task("setup", str(options.fans))
    harness.collect_static(wiki)
    plan_path = harness.WORK / f"soak-{backend}-plan.json"
    plan_path.write_text(json.dumps(plan))
    record_path = harness.WORK / f"soak-{backend}-record.json"
    record_path.unlink(missing_ok=True)
    started = time.monotonic()
    with harness.Server(wiki, f"soak-{backend}", workers=options.workers) as server:
        stats = _locust(server.url, plan_path, record_path, options)
        statuses = server.statuses()
    took = time.monotonic() - started
    record = json.loads(record_path.read_text())
    outcomes = record["outcomes"]
    outcomes_path = harness.WORK / f"soak-{backend}-outcomes.json"
    outcomes_path.write_text(json.dumps(outcomes))
    verified = wiki.task("verify", str(outcomes_path))

    counts = Counter(outcome["outcome"] for outcome in outcomes)
    print(
        f"{stats['requests']:,} requests in {took:.0f} s "
        f"({stats['rps']:.1f}/s, p50 {stats['p50']:.0f} ms, "
        f"p99 {stats['p99']:.0f} ms); "
        f"{sum(counts.values()):,} edits posted on {len(plan['hot'])} hot objects"
    )
    print("statuses sent by gunicorn:", _statuses_line(statuses))
    merged = sum(1 for outcome in outcomes if outcome.get("merged"))
    print(
        "edits:",
        ", ".join(f"{name} {n}" for name, n in counts.most_common()),
        f"(of the saved, {merged} merged with a concurrent edit)",
    )
    checks = [
        harness.check(
            "no 5xx response (gunicorn's access log)",
            harness.server_errors(statuses) == 0,
            f"{harness.server_errors(statuses)} of {sum(statuses.values()):,}",
        ),
        harness.check(
            "no 5xx response seen by the fans",
            harness.server_errors(
                Counter({int(status): n for status, n in record["statuses"].items()})
            )
            == 0,
            _statuses_line(record["statuses"]),
        ),
        harness.check(
            "every edit got an answer the fan could act on: saved, or a conflict "
            "or refusal shown with their text",
            not counts.keys() - {edits.SAVED, edits.CONFLICT, edits.REFUSED},
            f"{counts[edits.SAVED]} saved, "
            f"{counts[edits.CONFLICT]} conflicts reported, "
            f"{counts[edits.REFUSED]} refused",
        ),
        harness.check(
            "concurrent edits of the hot objects met, and the conflicts were reported",
            counts[edits.CONFLICT] > 0,
            f"{counts[edits.CONFLICT]} edit-conflict forms shown",
        ),
        *verified["checks"],
    ]
    harness.print_checks({"checks": checks})
    return all(item["ok"] for item in checks)


def _locust(host: str, plan_path, record_path, options) -> dict:
    env = {
        **os.environ,
        "SOAK_PLAN": str(plan_path),
        "SOAK_RECORD": str(record_path),
    }
    total = harness.locust_stats(
        "reliability/soak_locustfile.py",
        host,
        users=options.fans,
        # Two fans a second arrive: logging in (PBKDF2) is the costly request.
        spawn_rate=2,
        seconds=options.seconds,
        env=env,
        # At the end each fan finishes what it is doing (an edit's answer).
        options=("--stop-timeout", "30"),
    )["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p99": float(total["99%"]),
    }


def _statuses_line(statuses) -> str:
    return ", ".join(f"{status}: {n:,}" for status, n in sorted(statuses.items()))


if __name__ == "__main__":
    main()
