// Trips end to end against the supplier simulator (a separate process playing the demo suppliers),
// on SQLite and PostgreSQL: transfers (接送机/站) merged from both car suppliers and judged by car
// type, the travel manager searching and booking for an employee, the company's travel providers
// (差旅服务商) serving each segment, cancelling a segment with the refund shared by what each party
// paid, and travel profiles that need If-Match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, findOrganizationByName, findUserByEmail, listAll, removeTempDir,
  startServer,
} from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';
import { cheapest, daysAhead, minuteInChina, pointSuppliersAt, startSimulator } from './lib/travel.mjs';

const XINGYUN = '北京星云科技有限公司';
const HUIDA = '上海汇达贸易集团有限公司';
const YUNCHENG = '杭州云程差旅服务有限公司';  // the demo travel provider, every demo company's default
const HUIDA_ADMIN = 'admin@huida.demo';
const WANG_FANG = 'wang.fang@xingyun.demo';

// An audit record's before/after, parsed when it is JSON text.
function auditJson(value) {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

for (const backend of BACKENDS) {
  test(`trips: transfers, booking for an employee, travel providers, cancelling [${backend.name}]`,
       { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const sim = await startSimulator(t, { prefix: 'fuwu-it-trips-' });  // the demo suppliers, fast and without faults
    // The server is restarted with its clock moved on at the end, on the same database and directory.
    const storage = await backend.setup();
    let srv = null;
    t.after(async () => {
      if (srv) {
        await srv.stop();
        removeTempDir(srv.dir);
      }
      await storage.cleanup();
    });
    srv = await startServer({ db: storage.db });
    const op = await srv.login(OPERATOR);
    const suppliers = await pointSuppliersAt(srv, op, sim);

    const admin = await srv.login(CLIENT_ADMIN);  // 周雅琴, grade M3: the manager class, and the travel manager
    const li = await srv.login(EMPLOYEE);          // 李伟, grade P5: the staff class
    const wang = await srv.login(WANG_FANG);
    const huidaAdmin = await srv.login(HUIDA_ADMIN);
    const xingyun = (await findOrganizationByName(srv, op, XINGYUN)).id;
    const huida = (await findOrganizationByName(srv, op, HUIDA)).id;
    const liWei = (await findUserByEmail(srv, op, EMPLOYEE)).id;
    const adminId = (await findUserByEmail(srv, op, CLIENT_ADMIN)).id;
    const wangFang = (await findUserByEmail(srv, op, WANG_FANG)).id;
    const directory = await listAll(srv, '/api/v1/providers', op);
    const yuncheng = directory.find((p) => p.name === YUNCHENG);
    assert.equal(yuncheng.provider_type, 'travel');
    const other = directory.find((p) => p.name === '成都锦城生活服务有限公司');  // becomes a second travel provider below
    const notTravel = directory.find((p) => p.provider_type !== 'travel' && p.id !== other.id);  // 优品: not a travel provider

    const search = (body, token = li) => srv.api('POST', '/api/v1/travel/searches', { token, body });
    const book = (body, token = li) => srv.api('POST', '/api/v1/travel/bookings', { token, body });
    const cancel = (trip, segment, body = {}, token = li) =>
      srv.api('POST', `/api/v1/travel/trips/${trip}/segments/${segment}/cancel`, { token, body });
    const tripList = async (token, query = '') => {
      const r = await srv.api('GET', `/api/v1/travel/trips${query}`, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    // What every list of trips holds now, to show that a refused request booked nothing.
    const allTrips = async () => ({ li: await tripList(li), wang: await tripList(wang), company: await tripList(admin),
                                    huida: await tripList(huidaAdmin) });
    // The next search stored gets the next id: a refused search stored nothing if the next one follows on.
    const storedSearch = async (token = li) => {
      const r = await search({ kind: 'train', origin: '3101', destination: '3301', date: daysAhead(25) }, token);
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const transfer = { kind: 'transfer', city: '3101', pickup: 'PVG', dropoff: 'centre', date: daysAhead(20), preferred_time: '10:30' };
    let transferTrip = null;

    await t.test('a transfer search merges both car suppliers and judges each car type', async () => {
      const r = await search(transfer);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.kind, 'transfer');
      assert.equal(r.body.traveller_id, liWei);
      assert.equal(r.body.traveller_name, '李伟');
      assert.equal(r.body.rule_class, 'staff');
      assert.equal(r.body.suppliers_asked, 2);
      assert.deepEqual(r.body.missing_suppliers, []);
      const offers = r.body.offers;
      assert.deepEqual(offers.map((o) => o.car_type).sort(), ['business', 'comfort', 'economy', 'van']);
      const names = { economy: '经济型', comfort: '舒适型', business: '商务型', van: '商务七座' };
      for (const o of offers) {
        assert.equal(o.offer_key, `T|3101|PVG|centre|${transfer.date}T10:30|${o.car_type}`);
        assert.equal(o.city, '3101');
        assert.equal(o.pickup, 'PVG');
        assert.equal(o.dropoff, 'centre');
        assert.equal(o.pickup_at, `${transfer.date}T10:30:00+08:00`);
        assert.equal(o.car_name, names[o.car_type]);
        assert.equal(typeof o.vehicle, 'string');
        assert.equal(o.seats, o.car_type === 'van' ? 6 : 4);
        assert.ok(o.distance_km >= 3 && o.duration_minutes > 0, JSON.stringify(o));
        assert.equal(o.free_cancellation, true);
        // One ride, both car suppliers' prices, cheapest first.
        assert.equal(o.prices.length, 2, JSON.stringify(o.prices));
        assert.ok(o.prices.some((p) => p.supplier_name.includes('畅途')) && o.prices.some((p) => p.supplier_name.includes('易行')));
        assert.ok(o.prices[0].total_fen <= o.prices[1].total_fen);
        // Staff ride economy or comfort; anything else is a soft violation.
        const verdict = o.verdicts.find((v) => v.rule === 'car_type');
        assert.ok(verdict, `a car_type verdict on ${o.offer_key}`);
        const allowed = ['economy', 'comfort'].includes(o.car_type);
        assert.equal(verdict.broken, !allowed);
        assert.equal(o.compliant, allowed);
        assert.equal(o.outcome, allowed ? 'allow' : 'warn');
        assert.match(verdict.reason_zh, /可用车型/);
      }
      assert.equal(offers.filter((o) => o.cheapest_compliant).length, 1);
      assert.equal(offers.find((o) => o.cheapest_compliant).car_type, 'economy');
      // The stored search reads back the same.
      const stored = await srv.api('GET', `/api/v1/travel/searches/${r.body.id}`, { token: li });
      assert.equal(stored.status, 200, stored.text);
      assert.deepEqual(stored.body.offers, offers);
      // Stations and hotels are places too.
      const fromHotel = await search({ ...transfer, pickup: 'hotel:H3101-03', dropoff: '上海虹桥', preferred_time: '18:00' });
      assert.equal(fromHotel.status, 201, fromHotel.text);
      assert.equal(fromHotel.body.offers.length, 4);
      assert.ok(fromHotel.body.offers.every((o) => o.pickup === 'hotel:H3101-03' && o.dropoff === '上海虹桥'));
    });

    await t.test('a transfer is booked into a trip like any other offer', async () => {
      const r = await search(transfer);
      const { offer, price } = cheapest(r);
      const trip = await book({ search_id: r.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id,
                                purpose: '浦东机场接机' });
      assert.equal(trip.status, 201, trip.text);
      assert.equal(trip.body.traveller_id, liWei);
      assert.equal(trip.body.created_by, liWei);
      assert.equal(trip.body.created_by_name, '李伟');
      const s = trip.body.segments[0];
      assert.equal(s.kind, 'transfer');
      assert.equal(s.offer_key, offer.offer_key);
      assert.equal(s.product.car_type, 'economy');
      assert.equal(s.product.pickup_at, offer.pickup_at);
      assert.equal(s.outcome, 'allow');
      assert.equal(s.total_fen, price.total_fen);
      assert.equal(s.supplier_id, price.supplier_id);
      assert.match(s.supplier_booking_id, /^B-/);
      assert.equal(s.booked_by, liWei);
      assert.equal(s.status, 'booked');
      assert.equal(s.cancellation, null);
      // The company's default travel provider serves it.
      assert.equal(s.provider_id, yuncheng.id);
      assert.equal(s.provider_name, YUNCHENG);
      // A business car is a soft violation: it needs a reason.
      const business = r.body.offers.find((o) => o.car_type === 'business');
      const body = { search_id: r.body.id, offer_key: business.offer_key, supplier_id: business.prices[0].supplier_id,
                     trip_id: trip.body.id };
      assertInvalid(await book(body), ['reason_code']);
      const warned = await book({ ...body, reason_code: 'customer_request' });
      assert.equal(warned.status, 201, warned.text);
      assert.equal(warned.body.id, trip.body.id);
      const second = warned.body.segments[1];
      assert.equal(second.kind, 'transfer');
      assert.equal(second.outcome, 'warn');
      assert.equal(second.reason_code, 'customer_request');
      assert.ok(second.verdicts.some((v) => v.rule === 'car_type' && v.broken));
      assert.equal(warned.body.total_fen, s.total_fen + second.total_fen);
      transferTrip = warned.body;
    });

    await t.test('bad transfers are refused naming the field, and store nothing', async () => {
      const before = await storedSearch();
      const bad = async (change, fields, message) => {
        const p = assertInvalid(await search({ ...transfer, ...change }), fields, JSON.stringify(change));
        if (message) assert.equal(p.errors[0].message, message, JSON.stringify(change));
      };
      const place = 'must be an airport or railway station of the city, hotel:<id> or centre';
      await bad({ city: '9999' }, ['city'], 'is not a known city');
      await bad({ pickup: 'PEK' }, ['pickup'], place);            // another city's airport
      await bad({ pickup: '北京南' }, ['pickup'], place);          // another city's station
      await bad({ dropoff: 'somewhere' }, ['dropoff'], place);
      await bad({ dropoff: 'hotel:' }, ['dropoff'], place);
      await bad({ pickup: 'hotel:h3101-03' }, ['pickup'], place);
      await bad({ pickup: '' }, ['pickup'], place);
      await bad({ pickup: undefined, dropoff: undefined }, ['pickup', 'dropoff']);
      await bad({ dropoff: 'PVG' }, ['dropoff'], 'is the pickup place');
      await bad({ pickup: '上海虹桥', dropoff: '上海虹桥' }, ['dropoff'], 'is the pickup place');
      await bad({ date: daysAhead(-1) }, ['date'], 'is in the past');
      await bad({ date: 'tomorrow' }, ['date']);
      await bad({ preferred_time: '25:00' }, ['preferred_time'], 'must be HH:MM');
      await bad({ preferred_time: '9:30' }, ['preferred_time'], 'must be HH:MM');
      if (minuteInChina() > 0)  // earlier today: midnight has passed (except in its first minute)
        await bad({ date: daysAhead(0), preferred_time: '00:00' }, ['preferred_time'], 'is in the past');
      await bad({ pickup: 7 }, ['pickup']);
      await bad({ dropoff: 'x'.repeat(41) }, ['dropoff']);
      await bad({ colour: 'red' }, ['colour']);
      await bad({ kind: 'car' }, ['kind']);
      assert.equal(await storedSearch(), before + 1, 'no search was stored for a bad one');
    });

    let managerTrip = null;
    await t.test('the travel manager searches and books for 李伟 under his policy', async () => {
      // The manager's own search is judged by the manager class; one for 李伟 by his staff class.
      const own = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(30), check_out: daysAhead(31) }, admin);
      assert.equal(own.status, 201, own.text);
      assert.equal(own.body.traveller_id, adminId);
      assert.equal(own.body.rule_class, 'manager');
      const r = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(30), check_out: daysAhead(31),
                               traveller_id: liWei }, admin);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.traveller_id, liWei);
      assert.equal(r.body.traveller_name, '李伟');
      assert.equal(r.body.rule_class, 'staff');
      // Staff pay the excess over ¥550 a night in Shanghai.
      const over = r.body.offers.find((o) => o.outcome === 'employee_pays_excess');
      assert.ok(over, 'a room over the staff cap');
      assert.ok(over.verdicts.some((v) => v.rule === 'hotel_cap' && v.broken && v.reason_zh.includes('550')));
      // 李伟 can read the search made for him.
      assert.equal((await srv.api('GET', `/api/v1/travel/searches/${r.body.id}`, { token: li })).status, 200);

      const { offer, price } = cheapest(r);
      const trip = await book({ search_id: r.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id,
                                purpose: '上海客户拜访' }, admin);
      assert.equal(trip.status, 201, trip.text);
      assert.equal(trip.body.traveller_id, liWei);
      assert.equal(trip.body.traveller_name, '李伟');
      assert.equal(trip.body.created_by, adminId);
      assert.equal(trip.body.created_by_name, '周雅琴');
      const s = trip.body.segments[0];
      assert.equal(s.kind, 'hotel');
      assert.equal(s.booked_by, adminId);
      assert.equal(s.outcome, 'allow');
      assert.equal(s.provider_id, yuncheng.id);
      // 李伟 sees the trip as his; the manager sees it in the company's list.
      const mine = await tripList(li);
      const listed = mine.find((x) => x.id === trip.body.id);
      assert.ok(listed, 'the trip is in 李伟\'s list');
      assert.equal(listed.traveller_id, liWei);
      assert.equal(listed.segments, 1);
      assert.equal(listed.cancelled_segments, 0);
      assert.equal(listed.total_fen, s.total_fen);
      const read = await srv.api('GET', `/api/v1/travel/trips/${trip.body.id}`, { token: li });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body, trip.body);
      assert.ok((await tripList(admin, `?traveller_id=${liWei}`)).some((x) => x.id === trip.body.id));
      assert.ok(!(await tripList(admin, `?traveller_id=${adminId}`)).some((x) => x.id === trip.body.id));
      // Into a trip of 李伟's, not into someone else's.
      const again = { search_id: r.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id };
      assertInvalid(await book({ ...again, trip_id: 999_999 }, admin), ['trip_id']);
      const into = await book({ ...again, trip_id: transferTrip.id }, admin);
      assert.equal(into.status, 201, into.text);
      assert.equal(into.body.id, transferTrip.id);
      assert.equal(into.body.created_by, liWei);  // the trip's creator stays
      assert.equal(into.body.segments.at(-1).booked_by, adminId);
      transferTrip = into.body;
      managerTrip = trip.body;
      // The audit log names who booked for whom.
      const audit = await listAll(srv, `/api/v1/audit?entity_type=trip_segment&entity_id=${s.id}`, op);
      const entry = audit.find((a) => a.action === 'travel.segment.book');
      assert.ok(entry, JSON.stringify(audit));
      assert.equal(entry.actor_user_id, adminId);
      const after = auditJson(entry.after);
      assert.equal(after.traveller_id, liWei);
      assert.equal(after.booked_by, adminId);
      assert.equal(after.provider_id, yuncheng.id);
    });

    await t.test('nobody else searches or books for 李伟, and nothing is booked when refused', async () => {
      const trips = await allTrips();
      const before = await storedSearch();
      const hotel = { kind: 'hotel', city: '3101', check_in: daysAhead(32), check_out: daysAhead(33) };
      // An employee books for themself only.
      assertProblem(await search({ ...hotel, traveller_id: wangFang }), 403, 'forbidden');
      // Another company's manager: 李伟 is not their employee; nor is anyone unknown.
      const p = assertInvalid(await search({ ...hotel, traveller_id: liWei }, huidaAdmin), ['traveller_id']);
      assert.equal(p.errors[0].message, 'is not an employee of your company');
      assertInvalid(await search({ ...hotel, traveller_id: 999_999 }, admin), ['traveller_id']);
      assertInvalid(await search({ ...hotel, traveller_id: 'li' }, admin), ['traveller_id']);
      // Operators do not travel.
      assertProblem(await search({ ...hotel, traveller_id: liWei }, op), 403);
      assert.equal(await storedSearch(), before + 1, 'no search was stored for a refused one');

      // Only the one who made a search books from it: not the traveller of a search made for him, not a
      // colleague, not another company.
      const forLi = await search({ ...hotel, traveller_id: liWei }, admin);
      assert.equal(forLi.status, 201, forLi.text);
      const { offer, price } = cheapest(forLi);
      const body = { search_id: forLi.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id };
      for (const token of [li, wang, huidaAdmin]) {
        const refused = assertInvalid(await book(body, token), ['search_id']);
        assert.equal(refused.errors[0].message, 'is not a search of yours');
      }
      const liOwn = await search(hotel);
      const own = cheapest(liOwn);
      assertInvalid(await book({ search_id: liOwn.body.id, offer_key: own.offer.offer_key, supplier_id: own.price.supplier_id },
                               admin), ['search_id']);
      // A trip of another traveller is refused before anything is booked.
      assertInvalid(await book({ search_id: liOwn.body.id, offer_key: own.offer.offer_key, supplier_id: own.price.supplier_id,
                                 trip_id: managerTrip.id }, wang), ['search_id']);
      assert.deepEqual(await allTrips(), trips, 'nothing was booked');
    });

    const providersPath = `/api/v1/organizations/${xingyun}/travel-providers`;
    const readProviders = async (token = admin) => {
      const r = await srv.api('GET', providersPath, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const putProviders = (body, token = admin) => srv.api('PUT', providersPath, { token, body });
    const patchProvider = async (id, body) => {
      const current = await srv.api('GET', `/api/v1/providers/${id}`, { token: op });
      assert.equal(current.status, 200, current.text);
      const r = await srv.api('PATCH', `/api/v1/providers/${id}`, { token: op, body, headers: { 'if-match': current.headers.get('etag') } });
      assert.equal(r.status, 200, r.text);
    };

    await t.test('travel providers: the demo default, and bad lists that change nothing', async () => {
      const demo = [{ provider_id: yuncheng.id, name: YUNCHENG, is_default: true, status: 'active' }];
      assert.deepEqual(await readProviders(li), demo);  // any member reads it
      assert.deepEqual(await readProviders(op), demo);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-providers`, { token: admin }), 404);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${yuncheng.id}/travel-providers`, { token: op }), 404);

      const yc = (isDefault = true) => ({ provider_id: yuncheng.id, is_default: isDefault });
      const supplierOrg = suppliers[0].id;
      const cases = [
        [{ providers: [{ provider_id: notTravel.id, is_default: true }] }, ['providers[0].provider_id'],
         'is not a travel provider of the registry'],
        [{ providers: [yc(), { provider_id: supplierOrg, is_default: false }] }, ['providers[1].provider_id'],
         'is not a travel provider of the registry'],
        [{ providers: [{ provider_id: xingyun, is_default: true }] }, ['providers[0].provider_id']],
        [{ providers: [{ provider_id: 999_999, is_default: true }] }, ['providers[0].provider_id']],
        [{ providers: [yc(), yc(false)] }, ['providers[1].provider_id'], 'is listed twice'],
        [{ providers: [yc(false)] }, ['providers'], 'exactly one provider must be the default'],
        [{ providers: [{ provider_id: yuncheng.id }] }, ['providers'], 'exactly one provider must be the default'],
        [{ providers: [{ provider_id: String(yuncheng.id), is_default: 'yes' }] },
         ['providers[0].provider_id', 'providers[0].is_default']],
        [{ providers: [{ provider_id: 0, is_default: true }] }, ['providers[0].provider_id']],
        [{ providers: [{ is_default: true }] }, ['providers[0].provider_id']],
        [{ providers: [yuncheng.id] }, ['providers[0]']],
        [{ providers: 'yuncheng' }, ['providers']],
        [{ providers: null }, ['providers']],
        [{}, ['providers']],
        [{ providers: Array.from({ length: 21 }, () => yc(false)) }, ['providers']],
        [{ providers: [yc()], colour: 'red' }, ['colour']],
        [{ providers: [{ ...yc(), rank: 1 }] }, ['providers[0].rank']],
      ];
      for (const [body, fields, message] of cases) {
        const p = assertInvalid(await putProviders(body), fields, JSON.stringify(body));
        if (message) assert.equal(p.errors[0].message, message);
        assert.deepEqual(await readProviders(), demo, `unchanged after ${JSON.stringify(body)}`);
      }
      assertProblem(await srv.api('PUT', providersPath, { token: admin, rawBody: '{"providers": [' }), 400, 'malformed_json');
      assertProblem(await srv.api('PUT', providersPath, { token: admin, rawBody: '[]' }), 422);
      // Employees cannot change it; other companies' managers do not see it.
      assertProblem(await putProviders({ providers: [yc()] }, li), 403, 'forbidden');
      assertProblem(await putProviders({ providers: [yc()] }, huidaAdmin), 404);
      assert.deepEqual(await readProviders(), demo);
    });

    await t.test('travel providers: a second one, the default serving bookings, a suspended one', async () => {
      // An operator makes 锦城 a travel provider of the registry.
      await patchProvider(other.id, { provider_type: 'travel' });
      const both = [{ provider_id: yuncheng.id, is_default: true }, { provider_id: other.id, is_default: true }];
      assertInvalid(await putProviders({ providers: both }), ['providers'], 'two defaults');
      const saved = await putProviders({ providers: [{ provider_id: other.id, is_default: false },
                                                     { provider_id: yuncheng.id, is_default: true }] });
      assert.equal(saved.status, 200, saved.text);
      assert.deepEqual(saved.body.items.map((p) => [p.provider_id, p.is_default, p.status]),
                       [[yuncheng.id, true, 'active'], [other.id, false, 'active']]);  // the default first
      const audit = await listAll(srv, `/api/v1/audit?entity_type=organization&entity_id=${xingyun}&action=travel.providers.set`, op);
      const ids = (a) => auditJson(a.after).map((p) => p.provider_id).sort().join();
      assert.ok(audit.some((a) => a.actor_user_id === adminId && ids(a) === [yuncheng.id, other.id].sort().join()),
                JSON.stringify(audit));

      // A booking names one of the company's providers, or gets the default.
      const trips = await allTrips();
      const r = await search({ kind: 'train', origin: '3101', destination: '3301', date: daysAhead(26) });
      const { offer, price } = cheapest(r);
      const body = { search_id: r.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id };
      const p = assertInvalid(await book({ ...body, provider_id: notTravel.id }), ['provider_id']);
      assert.equal(p.errors[0].message, 'is not a travel provider of your company');
      assertInvalid(await book({ ...body, provider_id: 999_999 }), ['provider_id']);
      assert.deepEqual(await allTrips(), trips, 'nothing was booked');
      const named = await book({ ...body, provider_id: other.id });
      assert.equal(named.status, 201, named.text);
      assert.equal(named.body.segments[0].provider_id, other.id);
      assert.equal(named.body.segments[0].provider_name, other.name);
      const byDefault = await book({ ...body, trip_id: named.body.id });
      assert.equal(byDefault.status, 201, byDefault.text);
      assert.equal(byDefault.body.segments[1].provider_id, yuncheng.id);
      assert.equal(byDefault.body.segments[1].provider_name, YUNCHENG);

      // A suspended provider serves nothing new and cannot be listed again.
      await patchProvider(other.id, { status: 'suspended' });
      assert.deepEqual((await readProviders()).map((x) => [x.provider_id, x.status]),
                       [[yuncheng.id, 'active'], [other.id, 'suspended']]);
      assertProblem(await book({ ...body, provider_id: other.id }), 409, 'provider_suspended');
      const listed = assertInvalid(await putProviders({ providers: [{ provider_id: other.id, is_default: true }] }),
                                   ['providers[0].provider_id']);
      assert.equal(listed.errors[0].message, 'is suspended');
      await patchProvider(other.id, { status: 'active' });
      assert.equal((await putProviders({ providers: [{ provider_id: other.id, is_default: true }] })).status, 200);
      await patchProvider(other.id, { status: 'suspended' });
      assertProblem(await book(body), 409, 'provider_suspended');  // the default is suspended
      await patchProvider(other.id, { status: 'active' });

      // No provider at all: segments are booked without one. An operator may set the list too.
      const none = await putProviders({ providers: [] });
      assert.equal(none.status, 200, none.text);
      assert.deepEqual(none.body.items, []);
      const bare = await book(body);
      assert.equal(bare.status, 201, bare.text);
      assert.equal(bare.body.segments[0].provider_id, null);
      assert.equal(bare.body.segments[0].provider_name, null);
      // Past segments keep their provider.
      const kept = await srv.api('GET', `/api/v1/travel/trips/${named.body.id}`, { token: li });
      assert.equal(kept.body.segments[0].provider_id, other.id);
      const restored = await putProviders({ providers: [{ provider_id: yuncheng.id, is_default: true }] }, op);
      assert.equal(restored.status, 200, restored.text);
      assert.deepEqual(await readProviders(), [{ provider_id: yuncheng.id, name: YUNCHENG, is_default: true, status: 'active' }]);
    });

    await t.test('cancelling a hotel refunds it in full and the trip counts nothing for it', async () => {
      // A flight and a hotel over the cap (the employee pays the excess) in one trip.
      const flights = await search({ kind: 'flight', origin: '1101', destination: 'SHA', date: daysAhead(40), preferred_time: '09:00' });
      const f = cheapest(flights);
      const trip = await book({ search_id: flights.body.id, offer_key: f.offer.offer_key, supplier_id: f.price.supplier_id,
                                purpose: '上海季度会' });
      assert.equal(trip.status, 201, trip.text);
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(40), check_out: daysAhead(42) });
      const over = hotels.body.offers.find((o) => o.outcome === 'employee_pays_excess');
      const booked = await book({ search_id: hotels.body.id, offer_key: over.offer_key, supplier_id: over.prices[0].supplier_id,
                                  reason_code: 'venue_nearby', trip_id: trip.body.id });
      assert.equal(booked.status, 201, booked.text);
      const [flight, hotel] = booked.body.segments;
      assert.ok(hotel.employee_pays_fen > 0 && hotel.company_pays_fen > 0, JSON.stringify(hotel));
      assert.equal(booked.body.total_fen, flight.total_fen + hotel.total_fen);
      assert.equal(booked.body.employee_pays_fen, hotel.employee_pays_fen);

      // Refused: bad bodies, someone else, an unknown segment, a segment of another trip.
      const path = `/api/v1/travel/trips/${trip.body.id}/segments/${hotel.id}/cancel`;
      assertInvalid(await cancel(trip.body.id, hotel.id, { reason: 'x'.repeat(201) }), ['reason']);
      assertInvalid(await cancel(trip.body.id, hotel.id, { reason: '改期', refund: 'all' }), ['refund']);
      assertProblem(await srv.api('POST', path, { token: li, rawBody: '{"reason":' }), 400, 'malformed_json');
      assertProblem(await cancel(trip.body.id, hotel.id, {}, huidaAdmin), 404);
      assertProblem(await cancel(trip.body.id, hotel.id, {}, wang), 404);  // a colleague, neither traveller nor booker
      assertProblem(await cancel(trip.body.id, hotel.id, {}, op), 403);
      assertProblem(await cancel(trip.body.id, 999_999), 404);
      assertProblem(await cancel(trip.body.id, transferTrip.segments[0].id), 404);
      assertProblem(await cancel(999_999, hotel.id), 404);
      const unchanged = await srv.api('GET', `/api/v1/travel/trips/${trip.body.id}`, { token: li });
      assert.deepEqual(unchanged.body, booked.body, 'nothing was cancelled');

      const r = await cancel(trip.body.id, hotel.id, { reason: '会议取消' });
      assert.equal(r.status, 200, r.text);
      const cancelled = r.body.segments.find((s) => s.id === hotel.id);
      assert.equal(cancelled.status, 'cancelled');
      const c = cancelled.cancellation;
      assert.equal(c.refund_fen, hotel.total_fen);  // hotels refund in full
      assert.equal(c.fee_fen, 0);
      assert.equal(c.employee_refund_fen, hotel.employee_pays_fen);  // each party gets back what it paid
      assert.equal(c.reason, '会议取消');
      assert.equal(c.cancelled_by, liWei);
      assert.ok(Number.isInteger(c.cancelled_at) && c.cancelled_at > 0);
      // The booked figures never change.
      for (const k of ['price_fen', 'fee_fen', 'total_fen', 'employee_pays_fen', 'company_pays_fen', 'booked_at', 'outcome'])
        assert.equal(cancelled[k], hotel[k], k);
      assert.equal(r.body.segments.find((s) => s.id === flight.id).status, 'booked');
      // The trip counts the hotel at its fee (nothing).
      assert.equal(r.body.total_fen, flight.total_fen);
      assert.equal(r.body.employee_pays_fen, 0);
      assert.equal(r.body.company_pays_fen, flight.total_fen);
      const listed = (await tripList(li)).find((x) => x.id === trip.body.id);
      assert.equal(listed.segments, 2);
      assert.equal(listed.cancelled_segments, 1);
      assert.equal(listed.total_fen, r.body.total_fen);
      assert.equal(listed.employee_pays_fen, r.body.employee_pays_fen);
      assert.deepEqual((await srv.api('GET', `/api/v1/travel/trips/${trip.body.id}`, { token: admin })).body, r.body);

      // Once is enough.
      assertProblem(await cancel(trip.body.id, hotel.id), 409, 'already_cancelled');
      assertProblem(await cancel(trip.body.id, hotel.id, {}, admin), 409, 'already_cancelled');
      // The audit log has it.
      const audit = await listAll(srv, `/api/v1/audit?entity_type=trip_segment&entity_id=${hotel.id}`, op);
      const entry = audit.find((a) => a.action === 'travel.segment.cancel');
      assert.ok(entry, JSON.stringify(audit));
      assert.equal(entry.actor_user_id, liWei);
      assert.equal(entry.organization_id, xingyun);
      const after = auditJson(entry.after);
      assert.equal(after.refund_fen, hotel.total_fen);
      assert.equal(after.employee_refund_fen, hotel.employee_pays_fen);
      assert.equal(after.fee_fen, 0);
      assert.equal(after.reason, '会议取消');
      assert.equal(audit.filter((a) => a.action === 'travel.segment.cancel').length, 1);

      // The flight: the supplier keeps 10 % (the refund in whole yuan); the travel manager cancels it.
      const flightCancel = await cancel(trip.body.id, flight.id, {}, admin);
      assert.equal(flightCancel.status, 200, flightCancel.text);
      const fc = flightCancel.body.segments.find((s) => s.id === flight.id).cancellation;
      assert.equal(fc.refund_fen, Math.floor(Math.floor(flight.total_fen * 9 / 10) / 100) * 100);
      assert.equal(fc.fee_fen, flight.total_fen - fc.refund_fen);
      assert.ok(fc.fee_fen >= flight.total_fen / 10 && fc.fee_fen < flight.total_fen / 10 + 101, JSON.stringify(fc));
      assert.equal(fc.employee_refund_fen, 0);  // the company paid it all
      assert.equal(fc.cancelled_by, adminId);
      assert.equal(fc.reason, '');
      const body = flightCancel.body;
      assert.equal(body.total_fen, fc.fee_fen);
      assert.equal(body.employee_pays_fen, 0);
      assert.equal(body.company_pays_fen, fc.fee_fen);
      for (const s of body.segments) {
        const x = s.cancellation;
        assert.equal(x.refund_fen + x.fee_fen, s.total_fen);
        assert.ok(x.employee_refund_fen <= s.employee_pays_fen && x.refund_fen - x.employee_refund_fen <= s.company_pays_fen);
      }
      const total = body.segments.reduce((sum, s) => sum + s.total_fen - s.cancellation.refund_fen, 0);
      const employee = body.segments.reduce((sum, s) => sum + s.employee_pays_fen - s.cancellation.employee_refund_fen, 0);
      assert.equal(body.total_fen, total);
      assert.equal(body.employee_pays_fen, employee);
      assert.equal(body.employee_pays_fen + body.company_pays_fen, body.total_fen);
      const summary = (await tripList(admin)).find((x) => x.id === trip.body.id);
      assert.equal(summary.cancelled_segments, 2);
      assert.equal(summary.total_fen, body.total_fen);
    });

    await t.test('cancelling: the traveller of a trip the manager booked, and a car', async () => {
      // 李伟 cancels the hotel the manager booked for him.
      const r = await cancel(managerTrip.id, managerTrip.segments[0].id, { reason: '行程取消' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.segments[0].status, 'cancelled');
      assert.equal(r.body.segments[0].cancellation.cancelled_by, liWei);
      assert.equal(r.body.total_fen, 0);
      // Cars refund in full.
      const car = transferTrip.segments[0];
      const carCancel = await cancel(transferTrip.id, car.id);
      assert.equal(carCancel.status, 200, carCancel.text);
      assert.equal(carCancel.body.segments[0].cancellation.refund_fen, car.total_fen);
      assert.equal(carCancel.body.total_fen, transferTrip.total_fen - car.total_fen);

    });

    await t.test('travel profiles need If-Match with the version read', async () => {
      const employeesPath = `/api/v1/organizations/${xingyun}/travel-employees`;
      const readWang = async () => {
        const r = await srv.api('GET', employeesPath, { token: admin });
        assert.equal(r.status, 200, r.text);
        return r.body.items.find((e) => e.user_id === wangFang);
      };
      const path = `${employeesPath}/${wangFang}`;
      const put = (body, ifMatch) => srv.api('PUT', path, { token: admin, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
      const before = await readWang();
      assert.ok(before.version >= 1, JSON.stringify(before));
      assertProblem(await put({ grade: 'P7' }), 428, 'if_match_required');
      assertProblem(await put({ grade: 'P7' }, `"${before.version + 1}"`), 412, 'version_mismatch');
      assertProblem(await put({ grade: 'P7' }, '"abc"'), 412, 'version_mismatch');
      assertInvalid(await put({ grade: 'P7', colour: 'red' }), ['colour']);  // the body is read before If-Match
      assert.deepEqual(await readWang(), before, 'nothing changed');
      const ok = await put({ grade: 'P7' }, `"${before.version}"`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.grade, 'P7');
      assert.equal(ok.body.version, before.version + 1);
      assert.equal(ok.headers.get('etag'), `"${before.version + 1}"`);
      // The version just replaced is stale now; the ETag works as If-Match.
      assertProblem(await put({ grade: 'P6' }, `"${before.version}"`), 412, 'version_mismatch');
      assertInvalid(await put({ grade: 'Z9' }, ok.headers.get('etag')), ['grade']);
      const back = await put({ grade: before.grade, department_id: before.department_id }, `W/${ok.headers.get('etag')}`);
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.version, before.version + 2);
      assert.equal((await readWang()).grade, before.grade);
    });

    // An employee without a profile has version 0 and is given one with If-Match: "0".
    await t.test('a new employee gets a first travel profile with If-Match "0"', async () => {
      const created = await srv.api('POST', '/api/v1/users', { token: admin, body: {
        email: 'new.hire@xingyun.demo', name: '新同事', password: 'Fuwu-demo-2026', organization_id: xingyun, roles: ['employee'],
      } });
      assert.equal(created.status, 201, created.text);
      const employeesPath = `/api/v1/organizations/${xingyun}/travel-employees`;
      const fresh = (await srv.api('GET', employeesPath, { token: admin })).body.items.find((e) => e.user_id === created.body.id);
      assert.equal(fresh.version, 0);
      assert.equal(fresh.grade, null);
      const path = `${employeesPath}/${created.body.id}`;
      assertProblem(await srv.api('PUT', path, { token: admin, body: { grade: 'P3' } }), 428);
      assertProblem(await srv.api('PUT', path, { token: admin, body: { grade: 'P3' }, headers: { 'if-match': '"1"' } }), 412);
      const first = await srv.api('PUT', path, { token: admin, body: { grade: 'P3' }, headers: { 'if-match': '"0"' } });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.version, 1);
      assert.equal(first.headers.get('etag'), '"1"');
    });

    // Last: it restarts the server with its clock moved to 17:00 (China) of the travel day.
    await t.test('a segment cannot be cancelled once it has started', async () => {
      const day = transfer.date;
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: day, check_out: daysAhead(21) });
      const h = cheapest(hotels);
      const trip = await book({ search_id: hotels.body.id, offer_key: h.offer.offer_key, supplier_id: h.price.supplier_id });
      assert.equal(trip.status, 201, trip.text);
      const cars = await search(transfer);  // pickup at 10:30 that day
      const c = cheapest(cars);
      const booked = await book({ search_id: cars.body.id, offer_key: c.offer.offer_key, supplier_id: c.price.supplier_id,
                                  trip_id: trip.body.id });
      assert.equal(booked.status, 201, booked.text);
      const [stay, ride] = booked.body.segments;

      const dir = srv.dir;
      const stopped = await srv.stop();
      assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}`);
      srv = null;
      const offset = Date.parse(`${day}T09:00:00Z`) - Date.now();  // 17:00 in China
      srv = await startServer({ db: storage.db, dir, demo: false, args: ['--set', `clock.offset_ms=${offset}`] });
      const traveller = await srv.login(EMPLOYEE);
      // The car picked him up at 10:30: a change now goes through the travel provider.
      assertProblem(await cancel(trip.body.id, ride.id, { reason: '太晚了' }, traveller), 409, 'segment_started');
      const read = await srv.api('GET', `/api/v1/travel/trips/${trip.body.id}`, { token: traveller });
      assert.deepEqual(read.body, booked.body, 'nothing was cancelled');
      const audit = await listAll(srv, `/api/v1/audit?entity_type=trip_segment&entity_id=${ride.id}`, await srv.login(OPERATOR));
      assert.ok(!audit.some((a) => a.action === 'travel.segment.cancel'), JSON.stringify(audit));
      // The stay starts at 18:00 (when hotels release unpaid rooms): it can still be cancelled.
      const r = await cancel(trip.body.id, stay.id, {}, traveller);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.segments[0].status, 'cancelled');
      assert.equal(r.body.segments[1].status, 'booked');
      assert.equal(r.body.total_fen, ride.total_fen);
    });
  });
}
