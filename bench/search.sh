#!/usr/bin/env bash
# End-to-end search load with the supplier simulator: 5 airline suppliers (one of them hangs),
# 200 concurrent searches for BENCH_DURATION (default 15 s), once with hedging and once without.
# Prints p50/p99 per run and the supplier requests per search (what hedging adds to their load).
# The answer cache is off (BENCH_CACHE_MS=0) so that every search reaches the suppliers, and each
# supplier accepts BENCH_SUPPLIER_RPS (default 2000) requests a second so that none is skipped as
# rate limited (the registry's default is 200).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/release
duration=${BENCH_DURATION:-15s}
rps=${BENCH_SUPPLIER_RPS:-2000}
work=$(mktemp -d /tmp/fuwu-search-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
wait_for_file() { for _ in $(seq 1 300); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "timeout: $1" >&2; return 1; }

cat > "$work/suppliers.toml" <<'TOML'
seed = 5
[[supplier]]
name = "yunyi-air"
kind = "air"
latency_median_ms = 40
latency_p95_ms = 150
[[supplier]]
name = "tianhang-air"
kind = "air"
price_bp = 9700
latency_median_ms = 60
latency_p95_ms = 250
[[supplier]]
name = "jieyun-air"
kind = "air"
hang_pct = 100
[[supplier]]
name = "hangyun-air"
kind = "air"
price_bp = 10300
latency_median_ms = 30
latency_p95_ms = 120
[[supplier]]
name = "xunjie-air"
kind = "air"
price_bp = 9900
latency_median_ms = 80
latency_p95_ms = 300
TOML
"$build/fuwu-supplier-sim" --config "$work/suppliers.toml" --listen 127.0.0.1:0 --port-file "$work/sim.port" >"$work/sim.out" 2>&1 &
pids+=($!)
wait_for_file "$work/sim.port"
sim="http://127.0.0.1:$(cat "$work/sim.port")"
date=$(date -u -d '+30 days' +%F)

run() {  # run <label> <hedging true|false>
  local label=$1 hedging=$2 dir="$work/$1"
  mkdir -p "$dir"
  "$build/fuwu" serve --demo --db "$dir/fuwu.db" --listen 127.0.0.1:0 --port-file "$dir/port" \
    --set server.access_log=false --set log.level=warn --set storage.data_dir="$dir/data" \
    --set storage.secret_key_file="$dir/key" --set travel.hedging="$hedging" \
    --set travel.cache_ms="${BENCH_CACHE_MS:-0}" ${BENCH_SERVER_SETTINGS:-} >"$dir/out" 2>&1 &
  local pid=$!
  pids+=($pid)
  wait_for_file "$dir/port"
  local base="http://127.0.0.1:$(cat "$dir/port")"
  for _ in $(seq 1 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
  local op token
  op=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"operator@fuwu.demo","password":"Fuwu-demo-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  # The demo airline suppliers point at this simulator; two more join them.
  for name in hangyun-air xunjie-air; do
    curl -sf -X POST "$base/api/v1/suppliers" -H "authorization: Bearer $op" -H 'content-type: application/json' \
      -d "{\"name\":\"$name\",\"category\":\"airline\",\"api_endpoint\":\"$sim/suppliers/$name\",\"region_code\":\"110108\",\"requests_per_second\":$rps}" >/dev/null
  done
  curl -sf "$base/api/v1/suppliers?category=airline&limit=50" -H "authorization: Bearer $op" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const x of JSON.parse(s).items)
      if(x.api_endpoint.includes("127.0.0.1:8091/suppliers/"))console.log(x.id, x.api_endpoint.split("/suppliers/")[1])})' |
    while read -r id name; do
      etag=$(curl -sfI "$base/api/v1/suppliers/$id" -H "authorization: Bearer $op" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
      curl -sf -X PATCH "$base/api/v1/suppliers/$id" -H "authorization: Bearer $op" -H "if-match: $etag" \
        -H 'content-type: application/json' -d "{\"api_endpoint\":\"$sim/suppliers/$name\",\"requests_per_second\":$rps}" >/dev/null
    done
  token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"li.wei@xingyun.demo","password":"Fuwu-demo-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  local before after out
  requests() { curl -sf "$sim/suppliers" | grep -oE '"requests":[0-9]+' | awk -F: '{s+=$2} END {print s}'; }
  before=$(requests)
  out=$(FUWU_TOKEN=$token FUWU_SEARCH_DATE=$date wrk -t2 -c200 -d"$duration" --timeout 10s --latency \
    -s bench/search_load.lua "$base/api/v1/travel/searches")
  after=$(requests)
  local total p50 p99 non2xx
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  printf '| %s | %s | %s | %s | %s | %.2f |\n' "$label" "$total" "$p50" "$p99" "${non2xx:-0}" \
    "$(awk -v a="$after" -v b="$before" -v n="$total" 'BEGIN {print (a-b)/n}')"
  grep '^server elapsed_ms' <<<"$out" | sed "s/^/<!-- $label: /; s/\$/ -->/" >&2
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "fuwu search load — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c200 -d$duration, hard deadline 1,500 ms"
echo
echo "| run | searches | p50 | p99 | non-2xx | supplier requests per search |"
echo "|---|---|---|---|---|---|"
run "hedging on" true
run "hedging off" false
