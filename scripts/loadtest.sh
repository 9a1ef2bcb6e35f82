#!/usr/bin/env bash
# Load test against gunicorn and a throwaway PostgreSQL 15 on loopback: bash scripts/loadtest.sh [--gebruikers 50 --duur 300]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=koers.conf.dev
export PYTHONUNBUFFERED=1  # progress lines appear at once when the output goes to a file (tee var/...)
exec bash scripts/with-postgres.sh env DJANGO_SETTINGS_MODULE=koers.conf.dev .venv/bin/koers loadtest "$@"
