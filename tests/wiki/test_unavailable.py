"""A write the database cannot take now is a 503 that gives the user's text back."""

import re
import sqlite3
from html import unescape
from types import SimpleNamespace

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, make_page
from wiki import unavailable
from wiki.models import Page
from wiki.unavailable import BUSY, DOWN, FULL, READ_ONLY, outage_of, server_error


def wrapped(error_class, cause: Exception) -> Exception:
    """The error as Django raises it: its own class, the driver's error as cause."""
    error = error_class(*cause.args)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (
            wrapped(OperationalError, sqlite3.OperationalError("database is locked")),
            BUSY,
        ),
        (
            wrapped(
                OperationalError,
                sqlite3.OperationalError("attempt to write a readonly database"),
            ),
            READ_ONLY,
        ),
        (
            wrapped(
                OperationalError, sqlite3.OperationalError("database or disk is full")
            ),
            FULL,
        ),
        (wrapped(OperationalError, sqlite3.OperationalError("disk I/O error")), DOWN),
        (
            wrapped(
                OperationalError,
                psycopg.errors.LockNotAvailable(
                    "canceling statement due to lock timeout"
                ),
            ),
            BUSY,
        ),
        (
            wrapped(OperationalError, psycopg.errors.DeadlockDetected("deadlock")),
            BUSY,
        ),
        (
            wrapped(
                InternalError,
                psycopg.errors.ReadOnlySqlTransaction(
                    "cannot execute INSERT in a read-only transaction"
                ),
            ),
            READ_ONLY,
        ),
        (wrapped(OperationalError, psycopg.errors.DiskFull("no space left")), FULL),
        (wrapped(OperationalError, psycopg.errors.AdminShutdown("terminating")), DOWN),
    ],
)
def test_outages_are_told_apart_by_sqlite_message_or_postgresql_state(error, outage):
    assert outage_of(error) == outage


@pytest.mark.parametrize(
    "error",
    [
        # Bugs, not outages: they stay 500s and reach the error log as such.
        wrapped(OperationalError, sqlite3.OperationalError("no such table: wiki_page")),
        wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE constraint failed")),
        wrapped(
            InternalError, psycopg.errors.InFailedSqlTransaction("transaction aborted")
        ),
        RuntimeError("database is locked"),
        None,
    ],
)
def test_other_errors_are_not_outages(error):
    assert outage_of(error) is None


def locked_call(*args, **kwargs):
    """Fails as any write does when another process holds SQLite's write lock past
    the busy timeout."""
    raise wrapped(OperationalError, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def locked_database(monkeypatch):
    monkeypatch.setattr("wiki.editing.content_update", locked_call)


def kept_form(html: str) -> dict[str, list[str]]:
    """The fields of the 503 page's resend form, as a browser would post them,
    but for its (new) CSRF token."""
    form = re.search(r'<form class="resubmit-form".*?</form>', html, re.S).group(0)
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form
    ):
        fields.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>\n(.*?)</textarea>', form, re.S
    ):
        fields.setdefault(name, []).append(unescape(value))
    fields.pop("csrfmiddlewaretoken")
    return fields


def test_a_locked_database_is_a_503_with_retry_after_and_the_users_text(
    user_client, locked_database
):
    page = make_page(body="The first version.")
    body = "My edit <b>with</b> markup\n\nand a second paragraph & more."
    url = reverse("page_edit", args=[page.slug])

    response = user_client.post(
        url, {"body": body, "summary": "fix typo", "base_version": 1}
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "The wiki is busy" in html
    assert f'action="{url}"' in html
    assert kept_form(html) == {
        "body": [body],
        "summary": ["fix typo"],
        "base_version": ["1"],
    }
    page.refresh_from_db()
    assert page.version == 1
    assert page.body == "The first version."
    assert Page.history.filter(id=page.pk).count() == 1


def test_sending_the_kept_text_again_saves_it_once_the_database_is_back(
    user, monkeypatch
):
    page = make_page(body="The first version.")
    url = reverse("page_edit", args=[page.slug])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    ).group(1)
    with monkeypatch.context() as patch:
        patch.setattr("wiki.editing.content_update", locked_call)
        refused = client.post(
            url,
            {
                "body": "Saved at last.",
                "summary": "",
                "base_version": 1,
                "csrfmiddlewaretoken": token,
            },
        )
    assert refused.status_code == 503
    html = refused.content.decode()
    resend_token = re.search(
        r'<form class="resubmit-form".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
        re.S,
    ).group(1)

    response = client.post(
        url, {**kept_form(html), "csrfmiddlewaretoken": resend_token}
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.version, page.body) == (2, "Saved at last.\n")


def test_a_read_only_database_says_so_and_asks_to_come_back_later(
    user_client, monkeypatch
):
    page = make_page()

    def refuse(**kwargs):
        raise wrapped(
            InternalError,
            psycopg.errors.ReadOnlySqlTransaction(
                "cannot execute UPDATE in a read-only transaction"
            ),
        )

    monkeypatch.setattr("wiki.editing.content_update", refuse)

    response = user_client.post(
        reverse("page_edit", args=[page.slug]),
        {"body": "Kept text", "summary": "", "base_version": 1},
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "read-only for now" in response.content.decode()
    assert "Kept text" in response.content.decode()


def test_passwords_are_never_echoed_back(rf_post):
    response = unavailable.unavailable_response(
        # Not letters and digits only, which a CSRF token could contain by chance.
        rf_post(
            {"username": "fan", "password": "pw-hunter2!", "new_password1": "n-2!"}
        ),
        BUSY,
        OperationalError("database is locked"),
    )

    html = response.content.decode()
    assert "pw-hunter2!" not in html and "n-2!" not in html
    assert ">\nfan</textarea>" in html
    assert "Passwords are not kept" in html


@pytest.fixture
def rf_post(db):
    def build(data):
        request = RequestFactory().post("/accounts/login/", data)
        request.user = AnonymousUser()
        return request

    return build


@pytest.mark.parametrize(
    ("message", "status", "retry_after"),
    [("database is locked", 503, "5"), ("no such column: x", 500, None)],
)
def test_the_500_handler_answers_outages_with_503s_and_leaves_bugs_500s(
    rf_post, message, status, retry_after
):
    request = rf_post({"body": "text"})
    try:
        raise wrapped(OperationalError, sqlite3.OperationalError(message))
    except OperationalError:
        response = server_error(request)

    assert response.status_code == status
    assert response.get("Retry-After") == retry_after


def test_the_page_renders_without_the_database_when_that_is_what_failed(
    rf_post, monkeypatch
):
    """The frame's user menu and spoiler level read the database; if that fails
    too, the 503 is rendered without them, with the text still in it."""
    request = rf_post({"body": "Still here"})

    def failing_render(*args, **kwargs):
        raise wrapped(OperationalError, psycopg.OperationalError("server closed"))

    monkeypatch.setattr(unavailable, "render", failing_render)

    response = unavailable.unavailable_response(request, BUSY, OperationalError("x"))

    assert response.status_code == 503
    assert "The wiki is busy" in response.content.decode()
    assert "Still here" in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.django_db
def test_psycopgs_own_error_is_an_outage_only_when_the_connection_is_gone(
    monkeypatch,
):
    from django.db import connection

    # No SQLSTATE: a refused connection, or a misuse such as too many parameters.
    error = wrapped(
        OperationalError,
        psycopg.OperationalError("number of parameters must be between 0 and 65535"),
    )
    connection.ensure_connection()

    assert outage_of(error) is None
    never_made = SimpleNamespace(connection=None)
    monkeypatch.setattr(unavailable, "connection", never_made)
    assert outage_of(error) == DOWN


@pytest.mark.django_db
def test_an_error_as_django_wraps_the_drivers_is_classified():
    from django.db import connection

    driver_error = (
        sqlite3.OperationalError("database is locked")
        if connection.vendor == "sqlite"
        else psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    )

    with pytest.raises(OperationalError) as raised, connection.wrap_database_errors:
        raise driver_error

    assert raised.value.__cause__ is driver_error
    assert outage_of(raised.value) == BUSY


def test_a_database_bug_in_a_view_stays_a_500(user, monkeypatch):
    page = make_page()

    def broken(**kwargs):
        raise wrapped(OperationalError, sqlite3.OperationalError("no such table: x"))

    monkeypatch.setattr("wiki.editing.content_update", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.post(
        reverse("page_edit", args=[page.slug]),
        {"body": "Text", "summary": "", "base_version": 1},
    )

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_session_that_cannot_be_saved_at_login_is_a_503_whose_form_works(
    user, monkeypatch
):
    """The session is saved by its middleware after the view, so the outage reaches
    Django's 500 handler; the login rotated the CSRF token, and the 503 must carry
    the new cookie or its resend form would be refused."""
    from django.contrib.sessions.backends.db import SessionStore

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        client.get(reverse("login")).content.decode(),
    ).group(1)
    real_save = SessionStore.save
    monkeypatch.setattr(SessionStore, "save", locked_call)
    refused = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    html = refused.content.decode()
    assert f">\n{user.username}</textarea>" in html
    assert PASSWORD not in html
    monkeypatch.setattr(SessionStore, "save", real_save)
    resend_token = re.search(
        r'<form class="resubmit-form".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
        re.S,
    ).group(1)

    again = client.post(
        reverse("login"),
        {
            "username": user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": resend_token,
        },
    )

    assert again.status_code == 302


def test_the_editors_upload_gets_its_json_error(user_client, monkeypatch):
    monkeypatch.setattr("wiki.editor_views.image_store", locked_call)
    upload = SimpleUploadedFile("a.png", b"png", content_type="image/png")

    response = user_client.post(reverse("image_upload"), {"image": upload})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "was not saved" in response.json()["image"][0]


def test_the_editors_preview_gets_a_line_for_its_pane(user_client, monkeypatch):
    monkeypatch.setattr("wiki.editor_views.markdownify", locked_call)

    response = user_client.post(reverse("markdown_preview"), {"content": "*x*"})

    assert response.status_code == 503
    assert response.content.decode().startswith('<p class="refusal-notice">')
    assert "<html" not in response.content.decode()


def test_the_api_gets_json(client, monkeypatch):
    from api.views import PageList

    monkeypatch.setattr(PageList, "get_queryset", locked_call)

    response = client.get(reverse("api:page-list"))

    assert response.status_code == 503
    assert "could not be shown" in response.json()["detail"]
