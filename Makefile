# Koers: two commands for a fresh machine.
#   make run   sets up and serves Koers on SQLite with demo data (http://127.0.0.1:8000)
#   make test  runs lint, format, migration check, tests on SQLite and PostgreSQL, and browser tests; it changes
#              no tracked file (screenshots go to var/handleiding-img/)
#   make handleiding  makes the user guide's screenshots again and copies them into docs/handleiding/img/
#   make voorbeeldplan  writes docs/voorbeelden/voorbeeldplan.xlsx again from voorbeeldplan.yaml
#   make lock  writes requirements/base.txt and requirements/dev.txt (pins with hashes) from pyproject.toml, keeping
#              the pins that still fit; make lock-upgrade takes the newest versions that pyproject.toml allows
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKS := requirements/base.txt requirements/dev.txt
# Deterministic output: the same header, no index or find-links address, LF line ends, build backend included.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
	--all-build-deps --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	--no-emit-options --newline lf --annotation-style line
export DJANGO_SETTINGS_MODULE ?= koers.conf.dev

.PHONY: run test venv lock lock-upgrade lock-check lint unit unit-sqlite unit-postgres browser handleiding voorbeeldplan chromium bench clean

# Installs from the lock only: every package with a matching hash, then Koers itself without dependencies.
# The development package (dev/: test factories, koers bench, koers loadtest) comes next to it, never in production.
$(STAMP): $(LOCKS) pyproject.toml dev/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . -e ./dev
	@touch $(STAMP)

venv: $(STAMP)

lock: $(STAMP)
	$(PIP_COMPILE) $(LOCK_FLAGS) --extra sentry -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) $(LOCK_FLAGS) --extra sentry --extra dev -c requirements/base.txt -o requirements/dev.txt \
		pyproject.toml
	@$(MAKE) --no-print-directory lock-check

lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

# The lock files pin with hashes and name no index, registry or local path.
lock-check:
	@! grep -nE -- '--(extra-)?index-url|--find-links|--trusted-host|://|^-e ' $(LOCKS) \
		|| { echo "Een lock-bestand noemt een adres; maak het opnieuw met make lock." >&2; exit 1; }
	@! grep -nE '^[A-Za-z0-9._-]+(\[[^]]*\])?==[^ ]+$$' $(LOCKS) \
		|| { echo "Een pakket in een lock-bestand heeft geen hash; maak het opnieuw met make lock." >&2; exit 1; }
	@echo "Lock-bestanden in orde: $(LOCKS)"

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

voorbeeldplan: $(STAMP)
	$(BIN)/python scripts/voorbeeldplan.py

chromium:
	@bash scripts/ensure-chromium.sh

bench: $(STAMP)
	$(BIN)/koers bench

clean:
	rm -rf $(VENV) var
