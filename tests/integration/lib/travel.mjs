// Shared by the travel integration tests: the supplier simulator playing the demo suppliers, the
// demo suppliers re-pointed at it, dates in China time and the cheapest compliant offer.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FUWU_SIM_BIN, listAll, makeTempDir, startListening } from './harness.mjs';

// Every demo supplier (src/app/demo_registry.cpp names their endpoints), fast and without faults, so
// that searches and bookings are deterministic. The two car suppliers sell every ride.
export const DEMO_SUPPLIERS = `seed = 23
[[supplier]]
name = "yunyi-air"
kind = "air"
service_fee_fen = 3000
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "tianhang-air"
kind = "air"
price_bp = 9700
service_fee_fen = 5000
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "jieyun-air"
kind = "air"
price_bp = 10200
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "jincheng-hotel"
kind = "hotel"
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "lvju-hotel"
kind = "hotel"
price_bp = 9600
service_fee_fen = 1500
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "changxing-rail"
kind = "rail"
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "changtu-car"
kind = "car"
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "yixing-car"
kind = "car"
price_bp = 9300
service_fee_fen = 800
latency_median_ms = 5
latency_p95_ms = 20
`;

// Starts fuwu-supplier-sim with `config` (TOML, default the demo suppliers without faults) in a new
// temp dir named with `prefix`; it is stopped by t's after hook.
export async function startSimulator(t, { config = DEMO_SUPPLIERS, prefix = 'fuwu-it-sim-' } = {}) {
  const dir = makeTempDir(prefix);
  const file = path.join(dir, 'suppliers.toml');
  writeFileSync(file, config);
  const sim = await startListening({ bin: FUWU_SIM_BIN, args: ['--config', file], dir, readyPath: '/healthz' });
  t.after(() => sim.stop());
  return sim;
}

// Points every demo supplier of the registry at `sim` (as the operator `op`); returns the suppliers.
export async function pointSuppliersAt(srv, op, sim) {
  const suppliers = await listAll(srv, '/api/v1/suppliers', op);
  for (const s of suppliers) {
    const name = s.api_endpoint.split('/suppliers/')[1];
    const current = await srv.api('GET', `/api/v1/suppliers/${s.id}`, { token: op });
    const r = await srv.api('PATCH', `/api/v1/suppliers/${s.id}`, {
      token: op, headers: { 'if-match': current.headers.get('etag') }, body: { api_endpoint: `${sim.url}/suppliers/${name}` },
    });
    assert.equal(r.status, 200, r.text);
  }
  return suppliers;
}

// A date `days` from today, as YYYY-MM-DD in China (UTC+8 all year).
export function daysAhead(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

// This month in China, YYYY-MM.
export function monthInChina() {
  return daysAhead(0).slice(0, 7);
}

// Minutes after midnight now, in China.
export function minuteInChina() {
  const now = new Date(Date.now() + 8 * 3600_000);
  return now.getUTCHours() * 60 + now.getUTCMinutes();
}

// The cheapest compliant offer of a search answer, at its cheapest supplier.
export function cheapest(r) {
  const offer = r.body.offers.find((o) => o.cheapest_compliant);
  assert.ok(offer, `a compliant offer in ${r.text.slice(0, 300)}`);
  return { offer, price: offer.prices[0] };
}
