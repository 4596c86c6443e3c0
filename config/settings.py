"""Hyosan Wiki settings: one module, configured from the environment.

Every value that differs between a laptop and production comes from an environment
variable (or the git-ignored `.env` that `make run` writes); the README lists them.
The defaults are the safe ones: DEBUG off, HTTPS-only cookies when DEBUG is off,
SQLite and the local-memory cache so that a fresh machine needs no services.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already in the environment win over the file.
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Run `make .env` to write a random one to the "
        "git-ignored .env file, or export it in the environment."
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = "Hyosan Wiki"
# The account that signs the wiki's own edits (the shipped content); nobody can
# log in as it. MAIN_PAGE_TITLE is the page the home page shows.
SYSTEM_USERNAME = "Wiki-import"
MAIN_PAGE_TITLE = "Main page"
SEED_FIXTURES_DIR = BASE_DIR / "fixtures"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_filters",
    "markdownx",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "wiki",
    "characters",
    "timeline",
    "seed",
    "moderation",
    "search",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session middleware, which would look the cookie's key up.
    "wiki.nul_guard.NulAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write the database cannot take now (locked, read-only, full) is a 503 that
    # gives the user back what they sent, not a 500.
    "wiki.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wiki.middleware.RedirectFallbackMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last so that it sees the outcome of every login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.reader",
            ],
            "builtins": ["wiki.templatetags.site"],
        },
    },
]

# --- Database -----------------------------------------------------------------------
# SQLite by default (zero set-up); PostgreSQL in production via DATABASE_URL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# How long a write waits for a lock another transaction holds before it gives up;
# the user then gets a 503 with their text (wiki/unavailable.py). Each of a
# request's transactions may wait this long (an edit by a new account has up to
# five: rate-limit counters and their clean-up, then the save), and all of them
# must end within gunicorn's 30 s worker timeout, or the worker is killed and the
# user gets no answer. A save takes milliseconds: 5 s of waiting is a real outage.
DB_LOCK_TIMEOUT = env.int(
    "DB_LOCK_TIMEOUT", default=env.int("SQLITE_BUSY_TIMEOUT", default=5)
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two editors
        # queue for it instead of one failing with "database is locked" when its
        # read transaction upgrades to a write.
        "transaction_mode": "IMMEDIATE",
        "timeout": DB_LOCK_TIMEOUT,
        # WAL lets readers run while one writer writes; FULL because NORMAL can lose
        # the last acknowledged commits on power loss, and edits are never lost here.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # PostgreSQL waits for a row or table lock forever unless told otherwise; a
    # lock_timeout set in DATABASE_URL (?options=-c lock_timeout=…) wins. Behind
    # PgBouncer in transaction pooling, which refuses startup options, set it on
    # the role instead (ALTER ROLE … SET lock_timeout) and in DATABASE_URL here.
    if "lock_timeout" not in options.get("options", ""):
        options["options"] = (
            f"{options.get('options', '')} -c lock_timeout={DB_LOCK_TIMEOUT * 1000}"
        ).strip()
    # A server that does not answer at all is a 503 in seconds, not a worker
    # stuck in TCP retries until gunicorn kills it.
    options.setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
# Connections are kept between requests: opening one (and, on SQLite, setting its
# pragmas) was a sixth of a page view's time under gunicorn (make bench).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
# Redis is shared by every app server (needed for anything counted across processes);
# the local-memory cache is per process and is only the zero-set-up default.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hyosan",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hyosan",
            # The page cache's entries are a few kilobytes each (wiki.page_cache).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Whole pages for visitors who are not logged in (wiki.page_cache); off, every
# page is rendered for every request (as `make bench` measures it too).
PAGE_CACHE = env.bool("DJANGO_PAGE_CACHE", default=True)

# --- Email ------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Hyosan Wiki <wiki@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username+IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Number of reverse proxies (load balancers) in front of the app servers whose
# X-Forwarded-For entries are trusted; 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Brute-force protection: 5 failures for one username from one IP lock that pair out
# for 15 minutes (the admin login included); a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_VERBOSE = False

# Rate limits as (attempts, seconds), counted in the database (accounts.ratelimits)
# so that every app server process shares them. Moderators are exempt. Edits by
# new accounts are limited per account and, together, per IP (MediaWiki's values).
RATE_LIMITS = {
    "edit_new": (8, 60),
    "edit_ip": (8, 60),
    "edit_established": (90, 60),
    "upload": (8, 60),
    "upload_established": (30, 60),
    # The editor asks for a preview as the user types, at most twice a second.
    "preview": (120, 60),
    "signup_ip": (6, 60 * 60),
}
# An established account is older than this with at least this many edits.
ESTABLISHED_ACCOUNT_AGE = timedelta(days=4)
ESTABLISHED_ACCOUNT_EDITS = 10

# --- Revisions and the markdown editor ----------------------------------------------
# Edit summaries of up to 500 characters, as MediaWiki allows.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# django-markdownx's preview and upload run through our own views (wiki.editor_views);
# anything of markdownx that renders uses our sanitising renderer.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "wiki.markdown.markdownify"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"]

# --- Read-only JSON API (api/) ------------------------------------------------------
# Anonymous and read-only: no authentication (the API serves everyone the same, so a
# logged-in browser costs no session or user query), JSON only (the browsable API's
# templates carry inline script, which our CSP refuses), the FilterSets of the HTML
# lists, and pages without COUNT(*) (api.pagination).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Read-only access to the wiki's pages, characters and timeline "
    "events. Hidden revisions and deleted content are never served.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
}

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------
# HTTPS-only behaviour is on whenever DEBUG is off; DJANGO_HTTPS=false turns it off
# for a production-like server on plain http://127.0.0.1 (`make serve`, benchmarks).
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: a backstop should sanitising ever let markup through.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging ------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "WARNING")},
}
