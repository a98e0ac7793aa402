#!/usr/bin/env bash
# Whole-process HTTP benchmark (wrk on loopback), all in one run so the figures compare:
#   1. the Beast hello-world ceiling, GET /
#   2. fuwu on SQLite:     GET /healthz, and GET /api/v1/me with a bearer token (checked in the DB)
#   3. fuwu on PostgreSQL: the same two
#   4. with BENCH_CYCLE=1, a whole rating cycle of 100,000 providers and 10,000,000 ledger entries
#      on SQLite and PostgreSQL (bench/cycle_bench.cpp)
# Prints a Markdown table; copy it into docs/benchmarks.md with the date and machine.
# Env: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (64), BENCH_THREADS (wrk threads, 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/release
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
work=$(mktemp -d /tmp/fuwu-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_dir:-}" ]; then "${pg_runner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work" "${pg_dir:-}"
}
trap cleanup EXIT

wait_for_file() { for _ in $(seq 1 200); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

# wrk_row <label> <url> [header] [connections]: one table row with requests/s, p50, p99.
wrk_row() {
  local label=$1 url=$2 header=${3:-} conns=${4:-$connections}
  local args=(-t"$wrk_threads" -c"$conns" -d"$duration" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  local out
  out=$(wrk "${args[@]}" "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "${non2xx:-0}"
  echo "$rps" > "$work/last_rps"
}

# start_fuwu <db-url> <name>: starts a server and sets $port (not in a subshell, so that the
# cleanup trap knows its pid).
start_fuwu() {
  "$build/fuwu" serve --demo --db "$1" --listen 127.0.0.1:0 --port-file "$work/$2.port" \
    --set server.access_log=false --set log.level=warn --set storage.data_dir="$work/$2-data" \
    --set storage.secret_key_file="$work/$2.key" >"$work/$2.out" 2>&1 &
  pids+=($!)
  wait_for_file "$work/$2.port"
  port=$(cat "$work/$2.port")
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
}

login() {  # login <port> → token
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"operator@fuwu.demo","password":"Fuwu-demo-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

echo "fuwu HTTP benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$wrk_threads -c$connections -d$duration"
echo
echo "| target | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"

"$build/fuwu_bench_hello" "$work/hello.port" 2 &
pids+=($!)
wait_for_file "$work/hello.port"
wrk_row "Beast hello-world ceiling, GET /" "http://127.0.0.1:$(cat "$work/hello.port")/"
ceiling=$(cat "$work/last_rps")

start_fuwu "$work/bench.db" sqlite
wrk_row "fuwu SQLite, GET /healthz" "http://127.0.0.1:$port/healthz"
healthz=$(cat "$work/last_rps")
token=$(login "$port")
wrk_row "fuwu SQLite, GET /api/v1/me (token checked in DB)" "http://127.0.0.1:$port/api/v1/me" "Authorization: Bearer $token"

# The provider directory with 10,000 providers (issue goal: p99 under 20 ms on SQLite).
"$build/fuwu_bench_seed_directory" "$work/directory.db" "$work/directory" 10000 >/dev/null
"$build/fuwu" serve --db "$work/directory.db" --listen 127.0.0.1:0 --port-file "$work/directory.port" \
  --set server.access_log=false --set log.level=warn --set storage.data_dir="$work/directory/data" \
  --set storage.secret_key_file="$work/directory/secret.key" >"$work/directory.out" 2>&1 &
pids+=($!)
wait_for_file "$work/directory.port"
dir_port=$(cat "$work/directory.port")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$dir_port/readyz" >/dev/null && break; sleep 0.1; done
dir_token=$(login "$dir_port")
for conns in 16 "$connections"; do
  wrk_row "fuwu SQLite, directory of 10,000: province + category filter (c$conns)" \
    "http://127.0.0.1:$dir_port/api/v1/providers?region_code=33&category=store_operation&limit=20" \
    "Authorization: Bearer $dir_token" "$conns"
  wrk_row "fuwu SQLite, directory of 10,000: name search (c$conns)" \
    "http://127.0.0.1:$dir_port/api/v1/providers?q=%E6%98%9F%E6%B2%B3&limit=20" "Authorization: Bearer $dir_token" "$conns"
done

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/fuwu-bench-pg.XXXXXX)
pg_runner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; pg_runner=(runuser -u postgres --); fi
"${pg_runner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
"${pg_runner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p 55499 -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
start_fuwu "postgresql://postgres@127.0.0.1:55499/postgres" postgres
pg_port=$port
wrk_row "fuwu PostgreSQL, GET /healthz" "http://127.0.0.1:$pg_port/healthz"
pg_token=$(login "$pg_port")
wrk_row "fuwu PostgreSQL, GET /api/v1/me (token checked in DB)" "http://127.0.0.1:$pg_port/api/v1/me" "Authorization: Bearer $pg_token"

# A whole rating cycle at scale (about ten minutes, most of it seeding): BENCH_CYCLE=1.
if [ "${BENCH_CYCLE:-0}" = 1 ]; then
  echo
  echo "Whole rating cycle: derive balances, allocate, store and publish the standings"
  cycle_args=("${BENCH_CYCLE_PROVIDERS:-100000}" "${BENCH_CYCLE_ENTRIES:-10000000}")
  "$build/fuwu_bench_cycle" "$work/cycle.db" "${cycle_args[@]}"
  psql -q -h 127.0.0.1 -p 55499 -U postgres -c 'CREATE DATABASE fuwu_cycle' postgres
  "$build/fuwu_bench_cycle" "postgresql://postgres@127.0.0.1:55499/fuwu_cycle" "${cycle_args[@]}"
fi

echo
awk -v h="$healthz" -v c="$ceiling" 'BEGIN { printf "/healthz on SQLite reaches %.0f%% of the ceiling (goal: at least 60%%)\n", 100*h/c }'
