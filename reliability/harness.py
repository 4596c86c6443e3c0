"""What `make soak` and `make faults` share: a fresh wiki on SQLite or PostgreSQL,
gunicorn serving it as production does, and the Django-side tasks.

Everything is kept under .reliability/ (git-ignored): the SQLite files, gunicorn's
logs and the clients' records, so that a failed run can be read afterwards. On
PostgreSQL each run recreates a database named after the drill on the server
that RELIABILITY_POSTGRES_URL (or DATABASE_URL, or the local default) names.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".reliability"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"
_ACCESS = re.compile(r"^(\d{3}) ")


def postgres_url() -> str:
    configured = os.environ.get("RELIABILITY_POSTGRES_URL") or os.environ.get(
        "DATABASE_URL", ""
    )
    return configured if configured.startswith("postgres") else DEFAULT_POSTGRES


@dataclass
class Wiki:
    backend: str  # "sqlite" or "postgres"
    name: str
    url: str
    path: Path | None = None  # the SQLite file
    env_extra: dict = field(default_factory=dict)

    def env(self, **extra: str) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(WORK / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            **self.env_extra,
            **extra,
        }

    def manage(self, *args: str, **extra: str) -> str:
        return run([PYTHON, "manage.py", *args], self.env(**extra))

    def task(self, *args: str) -> dict:
        return json.loads(run([PYTHON, "reliability/wiki_tasks.py", *args], self.env()))


def fresh_wiki(backend: str, name: str) -> Wiki:
    """A new wiki holding the shipped content, migrated and seeded."""
    WORK.mkdir(exist_ok=True)
    if backend == "sqlite":
        path = WORK / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        wiki = Wiki(backend, name, f"sqlite:///{path}", path)
    else:
        admin = postgres_url()
        base, _, database = admin.rpartition("/")
        database = f"{database.split('?')[0]}_{name}"
        postgres_recreate(admin, database)
        wiki = Wiki(backend, name, f"{base}/{database}")
    wiki.manage("migrate", "--noinput", "-v0")
    wiki.manage("seed", "-v0")
    return wiki


def drill_wiki(backend: str, name: str, fans: int) -> tuple[Wiki, dict]:
    """A fresh wiki ready to serve (static files collected) and its plan."""
    wiki = fresh_wiki(backend, name)
    collect_static(wiki)
    return wiki, wiki.task("setup", str(fans))


def postgres_recreate(admin_url: str, name: str) -> None:
    """An empty database `name` on the server of admin_url (dropped if there)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier)
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def collect_static(wiki: Wiki) -> None:
    if not (WORK / "static" / "staticfiles.json").exists():
        wiki.manage("collectstatic", "--noinput", "-v0")


def _no_control_socket() -> list[str]:
    # Several servers run at once (two on one database, or a drill beside a
    # soak), and gunicorn 24+ would have them all claim one control socket path.
    from gunicorn.config import KNOWN_SETTINGS

    known = any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS)
    return ["--no-control-socket"] if known else []


_NO_CONTROL_SOCKET = _no_control_socket()


class Server:
    """gunicorn serving the wiki; its access log says what every request got."""

    def __init__(
        self,
        wiki: Wiki,
        label: str,
        *,
        workers: int = 2,
        private_mounts: bool = False,
        **env: str,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = WORK / f"{label}-access.log"
        self.error_log = WORK / f"{label}-gunicorn.log"
        self.access_log.unlink(missing_ok=True)
        self.error_log.unlink(missing_ok=True)
        # A mount namespace of its own (unshare execs gunicorn: the same pid), so
        # that read_only() can take a directory away from this server alone, as a
        # failed disk would, while the drill and root outside still see it writable.
        prefix = ["unshare", "--mount", "--propagation", "private"]
        # Django logs to stderr: its tracebacks (a 500) join gunicorn's log.
        with self.error_log.open("ab") as stderr:
            self.process = subprocess.Popen(
                [
                    *(prefix if private_mounts else []),
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    str(self.access_log),
                    "--access-logformat",
                    '%(s)s %(m)s "%(U)s" %(M)sms',
                    "--error-logfile",
                    str(self.error_log),
                    *_NO_CONTROL_SOCKET,
                ],
                env=wiki.env(**env),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.error_log}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def read_only(self, path: Path) -> None:
        """Make a file or directory read-only for this server (private_mounts):
        a read-only bind mount, which root cannot write through either."""
        self.in_namespace("mount", "--bind", "-o", "ro", str(path), str(path))

    def writable(self, path: Path) -> None:
        """Undo read_only() (or any mount on path made with in_namespace)."""
        # Lazily: a worker may still hold a file there open (SQLite keeps the
        # descriptors of a connection that failed to open until its locks go).
        self.in_namespace("umount", "--lazy", str(path))

    def in_namespace(self, *command: str) -> str:
        """Run a command in this server's mount namespace; its output."""
        pid = str(self.process.pid)
        done = subprocess.run(
            ["nsenter", "--target", pid, "--mount", *command],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            # Most likely not root: mounts need CAP_SYS_ADMIN.
            raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")
        return done.stdout

    def statuses(self) -> Counter:
        """How many responses of each status the server sent."""
        counts: Counter = Counter()
        if self.access_log.exists():
            for line in self.access_log.read_text().splitlines():
                found = _ACCESS.match(line)
                if found:
                    counts[int(found.group(1))] += 1
        return counts

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def server_errors(statuses: Counter) -> int:
    return sum(count for status, count in statuses.items() if status >= 500)


def no_5xx_but_503(statuses: Counter) -> dict:
    """A check: the server answered no 5xx but 503s, which the app sends (with
    the user's text) for a database or disk it cannot write to now."""
    others = {status: n for status, n in statuses.items() if status >= 500}
    others.pop(503, None)
    return check(
        "no 5xx in the access log but 503s",
        not others,
        f"{dict(sorted(statuses.items()))}" + (" UNEXPECTED 5xx" if others else ""),
    )


def locust_stats(
    locustfile: str,
    host: str,
    *,
    users: int,
    spawn_rate: float,
    seconds: int,
    env: dict,
    options: tuple[str, ...] = (),
) -> dict[str, dict]:
    """Run locust headless against host; its stats rows, by request name (and
    "Aggregated"), as locust's CSV gives them."""
    folder = Path(tempfile.mkdtemp(prefix="locust-"))
    run(
        [
            str(BIN / "locust"),
            "-f",
            locustfile,
            "--headless",
            "--host",
            host,
            "-u",
            str(users),
            "-r",
            str(spawn_rate),
            "-t",
            f"{seconds}s",
            "--csv",
            str(folder / "run"),
            "--only-summary",
            "--loglevel",
            "ERROR",
            # Failures are counted and judged by the caller, not a reason to stop.
            "--exit-code-on-error",
            "0",
            *options,
        ],
        env,
    )
    with open(folder / "run_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    shutil.rmtree(folder)
    return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], env: dict) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(command[:3])}… failed ({done.returncode})")
    return done.stdout


def check(name: str, ok: bool, detail: str) -> dict:
    """One check as wiki_tasks reports them, for print_checks."""
    return {"name": name, "ok": bool(ok), "detail": detail}


def print_checks(result: dict) -> None:
    for item in result["checks"]:
        mark = "ok  " if item["ok"] else "FAIL"
        print(f"  [{mark}] {item['name']}: {item['detail']}")
