"""Backups of the whole database, taken while the site runs, and restoring one.

SQLite: Python's online backup API copies the database page by page into a new
file; readers and writers go on meanwhile, and the copy is consistent (it is one
snapshot, write-ahead log included). PostgreSQL: pg_dump's custom format, restored
with pg_restore; both programs come with the PostgreSQL client.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done, with what to do about it."""


def backup_default_path(folder: Path) -> Path:
    """backups/hyosan-<UTC time>.<sqlite3|dump> in `folder`."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return folder / f"hyosan-{stamp}.{suffix}"


def database_backup(*, path: Path) -> Path:
    """Write a consistent copy of the whole database to `path` (which must not
    exist) and return it."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])
    else:
        raise BackupError(f"Backups of {connection.vendor} are not supported.")
    return path


def database_restore(*, path: Path) -> None:
    """Replace every row of the database with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not an intact SQLite database.")
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite backup: {error}") from error
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops tables this connection may hold
        name = connection.settings_dict["NAME"]
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                name,
                str(path),
            ]
        )
    else:
        raise BackupError(f"Restoring {connection.vendor} is not supported.")


def _run(command: list[str]) -> None:
    """Run a PostgreSQL client program against this database."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client "
            "(Debian: apt-get install postgresql-client)."
        )
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": settings["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    done = subprocess.run([program, *command[1:]], env=env, capture_output=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.decode(errors="replace").strip())
