# OnePlan: `make demo` serves the demo on SQLite; `make test` runs exactly what CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
PORT ?= 8000
export ONEPLAN_DATA_DIR ?= $(CURDIR)/data
export PYTHAINLP_OFFLINE := 1
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: demo test install install-dev lint typecheck checks pytest pytest-sqlite pytest-postgres \
	system-packages messages bench clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --no-dev --quiet
	touch $@

$(VENV)/.installed-dev: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --quiet
	touch $@ $(VENV)/.installed

messages: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d oneplan/locale -D django --use-fuzzy

install: $(VENV)/.installed node_modules/.package-lock.json messages

install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json messages

demo: install
	mkdir -p "$(ONEPLAN_DATA_DIR)"
	$(BIN)/oneplan migrate --noinput -v 0
	$(BIN)/oneplan collectstatic --noinput -v 0
	$(BIN)/oneplan load-demo
	@echo "OnePlan is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it and its background worker)"
# The worker runs the file loads queued from the web. Ctrl-C reaches it too and it finishes
# the load at hand (press again to force); if the server stops otherwise, it is told to stop.
	$(BIN)/oneplan db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'trap - EXIT; wait $$worker; exit 130' INT; \
	$(BIN)/oneplan runserver 127.0.0.1:$(PORT) --noreload

system-packages:
	bash scripts/system-packages

# Speed targets (docs/benchmarks.md): a scratch database, each measure beside its baseline.
bench: install-dev
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy oneplan

checks: install-dev
	$(BIN)/oneplan check --fail-level WARNING
	$(BIN)/oneplan makemigrations --check --dry-run

# In `make test` a missing browser is an error, not a skip: CI must never pass without them.
pytest-sqlite: install-dev
	ONEPLAN_REQUIRE_BROWSER=1 $(BIN)/pytest -p no:cacheprovider

pytest-postgres: install-dev system-packages
	ONEPLAN_TEST_POSTGRES=1 $(BIN)/pytest -p no:cacheprovider -m "not browser"

test: install-dev system-packages lint typecheck checks pytest-sqlite pytest-postgres


clean:
	rm -rf $(VENV) node_modules
