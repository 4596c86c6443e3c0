"""Without chromium the browser tests are skipped loudly, or fail when required.

Runs the browser tests in a child pytest with a chromium path that does not exist.
The child uses its own in-memory SQLite database so that it never touches the
PostgreSQL test database the parent run may be using.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

BROWSER_TEST = (
    "tests/e2e/test_smoke.py::test_visitor_signs_up_logs_out_and_logs_back_in"
)


def run_browser_test_without_chromium(tmp_path, **env: str):
    child_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "E2E_REQUIRED"}
    }
    child_env.update(
        CHROMIUM_PATH=str(tmp_path / "no-chromium-here"),
        DJANGO_SECRET_KEY="test",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", BROWSER_TEST],
        cwd=settings.BASE_DIR,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_browser_tests_are_skipped_with_a_reason_when_chromium_is_missing(tmp_path):
    result = run_browser_test_without_chromium(tmp_path)

    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "1 skipped" in result.stdout
    assert "BROWSER TESTS NOT RUN: no chromium at" in result.stdout


def test_a_missing_chromium_fails_the_run_when_browser_tests_are_required(tmp_path):
    result = run_browser_test_without_chromium(tmp_path, E2E_REQUIRED="1")

    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "E2E_REQUIRED=1 makes this a failure" in result.stdout
