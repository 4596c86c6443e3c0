"""Browser tests: Playwright's sync API driving Debian's chromium against live_server.

Playwright's sync API keeps an event loop in the test thread, which makes Django's
async-safety check refuse ORM calls from the test body; the tests never share a
connection with the loop, so the check is switched off for this package.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Headless, as root, and without the background traffic that a closed network
# turns into a stream of refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM_PATH, os.X_OK):
        reason = (
            f"BROWSER TESTS NOT RUN: no chromium at {CHROMIUM_PATH}. "
            "Install it with `make chromium` (as root) or set CHROMIUM_PATH."
        )
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"{reason} E2E_REQUIRED=1 makes this a failure.")
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
