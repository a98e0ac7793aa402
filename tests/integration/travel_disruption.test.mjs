// Disruption events on a booked trip, on SQLite and PostgreSQL: 李伟 flies Beijing → Shanghai, takes
// a car from the airport to his hotel, stays two nights and takes the train to Hangzhou two days
// later — each from a different supplier. The airline reports a delay (the transfer breaks, the
// rest still fits), the same event arrives twice (recorded once), the traveller reports the flight
// missed (everything after it waits for a replacement), and the railway cancels the train
// (carrier-caused: refunded in full). Every bad event is refused and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, startOnBackend } from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';
import { cheapest, daysAhead, pointSuppliersAt, startSimulator } from './lib/travel.mjs';

// The demo suppliers' API users (src/app/demo_data.cpp), by the supplier's registry name.
const SUPPLIER_API = {
  '云翼航空票务（模拟供应商）': 'api@yunyi-air.demo',
  '天航商旅（模拟供应商）': 'api@tianhang-air.demo',
  '捷运机票（模拟供应商）': 'api@jieyun-air.demo',
  '畅行铁路票务（模拟供应商）': 'api@changxing-rail.demo',
  '锦程酒店集团（模拟供应商）': 'api@jincheng-hotel.demo',
  '旅居订房（模拟供应商）': 'api@lvju-hotel.demo',
  '畅途用车（模拟供应商）': 'api@changtu-car.demo',
  '易行专车（模拟供应商）': 'api@yixing-car.demo',
};

for (const backend of BACKENDS) {
  test(`disruption events on a trip [${backend.name}]`, { timeout: 180_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const sim = await startSimulator(t, { prefix: 'fuwu-it-disruption-' });
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    await pointSuppliersAt(srv, op, sim);
    const li = await srv.login(EMPLOYEE);
    const admin = await srv.login(CLIENT_ADMIN);
    const day1 = daysAhead(20);
    const day3 = daysAhead(22);

    const search = async (body) => {
      const r = await srv.api('POST', '/api/v1/travel/searches', { token: li, body });
      assert.equal(r.status, 201, r.text);
      return r;
    };
    let trip = null;
    const book = async (r, offer = cheapest(r)) => {
      const body = { search_id: r.body.id, offer_key: offer.offer.offer_key, supplier_id: offer.price.supplier_id };
      if (trip) body.trip_id = trip.id;
      else body.purpose = '拜访上海客户，再去杭州';
      let booked = await srv.api('POST', '/api/v1/travel/bookings', { token: li, body });
      if (booked.status === 409 && booked.body.code === 'price_changed') {
        const now = Number(booked.body.errors[0].message.match(/(\d+) fen/)[1]);
        booked = await srv.api('POST', '/api/v1/travel/bookings', { token: li, body: { ...body, accept_total_fen: now } });
      }
      assert.equal(booked.status, 201, booked.text);
      trip = booked.body;
      return trip.segments.at(-1);
    };

    // The trip: a morning flight, the car from its arrival airport, two nights, the train on day 3.
    const flights = await search({ kind: 'flight', origin: '1101', destination: '3101', date: day1, preferred_time: '08:00' });
    const early = flights.body.offers
      .filter((o) => o.compliant && Number(o.departure_at.slice(11, 13)) < 12)
      .sort((a, b) => a.departure_at.localeCompare(b.departure_at))[0];
    assert.ok(early, 'a compliant morning flight');
    const flight = await book(flights, { offer: early, price: early.prices[0] });
    const hotels = await search({ kind: 'hotel', city: '3101', check_in: day1, check_out: day3 });
    const hotel = await book(hotels);
    const arrival = flight.product.arrival_at;  // "YYYY-MM-DDTHH:MM:00+08:00"
    const pickupMinute = Number(arrival.slice(11, 13)) * 60 + Number(arrival.slice(14, 16)) + 40;
    const hhmm = `${String(Math.floor(pickupMinute / 60)).padStart(2, '0')}:${String(pickupMinute % 60).padStart(2, '0')}`;
    const transfers = await search({
      kind: 'transfer', city: '3101', pickup: flight.product.destination_airport,
      dropoff: `hotel:${hotel.product.hotel_id}`, date: day1, preferred_time: hhmm,
    });
    const transfer = await book(transfers);
    const trains = await search({ kind: 'train', origin: '3101', destination: '3301', date: day3, preferred_time: '09:00' });
    const train = await book(trains);
    assert.equal(new Set(trip.segments.map((s) => s.supplier_id)).size, 4, 'four suppliers');
    assert.deepEqual(trip.timeline, []);

    const supplierToken = async (segment) => srv.login(SUPPLIER_API[segment.supplier_name]);
    const airline = await supplierToken(flight);
    const railway = await supplierToken(train);
    const event = (token, body) => srv.api('POST', '/api/v1/travel/supplier-events', { token, body });
    const readTrip = async () => {
      const r = await srv.api('GET', `/api/v1/travel/trips/${trip.id}`, { token: li });
      assert.equal(r.status, 200, r.text);
      return r.body;
    };
    const impactsOf = (e) => Object.fromEntries(e.impacts.map((i) => [i.segment_id, i.status]));

    await t.test('a delay re-times the transfer and leaves the hotel and the train as they are', async () => {
      const newArrival = new Date(Date.parse(arrival) + 90 * 60_000).toISOString();
      const r = await event(airline, { event_id: 'E-delay-1', booking_id: flight.supplier_booking_id, type: 'delay', arrival_at: Date.parse(newArrival) });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.type, 'delay');
      assert.equal(r.body.replayed, false);
      assert.deepEqual(impactsOf(r.body), { [transfer.id]: 'breaks', [hotel.id]: 'fits', [train.id]: 'fits' });
      const t1 = await readTrip();
      assert.equal(t1.timeline.length, 1);
      assert.equal(t1.timeline[0].segment_id, flight.id);
      // Delivered again: the same event, nothing added.
      const again = await event(airline, { event_id: 'E-delay-1', booking_id: flight.supplier_booking_id, type: 'delay', arrival_at: Date.parse(newArrival) });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body.replayed, true);
      assert.equal(again.body.id, r.body.id);
      assert.equal((await readTrip()).timeline.length, 1);
    });

    await t.test('bad events are refused and change nothing', async () => {
      const before = await readTrip();
      assertInvalid(await event(airline, { event_id: 'E-x', booking_id: flight.supplier_booking_id, type: 'storm' }), ['type']);
      assertInvalid(await event(airline, { event_id: 'E-x', booking_id: flight.supplier_booking_id, type: 'delay' }), ['arrival_at']);
      assertInvalid(await event(airline, { event_id: 'E-x', booking_id: flight.supplier_booking_id, type: 'schedule_change',
                                           departure_at: '2030-01-01T10:00:00+08:00', arrival_at: '2030-01-01T09:00:00+08:00' }), ['arrival_at']);
      assertInvalid(await event(airline, { event_id: 'E-x', booking_id: flight.supplier_booking_id, type: 'delay', arrival_at: 'soon' }), ['arrival_at']);
      assertInvalid(await event(airline, { event_id: 'E-x', booking_id: flight.supplier_booking_id, type: 'delay', arrival_at: 1, colour: 'red' }), ['colour']);
      // An unknown booking, or another supplier's: not found.
      assertProblem(await event(airline, { event_id: 'E-y', booking_id: 'B-nobody-1', type: 'cancellation' }), 404);
      assertProblem(await event(airline, { event_id: 'E-y', booking_id: train.supplier_booking_id, type: 'cancellation' }), 404);
      // Only suppliers push events.
      assertProblem(await event(li, { event_id: 'E-z', booking_id: flight.supplier_booking_id, type: 'cancellation' }), 403);
      assert.deepEqual(await readTrip(), before);
    });

    await t.test('a missed flight leaves every later segment waiting for its replacement', async () => {
      const path = `/api/v1/travel/trips/${trip.id}/segments/${flight.id}/missed`;
      const r = await srv.api('POST', path, { token: li, body: {} });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.type, 'missed');
      assert.deepEqual(impactsOf(r.body), {
        [transfer.id]: 'waits_for_replacement', [hotel.id]: 'waits_for_replacement', [train.id]: 'waits_for_replacement',
      });
      assertProblem(await srv.api('POST', path, { token: admin, body: {} }), 409, 'already_reported');
      assertProblem(await srv.api('POST', `/api/v1/travel/trips/${trip.id}/segments/${hotel.id}/missed`, { token: li, body: {} }),
                    409, 'not_a_departure');
      const huida = await srv.login('admin@huida.demo');
      assertProblem(await srv.api('POST', `/api/v1/travel/trips/${trip.id}/segments/${train.id}/missed`, { token: huida, body: {} }), 404);
    });

    await t.test('the missed flight is re-shopped: ranked options, each with what it means, bookable into the trip', async () => {
      const missed = (await readTrip()).timeline.find((e) => e.type === 'missed');
      const path = `/api/v1/travel/trips/${trip.id}/events/${missed.id}/options`;
      const r = await srv.api('GET', path, { token: li });
      assert.equal(r.status, 200, r.text);
      const options = r.body.options;
      assert.ok(options.length > 0 && options.length <= 8, `${options.length} options`);
      assert.equal(r.body.searches.length, 2, 'the rest of the day and the next morning');
      // Cheapest compliant first.
      const compliant = options.filter((o) => o.compliant);
      if (compliant.length) {
        assert.equal(options[0].compliant, true);
        for (let i = 1; i < compliant.length; i++) assert.ok(compliant[i - 1].total_fen <= compliant[i].total_fen);
      }
      for (const o of options) {
        assert.notEqual(o.outcome, 'block');
        assert.deepEqual(o.impacts.map((i) => i.segment_id).sort(), [transfer.id, hotel.id, train.id].sort());
      }
      // A flight the next morning: the first night is lost, the train on day 3 still connects.
      const nextMorning = options.find((o) => o.departure_at.startsWith(daysAhead(21)));
      if (nextMorning) {
        const impacts = Object.fromEntries(nextMorning.impacts.map((i) => [i.segment_id, i.status]));
        assert.equal(impacts[hotel.id], 'first_night_lost');
        assert.equal(impacts[train.id], 'fits');
        assert.equal(impacts[transfer.id], 'breaks');
      }
      // The traveller takes the next morning's flight if there is one (else the first option):
      // fuwu books it into the trip, cancels the missed one under the supplier's rules, re-times the
      // car to the new arrival and tells the hotel.
      const pick = nextMorning ?? options[0];
      const body = { search_id: pick.search_id, offer_key: pick.offer_key, supplier_id: pick.supplier_id };
      if (!pick.compliant) body.reason_code = 'schedule';
      const rebook = (b) => srv.api('POST', `/api/v1/travel/trips/${trip.id}/events/${missed.id}/rebook`, { token: li, body: b });
      let done = await rebook(body);
      if (done.status === 409 && done.body.code === 'price_changed') {
        const now = Number(done.body.errors[0].message.match(/(\d+) fen/)[1]);
        done = await rebook({ ...body, accept_total_fen: now });
      }
      assert.equal(done.status, 200, done.text);
      const segments = Object.fromEntries(done.body.segments.map((s) => [s.id, s]));
      const replacement = done.body.segments.find((s) => s.kind === 'flight' && s.id !== flight.id);
      assert.ok(replacement, 'the replacement flight is in the trip');
      assert.equal(segments[flight.id].status, 'cancelled', 'the missed flight is cancelled');
      assert.ok(segments[flight.id].cancellation.fee_fen > 0, 'voluntary: the supplier keeps a fee');
      assert.equal(segments[train.id].status, 'booked', 'the train stays');
      assert.equal(segments[transfer.id].status, 'cancelled', 'the old car is cancelled');
      const car = done.body.segments.find((s) => s.kind === 'transfer' && s.id !== transfer.id);
      assert.ok(car, 'a re-timed car');
      assert.equal(car.product.pickup, replacement.product.destination_airport);
      assert.ok(Date.parse(car.product.pickup_at) >= Date.parse(replacement.product.arrival_at) + 30 * 60_000);
      const types = done.body.timeline.map((e) => e.type);
      assert.ok(types.includes('rebooked') && types.includes('retimed'), types.join(','));
      if (nextMorning) {
        const told = done.body.timeline.find((e) => e.type === 'hotel_told');
        assert.ok(told && told.segment_id === hotel.id, 'the hotel is told: the first night is kept');
      }
      assertProblem(await rebook(body), 409, 'already_rebooked');
      // A delay keeps its segment: nothing to replace. Another company sees nothing.
      const delay = (await readTrip()).timeline.find((e) => e.type === 'delay');
      assertProblem(await srv.api('GET', `/api/v1/travel/trips/${trip.id}/events/${delay.id}/options`, { token: li }), 409,
                    'nothing_to_replace');
      const huida = await srv.login('admin@huida.demo');
      assertProblem(await srv.api('GET', path, { token: huida }), 404);
    });

    await t.test('the provider that served the trip is scored like every other', async () => {
      const r = await srv.api('GET', `/api/v1/organizations/${trip.organization_id}/travel-provider-scorecards`, { token: admin });
      assert.equal(r.status, 200, r.text);
      const card = r.body.items.find((c) => c.provider_id === flight.provider_id);
      assert.ok(card, JSON.stringify(r.body));
      assert.ok(card.segments >= trip.segments.length, `${card.segments} segments`);
      assert.ok(Number.isInteger(card.price_over_market_bp) && card.price_over_market_bp >= 0);
      assert.ok(Number.isInteger(card.average_confirm_ms));
      assert.equal(card.disruptions, 1, 'the missed flight');
      assert.equal(card.reaccommodated, 1, 'replaced');
      assert.equal(card.reaccommodation_score, 100);
      assert.equal(card.complaint_rate_bp, null);
      assert.ok(card.score >= 0 && card.score <= 100);
      assert.ok(['good', 'warning', 'blocked', 'provisional'].includes(card.band));
      assertInvalid(await srv.api('GET', `/api/v1/organizations/${trip.organization_id}/travel-provider-scorecards?from=2026-13`, { token: admin }), ['from']);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${trip.organization_id}/travel-provider-scorecards`, { token: li }), 403);
    });

    await t.test('the railway cancels the train: carrier-caused, refunded in full', async () => {
      const r = await event(railway, { event_id: 'R-cancel-7', booking_id: train.supplier_booking_id, type: 'cancellation' });
      assert.equal(r.status, 201, r.text);
      const after = await readTrip();
      const cancelled = after.segments.find((s) => s.id === train.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancellation.refund_fen, train.total_fen);
      assert.equal(cancelled.cancellation.fee_fen, 0);
      const supplierEvents = (tl) => tl.filter((e) => e.source.startsWith('supplier:')).length;
      assert.equal(supplierEvents(after.timeline), 2, 'the delay and the cancellation');
      // The same cancellation again is a replay; a new one for a cancelled segment is refused.
      const again = await event(railway, { event_id: 'R-cancel-7', booking_id: train.supplier_booking_id, type: 'cancellation' });
      assert.equal(again.status, 200, again.text);
      assertProblem(await event(railway, { event_id: 'R-cancel-8', booking_id: train.supplier_booking_id, type: 'delay', arrival_at: 1 }),
                    409, 'segment_cancelled');
      assert.equal(supplierEvents((await readTrip()).timeline), 2);
    });

    await t.test('the simulator pushes a delay of the replacement flight to fuwu itself', async () => {
      const now = await readTrip();
      const replacement = now.segments.find((x) => x.kind === 'flight' && x.status === 'booked');
      const supplierName = replacement.supplier_booking_id.split('-').slice(1, -1).join('-');
      const token = await supplierToken(replacement);
      const later = Date.parse(replacement.product.arrival_at) + 3 * 3_600_000;
      const pushed = await sim.api('POST', `/suppliers/${supplierName}/bookings/${replacement.supplier_booking_id}/events`, {
        body: { type: 'delay', arrival_at: later, notify_url: `${srv.url}/api/v1/travel/supplier-events`, notify_token: token },
      });
      assert.equal(pushed.status, 202, pushed.text);
      let delivered = null;
      for (let i = 0; i < 50 && !delivered; i++) {
        const events = await sim.api('GET', '/events');
        delivered = events.body.items.find((e) => e.event_id === pushed.body.event_id);
        if (!delivered) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(delivered, 'the simulator delivered the event');
      assert.equal(delivered.status, 201, delivered.answer);
      const after = await readTrip();
      const event = after.timeline.find((e) => e.external_id === pushed.body.event_id);
      assert.ok(event, 'the event is on the timeline');
      assert.equal(event.type, 'delay');
      assert.equal(event.segment_id, replacement.id);
      // An unknown booking at the simulator, or a bad event, is refused there.
      const unknown = await sim.api('POST', `/suppliers/${supplierName}/bookings/B-nobody-1/events`, {
        body: { type: 'delay', notify_url: srv.url, notify_token: token },
      });
      assert.equal(unknown.status, 404, unknown.text);
      const storm = await sim.api('POST', `/suppliers/${supplierName}/bookings/${replacement.supplier_booking_id}/events`, {
        body: { type: 'storm', notify_url: srv.url, notify_token: token },
      });
      assert.equal(storm.status, 422, storm.text);
    });
  });
}
