"""`make faults`: fault drills on a fresh wiki under gunicorn, SQLite then PostgreSQL.

    python reliability/faults.py [--backends sqlite postgres] [--seconds 20]
                                 [--drills kill lock two-servers read-only]

kill         SIGKILL a gunicorn worker (one serving a request when it can) every
             1-2 s while 8 fans edit the hot objects: no acknowledged edit lost,
             no half-written revision, no 5xx.
lock         another connection holds the write lock past DB_LOCK_TIMEOUT: the save
             gets a 503 with Retry-After and the user's text, nothing is written,
             and the form on the 503 page saves once the lock is gone.
two-servers  two gunicorn servers on one database, fans on both editing the same
             objects at once: no lost update.
read-only    the database read-only (PostgreSQL: default_transaction_read_only;
             SQLite: its file, then its directory, on a read-only bind mount in
             the server's own mount namespace), then the uploads' directory
             read-only and full (a 64 KB tmpfs): a 503 with the user's text or a
             JSON error, nothing half-written, and saving again works after.

Needs root (or CAP_SYS_ADMIN) for the read-only mounts. Prints each drill's figures
and checks, then a summary to paste into a report; exits non-zero if a check fails.
Logs and the fans' records stay in .reliability/ (faults-*).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

import drills_load
import drills_outage
from harness import print_checks

DRILLS = {
    "kill": ("kill -9 of workers during edits", drills_load.kill_workers),
    "lock": ("write lock held past the timeout", drills_outage.lock_held),
    "two-servers": ("two servers, one database", drills_load.two_servers),
    "read-only": ("read-only database, read-only/full disk", drills_outage.read_only),
}


def main() -> None:
    options = _options()
    started = time.monotonic()
    results = []
    for backend in options.backends:
        for key in options.drills:
            title, drill = DRILLS[key]
            print(f"\n=== {title} on {backend} ===", flush=True)
            began = time.monotonic()
            try:
                figures, checks = drill(backend, options.seconds)
            except (Exception, SystemExit) as error:
                # One broken drill must not hide the others' results.
                traceback.print_exc()
                figures, checks = f"drill crashed: {error!r}", []
            ok = bool(checks) and all(c["ok"] for c in checks)
            print_checks({"checks": checks})
            elapsed = time.monotonic() - began
            print(f"  {'PASS' if ok else 'FAIL'} in {elapsed:.0f} s", flush=True)
            results.append((backend, key, ok, figures, checks, elapsed))
    _summary(results, time.monotonic() - started)
    sys.exit(0 if all(result[2] for result in results) else 1)


def _summary(results: list, total: float) -> None:
    print("\n=== fault drills: summary ===")
    for backend, key, ok, figures, checks, elapsed in results:
        passed = f"{sum(c['ok'] for c in checks)}/{len(checks)}"
        print(
            f"{'PASS' if ok else 'FAIL'}  {backend:<8} {key:<11} {passed:>5} checks"
            f" {elapsed:3.0f} s  {figures}"
        )
        for failed in (c for c in checks if not c["ok"]):
            print(f"        FAILED: {failed['name']}: {failed['detail']}")
    passed = sum(result[2] for result in results)
    print(
        f"{passed}/{len(results)} drills passed in {total:.0f} s"
        f" ({', '.join(dict.fromkeys(r[0] for r in results))})"
    )


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["sqlite", "postgres"],
        choices=["sqlite", "postgres"],
    )
    parser.add_argument(
        "--drills", nargs="+", default=list(DRILLS), choices=list(DRILLS)
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=20,
        help="how long fans edit in the kill and two-servers drills",
    )
    return parser.parse_args()


if __name__ == "__main__":
    main()
