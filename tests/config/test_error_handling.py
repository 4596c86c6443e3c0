import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.urls("tests.config.urls_failing")
@pytest.mark.django_db
def test_an_unhandled_error_is_a_styled_500_without_details():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"RuntimeError" not in response.content
    assert b"A bug" not in response.content


def test_collectstatic_builds_the_manifest_that_production_pages_use(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SECRET_KEY": "test",
        "DJANGO_ENV_FILE": str(tmp_path / "absent.env"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_HTTPS": "false",
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', '--noinput', verbosity=0)\n"
        "from django.templatetags.static import static\n"
        "print(static('css/site.css'))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    hashed = result.stdout.strip()
    assert hashed.startswith("/static/css/site.") and hashed.endswith(".css")
    assert hashed != "/static/css/site.css"
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert any((tmp_path / "static" / "css").glob("site.*.css.gz"))
