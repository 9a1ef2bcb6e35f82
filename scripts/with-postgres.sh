#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: started as the postgres user in a temporary
# directory, on a free loopback port, and removed afterwards. DATABASE_URL points at it.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}
test -x "$PGBIN/initdb" || { echo "PostgreSQL 15 (initdb) niet gevonden" >&2; exit 1; }
TMP=$(mktemp -d /tmp/koers-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$TMP"; chmod 700 "$TMP"
  AS=(runuser -u postgres --)
else
  AS=()
fi
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export DJANGO_SETTINGS_MODULE=koers.conf.ci
echo "PostgreSQL 15 draait tijdelijk op 127.0.0.1:$PORT"
"$@"
