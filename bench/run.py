"""`make bench`: generate a wiki, serve it with gunicorn as production does, load it
with locust scenario by scenario, and print each figure beside the trivial view's.

    python bench/run.py [--pages 1000] [--seconds 20] [--clients 8] [--workers 2]
                        [--regenerate]

SQLite by default (a file under .bench/, kept and reused for the same size); with
DATABASE_URL set to PostgreSQL, a database named after it and the size
(`<name>_bench_<pages>`) on the same server. Results go to .bench/ as JSON too, so
that a run at 100,000 pages is compared with one at 1,000.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import report
from scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def main() -> None:
    options = _options()
    WORK.mkdir(exist_ok=True)
    database = _database(options.pages)
    env = _server_env(database["url"])
    if options.regenerate or not database["ready"]():
        _generate(database, env, options.pages)
    plan_path = WORK / f"plan-{database['tag']}.json"
    _run([PYTHON, "bench/probe.py", "plan", str(plan_path)], env)
    _run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    figures, memory = {}, {}
    for page_cache in (True, False):
        scenarios = [s for s in SCENARIOS if s.page_cache == page_cache]
        server_env = {**env, "DJANGO_PAGE_CACHE": str(page_cache).lower()}
        port = _free_port()
        server = _serve(server_env, port, options.workers)
        try:
            host = f"http://127.0.0.1:{port}"
            # Warm up: every worker imports what the views use, the caches fill.
            _locust("page", host, plan_path, seconds=10, clients=options.clients)
            for scenario in scenarios:
                figures[scenario.name] = _locust(
                    scenario.name, host, plan_path, options.seconds, options.clients
                )
            if page_cache:
                memory = _worker_memory(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    queries = json.loads(
        _run([PYTHON, "bench/probe.py", "queries", str(plan_path)], env)
    )
    results = {
        "backend": database["backend"],
        "pages": options.pages,
        "clients": options.clients,
        "workers": options.workers,
        "seconds": options.seconds,
        "figures": figures,
        "queries": queries,
        "worker_rss_mb": memory,
    }
    (WORK / f"results-{database['tag']}.json").write_text(json.dumps(results, indent=1))
    baseline = WORK / f"results-{database['backend']}-1000.json"
    compared = (
        json.loads(baseline.read_text())
        if options.pages != 1000 and baseline.exists()
        else None
    )
    print(report.table(results, compared))


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=20, help="per scenario")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--regenerate", action="store_true")
    return parser.parse_args()


def _database(pages: int) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base, _, name = url.rpartition("/")
        bench_name = f"{name.split('?')[0]}_bench_{pages}"
        marker = WORK / f"postgres-{bench_name}.generated"
        return {
            "backend": "postgres",
            "tag": f"postgres-{pages}",
            "url": f"{base}/{bench_name}",
            "admin_url": url,
            "name": bench_name,
            "marker": marker,
            "ready": lambda: marker.exists() and _pg_exists(url, bench_name),
        }
    path = WORK / f"wiki-{pages}.sqlite3"
    marker = WORK / f"wiki-{pages}.generated"
    return {
        "backend": "sqlite",
        "tag": f"sqlite-{pages}",
        "url": f"sqlite:///{path}",
        "path": path,
        "marker": marker,
        "ready": lambda: marker.exists() and path.exists(),
    }


def _generate(database: dict, env: dict, pages: int) -> None:
    database["marker"].unlink(missing_ok=True)
    if database["backend"] == "postgres":
        _pg_recreate(database["admin_url"], database["name"])
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database['path']}{suffix}").unlink(missing_ok=True)
    print(f"Generating a wiki of {pages:,} pages ({database['backend']})…", flush=True)
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    subprocess.run(
        [PYTHON, "bench/generate.py", "--pages", str(pages)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    database["marker"].write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))


def _pg_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        )
        return found.fetchone() is not None


def _pg_recreate(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier)
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def _server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        # testserver: bench/probe.py counts queries with Django's test client.
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_STATIC_ROOT": str(WORK / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def _serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 (open for the server's life)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn did not start; see {WORK / 'gunicorn.log'}")


def _locust(name: str, host: str, plan: Path, seconds: int, clients: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="locust-"))
    env = {**os.environ, "BENCH_SCENARIO": name, "BENCH_PLAN": str(plan)}
    _run(
        [
            str(BIN / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--host",
            host,
            "-u",
            str(clients),
            "-r",
            str(clients),
            "-t",
            f"{seconds}s",
            "--csv",
            str(folder / "run"),
            "--only-summary",
            "--loglevel",
            "ERROR",
            # Failures are counted in the table, not a reason to stop.
            "--exit-code-on-error",
            "0",
        ],
        env,
    )
    with open(folder / "run_stats.csv", newline="") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == name)
    shutil.rmtree(folder)
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
    }


def _worker_memory(master_pid: int) -> dict:
    """Resident memory (MB) of each gunicorn worker, read from /proc."""
    children = (
        Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    )
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = next(
            int(line.split()[1])
            for line in status.splitlines()
            if line.startswith("VmRSS:")
        )
        sizes.append(round(kilobytes / 1024, 1))
    return {"max": max(sizes, default=0.0), "each": sizes}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], env: dict) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(command[:3])}… failed ({done.returncode})")
    return done.stdout


if __name__ == "__main__":
    main()
