# Hemväg. The two commands: `make run` (a demo server on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HEMVAG := $(BIN)/hemvag
# make run serves plain http on this machine; HTTPS-only cookies and redirects are for production.
RUN_ENV := HEMVAG_HTTPS=$${HEMVAG_HTTPS:-false}

.PHONY: run test lint layers typecheck migrations-check test-sqlite test-postgres bench translations messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

translations: $(VENV)/.installed
	$(RUN_ENV) $(HEMVAG) compiletranslations

run: $(VENV)/.installed translations
	$(RUN_ENV) $(HEMVAG) migrate --no-input -v 0
	$(RUN_ENV) $(HEMVAG) createcachetable
	$(RUN_ENV) $(HEMVAG) demo --if-empty
	$(RUN_ENV) $(HEMVAG) collectstatic --no-input -v 0
	$(RUN_ENV) $(HEMVAG) serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# The arrows between the apps (pyproject.toml's [tool.importlinter] contracts; docs/architecture.md).
layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy src/hemvag/rules

migrations-check: $(VENV)/.installed-dev
	$(RUN_ENV) $(HEMVAG) makemigrations --check --dry-run

test-sqlite: $(VENV)/.installed-dev translations
	$(BIN)/pytest

# On PostgreSQL the suite runs again, less the pure-Python rules tests that never touch a database.
test-postgres: $(VENV)/.installed-dev translations
	@if [ -n "$$HEMVAG_TEST_DATABASE_URL" ]; then \
	  echo "== PostgreSQL: $$HEMVAG_TEST_DATABASE_URL"; \
	  HEMVAG_DATABASE_URL="$$HEMVAG_TEST_DATABASE_URL" $(BIN)/pytest --ignore=tests/rules -m "not sqlite_only"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "CI=true but HEMVAG_TEST_DATABASE_URL is not set: the PostgreSQL run is required in CI." >&2; exit 1; \
	else \
	  echo "== PostgreSQL: skipped (set HEMVAG_TEST_DATABASE_URL=postgresql://… to run the suite on PostgreSQL too)"; \
	fi

test: lint layers typecheck migrations-check test-sqlite test-postgres

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/rules/run.py

# For developers (needs gettext's xgettext): refresh the .po files from the source.
messages: $(VENV)/.installed-dev
	cd src/hemvag && HEMVAG_VAR_DIR=../../var ../../$(HEMVAG) makemessages -l sv -l en --no-obsolete --add-location file

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
