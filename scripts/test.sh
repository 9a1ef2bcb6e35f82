#!/usr/bin/env bash
# The whole test suite, as `make test` runs it. Exits non-zero on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n=== %s\n' "$*"; }

step "ruff check"
$BIN/ruff check .
step "ruff format --check"
$BIN/ruff format --check .
step "makemigrations --check"
DJANGO_SETTINGS_MODULE=koers.conf.ci $BIN/koers makemigrations --check --dry-run
step "pytest op SQLite"
DJANGO_SETTINGS_MODULE=koers.conf.ci $BIN/pytest -m "not browser" -n 2 -q
step "pytest op PostgreSQL 15"
bash scripts/with-postgres.sh $BIN/pytest -m "not browser" -n 2 -q
step "browsertests in Chromium"
DJANGO_SETTINGS_MODULE=koers.conf.ci $BIN/pytest -m browser -q
step "alles geslaagd"
