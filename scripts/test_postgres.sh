#!/usr/bin/env bash
# make test-postgres: anteckningarnas, utskickens och de två servrarnas tester mot en riktig PostgreSQL i ett kluster som bara finns under körningen.
# initdb och pg_ctl ur Debians postgresql-paket; klustret lyssnar bara på en unix-socket i en tillfällig mapp.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
MAPP=$(mktemp -d /tmp/samverkan-pg.XXXXXX)
# PostgreSQL vägrar köra som root: som root körs klustret av användaren postgres (skapas av paketet).
SOM=()
if [ "$(id -u)" = 0 ]; then
    chown postgres "$MAPP"
    SOM=(runuser -u postgres --)
fi
stoppa() { "${SOM[@]}" "$BIN/pg_ctl" -D "$MAPP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$MAPP"; }
trap stoppa EXIT
"${SOM[@]}" "$BIN/initdb" -D "$MAPP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${SOM[@]}" "$BIN/pg_ctl" -D "$MAPP/data" -l "$MAPP/postgres.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories=$MAPP -p 54329" start >/dev/null
export SAMVERKAN_TEST_POSTGRES_URL="postgresql+psycopg://postgres@/postgres?host=$MAPP&port=54329"
"$PY" -m pytest -q -p no:xdist tests/test_anteckningar.py tests/test_utskick.py tests/test_tva_servrar.py "$@"
