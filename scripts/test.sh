#!/usr/bin/env bash
# The whole test suite, as `make test` runs it. Exits non-zero on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n=== %s\n' "$*"; }

# A test run must change no tracked file (screenshots go to var/handleiding-img/; `make handleiding` publishes
# them). Inside a git checkout, remember the state of the tracked files now and compare at the end.
tracked_state() { git status --porcelain --untracked-files=no && git diff --no-ext-diff --binary HEAD | sha1sum; }
IN_GIT=""
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  IN_GIT=1
  BEFORE="$(tracked_state)"
fi

step "lock-bestanden (hashes, geen adres)"
make --no-print-directory lock-check
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
if [ -n "$IN_GIT" ]; then
  step "geen gevolgde bestanden gewijzigd door de tests"
  if [ "$(tracked_state)" != "$BEFORE" ]; then
    echo "De tests hebben gevolgde bestanden gewijzigd (schrijf uitvoer van tests naar var/, niet naar de repository):" >&2
    git status --porcelain --untracked-files=no >&2
    exit 1
  fi
fi
step "alles geslaagd"
