# Partnerwise: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast install lint format clean bench bench-search check-deploy lock

# Installs the versions in requirements.lock (pyproject.toml keeps the compatible ranges).
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

## Refresh requirements.lock to the newest versions pyproject.toml allows (then run make test).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

install: $(STAMP)

## Create the venv, migrate the SQLite database in instance/, load the demo if empty, serve.
run: $(STAMP)
	$(BIN)/flask --app wsgi crm init
	@echo "Serving on http://$(HOST):$(PORT) with Flask's development server: fine for trying"
	@echo "Partnerwise on this machine. To serve it to others, see 'Running in production' in README.md."
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

## Install, then run the whole suite (SQLite by default; DATABASE_URL=postgresql://... for PostgreSQL).
test: $(STAMP)
	@./scripts/ensure-system-packages.sh
	$(BIN)/python -m pytest

## The inner loop, after every change: everything but the slow tiers (browser, server,
## scale, slow), on every core. `make test` (and CI) still runs every tier.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not (browser or server or scale or slow)" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check crm tests bench
	$(BIN)/ruff format --check crm tests bench
	$(BIN)/bandit -r crm -ll -q
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture

format: $(STAMP)
	$(BIN)/ruff format crm tests bench
	$(BIN)/ruff check --fix crm tests bench

## Benchmark the names check (a 100-page draft, 2,000 organisations), then the app against
## its floor on county-sized data; writes bench/RESULTS.md.
## SQLite by default; DATABASE_URL=postgresql://... for PostgreSQL. Not part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m bench.names_check
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Search medians on the same county data against the naive LIKE floor (in-process,
## prints a table). SQLite by default; DATABASE_URL=postgresql://... for PostgreSQL.
bench-search: $(STAMP)
	$(BIN)/python -m bench.search $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/partnerwise.sqlite3* .pytest_cache

## Refuse an unsafe production configuration (run it where the app is deployed).
check-deploy: $(STAMP)
	$(BIN)/flask --app wsgi crm check-deploy
