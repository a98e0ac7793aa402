// Real-time comparison and booking end to end: fuwu fans a traveller's search out over HTTP to the
// supplier simulator (a separate process playing the demo suppliers), merges the same flights and
// hotels from several suppliers, evaluates the traveller's policy on every offer, says which
// supplier is missing and why, and books with a re-confirmed price, recording every violation —
// on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, PROVIDER_ADMIN, listAll, startOnBackend,
} from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';
import { daysAhead, pointSuppliersAt, startSimulator } from './lib/travel.mjs';

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
price_change_pct = 100
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
sold_out_pct = 100
latency_median_ms = 5
latency_p95_ms = 20
[[supplier]]
name = "changxing-rail"
kind = "rail"
latency_median_ms = 5
latency_p95_ms = 20
`;

for (const backend of BACKENDS) {
  test(`travel search across suppliers [${backend.name}]`, { timeout: 180_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const sim = await startSimulator(t, { config: SUPPLIERS, prefix: 'fuwu-it-search-' });
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    await pointSuppliersAt(srv, op, sim);
    const traveller = await srv.login(EMPLOYEE);  // li.wei: grade P5, the staff class
    const search = (body, token = traveller) => srv.api('POST', '/api/v1/travel/searches', { token, body });
    const date = daysAhead(21);

    await t.test('a flight search merges the suppliers and drops the hanging one in time', async () => {
      const started = Date.now();
      const r = await search({ kind: 'flight', origin: '1101', destination: 'PVG', date, preferred_time: '09:00' });
      const took = Date.now() - started;
      assert.equal(r.status, 201, r.text);
      // The others answered, so the search goes on without the hanging one at its soft deadline.
      assert.ok(took < 600 + 1_000, `${took} ms: the soft deadline bounds the search`);
      assert.equal(r.body.suppliers_asked, 3);
      assert.deepEqual(r.body.missing_suppliers.map((m) => m.reason), ['late']);
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

    await t.test('booking: the compliant offer, a blocked one, a soft violation with its reason', async () => {
      const r = await search({ kind: 'flight', origin: '1101', destination: 'SHA', date, preferred_time: '09:00' });
      const offers = r.body.offers;
      const book = (body, token = traveller) => srv.api('POST', '/api/v1/travel/bookings', { token, body });
      const at = (offer, supplierName) => offer.prices.find((p) => p.supplier_name.includes(supplierName));
      // The cheapest compliant offer at the supplier that sells it cheapest (not the re-pricing one).
      const best = offers.find((o) => o.cheapest_compliant);
      const price = best.prices.find((p) => !p.supplier_name.includes('天航')) ?? best.prices[0];
      const trip = await book({ search_id: r.body.id, offer_key: best.offer_key, supplier_id: price.supplier_id,
                                purpose: '上海客户拜访' });
      assert.equal(trip.status, 201, trip.text);
      const segment = trip.body.segments[0];
      assert.equal(segment.outcome, 'allow');
      assert.equal(segment.total_fen, price.total_fen);
      assert.equal(segment.lowest_logical_fare_fen, r.body.lowest_logical_fare_fen);
      assert.equal(segment.missed_saving_fen, Math.max(0, price.total_fen - r.body.lowest_logical_fare_fen));
      assert.equal(segment.employee_pays_fen, 0);
      assert.match(segment.supplier_booking_id, /^B-/);
      // Blocked: business class for staff.
      const business = offers.find((o) => o.cabin === 'business' && at(o, '云翼'));
      assertProblem(await book({ search_id: r.body.id, offer_key: business.offer_key, supplier_id: at(business, '云翼').supplier_id,
                                 reason_code: 'other' }), 409, 'policy_blocked');
      // A soft violation: the dearest economy fare of the day is far above the lowest logical fare.
      const dear = offers.filter((o) => o.cabin === 'economy' && o.outcome === 'warn' && at(o, '云翼'))
        .sort((a, b) => b.prices[0].total_fen - a.prices[0].total_fen)[0];
      assert.ok(dear, 'a warned economy offer');
      const body = { search_id: r.body.id, offer_key: dear.offer_key, supplier_id: at(dear, '云翼').supplier_id,
                     trip_id: trip.body.id };
      assertInvalid(await book(body), ['reason_code']);
      // A trip that is not the traveller's is refused before anything is booked with the supplier.
      assertInvalid(await book({ ...body, trip_id: 999_999, reason_code: 'schedule' }), ['trip_id']);
      assertInvalid(await book({ ...body, reason_code: 'because' }), ['reason_code']);
      const warned = await book({ ...body, reason_code: 'schedule' });
      assert.equal(warned.status, 201, warned.text);
      assert.equal(warned.body.id, trip.body.id);
      const second = warned.body.segments[1];
      assert.equal(second.outcome, 'warn');
      assert.equal(second.reason_code, 'schedule');
      assert.ok(second.missed_saving_fen > 0);
      assert.ok(second.verdicts.some((v) => v.rule === 'lowest_fare' && v.broken));
      // The travel manager sees it in the violation list; the audit log has both bookings.
      const admin = await srv.login(CLIENT_ADMIN);
      const xingyun = trip.body.organization_id;
      const list = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-violations`, { token: admin });
      assert.equal(list.status, 200, list.text);
      assert.ok(list.body.items.some((v) => v.id === second.id && v.reason_code === 'schedule' && v.traveller_name === '李伟'));
      const audit = await listAll(srv, '/api/v1/audit?entity_type=trip_segment', op);
      assert.ok(audit.filter((a) => a.action === 'travel.segment.book').length >= 2);
      // Trip lists: the traveller's own, the manager's of the company, nothing across companies.
      const mine = await srv.api('GET', '/api/v1/travel/trips', { token: traveller });
      assert.equal(mine.status, 200, mine.text);
      const listed = mine.body.items.find((x) => x.id === trip.body.id);
      assert.equal(listed.segments, 2);
      assert.equal(listed.total_fen, warned.body.total_fen);
      const company = await srv.api('GET', `/api/v1/travel/trips?traveller_id=${trip.body.traveller_id}`, { token: admin });
      assert.ok(company.body.items.some((x) => x.id === trip.body.id));
      const elsewhere = await srv.api('GET', '/api/v1/travel/trips', { token: await srv.login('liu.yang@huida.demo') });
      assert.ok(!elsewhere.body.items.some((x) => x.id === trip.body.id));
      assertProblem(await srv.api('GET', '/api/v1/travel/trips', { token: op }), 403);
      // Someone else's trip and search are not theirs.
      const other = await srv.login('liu.yang@huida.demo');
      assertProblem(await srv.api('GET', `/api/v1/travel/trips/${trip.body.id}`, { token: other }), 404);
      assertInvalid(await book({ ...body, trip_id: undefined, reason_code: 'schedule' }, other), ['search_id']);
    });

    await t.test('booking: a changed price must be accepted, a sold-out offer is refused', async () => {
      const r = await search({ kind: 'flight', origin: '1101', destination: 'SHA', date: daysAhead(22), preferred_time: '09:00' });
      const book = (body) => srv.api('POST', '/api/v1/travel/bookings', { token: traveller, body });
      const offer = r.body.offers.find((o) => o.compliant && o.prices.some((p) => p.supplier_name.includes('天航')));
      const tianhang = offer.prices.find((p) => p.supplier_name.includes('天航'));
      const body = { search_id: r.body.id, offer_key: offer.offer_key, supplier_id: tianhang.supplier_id, reason_code: 'other' };
      const changed = assertProblem(await book(body), 409, 'price_changed');
      const total = Number(/now (\d+) fen/.exec(changed.errors[0].message)[1]);
      assert.ok(total > tianhang.total_fen);
      const accepted = await book({ ...body, accept_total_fen: total });
      assert.equal(accepted.status, 201, accepted.text);
      assert.equal(accepted.body.segments[0].total_fen, total);
      // Hotels: the cheaper supplier has sold out.
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(22), check_out: daysAhead(23) });
      const room = hotels.body.offers.find((o) => o.prices.some((p) => p.supplier_name.includes('旅居')));
      const lvju = room.prices.find((p) => p.supplier_name.includes('旅居'));
      assertProblem(await book({ search_id: hotels.body.id, offer_key: room.offer_key, supplier_id: lvju.supplier_id,
                                 reason_code: 'other' }), 409, 'sold_out');
    });

    await t.test('booking: a hotel over the cap splits what the employee pays', async () => {
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(24), check_out: daysAhead(26) });
      const over = hotels.body.offers.find((o) => o.outcome === 'employee_pays_excess' &&
                                                  o.prices.some((p) => p.supplier_name.includes('锦程')));
      const jincheng = over.prices.find((p) => p.supplier_name.includes('锦程'));
      const r = await srv.api('POST', '/api/v1/travel/bookings', { token: traveller, body: {
        search_id: hotels.body.id, offer_key: over.offer_key, supplier_id: jincheng.supplier_id, reason_code: 'venue_nearby',
      } });
      assert.equal(r.status, 201, r.text);
      const s = r.body.segments[0];
      assert.equal(s.outcome, 'employee_pays_excess');
      assert.ok(s.employee_pays_fen > 0);
      assert.equal(s.employee_pays_fen + s.company_pays_fen, s.total_fen);
    });
  });
}
