// Real-time comparison end to end: fuwu fans a traveller's search out over HTTP to the supplier
// simulator (a separate process playing the demo suppliers), merges the same flights and hotels
// from several suppliers, evaluates the traveller's policy on every offer, and says which
// supplier is missing and why — on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, FUWU_SIM_BIN, OPERATOR, PROVIDER_ADMIN, listAll, makeTempDir, startListening,
  startOnBackend,
} from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';

// The demo suppliers, one of them hanging (src/app/demo_registry.cpp names their endpoints).
const SUPPLIERS = `seed = 11
[[supplier]]
name = "yunyi-air"
kind = "air"
price_bp = 10000
service_fee_fen = 3000
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "tianhang-air"
kind = "air"
price_bp = 9700
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "jieyun-air"
kind = "air"
hang_pct = 100
[[supplier]]
name = "jincheng-hotel"
kind = "hotel"
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "lvju-hotel"
kind = "hotel"
price_bp = 9600
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "changxing-rail"
kind = "rail"
latency_median_ms = 5
latency_p95_ms = 20
`;

// A date some weeks ahead, as YYYY-MM-DD in China.
function daysAhead(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

for (const backend of BACKENDS) {
  test(`travel search across suppliers [${backend.name}]`, { timeout: 180_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const dir = makeTempDir('fuwu-it-search-');
    const config = path.join(dir, 'suppliers.toml');
    writeFileSync(config, SUPPLIERS);
    const sim = await startListening({ bin: FUWU_SIM_BIN, args: ['--config', config], dir, readyPath: '/healthz' });
    t.after(() => sim.stop());
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    // Point the demo suppliers at this simulator.
    for (const s of await listAll(srv, '/api/v1/suppliers', op)) {
      const name = s.api_endpoint.split('/suppliers/')[1];
      const current = await srv.api('GET', `/api/v1/suppliers/${s.id}`, { token: op });
      const r = await srv.api('PATCH', `/api/v1/suppliers/${s.id}`, {
        token: op, headers: { 'if-match': current.headers.get('etag') }, body: { api_endpoint: `${sim.url}/suppliers/${name}` },
      });
      assert.equal(r.status, 200, r.text);
    }
    const traveller = await srv.login(EMPLOYEE);  // li.wei: grade P5, the staff class
    const search = (body, token = traveller) => srv.api('POST', '/api/v1/travel/searches', { token, body });
    const date = daysAhead(21);

    await t.test('a flight search merges the suppliers and drops the hanging one in time', async () => {
      const started = Date.now();
      const r = await search({ kind: 'flight', origin: '1101', destination: 'PVG', date, preferred_time: '09:00' });
      const took = Date.now() - started;
      assert.equal(r.status, 201, r.text);
      assert.ok(took < 1_500 + 1_000, `${took} ms: the hard deadline bounds the search`);
      assert.equal(r.body.suppliers_asked, 3);
      assert.deepEqual(r.body.missing_suppliers.map((m) => m.reason), ['timeout']);
      assert.match(r.body.missing_suppliers[0].supplier_name, /捷运机票/);
      assert.equal(r.body.rule_class, 'staff');
      const offers = r.body.offers;
      assert.ok(offers.length >= 20, `${offers.length} offers`);
      // One product, two suppliers' prices, cheapest first.
      const both = offers.filter((o) => o.prices.length === 2);
      assert.ok(both.length > 0);
      for (const o of both) assert.ok(o.prices[0].total_fen <= o.prices[1].total_fen);
      // The marks and the verdicts.
      assert.equal(offers.filter((o) => o.cheapest_compliant).length, 1);
      const marked = offers.find((o) => o.lowest_logical);
      assert.ok(marked, 'an economy flight near 09:00 holds the lowest logical fare');
      assert.equal(marked.prices[0].total_fen, r.body.lowest_logical_fare_fen);
      const business = offers.find((o) => o.cabin === 'business');
      assert.equal(business.outcome, 'block');  // staff fly economy
      assert.ok(business.verdicts.some((v) => v.rule === 'flight_cabin' && v.broken && v.reason_zh.includes('经济舱')));
      // The stored search reads back the same.
      const stored = await srv.api('GET', `/api/v1/travel/searches/${r.body.id}`, { token: traveller });
      assert.equal(stored.status, 200, stored.text);
      assert.deepEqual(stored.body.offers, offers);
    });

    await t.test('hotels and trains', async () => {
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: date, check_out: daysAhead(23) });
      assert.equal(hotels.status, 201, hotels.text);
      assert.deepEqual(hotels.body.missing_suppliers, []);
      assert.ok(hotels.body.offers.every((o) => o.nights === 2));
      assert.ok(hotels.body.offers.some((o) => o.outcome === 'employee_pays_excess' && o.employee_pays_fen > 0));
      const trains = await search({ kind: 'train', origin: '3101', destination: '3301', date });
      assert.equal(trains.status, 201, trains.text);
      assert.ok(trains.body.offers.some((o) => o.seat_class === 'second' && o.compliant));
      assert.ok(trains.body.offers.some((o) => o.seat_class === 'business' && o.outcome === 'needs_approval'));
    });

    await t.test('bad searches are refused naming each field', async () => {
      assertInvalid(await search({ kind: 'flight', origin: 'XXX', destination: '3101', date: '2020-01-01' }),
                    ['origin', 'date']);
      assertInvalid(await search({ kind: 'flight', origin: 'PEK', destination: '1101', date }), ['destination']);
      assertInvalid(await search({ kind: 'hotel', city: '3101', check_in: date, check_out: date }), ['check_out']);
      assertInvalid(await search({ kind: 'flight', origin: 'PEK', destination: 'SHA', date, preferred_time: '25:00' }),
                    ['preferred_time']);
      assertInvalid(await search({ kind: 'boat' }), ['kind']);
      assertInvalid(await search({ kind: 'train', origin: '3101', destination: '3301', date, colour: 'red' }), ['colour']);
    });

    await t.test('searches belong to their traveller and company', async () => {
      const mine = await search({ kind: 'train', origin: '3101', destination: '3301', date });
      const other = await srv.login('liu.yang@huida.demo');
      assertProblem(await srv.api('GET', `/api/v1/travel/searches/${mine.body.id}`, { token: other }), 404);
      const admin = await srv.login(CLIENT_ADMIN);  // the company's travel manager sees it
      assert.equal((await srv.api('GET', `/api/v1/travel/searches/${mine.body.id}`, { token: admin })).status, 200);
      assertProblem(await search({ kind: 'train', origin: '3101', destination: '3301', date },
                                 await srv.login(PROVIDER_ADMIN)), 403);
      assertProblem(await srv.api('GET', '/api/v1/travel/searches/999999', { token: traveller }), 404);
    });
  });
}
