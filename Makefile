# Hyosan Wiki. `make run` to try it, `make test` to check it; `make help` lists the rest.
# Every target works on a fresh Debian machine with only Python 3.11, pip, git and make.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM_PATH ?= /usr/bin/chromium
PYTEST_ARGS ?=

# What `manage.py check --deploy` is run with: a production-like environment.
DEPLOY_ENV := DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=wiki.example.org \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://wiki.example.org \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')

.DEFAULT_GOAL := help
.PHONY: help run serve test lint pytest install install-dev migrate seed superuser \
	chromium deploy-check bench bench-save bench-guard soak faults clean

help: ## List the targets.
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "Run as root or install python3-venv yourself." >&2; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the runtime dependencies.

install-dev: $(VENV)/.installed-dev ## Also install the dev extra (tests, lint, load tools).

# A random secret key for this machine only; .env is git-ignored and never committed.
.env:
	@umask 077 && $(PYTHON) -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(64))' > $@
	@echo "Wrote a new random DJANGO_SECRET_KEY to .env"

migrate: install .env ## Apply database migrations.
	$(PY) manage.py migrate --noinput

seed: migrate ## Load whatever shipped content the wiki lacks; never overwrites edits.
	$(PY) manage.py seed

run: migrate ## Set everything up and serve on http://127.0.0.1:8000 (development server).
	$(PY) manage.py seed --once
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

serve: migrate ## Serve with gunicorn and DEBUG off, as production does (plain HTTP here).
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=false DJANGO_HTTPS=$${DJANGO_HTTPS:-false} $(BIN)/gunicorn config.wsgi \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

superuser: migrate ## Create an administrator account interactively.
	$(PY) manage.py createsuperuser

chromium: ## Install Debian's chromium for the browser tests when missing (needs root).
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends chromium fonts-dejavu-core; } \
	  || echo "!!! apt-get could not install chromium: browser tests will be skipped"; \
	else \
	  echo "!!! $(CHROMIUM_PATH) is missing and this user cannot apt-get install it:"; \
	  echo "!!! browser tests will be SKIPPED (E2E_REQUIRED=1 makes that a failure)"; \
	fi

lint: install-dev ## ruff check and ruff format --check.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

pytest: install-dev .env chromium ## The pytest suite alone (PYTEST_ARGS=... to narrow it).
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint .env ## Everything: lint, migrations check and the whole suite with browser tests.
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory pytest

PAGES ?= 1000
SECONDS_EACH ?= 20
bench: install-dev .env ## Load benchmark: PAGES=1000 (or 10000, 100000) under gunicorn; DATABASE_URL for PostgreSQL.
	$(PY) bench/run.py --pages $(PAGES) --seconds $(SECONDS_EACH)

bench-save: install .env ## Median time to save an edit of a 50 KB page (SQLite).
	$(PY) bench/save_page.py

bench-guard: install .env ## Median cost of the block, protection and rate checks of a write (SQLite).
	$(PY) bench/write_guard.py

SOAK_SECONDS ?= 180
SOAK_BACKENDS ?= sqlite postgres
soak: install-dev .env ## 50 fans read and edit hot pages under gunicorn (SOAK_SECONDS=180), then the checks; SQLite and PostgreSQL.
	$(PY) reliability/soak.py --seconds $(SOAK_SECONDS) --backends $(SOAK_BACKENDS)

faults: install-dev .env ## Fault drills: kill -9 during edits, a held write lock, two servers, a read-only database.
	$(PY) reliability/faults.py --backends $(SOAK_BACKENDS)

deploy-check: install .env ## manage.py check --deploy with production settings: no warning allowed.
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

clean: ## Remove the virtualenv, caches and collected static files (keeps db and .env).
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
