"""Settings as a fresh process sees them, for the environments the README describes.

Each check runs Django in a subprocess so that it reads the environment exactly as a
server would, without the adjustments the test run makes (see tests/conftest.py).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "q7Zt4-production-like-key-for-tests-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "wiki.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://wiki.example.org",
}


def run_django(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() in a clean process configured by `env` only."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    clean_env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    clean_env["DJANGO_ENV_FILE"] = str(tmp_path / "absent.env")
    clean_env.update(env)
    script = f"import django\ndjango.setup()\nfrom django.conf import settings\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_ENV_FILE": str(tmp_path / "absent.env"),
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_and_https_is_enforced_unless_configured_otherwise(tmp_path):
    result = run_django(
        "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS > 0, settings.X_FRAME_OPTIONS)",
        tmp_path,
        DJANGO_SECRET_KEY=PRODUCTION_ENV["DJANGO_SECRET_KEY"],
    )

    assert result.stdout.split() == ["False", "True", "True", "True", "True", "DENY"]


def test_a_missing_secret_key_stops_startup_with_a_clear_message(tmp_path):
    result = run_django("print('started')", tmp_path)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_the_secret_key_is_read_from_the_env_file(tmp_path):
    env_file = tmp_path / "local.env"
    env_file.write_text("DJANGO_SECRET_KEY=from-the-env-file\n")

    result = run_django(
        "print(settings.SECRET_KEY)", tmp_path, DJANGO_ENV_FILE=str(env_file)
    )

    assert result.stdout.strip() == "from-the-env-file"


def test_default_database_is_sqlite_in_wal_mode_with_immediate_transactions(
    tmp_path,
):
    database = tmp_path / "wiki.sqlite3"
    result = run_django(
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "print(settings.DATABASES['default']['OPTIONS']['transaction_mode'])\n"
        "for pragma in ('journal_mode', 'synchronous', 'busy_timeout'):\n"
        "    print(cursor.execute(f'PRAGMA {pragma}').fetchone()[0])",
        tmp_path,
        DJANGO_SECRET_KEY="test",
        DATABASE_URL=f"sqlite:///{database}",
    )

    # synchronous=2 is FULL; the busy timeout is in milliseconds.
    assert result.stdout.split() == ["IMMEDIATE", "wal", "2", "5000"], result.stderr


def test_database_url_selects_postgresql(tmp_path):
    result = run_django(
        "db = settings.DATABASES['default']\n"
        "print(db['ENGINE'], db['NAME'], db['HOST'], db['CONN_HEALTH_CHECKS'])\n"
        "print(db['OPTIONS']['options'], db['OPTIONS']['connect_timeout'])",
        tmp_path,
        DJANGO_SECRET_KEY="test",
        DATABASE_URL="postgres://wiki@db.internal:5432/hyosan",
        DB_LOCK_TIMEOUT="7",
    )

    # A write waiting on another's lock gives up (and the user gets a 503) in 7 s.
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "hyosan",
        "db.internal",
        "True",
        "-c",
        "lock_timeout=7000",
        "5",
    ]


def test_a_lock_timeout_in_the_database_url_wins(tmp_path):
    result = run_django(
        "print(settings.DATABASES['default']['OPTIONS']['options'])",
        tmp_path,
        DJANGO_SECRET_KEY="test",
        DATABASE_URL="postgres://wiki@db/hyosan?options=-c%20lock_timeout%3D100",
    )

    assert result.stdout.strip() == "-c lock_timeout=100", result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/1"},
            "django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_cache_is_local_memory_unless_redis_url_is_set(tmp_path, env, backend):
    result = run_django(
        "print(settings.CACHES['default']['BACKEND'])",
        tmp_path,
        DJANGO_SECRET_KEY="test",
        **env,
    )

    assert result.stdout.strip() == backend


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        (
            {"EMAIL_URL": "smtp+tls://user:pw@mail.example.org:587"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_email_goes_to_the_console_unless_email_url_is_set(tmp_path, env, backend):
    result = run_django(
        "print(settings.EMAIL_BACKEND)", tmp_path, DJANGO_SECRET_KEY="test", **env
    )

    assert result.stdout.strip() == backend


def test_allowed_hosts_come_from_the_environment(tmp_path):
    result = run_django(
        "print(settings.ALLOWED_HOSTS)",
        tmp_path,
        DJANGO_SECRET_KEY="test",
        DJANGO_ALLOWED_HOSTS="wiki.example.org,www.wiki.example.org",
    )

    assert result.stdout.strip() == "['wiki.example.org', 'www.wiki.example.org']"


def test_a_foreign_host_header_is_refused(client):
    response = client.get("/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
