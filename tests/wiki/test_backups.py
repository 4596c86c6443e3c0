"""manage.py backup and restore: a backup restored into a fresh database holds
every revision."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import edit_page, make_character, make_page
from wiki.models import Page

# The backup is read by other processes (pg_dump), which see committed rows only.
pytestmark = pytest.mark.django_db(transaction=True)


def _revisions_in_django() -> list[tuple]:
    return sorted(Page.history.values_list("history_id", "version", "body").order_by())


def _restore_into_fresh_database(backup: Path, tmp_path: Path) -> list[tuple]:
    """Run `manage.py restore` against a new, empty database; its page revisions."""
    query = "SELECT history_id, version, body FROM wiki_historicalpage"
    if connection.vendor == "sqlite":
        fresh = tmp_path / "fresh.sqlite3"
        _manage("restore", str(backup), "--yes", database_url=f"sqlite:///{fresh}")
        with sqlite3.connect(fresh) as restored:
            return sorted(restored.execute(query).fetchall())
    import psycopg

    name = f"restore_check_{os.getpid()}"
    server = {k: v for k, v in _pg_params().items() if k != "dbname"}
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
        _manage("restore", str(backup), "--yes", database_url=url)
        with psycopg.connect(**server, dbname=name) as restored:
            return sorted(restored.execute(query).fetchall())
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_params() -> dict:
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "user": db["USER"],
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }


def _manage(*args: str, database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


def test_a_restored_backup_holds_every_revision(tmp_path):
    page = make_page(title="Hyosan High School", body="First text.\n")
    page = edit_page(page, "Second text.\n").obj
    edit_page(page, "Third text, with [[Nam On-jo]].\n")
    make_character(name="Nam On-jo")
    backup = tmp_path / "wiki.backup"

    call_command("backup", output=backup)

    assert backup.stat().st_size > 0
    assert _restore_into_fresh_database(backup, tmp_path) == _revisions_in_django()


def test_a_backup_never_overwrites_a_file(tmp_path):
    backup = tmp_path / "wiki.backup"
    backup.write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=backup)
    assert backup.read_text() == "keep me"


def test_restoring_asks_for_confirmation_and_changes_nothing_without_it(tmp_path):
    page = make_page(title="Hyosan High School")
    backup = tmp_path / "wiki.backup"
    call_command("backup", output=backup)
    edit_page(page, "Written after the backup.\n")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(backup))
    assert Page.objects.get().body == "Written after the backup.\n"


def test_restoring_a_file_that_is_not_a_backup_is_a_clear_error(tmp_path):
    make_page(title="Hyosan High School")
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"\x00" * 4096)
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), yes=True)
    assert Page.objects.filter(title="Hyosan High School").exists()


def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore", str(tmp_path / "nothing"), yes=True)
