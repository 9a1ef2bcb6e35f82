#!/usr/bin/env bash
# `make run`: migrate the embedded SQLite database, load the demo once, run the task worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
# links in e-mails point at this server unless another address is set
export KOERS_SITE_URL="${KOERS_SITE_URL:-http://127.0.0.1:8000}"
$BIN/koers migrate --no-input -v0
$BIN/koers demo --als-leeg
$BIN/koers taakwerker >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT
echo "Achtergrondtaken (imports, rapportages) draaien; log in var/worker.log"
$BIN/koers runserver 127.0.0.1:8000
