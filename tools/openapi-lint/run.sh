#!/usr/bin/env bash
# Lints docs/openapi.json with Redocly CLI. Installs the pinned linter with `npm ci` only when
# node_modules is missing or older than package-lock.json. Runs offline once installed.
# Exit code: 0 when the document has no lint errors, non-zero otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# No usage data and no update check: the lint must not touch the network.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_NOTIFICATIONS=true
exec npm run --silent lint
