import pytest
from django.conf import settings

from tests.factories import PASSWORD, UserFactory, make_moderator


def pytest_configure(config: pytest.Config) -> None:
    """Adjust the settings for the whole run before any request is served.

    The test client and the live server speak plain HTTP, so the HTTPS-only
    behaviour that DEBUG-off settings switch on is turned off here (its production
    values are checked in tests/config/test_settings.py by a separate process).
    Static files are served from the source folders instead of a collectstatic
    manifest, and passwords are hashed cheaply.
    """
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with an empty cache, so that no state leaks between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def moderator(db):
    return make_moderator(username="Moderator")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def pytest_report_header(config: pytest.Config) -> str:
    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE']} {database.get('HOST') or ''}".rstrip()


@pytest.fixture
def no_page_cache(settings):
    """Every view renders, as with nothing in the page cache yet: query budgets
    measure a view's own rendering, and tests that read `response.context` need
    one. The cache's own costs are in test_page_cache."""
    settings.PAGE_CACHE = False


@pytest.fixture
def read_only_disk(monkeypatch):
    """Uploads meet a disk that refuses every file, as a read-only one does (root
    would write through file permissions, so the refusal is simulated)."""
    import errno

    from django.core.files.storage import FileSystemStorage

    def refuse(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
