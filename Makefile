# Koers: two commands for a fresh machine.
#   make run   sets up and serves Koers on SQLite with demo data (http://127.0.0.1:8000)
#   make test  runs lint, format, migration check, tests on SQLite and PostgreSQL, and browser tests; it changes
#              no tracked file (screenshots go to var/handleiding-img/)
#   make handleiding  makes the user guide's screenshots again and copies them into docs/handleiding/img/
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= koers.conf.dev

.PHONY: run test venv lint unit unit-sqlite unit-postgres browser handleiding chromium bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	bash scripts/run.sh

test: $(STAMP) chromium
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit-sqlite: $(STAMP)
	DJANGO_SETTINGS_MODULE=koers.conf.ci $(BIN)/pytest -m "not browser" -n 2 -q

unit-postgres: $(STAMP)
	bash scripts/with-postgres.sh $(BIN)/pytest -m "not browser" -n 2 -q

browser: $(STAMP) chromium
	DJANGO_SETTINGS_MODULE=koers.conf.ci $(BIN)/pytest -m browser -q

handleiding: $(STAMP) chromium
	bash scripts/handleiding.sh

chromium:
	@bash scripts/ensure-chromium.sh

bench: $(STAMP)
	$(BIN)/koers bench

clean:
	rm -rf $(VENV) var
