# The two commands a newcomer needs: `make demo` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test lint messages fixtures vendor vendor-gazetteer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up a SQLite database with the real China–US data, print an admin login, and serve: the web
## server and the task worker side by side (Procfile, honcho); Ctrl-C stops both.
demo: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=true $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=true $(BIN)/python manage.py load_gazetteer --if-empty
	DJANGO_DEBUG=true $(BIN)/python manage.py reconcile_places
	DJANGO_DEBUG=true $(BIN)/python manage.py ensure_demo_admin --url http://$(HOST):$(PORT)/en/admin/
	DJANGO_DEBUG=true DEMO_ADDRESS=$(HOST):$(PORT) $(BIN)/honcho start

## Run the whole test suite (on PostgreSQL when DATABASE_URL points there), one worker per CPU
## (pytest-xdist; each worker has its own test database; a module's tests stay on one worker, so
## its shared data is built once). `make test PYTEST_WORKERS=0` runs in one process;
## `make test PYTEST_ARGS=--reuse-db` keeps the test databases between runs.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
## The browser tests run in a second process (see tests/conftest.py, pytest_collection_modifyitems).
test: install-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not browser" $(PYTEST_ARGS)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m browser $(PYTEST_ARGS)

## ruff (lint and format), and mypy with django-stubs over the services and the spreadsheet code.
TYPED := registry/services.py registry/imports registry/resources.py
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)

## Extract translatable strings into the Chinese catalogue, fill it from scripts/translations/*.py
## and compile the .mo. Lists any string still untranslated.
PO := registry/locale/zh_Hans/LC_MESSAGES/django.po
messages: install-test
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=scripts --ignore=tests --ignore=templates/simple_history --no-obsolete
	$(BIN)/python scripts/apply_translations.py $(PO) scripts/translations/*.py

## Rebuild fixtures/*.json from data/ (needs pycountry; see scripts/build_fixtures.py).
fixtures: install-test
	$(BIN)/pip install --quiet 'pycountry==26.2.16'
	DJANGO_SETTINGS_MODULE=config.settings $(BIN)/python scripts/build_fixtures.py

## Rebuild the map's vendored Leaflet and Natural Earth basemap from the npm registry (needs npm).
vendor: install
	$(BIN)/python scripts/vendor_assets.py

## Rebuild the vendored GB/T 2260 divisions and US county positions (registry/places/data/) from the npm registry (needs node and npm).
vendor-gazetteer: install
	$(BIN)/python scripts/vendor_gazetteer.py
