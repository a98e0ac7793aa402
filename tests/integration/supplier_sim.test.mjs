// The travel supplier simulator, fuwu-supplier-sim, as a black box over HTTP: the supplier list,
// flight/hotel/train searches answered from one catalogue by several suppliers at their own prices
// (一品多供), determinism under a seed, confirm → book → replay → cancel, every simulated fault
// (errors, malformed and oversized bodies, hangs, latency, price changes, sold-out offers), bad
// requests and bad configuration files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  FUWU_SIM_BIN, makeTempDir, removeTempDir, request, run, startListening, within,
} from './lib/harness.mjs';

// ---------------------------------------------------------------------------------------------
// Configuration files

// Every field of a [[supplier]] table, with quiet defaults: no faults, ~1 ms latency.
const QUIET = {
  display_name: '', price_bp: 10_000, service_fee_fen: 0, coverage_pct: 100,
  latency_median_ms: 0, latency_p95_ms: 0, error_pct: 0, hang_pct: 0, malformed_pct: 0,
  oversized_pct: 0, sold_out_pct: 0, price_change_pct: 0,
};

function toml(seed, suppliers) {
  const lines = [`seed = ${seed}`];
  for (const s of suppliers) {
    lines.push('', '[[supplier]]');
    for (const [key, value] of Object.entries({ ...QUIET, ...s }))
      lines.push(`${key} = ${typeof value === 'string' ? JSON.stringify(value) : value}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeConfig(dir, name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// A calm marketplace: two air suppliers selling everything at different price levels, one that
// sells about half, a hotel group and a rail agent.
const MARKET = [
  { name: 'air-a', kind: 'air', display_name: '云翼航空票务', price_bp: 10_000, service_fee_fen: 3_000 },
  { name: 'air-b', kind: 'air', display_name: '天航商旅', price_bp: 15_000 },
  { name: 'air-c', kind: 'air', display_name: '捷运机票', coverage_pct: 50 },
  { name: 'hotel-a', kind: 'hotel', display_name: '锦程酒店集团', service_fee_fen: 1_500 },
  { name: 'rail-a', kind: 'rail', display_name: '畅行铁路票务', service_fee_fen: 500 },
];

// One supplier per fault, each at 100 %.
const FAULTY = [
  { name: 'err', kind: 'air', error_pct: 100 },
  { name: 'mal', kind: 'air', malformed_pct: 100 },
  { name: 'big', kind: 'air', oversized_pct: 100 },
  { name: 'hang', kind: 'air', hang_pct: 100 },
  { name: 'reprice', kind: 'air', service_fee_fen: 2_000, price_change_pct: 100 },
  { name: 'gone', kind: 'hotel', sold_out_pct: 100 },
  { name: 'slow', kind: 'air', latency_median_ms: 300, latency_p95_ms: 400 },
];

// ---------------------------------------------------------------------------------------------
// Helpers

// YYYY-MM-DD, `days` from today.
function dayFromNow(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
const DATE = dayFromNow(30);
const CHECK_OUT = dayFromNow(32);

// Runs in the configuration file's (temporary) directory, where its port file goes too.
function startSim(configFile, args = []) {
  return startListening({
    bin: FUWU_SIM_BIN, args: ['--config', configFile, ...args], dir: path.dirname(configFile), readyPath: '/healthz',
  });
}

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.ok(r.body && typeof r.body === 'object', `problem body is JSON: ${r.text}`);
  assert.equal(r.body.code, code, `code in ${r.text}`);
  assert.equal(typeof r.body.detail, 'string');
  return r.body;
}

function assertOk(r, status = 200) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && typeof r.body === 'object', `JSON body: ${r.text}`);
  return r.body;
}

const flightSearch = { origin: 'PEK', destination: '3101', date: DATE };
const hotelSearch = { city: '3101', check_in: DATE, check_out: CHECK_OUT };
const trainSearch = { origin: '3101', destination: '3301', date: DATE };

async function search(sim, supplier, product, body) {
  const r = await sim.api('POST', `/suppliers/${supplier}/${product}/search`, { body });
  const answer = assertOk(r);
  assert.equal(answer.supplier, supplier);
  assert.equal(answer.currency, 'CNY');
  assert.ok(Array.isArray(answer.offers), r.text);
  return { ...answer, text: r.text };
}

const minutesBetween = (from, to) => (Date.parse(to) - Date.parse(from)) / 60_000;

// ---------------------------------------------------------------------------------------------

test('supplier simulator: catalogue, prices and bookings', { timeout: 60_000 }, async (t) => {
  const dir = makeTempDir('fuwu-it-sim-');
  const marketConfig = writeConfig(dir, 'market.toml', toml(7, MARKET));
  const sim = await startSim(marketConfig);
  t.after(async () => {
    await sim.stop(5_000);
    removeTempDir(dir);
  });

  await t.test('GET /suppliers lists the configured suppliers; GET /healthz', async () => {
    const list = assertOk(await sim.api('GET', '/suppliers'));
    assert.deepEqual(list, {
      // `requests`: what each supplier has answered so far (none yet).
      items: MARKET.map(({ name, kind, display_name }) => ({ name, kind, display_name, requests: 0 }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
    assert.deepEqual(assertOk(await sim.api('GET', '/healthz')), { status: 'ok' });
    assert.match(sim.stdout, /5 suppliers on http:\/\/127\.0\.0\.1:\d+ \(seed 7\)/);
  });

  await t.test('one product, many suppliers: the same flights at each supplier\'s price level', async () => {
    const a = await search(sim, 'air-a', 'flights', flightSearch);
    const b = await search(sim, 'air-b', 'flights', flightSearch);
    const c = await search(sim, 'air-c', 'flights', flightSearch);
    // Beijing–Shanghai is a busy route: at least ten flights a day, economy and business each.
    assert.ok(a.offers.length >= 20, `${a.offers.length} offers`);
    const keys = (s) => s.offers.map((o) => o.offer_key).sort();
    assert.deepEqual(keys(b), keys(a), 'coverage 100 → the same offer_key set');
    assert.equal(new Set(keys(a)).size, a.offers.length, 'offer keys are unique');
    // Coverage 50: a real, non-empty subset.
    assert.ok(c.offers.length > 0 && c.offers.length < a.offers.length, `${c.offers.length} of ${a.offers.length}`);
    for (const key of keys(c)) assert.ok(keys(a).includes(key), key);

    const byKey = new Map(b.offers.map((o) => [o.offer_key, o]));
    const ratios = [];
    for (const o of a.offers) {
      const other = byKey.get(o.offer_key);
      const ratio = other.price_fen / o.price_fen;
      ratios.push(ratio);
      // price_bp 15000 vs 10000, each supplier ±4 % around its level.
      assert.ok(ratio >= 1.38 && ratio <= 1.63, `${o.offer_key}: ${other.price_fen} / ${o.price_fen} = ${ratio}`);
      assert.equal(other.flight_number, o.flight_number);
      assert.equal(other.departure_at, o.departure_at);
    }
    const mean = ratios.reduce((x, y) => x + y, 0) / ratios.length;
    assert.ok(Math.abs(mean - 1.5) < 0.05, `mean price ratio ${mean}`);

    for (const [s, fee] of [[a, 3_000], [b, 0]]) {
      for (const o of s.offers) {
        const what = `${s.supplier} ${o.offer_key}`;
        assert.equal(o.fee_fen, fee, what);
        assert.equal(o.total_fen, o.price_fen + o.fee_fen, what);
        assert.ok(Number.isInteger(o.price_fen) && o.price_fen > 0 && o.price_fen % 100 === 0, `${what}: whole yuan`);
        assert.ok(o.quote_id.startsWith(`q.${s.supplier}.`), o.quote_id);
        assert.match(o.offer_key, new RegExp(`^${o.flight_number}\\|${DATE}\\|(economy|business|first)$`));
        assert.match(o.flight_number, /^[A-Z0-9]{2}\d{4}$/);
        assert.equal(o.carrier, o.flight_number.slice(0, 2));
        assert.equal(o.origin_airport, 'PEK');
        assert.ok(['PVG', 'SHA'].includes(o.destination_airport), o.destination_airport);
        assert.equal(o.origin_city, '1101');
        assert.equal(o.destination_city, '3101');
        assert.ok(o.departure_at.startsWith(`${DATE}T`) && o.departure_at.endsWith('+08:00'), o.departure_at);
        assert.ok(Date.parse(o.departure_at) < Date.parse(o.arrival_at), `${o.departure_at} < ${o.arrival_at}`);
        assert.equal(minutesBetween(o.departure_at, o.arrival_at), o.duration_minutes, what);
        assert.ok(o.duration_minutes >= 110 && o.duration_minutes <= 160, `${what}: ${o.duration_minutes} min`);
        assert.ok(o.seats_left > 0, what);
      }
    }
  });

  await t.test('deterministic under a seed', async (t2) => {
    const first = await search(sim, 'air-a', 'flights', flightSearch);
    const hotels = await search(sim, 'hotel-a', 'hotels', hotelSearch);
    const otherConfig = writeConfig(dir, 'market-8.toml', toml(8, MARKET));
    const [again, other, overridden] = await Promise.all([
      startSim(marketConfig), startSim(otherConfig), startSim(marketConfig, ['--seed', '8']),
    ]);
    t2.after(() => Promise.all([again, other, overridden].map((p) => p.stop(5_000))));

    // Same seed, new process: byte for byte the same answers.
    assert.equal((await search(again, 'air-a', 'flights', flightSearch)).text, first.text);
    assert.equal((await search(again, 'hotel-a', 'hotels', hotelSearch)).text, hotels.text);

    // Another seed: another timetable.
    const seed8 = await search(other, 'air-a', 'flights', flightSearch);
    assert.notEqual(seed8.text, first.text);
    const numbers = (s) => [...new Set(s.offers.map((o) => o.flight_number))].sort();
    assert.notDeepEqual(numbers(seed8), numbers(first));
    assert.notDeepEqual(seed8.offers.map((o) => o.quote_id), first.offers.map((o) => o.quote_id));
    // A quote of seed 7 means nothing to a simulator on seed 8.
    assertProblem(await other.api('POST', '/suppliers/air-a/quotes/confirm', { body: { quote_id: first.offers[0].quote_id } }),
                  404, 'unknown_quote');

    // --seed overrides the file's seed.
    assert.match(overridden.stdout, /\(seed 8\)/);
    assert.equal((await search(overridden, 'air-a', 'flights', flightSearch)).text, seed8.text);
  });

  await t.test('hotels: two nights at the nightly price; trains: G fast, conventional slow', async () => {
    const h = await search(sim, 'hotel-a', 'hotels', hotelSearch);
    // Shanghai is a first-tier city: 16 hotels, two or three room types each.
    const hotelIds = [...new Set(h.offers.map((o) => o.hotel_id))].sort();
    assert.deepEqual(hotelIds, Array.from({ length: 16 }, (_, i) => `H3101-${String(i + 1).padStart(2, '0')}`));
    assert.ok(h.offers.length >= 32 && h.offers.length <= 48, `${h.offers.length} offers`);
    for (const o of h.offers) {
      const what = `${o.offer_key}: ${JSON.stringify(o)}`;
      assert.equal(o.city, '3101');
      assert.equal(o.check_in, DATE);
      assert.equal(o.nights, 2);
      assert.equal(o.offer_key, `${o.hotel_id}|${o.room_type}|${DATE}|2`);
      assert.ok(['standard_twin', 'king', 'executive_suite'].includes(o.room_type), what);
      assert.ok(o.stars >= 2 && o.stars <= 5, what);
      if (o.room_type === 'executive_suite') assert.ok(o.stars >= 4, what);
      assert.equal(o.breakfast, o.stars >= 4, what);
      assert.equal(o.free_cancellation, true);
      assert.equal(o.fee_fen, 1_500);
      assert.equal(o.total_fen, o.price_fen + 1_500, what);
      // Both prices are rounded to whole yuan: two nights are twice the nightly price ± 1 yuan.
      assert.ok(Math.abs(o.price_fen - 2 * o.nightly_fen) <= 100, what);
      assert.ok(o.nightly_fen >= 10_000, what);
    }

    const r = await search(sim, 'rail-a', 'trains', trainSearch);
    const fast = r.offers.filter((o) => o.train_type === 'high_speed');
    const slow = r.offers.filter((o) => o.train_type === 'conventional');
    const g = fast.filter((o) => o.train_number.startsWith('G'));
    assert.ok(g.length > 0 && slow.length > 0, `${g.length} G and ${slow.length} conventional offers`);
    for (const o of r.offers) {
      const what = `${o.offer_key}: ${JSON.stringify(o)}`;
      assert.equal(o.origin_city, '3101');
      assert.equal(o.destination_city, '3301');
      assert.equal(o.origin_station, '上海虹桥');
      assert.equal(o.destination_station, '杭州东');
      assert.equal(o.offer_key, `${o.train_number}|${DATE}|${o.seat_class}`);
      assert.equal(minutesBetween(o.departure_at, o.arrival_at), o.duration_minutes, what);
      assert.equal(o.fee_fen, 500);
      assert.equal(o.total_fen, o.price_fen + 500, what);
      if (o.train_type === 'high_speed') {
        assert.match(o.train_number, /^[GD]\d+$/);
        assert.ok(['business', 'first', 'second'].includes(o.seat_class), what);
      } else {
        assert.match(o.train_number, /^[KTZ]\d+$/);
        assert.ok(['soft_sleeper', 'hard_sleeper', 'hard_seat'].includes(o.seat_class), what);
      }
    }
    for (const o of g) assert.ok(o.duration_minutes < 90, `${o.train_number}: ${o.duration_minutes} min`);
    const slowest = Math.max(...fast.map((o) => o.duration_minutes));
    for (const o of slow)
      assert.ok(o.duration_minutes > slowest, `${o.train_number}: ${o.duration_minutes} min, high-speed at most ${slowest}`);
    // Within a train, the better seat costs more.
    const second = g.find((o) => o.seat_class === 'second');
    const business = g.find((o) => o.train_number === second.train_number && o.seat_class === 'business');
    assert.ok(business.price_fen > second.price_fen * 2, `${business.price_fen} vs ${second.price_fen}`);
  });

  await t.test('confirm, book, replay, price mismatch, forged quotes, cancel', async () => {
    const offer = (await search(sim, 'air-a', 'flights', flightSearch)).offers[0];
    const { quote_id: quoteId, price_fen: price, total_fen: total } = offer;

    const confirmed = assertOk(await sim.api('POST', '/suppliers/air-a/quotes/confirm', { body: { quote_id: quoteId } }));
    assert.deepEqual(confirmed, { status: 'available', quote_id: quoteId, price_fen: price, fee_fen: 3_000, total_fen: total });

    const bookingBody = { quote_id: quoteId, expected_total_fen: total, client_reference: 'trip-1', traveller_name: '李伟' };
    const booked = assertOk(await sim.api('POST', '/suppliers/air-a/bookings', { body: bookingBody }), 201);
    assert.match(booked.booking_id, /^B-air-a-\d+$/);
    assert.deepEqual(booked, { booking_id: booked.booking_id, status: 'confirmed', offer_key: offer.offer_key, total_fen: total });

    const replay = assertOk(await sim.api('POST', '/suppliers/air-a/bookings', { body: bookingBody }));
    assert.deepEqual(replay, { booking_id: booked.booking_id, status: 'confirmed', total_fen: total, replayed: true });

    const mismatch = assertProblem(await sim.api('POST', '/suppliers/air-a/bookings', {
      body: { ...bookingBody, client_reference: 'trip-2', expected_total_fen: total - 100 },
    }), 409, 'price_mismatch');
    assert.match(mismatch.detail, new RegExp(`${total - 100}.*${total}`));
    // The refused booking left nothing behind: the same reference books afresh.
    const second = assertOk(await sim.api('POST', '/suppliers/air-a/bookings', {
      body: { ...bookingBody, client_reference: 'trip-2' },
    }), 201);
    assert.notEqual(second.booking_id, booked.booking_id);
    // A reference already used for another quote is refused, not answered with the old booking.
    const otherOffer = (await search(sim, 'air-a', 'flights', flightSearch)).offers[1];
    assertProblem(await sim.api('POST', '/suppliers/air-a/bookings', {
      body: { quote_id: otherOffer.quote_id, expected_total_fen: otherOffer.total_fen, client_reference: 'trip-1',
              traveller_name: '李伟' },
    }), 409, 'client_reference_reused');

    // Quote ids are opaque but signed (today "q.<supplier>.<hex key>.<price>.<check>", see
    // tools/supplier_sim/supplier.hpp): a lower price, another supplier's name or an invented id
    // are unknown.
    const parts = quoteId.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[3], String(price));
    const cheaper = [...parts.slice(0, 3), String(price - 10_000), parts[4]].join('.');
    const otherSupplier = ['q', 'air-b', ...parts.slice(2)].join('.');
    for (const forged of [cheaper, otherSupplier, 'q.air-a.00.100.1', 'not-a-quote']) {
      assertProblem(await sim.api('POST', '/suppliers/air-a/quotes/confirm', { body: { quote_id: forged } }),
                    404, 'unknown_quote');
      assertProblem(await sim.api('POST', '/suppliers/air-a/bookings', {
        body: { ...bookingBody, quote_id: forged, client_reference: `forged-${forged}` },
      }), 404, 'unknown_quote');
    }
    // A quote is only good at the supplier that gave it.
    assertProblem(await sim.api('POST', '/suppliers/air-b/quotes/confirm', { body: { quote_id: quoteId } }),
                  404, 'unknown_quote');

    // Flights refund 90 % of the total, in whole yuan; cancelling twice refunds nothing more.
    const cancelled = assertOk(await sim.api('POST', `/suppliers/air-a/bookings/${booked.booking_id}/cancel`));
    assert.deepEqual(cancelled, {
      booking_id: booked.booking_id, status: 'cancelled', refund_fen: Math.floor((total * 9) / 10 / 100) * 100,
    });
    assert.deepEqual(assertOk(await sim.api('POST', `/suppliers/air-a/bookings/${booked.booking_id}/cancel`)),
                     { booking_id: booked.booking_id, status: 'cancelled', refund_fen: 0 });
    // A replay after cancelling shows the cancellation.
    assert.equal(assertOk(await sim.api('POST', '/suppliers/air-a/bookings', { body: bookingBody })).status, 'cancelled');
    // Another supplier's booking, or none at all.
    assertProblem(await sim.api('POST', `/suppliers/air-b/bookings/${second.booking_id}/cancel`), 404, 'unknown_booking');
    assertProblem(await sim.api('POST', '/suppliers/air-a/bookings/B-air-a-999999/cancel'), 404, 'unknown_booking');

    // Hotels refund in full, fee included.
    const room = (await search(sim, 'hotel-a', 'hotels', hotelSearch)).offers[0];
    const stay = assertOk(await sim.api('POST', '/suppliers/hotel-a/bookings', {
      body: { quote_id: room.quote_id, expected_total_fen: room.total_fen, client_reference: 'stay-1', traveller_name: 'Wang Fang' },
    }), 201);
    assert.deepEqual(assertOk(await sim.api('POST', `/suppliers/hotel-a/bookings/${stay.booking_id}/cancel`)),
                     { booking_id: stay.booking_id, status: 'cancelled', refund_fen: room.total_fen });
  });

  await t.test('bad input', async () => {
    assertProblem(await sim.api('POST', '/suppliers/nope/flights/search', { body: flightSearch }), 404, 'unknown_supplier');
    assertProblem(await sim.api('GET', '/nowhere'), 404, 'no_route');
    assertProblem(await sim.api('POST', '/suppliers/air-a/cars/search', { body: flightSearch }), 404, 'no_route');
    assertProblem(await sim.api('GET', '/suppliers/air-a'), 404, 'no_route');
    assertProblem(await sim.api('DELETE', '/suppliers/air-a/bookings'), 405, 'method_not_allowed');
    // Dates in the past.
    assertProblem(await sim.api('POST', '/suppliers/air-a/flights/search',
                                { body: { ...flightSearch, date: '2020-01-01' } }), 422, 'invalid_request');
    assertProblem(await sim.api('POST', '/suppliers/hotel-a/hotels/search',
                                { body: { ...hotelSearch, check_in: '2020-01-01' } }), 422, 'invalid_request');

    // Wrong product for the supplier.
    assertProblem(await sim.api('POST', '/suppliers/air-a/hotels/search', { body: hotelSearch }), 404, 'not_sold');
    assertProblem(await sim.api('POST', '/suppliers/hotel-a/flights/search', { body: flightSearch }), 404, 'not_sold');
    assertProblem(await sim.api('POST', '/suppliers/rail-a/flights/search', { body: flightSearch }), 404, 'not_sold');

    for (const raw of ['{"origin": "PEK"', 'not json', '[1, 2]', '"PEK"'])
      assertProblem(await sim.api('POST', '/suppliers/air-a/flights/search', { rawBody: raw }), 400, 'malformed_json');
    // Bodies are limited to 64 KiB.
    const padded = JSON.stringify({ ...flightSearch, padding: 'x'.repeat(70_000) });
    assertProblem(await sim.api('POST', '/suppliers/air-a/flights/search', { rawBody: padded }), 413, 'payload_too_large');

    const invalid = [
      ['air-a', 'flights', {}],
      ['air-a', 'flights', { origin: 'PEK', destination: '3101' }],
      ['air-a', 'flights', { origin: 'PEK', date: DATE }],
      ['air-a', 'flights', { origin: 'PEK', destination: '9999', date: DATE }],
      ['air-a', 'flights', { origin: 'XXX', destination: '3101', date: DATE }],
      ['air-a', 'flights', { origin: 'PEK', destination: '3101', date: '2027-02-30' }],
      ['air-a', 'flights', { origin: 'PEK', destination: '3101', date: 20270101 }],
      ['rail-a', 'trains', { origin: '3101', destination: '0000', date: DATE }],
      ['hotel-a', 'hotels', { city: '3101', check_in: DATE }],
      ['hotel-a', 'hotels', { city: '9999', check_in: DATE, check_out: CHECK_OUT }],
      ['hotel-a', 'hotels', { city: '3101', check_in: CHECK_OUT, check_out: DATE }],
      ['hotel-a', 'hotels', { city: '3101', check_in: DATE, check_out: DATE }],
      ['hotel-a', 'hotels', { city: '3101', check_in: DATE, check_out: dayFromNow(30 + 31) }],
    ];
    for (const [supplier, product, body] of invalid) {
      const r = await sim.api('POST', `/suppliers/${supplier}/${product}/search`, { body });
      assertProblem(r, 422, 'invalid_request');
    }
    const quote = (await search(sim, 'air-a', 'flights', flightSearch)).offers[0];
    assertProblem(await sim.api('POST', '/suppliers/air-a/quotes/confirm', { body: {} }), 422, 'invalid_request');
    assertProblem(await sim.api('POST', '/suppliers/air-a/quotes/confirm', { body: { quote_id: 7 } }), 422, 'invalid_request');
    const full = { quote_id: quote.quote_id, expected_total_fen: quote.total_fen, client_reference: 'bad-1', traveller_name: 'Li' };
    for (const field of Object.keys(full)) {
      const { [field]: _, ...missing } = full;
      assertProblem(await sim.api('POST', '/suppliers/air-a/bookings', { body: missing }), 422, 'invalid_request');
    }
    for (const wrong of [{ expected_total_fen: '990' }, { expected_total_fen: 990.5 }, { client_reference: '' }])
      assertProblem(await sim.api('POST', '/suppliers/air-a/bookings', { body: { ...full, ...wrong } }), 422, 'invalid_request');
  });

  await t.test('a bad configuration file stops the process with a message naming the key', async () => {
    const cases = [
      ['top-level.toml', `colour = "red"\n${toml(1, [MARKET[0]])}`, /unknown key colour/],
      ['supplier-key.toml', toml(1, [{ ...MARKET[0], price_bps: 12_000 }]), /unknown supplier key price_bps/],
      ['kind.toml', toml(1, [{ ...MARKET[0], kind: 'bus' }]), /kind must be air, hotel, rail or car/],
      ['price.toml', toml(1, [{ ...MARKET[0], price_bp: 500 }]), /price_bp must be 1000 to 100000/],
      ['type.toml', toml(1, [{ ...MARKET[0], coverage_pct: '50' }]), /coverage_pct must be a whole number/],
      ['latency.toml', toml(1, [{ ...MARKET[0], latency_median_ms: 300, latency_p95_ms: 100 }]), /latency_p95_ms/],
      ['twice.toml', toml(1, [MARKET[0], MARKET[0]]), /air-a: the name is used twice/],
      ['percent.toml', toml(1, [{ ...MARKET[0], error_pct: 60, hang_pct: 60 }]), /add up to more than 100/],
      ['syntax.toml', 'seed = \n', /syntax\.toml/],
    ];
    await Promise.all(cases.map(async ([name, text, message]) => {
      const file = writeConfig(dir, name, text);
      const r = await run(FUWU_SIM_BIN, ['--config', file, '--listen', '127.0.0.1:0'], { allowFailure: true, timeoutMs: 10_000 });
      assert.equal(r.code, 2, `${name}: exit ${r.code}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.match(r.stderr, /^fuwu-supplier-sim: /, name);
      assert.equal(r.stdout, '', name);
    }));
  });

  await t.test('a number too large for the field is refused, not wrapped', async () => {
    const file = writeConfig(dir, 'overflow.toml', toml(1, [{ ...MARKET[0], price_bp: 2 ** 32 + 10_000 }]));
    const r = await run(FUWU_SIM_BIN, ['--config', file, '--listen', '127.0.0.1:0'], { allowFailure: true, timeoutMs: 1_500 });
    assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /price_bp/);
  });

  await t.test('--listen with a port that is not a number from 0 to 65535 is refused', async () => {
    for (const listen of ['127.0.0.1:abc', '127.0.0.1:70000']) {
      const r = await run(FUWU_SIM_BIN, ['--config', marketConfig, '--listen', listen], { allowFailure: true, timeoutMs: 1_500 });
      assert.equal(r.code, 2, `--listen ${listen}: exit ${r.code}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /--listen/);
    }
  });
});

test('supplier simulator: faults', { timeout: 60_000 }, async (t) => {
  const dir = makeTempDir('fuwu-it-sim-faults-');
  const sim = await startSim(writeConfig(dir, 'faults.toml', toml(11, FAULTY)));
  t.after(async () => {
    await sim.stop(5_000);
    removeTempDir(dir);
  });
  const post = (supplier, op, body) => sim.api('POST', `/suppliers/${supplier}/${op}`, { body });

  await t.test('error_pct 100 → 500 supplier_error', async () => {
    for (let i = 0; i < 3; i++)
      assertProblem(await post('err', 'flights/search', flightSearch), 500, 'supplier_error');
  });

  await t.test('malformed_pct 100 → a body JSON.parse rejects', async () => {
    const response = await fetch(`${sim.url}/suppliers/mal/flights/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flightSearch),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /application\/json/);
    assert.ok(text.startsWith('{"supplier": "mal"'), text);
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  await t.test('oversized_pct 100 → a body of at least 50 MB', async () => {
    const response = await fetch(`${sim.url}/suppliers/big/flights/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flightSearch),
      signal: AbortSignal.timeout(20_000),
    });
    assert.equal(response.status, 200);
    let bytes = 0;
    let head = '';
    for await (const chunk of response.body) {
      if (!head) head = Buffer.from(chunk.subarray(0, 40)).toString('utf8');
      bytes += chunk.byteLength;
    }
    assert.ok(bytes >= 50 * 1024 * 1024, `${bytes} bytes`);
    assert.equal(Number(response.headers.get('content-length')), bytes);
    assert.ok(head.startsWith('{"supplier": "oversized"'), head);
  });

  await t.test('hang_pct 100 → no answer within 2 s; the others are still served meanwhile', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const hung = fetch(`${sim.url}/suppliers/hang/flights/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flightSearch),
      signal: controller.signal,
    }).then((r) => ({ status: r.status }), (error) => ({ error }));
    const timer = setTimeout(() => controller.abort(), 2_000);
    try {
      // While it hangs, the simulator answers other requests at once.
      const healthStarted = Date.now();
      assert.equal((await request(sim.url, 'GET', '/healthz', { timeoutMs: 1_500 })).status, 200);
      assert.ok(Date.now() - healthStarted < 1_000);
      const outcome = await within(hung, 5_000, { status: 'still pending' });
      assert.ok(outcome.error, `expected the request to be aborted, got ${JSON.stringify(outcome)}`);
      assert.equal(outcome.error.name, 'AbortError');
      assert.ok(Date.now() - started >= 1_900, `${Date.now() - started} ms`);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  });

  await t.test('price_change_pct 100 → confirm answers price_changed with a higher price and a new quote', async () => {
    const offer = (await search(sim, 'reprice', 'flights', flightSearch)).offers[0];
    const changed = assertOk(await post('reprice', 'quotes/confirm', { quote_id: offer.quote_id }));
    assert.equal(changed.status, 'price_changed');
    assert.equal(changed.previous_price_fen, offer.price_fen);
    assert.ok(changed.price_fen > offer.price_fen, `${changed.price_fen} > ${offer.price_fen}`);
    // 3 % to 12 % more, in whole yuan.
    assert.ok(changed.price_fen <= Math.round(offer.price_fen * 1.125), `${changed.price_fen} vs ${offer.price_fen}`);
    assert.equal(changed.price_fen % 100, 0);
    assert.equal(changed.fee_fen, 2_000);
    assert.equal(changed.total_fen, changed.price_fen + 2_000);
    assert.notEqual(changed.quote_id, offer.quote_id);
    // The new quote is a real one and keeps its price: a re-priced quote never moves again, so
    // it can be booked at the price the traveller was shown.
    const again = assertOk(await post('reprice', 'quotes/confirm', { quote_id: changed.quote_id }));
    assert.equal(again.status, 'available');
    assert.equal(again.total_fen, changed.total_fen);
    const booked = await post('reprice', 'bookings', {
      quote_id: changed.quote_id, expected_total_fen: changed.total_fen, client_reference: 'r-0', traveller_name: 'Li',
    });
    assert.equal(booked.status, 201, booked.text);
    // Booking the old quote: its price moved.
    assertProblem(await post('reprice', 'bookings', {
      quote_id: offer.quote_id, expected_total_fen: offer.total_fen, client_reference: 'r-1', traveller_name: 'Li',
    }), 409, 'price_changed');
  });

  await t.test('sold_out_pct 100 → confirm answers sold_out and booking 409 sold_out', async () => {
    const offer = (await search(sim, 'gone', 'hotels', hotelSearch)).offers[0];
    assert.deepEqual(assertOk(await post('gone', 'quotes/confirm', { quote_id: offer.quote_id })),
                     { status: 'sold_out', quote_id: offer.quote_id });
    assertProblem(await post('gone', 'bookings', {
      quote_id: offer.quote_id, expected_total_fen: offer.total_fen, client_reference: 's-1', traveller_name: 'Li',
    }), 409, 'sold_out');
  });

  await t.test('latency: median 300 ms, p95 400 ms → a search takes at least 150 ms', async () => {
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const r = await post('slow', 'flights/search', flightSearch);
      const elapsed = performance.now() - started;
      assertOk(r);
      const simulated = Number(r.headers.get('x-simulated-latency-ms'));
      assert.ok(simulated >= 150 && simulated <= 1_000, `simulated ${simulated} ms`);
      assert.ok(elapsed >= 150, `took ${elapsed} ms`);
      assert.ok(elapsed >= simulated - 2, `took ${elapsed} ms, simulated ${simulated} ms`);
    }
  });

  await t.test('SIGTERM stops it (exit 0) even while a request is held', async () => {
    const held = fetch(`${sim.url}/suppliers/hang/flights/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flightSearch),
      signal: AbortSignal.timeout(15_000),
    }).then((r) => ({ status: r.status }), (error) => ({ error: error.name }));
    // Let the request arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = await sim.stop(8_000);
    assert.deepEqual(exit, { code: 0, signal: null });
    const outcome = await within(held, 5_000, { error: 'still pending' });
    assert.ok(outcome.error && outcome.error !== 'still pending' && outcome.error !== 'TimeoutError',
              `the held request ends with the process: ${JSON.stringify(outcome)}`);
  });
});
