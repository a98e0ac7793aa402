#!/usr/bin/env bash
# Runs every test: starts a throwaway PostgreSQL on 127.0.0.1, runs ctest (unit tests on SQLite
# and PostgreSQL, integration tests against the real binary, browser tests in Chromium), lints
# the OpenAPI document, and stops PostgreSQL again whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_port=${FUWU_TEST_PG_PORT:-55432}
pg_dir=$(mktemp -d /tmp/fuwu-test-pg.XXXXXX)
runner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg_dir"
  runner=(runuser -u postgres --)
fi

stop_postgres() {
  "${runner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT

"${runner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
"${runner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
export FUWU_TEST_PG_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
echo "test PostgreSQL on 127.0.0.1:$pg_port"

status=0
bash tools/openapi-lint/run.sh || status=1
mkdir -p test-output
ctest --preset debug --output-junit "$PWD/test-output/ctest-junit.xml" "$@" || status=1
exit $status
