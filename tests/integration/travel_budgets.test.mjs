// Travel budgets (差旅预算) and analytics (差旅分析) end to end against the supplier simulator, on SQLite
// and PostgreSQL: a department budget that blocks and a project budget that needs approval, each
// booking taking the company's share from the budgets that cover it (with rule "budget" among its
// verdicts), warning levels, a booking over a blocking budget refused with nothing booked (not even
// at the supplier), cancellations giving the company's share of the refund back, the budget running
// out between search and booking (a lowered amount, bookings racing); bad budgets that change
// nothing; and the dashboard panels adding up to the bookings made here, as JSON and CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, findOrganizationByName, findUserByEmail, listAll, startOnBackend,
} from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';
import { cheapest, daysAhead, monthInChina, pointSuppliersAt, startSimulator } from './lib/travel.mjs';

const XINGYUN = '北京星云科技有限公司';
const HUIDA = '上海汇达贸易集团有限公司';
const HUIDA_ADMIN = 'admin@huida.demo';
const WANG_FANG = 'wang.fang@xingyun.demo';
const PROJECT = 'PRJ-SH-01';

// Fen as the server writes yuan in reasons: 1,234.50.
function yuan(fen) {
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

// The number at the end of a simulator booking id (B-<supplier>-<n>): one counter for all suppliers.
function bookingNumber(segment) {
  return Number(segment.supplier_booking_id.split('-').at(-1));
}

// Whole days from today (China) to a YYYY-MM-DD date.
function daysFromToday(date) {
  return Math.round((Date.parse(date) - Date.parse(daysAhead(0))) / 86_400_000);
}

for (const backend of BACKENDS) {
  test(`travel budgets and analytics [${backend.name}]`, { timeout: 240_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const sim = await startSimulator(t, { prefix: 'fuwu-it-budgets-' });  // the demo suppliers, fast and without faults
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    await pointSuppliersAt(srv, op, sim);
    const admin = await srv.login(CLIENT_ADMIN);  // 周雅琴, the travel manager
    const li = await srv.login(EMPLOYEE);          // 李伟, P5 (staff), 华北销售
    const wang = await srv.login(WANG_FANG);       // 王芳, P6 (staff), 研发中心
    const huidaAdmin = await srv.login(HUIDA_ADMIN);
    const xingyun = (await findOrganizationByName(srv, op, XINGYUN)).id;
    const huida = (await findOrganizationByName(srv, op, HUIDA)).id;
    const liWei = (await findUserByEmail(srv, op, EMPLOYEE)).id;
    const wangFang = (await findUserByEmail(srv, op, WANG_FANG)).id;
    const employees = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-employees`, { token: admin });
    assert.equal(employees.status, 200, employees.text);
    const liProfile = employees.body.items.find((e) => e.user_id === liWei);
    const wangProfile = employees.body.items.find((e) => e.user_id === wangFang);
    assert.equal(liProfile.department_name, '华北销售');
    assert.ok(Number.isInteger(liProfile.department_id), JSON.stringify(liProfile));
    assert.ok(Number.isInteger(wangProfile.department_id) && wangProfile.department_id !== liProfile.department_id,
              JSON.stringify(wangProfile));
    const huidaDepartments = await srv.api('GET', `/api/v1/organizations/${huida}/departments`, { token: huidaAdmin });
    assert.equal(huidaDepartments.status, 200, huidaDepartments.text);
    const huidaDepartment = huidaDepartments.body.items[0].id;

    const month = monthInChina();
    const quarter = `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`;
    const budgetsPath = `/api/v1/organizations/${xingyun}/travel-budgets`;
    const listBudgets = async (token = admin) => {
      const r = await srv.api('GET', budgetsPath, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const budget = async (id) => (await listBudgets()).find((b) => b.id === id);
    const createBudget = (body, token = admin) => srv.api('POST', budgetsPath, { token, body });
    const patchBudget = (id, body, ifMatch, token = admin) => srv.api('PATCH', `${budgetsPath}/${id}`, {
      token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
    // consumed, remaining, used_bp and the warning level reached of a budget now.
    const assertUse = async (id, consumed, reached) => {
      const b = await budget(id);
      assert.equal(b.consumed_fen, consumed, JSON.stringify(b));
      assert.equal(b.remaining_fen, b.amount_fen - consumed);
      assert.equal(b.used_bp, Math.floor(consumed * 10_000 / b.amount_fen));
      assert.equal(b.warning_reached_bp, reached, JSON.stringify(b));
      assert.equal(b.over_budget, consumed > b.amount_fen);
      return b;
    };

    const search = (body, token = li) => srv.api('POST', '/api/v1/travel/searches', { token, body });
    // Every booking made: the highest simulator booking number seen, to show that a refused booking
    // left no booking at the supplier.
    let lastBooking = 0;
    const book = async (body, token = li) => {
      const r = await srv.api('POST', '/api/v1/travel/bookings', { token, body });
      if (r.status === 201) for (const s of r.body.segments) lastBooking = Math.max(lastBooking, bookingNumber(s));
      return r;
    };
    const cancel = (trip, segment, token = li) =>
      srv.api('POST', `/api/v1/travel/trips/${trip}/segments/${segment}/cancel`, { token, body: {} });
    const tripList = async (token) => {
      const r = await srv.api('GET', '/api/v1/travel/trips', { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const allTrips = async () => ({ li: await tripList(li), wang: await tripList(wang), company: await tripList(admin) });
    // The simulator's answer to cancelling booking number n of the rail supplier: 404 when it was
    // never made, refund 0 when fuwu cancelled it already.
    const assertNoLiveRailBooking = async (n) => {
      const r = await sim.api('POST', `/suppliers/changxing-rail/bookings/B-changxing-rail-${n}/cancel`, { body: {} });
      if (r.status === 404) return 'never made';
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'cancelled');
      assert.equal(r.body.refund_fen, 0, `the supplier booking B-changxing-rail-${n} of a refused booking was still live`);
      return 'cancelled';
    };
    const budgetVerdicts = (segment) => segment.verdicts.filter((v) => v.rule === 'budget');

    // A train 李伟 books again and again: the cheapest compliant seat, p fen, all paid by the company.
    const trainSearch = async (token = li) => {
      const r = await search({ kind: 'train', origin: '3101', destination: '3301', date: daysAhead(25) }, token);
      assert.equal(r.status, 201, r.text);
      return r;
    };
    const trains = await trainSearch();
    const train = cheapest(trains);
    const p = train.price.total_fen;
    assert.ok(p > 0 && train.offer.outcome === 'allow' && train.offer.employee_pays_fen === 0, JSON.stringify(train.offer));
    const trainBooking = { search_id: trains.body.id, offer_key: train.offer.offer_key, supplier_id: train.price.supplier_id };

    let department = null;  // 华北销售's budget this month: 3p, block
    let project = null;     // PRJ-SH-01's budget this month: 1.5p, needs_approval
    await t.test('a department budget that blocks and a project budget that needs approval', async () => {
      assert.deepEqual(await listBudgets(), []);
      const r = await createBudget({ department_id: liProfile.department_id, period: 'month', period_key: month,
                                     amount_fen: 3 * p, over_control: 'block' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.headers.get('etag'), '"1"');
      department = r.body;
      const { id, created_at: createdAt, updated_at: updatedAt, ...rest } = department;
      assert.ok(Number.isInteger(id) && createdAt > 0 && updatedAt === createdAt, r.text);
      assert.deepEqual(rest, {
        organization_id: xingyun, department_id: liProfile.department_id, department_name: '华北销售', project_code: '',
        period: 'month', period_key: month, amount_fen: 3 * p, consumed_fen: 0, remaining_fen: 3 * p, used_bp: 0,
        warning_levels_bp: [6000, 9000], warning_reached_bp: 0, over_budget: false, over_control: 'block', version: 1,
      });
      const pr = await createBudget({ project_code: PROJECT, period: 'month', period_key: month,
                                      amount_fen: Math.floor(1.5 * p), warning_levels_bp: [5000, 8000, 10000],
                                      over_control: 'needs_approval' });
      assert.equal(pr.status, 201, pr.text);
      project = pr.body;
      assert.equal(project.department_id, null);
      assert.equal(project.department_name, '');
      assert.equal(project.project_code, PROJECT);
      assert.deepEqual(project.warning_levels_bp, [5000, 8000, 10000]);
      assert.equal(project.over_control, 'needs_approval');
      const listed = await listBudgets();
      assert.deepEqual(listed.map((b) => b.id).sort((a, b) => a - b), [department.id, project.id]);
      assert.deepEqual(listed.find((b) => b.id === department.id), department);
      assert.deepEqual(listed.find((b) => b.id === project.id), project);
      assert.deepEqual(await listBudgets(op), listed, 'an operator reads them too');
      const audit = await listAll(srv, `/api/v1/audit?entity_type=travel_budget&entity_id=${department.id}`, op);
      assert.ok(audit.some((a) => a.action === 'travel.budget.create' && a.organization_id === xingyun), JSON.stringify(audit));
    });

    await t.test('bad budgets are refused naming the field and change nothing', async () => {
      const before = await listBudgets();
      const good = { project_code: 'PRJ-BAD', period: 'month', period_key: month, amount_fen: 100_000, over_control: 'block' };
      const { project_code: _, ...noScope } = good;
      const cases = [
        [{ ...good, department_id: liProfile.department_id }, ['department_id']],  // both
        [noScope, ['department_id']],                                               // neither
        [{ ...good, project_code: '' }, ['department_id']],
        [{ ...good, period: 'week' }, ['period']],
        [{ ...good, period: undefined }, ['period']],
        [{ ...good, period_key: '2026Q4' }, ['period_key']],
        [{ ...good, period_key: '2026-13' }, ['period_key']],
        [{ ...good, period_key: '2026-1' }, ['period_key']],
        [{ ...good, period: 'quarter', period_key: month }, ['period_key']],
        [{ ...good, period: 'quarter', period_key: '2026Q5' }, ['period_key']],
        [{ ...good, period: 'year', period_key: '26' }, ['period_key']],
        [{ ...good, period: 'year', period_key: month }, ['period_key']],
        [{ ...good, period_key: '2026-11-01' }, ['period_key']],
        [{ ...good, warning_levels_bp: [9000, 6000] }, ['warning_levels_bp']],  // not rising
        [{ ...good, warning_levels_bp: [6000, 6000] }, ['warning_levels_bp']],
        [{ ...good, warning_levels_bp: [0, 9000] }, ['warning_levels_bp[0]']],  // out of range
        [{ ...good, warning_levels_bp: [6000, 10001] }, ['warning_levels_bp[1]']],
        [{ ...good, warning_levels_bp: [-100] }, ['warning_levels_bp[0]']],
        [{ ...good, warning_levels_bp: [60.5] }, ['warning_levels_bp[0]']],     // not integers
        [{ ...good, warning_levels_bp: ['6000'] }, ['warning_levels_bp[0]']],
        [{ ...good, warning_levels_bp: 6000 }, ['warning_levels_bp']],
        [{ ...good, warning_levels_bp: [1000, 2000, 3000, 4000, 5000, 6000] }, ['warning_levels_bp']],
        [{ ...good, over_control: 'warn' }, ['over_control']],
        [{ ...good, over_control: 'employee_pays_excess' }, ['over_control']],
        [{ ...good, over_control: 'maybe' }, ['over_control']],
        [{ ...good, over_control: undefined }, ['over_control']],
        [{ ...noScope, department_id: huidaDepartment }, ['department_id']],   // another company's department
        [{ ...noScope, department_id: 999_999 }, ['department_id']],
        [{ ...noScope, department_id: 'sales' }, ['department_id']],
        [{ ...good, amount_fen: -1 }, ['amount_fen']],
        [{ ...good, amount_fen: '100000' }, ['amount_fen']],
        [{ ...good, amount_fen: undefined }, ['amount_fen']],
        [{ ...good, colour: 'red' }, ['colour']],                                // unknown fields
        [{ ...good, consumed_fen: 0 }, ['consumed_fen']],
      ];
      for (const [body, fields] of cases) {
        assertInvalid(await createBudget(body), fields, JSON.stringify(body));
        assert.deepEqual(await listBudgets(), before, `unchanged after ${JSON.stringify(body)}`);
      }
      assertProblem(await srv.api('POST', budgetsPath, { token: admin, rawBody: '{"project_code": "X",' }), 400, 'malformed_json');
      assertProblem(await srv.api('POST', budgetsPath, { token: admin, rawBody: '[]' }), 422);
      // One budget per department or project and period.
      assertProblem(await createBudget({ department_id: liProfile.department_id, period: 'month', period_key: month,
                                         amount_fen: 1, over_control: 'allow' }), 409, 'budget_exists');
      assertProblem(await createBudget({ project_code: PROJECT, period: 'month', period_key: month, amount_fen: 1,
                                         over_control: 'block' }), 409, 'budget_exists');
      assert.deepEqual(await listBudgets(), before);

      // PATCH: the body is read first, then If-Match.
      const path = `${budgetsPath}/${department.id}`;
      assertInvalid(await patchBudget(department.id, { warning_levels_bp: [9000, 6000] }, '"1"'), ['warning_levels_bp']);
      assertInvalid(await patchBudget(department.id, { warning_levels_bp: [0] }, '"1"'), ['warning_levels_bp[0]']);
      assertInvalid(await patchBudget(department.id, { over_control: 'warn' }, '"1"'), ['over_control']);
      assertInvalid(await patchBudget(department.id, { amount_fen: -5 }, '"1"'), ['amount_fen']);
      assertInvalid(await patchBudget(department.id, { period_key: '2027-01' }, '"1"'), ['period_key']);
      assertProblem(await srv.api('PATCH', path, { token: admin, rawBody: '{', headers: { 'if-match': '"1"' } }), 400, 'malformed_json');
      assertProblem(await patchBudget(department.id, { amount_fen: 1 }), 428, 'if_match_required');
      assertProblem(await patchBudget(department.id, { amount_fen: 1 }, '"2"'), 412, 'version_mismatch');
      assertProblem(await patchBudget(department.id, { amount_fen: 1 }, '"abc"'), 412, 'version_mismatch');
      assertProblem(await patchBudget(999_999, { amount_fen: 1 }, '"1"'), 404);
      assert.deepEqual(await listBudgets(), before);

      // Employees do not see or set budgets; another company's manager sees no such company.
      assertProblem(await srv.api('GET', budgetsPath, { token: li }), 403, 'forbidden');
      assertProblem(await createBudget({ ...good }, li), 403, 'forbidden');
      assertProblem(await patchBudget(department.id, { amount_fen: 1 }, '"1"', li), 403, 'forbidden');
      assertProblem(await srv.api('GET', budgetsPath, { token: huidaAdmin }), 404);
      assertProblem(await createBudget({ ...good }, huidaAdmin), 404);
      assertProblem(await patchBudget(department.id, { amount_fen: 1 }, '"1"', huidaAdmin), 404);
      assertProblem(await srv.api('PATCH', `/api/v1/organizations/${huida}/travel-budgets/${department.id}`, {
        token: huidaAdmin, body: { amount_fen: 1 }, headers: { 'if-match': '"1"' } }), 404);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-budgets`, { token: admin }), 404);
      assert.deepEqual(await listBudgets(), before, 'nothing changed');
      assert.ok(!(await listAll(srv, '/api/v1/audit?entity_type=travel_budget', op)).some((a) => a.action === 'travel.budget.update'));
    });

    const liTrips = [];  // 李伟's bookings below, as the trips answered
    await t.test('bookings take the company\'s share from the department\'s and the project\'s budgets', async () => {
      // 1: with the project, from both budgets.
      const first = await book({ ...trainBooking, project_code: PROJECT, purpose: '杭州项目' });
      assert.equal(first.status, 201, first.text);
      const s1 = first.body.segments[0];
      liTrips.push(first.body);
      assert.equal(s1.project_code, PROJECT);
      assert.equal(s1.outcome, 'allow');
      assert.equal(s1.company_pays_fen, p);
      assert.deepEqual(budgetVerdicts(s1).map(({ rule, broken, control, excess_fen: excess }) => [rule, broken, control, excess]),
                       [['budget', false, 'allow', 0], ['budget', false, 'allow', 0]]);
      // Each tells what was left: the department's first, then the project's.
      assert.ok(budgetVerdicts(s1)[0].reason_en.includes(`${yuan(3 * p)} yuan left`), JSON.stringify(s1.verdicts));
      assert.ok(budgetVerdicts(s1)[1].reason_en.includes(`${yuan(project.amount_fen)} yuan left`), JSON.stringify(s1.verdicts));
      assert.ok(budgetVerdicts(s1)[0].reason_zh.includes(`剩余 ${yuan(3 * p)} 元`));
      await assertUse(department.id, p, 0);     // a third
      await assertUse(project.id, p, 5000);     // two thirds: past 50 %

      // 2: the project's budget is short: it needs a reason, then its outcome is needs_approval.
      const trips = await allTrips();
      const budgets = await listBudgets();
      assertInvalid(await book({ ...trainBooking, project_code: PROJECT }), ['reason_code']);
      assert.deepEqual(await allTrips(), trips, 'nothing was booked without a reason');
      assert.deepEqual(await listBudgets(), budgets, 'nothing was taken');
      const second = await book({ ...trainBooking, project_code: PROJECT, reason_code: 'customer_request' });
      assert.equal(second.status, 201, second.text);
      const s2 = second.body.segments[0];
      liTrips.push(second.body);
      assert.equal(s2.outcome, 'needs_approval');
      assert.equal(s2.reason_code, 'customer_request');
      const left = project.amount_fen - p;
      const [dv, pv] = budgetVerdicts(s2);
      assert.deepEqual([dv.broken, dv.control, dv.excess_fen], [false, 'allow', 0]);
      assert.deepEqual([pv.broken, pv.control, pv.excess_fen], [true, 'needs_approval', p - left]);
      assert.equal(pv.reason_en, `over the travel budget by ${yuan(p - left)} yuan (${yuan(left)} yuan left this period)`);
      assert.ok(s2.verdicts.filter((v) => v.rule !== 'budget').every((v) => !v.broken), 'only the budget is broken');
      await assertUse(department.id, 2 * p, 6000);
      const over = await assertUse(project.id, 2 * p, 10000);  // an overrun is recorded, not refused
      assert.ok(over.remaining_fen < 0 && over.over_budget);

      // 3: without a project only the department's budget covers it; it takes exactly what is left.
      const third = await book(trainBooking);
      assert.equal(third.status, 201, third.text);
      const s3 = third.body.segments[0];
      liTrips.push(third.body);
      assert.equal(s3.project_code, '');
      assert.equal(s3.outcome, 'allow');
      assert.equal(budgetVerdicts(s3).length, 1);
      assert.equal(budgetVerdicts(s3)[0].broken, false);
      await assertUse(department.id, 3 * p, 9000);
      await assertUse(project.id, 2 * p, 10000);
    });

    await t.test('a booking over the blocking budget is refused and nothing is booked', async () => {
      const trips = await allTrips();
      const budgets = await listBudgets();
      const booked = lastBooking;
      assertProblem(await book(trainBooking), 409, 'budget_exceeded');
      // A reason does not help against block, with or without the project.
      assertProblem(await book({ ...trainBooking, reason_code: 'no_alternative' }), 409, 'budget_exceeded');
      assertProblem(await book({ ...trainBooking, project_code: PROJECT, reason_code: 'customer_request' }), 409,
                    'budget_exceeded');
      assert.deepEqual(await allTrips(), trips, 'the trip lists are unchanged');
      assert.deepEqual(await listBudgets(), budgets, 'nothing was taken');
      // Refused before the supplier was asked to book: no booking was made there at all.
      for (let n = booked + 1; n <= booked + 3; n++) assert.equal(await assertNoLiveRailBooking(n), 'never made');
      // Other travellers and departments are not held back.
      const wangTrains = await trainSearch(wang);
      const w = cheapest(wangTrains);
      const ok = await book({ search_id: wangTrains.body.id, offer_key: w.offer.offer_key, supplier_id: w.price.supplier_id }, wang);
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(budgetVerdicts(ok.body.segments[0]), [], 'no budget covers 研发中心 yet');
      assert.equal(bookingNumber(ok.body.segments[0]), booked + 1);
      await assertUse(department.id, 3 * p, 9000);
    });

    let quarterBudget = null;  // 研发中心's budget this quarter: below one train, allow
    await t.test('an allowed overrun, the company\'s share of a hotel over the cap, and cancellations give it back', async () => {
      const r = await createBudget({ department_id: wangProfile.department_id, period: 'quarter', period_key: quarter,
                                     amount_fen: 1000, warning_levels_bp: [], over_control: 'allow' });
      assert.equal(r.status, 201, r.text);
      quarterBudget = r.body;
      assert.equal(quarterBudget.department_name, wangProfile.department_name);
      assert.deepEqual(quarterBudget.warning_levels_bp, []);
      // Over an allow budget: recorded as broken, but the booking needs no reason and stays allow.
      const trains = await trainSearch(wang);
      const w = cheapest(trains);
      const overrun = await book({ search_id: trains.body.id, offer_key: w.offer.offer_key, supplier_id: w.price.supplier_id }, wang);
      assert.equal(overrun.status, 201, overrun.text);
      const ws = overrun.body.segments[0];
      assert.equal(ws.outcome, 'allow');
      assert.equal(ws.reason_code, '');
      assert.deepEqual(budgetVerdicts(ws).map((v) => [v.broken, v.control, v.excess_fen]), [[true, 'allow', w.price.total_fen - 1000]]);
      let consumed = w.price.total_fen;
      await assertUse(quarterBudget.id, consumed, 0);

      // A hotel over the staff cap: the employee pays the excess, the budget takes the rest.
      const hotels = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(30), check_out: daysAhead(31) }, wang);
      assert.equal(hotels.status, 201, hotels.text);
      const over = hotels.body.offers.find((o) => o.outcome === 'employee_pays_excess');
      assert.ok(over, 'a room over the staff cap');
      const hotel = await book({ search_id: hotels.body.id, offer_key: over.offer_key, supplier_id: over.prices[0].supplier_id,
                                 reason_code: 'venue_nearby', trip_id: overrun.body.id }, wang);
      assert.equal(hotel.status, 201, hotel.text);
      const hs = hotel.body.segments[1];
      assert.ok(hs.employee_pays_fen > 0 && hs.company_pays_fen > 0, JSON.stringify(hs));
      assert.equal(hs.company_pays_fen, hs.total_fen - hs.employee_pays_fen);
      assert.equal(hs.outcome, 'employee_pays_excess');
      assert.deepEqual(budgetVerdicts(hs).map((v) => [v.broken, v.control, v.excess_fen]), [[true, 'allow', hs.company_pays_fen]]);
      consumed += hs.company_pays_fen;
      await assertUse(quarterBudget.id, consumed, 0);

      // Cancelling it: the refund is shared by what each paid; the budget gets the company's part.
      const hc = await cancel(hotel.body.id, hs.id, wang);
      assert.equal(hc.status, 200, hc.text);
      const c = hc.body.segments[1].cancellation;
      assert.equal(c.refund_fen, hs.total_fen);
      assert.equal(c.employee_refund_fen, hs.employee_pays_fen);
      consumed -= c.refund_fen - c.employee_refund_fen;
      await assertUse(quarterBudget.id, consumed, 0);
      assert.equal(consumed, w.price.total_fen);

      // A flight, cancelled: the supplier keeps a fee, the budget keeps it too.
      const flights = await search({ kind: 'flight', origin: '1101', destination: 'SHA', date: daysAhead(40), preferred_time: '09:00' }, wang);
      assert.equal(flights.status, 201, flights.text);
      const f = cheapest(flights);
      const flight = await book({ search_id: flights.body.id, offer_key: f.offer.offer_key, supplier_id: f.price.supplier_id,
                                  trip_id: overrun.body.id }, wang);
      assert.equal(flight.status, 201, flight.text);
      const fs = flight.body.segments[2];
      assert.equal(fs.outcome, 'allow');
      consumed += fs.total_fen;
      await assertUse(quarterBudget.id, consumed, 0);
      const fc = await cancel(flight.body.id, fs.id, wang);
      assert.equal(fc.status, 200, fc.text);
      const fcx = fc.body.segments[2].cancellation;
      assert.ok(fcx.fee_fen > 0 && fcx.refund_fen > 0, JSON.stringify(fcx));
      consumed -= fcx.refund_fen;
      await assertUse(quarterBudget.id, consumed, 0);
      assert.equal(consumed, w.price.total_fen + fcx.fee_fen);

      // 李伟's third train, cancelled by the travel manager: the department's budget gets it back.
      const s3 = liTrips[2].segments[0];
      const back = await cancel(liTrips[2].id, s3.id, admin);
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.segments[0].cancellation.refund_fen, p);
      await assertUse(department.id, 2 * p, 6000);
      await assertUse(project.id, 2 * p, 10000);  // it took nothing from the project
      assertProblem(await cancel(liTrips[2].id, s3.id), 409, 'already_cancelled');
      await assertUse(department.id, 2 * p, 6000);
    });

    await t.test('the budget runs out between search and booking', async () => {
      // A lowered amount (If-Match) after the search: what was consumed stays, nothing is left.
      const fresh = await trainSearch();
      const f = cheapest(fresh);
      const body = { search_id: fresh.body.id, offer_key: f.offer.offer_key, supplier_id: f.price.supplier_id };
      const current = await budget(department.id);
      const lowered = await patchBudget(department.id, { amount_fen: 2 * p }, `"${current.version}"`);
      assert.equal(lowered.status, 200, lowered.text);
      assert.equal(lowered.headers.get('etag'), `"${current.version + 1}"`);
      assert.equal(lowered.body.version, current.version + 1);
      assert.equal(lowered.body.amount_fen, 2 * p);
      assert.equal(lowered.body.consumed_fen, 2 * p);
      assert.equal(lowered.body.remaining_fen, 0);
      assert.equal(lowered.body.warning_reached_bp, 9000);
      assert.ok(lowered.body.updated_at >= current.updated_at);
      const audit = await listAll(srv, `/api/v1/audit?entity_type=travel_budget&entity_id=${department.id}`, op);
      assert.ok(audit.some((a) => a.action === 'travel.budget.update'), JSON.stringify(audit));
      // The old version is stale now.
      assertProblem(await patchBudget(department.id, { amount_fen: 10 * p }, `"${current.version}"`), 412, 'version_mismatch');
      const trips = await allTrips();
      const booked = lastBooking;
      assertProblem(await book(body), 409, 'budget_exceeded');
      assert.deepEqual(await allTrips(), trips);
      assert.equal(await assertNoLiveRailBooking(booked + 1), 'never made');
      await assertUse(department.id, 2 * p, 9000);

      // Room for one more train, and three bookings racing for it: one is booked, the others are
      // refused, and a supplier booking made for a refused one is cancelled.
      const raised = await patchBudget(department.id, { amount_fen: 3 * p }, lowered.headers.get('etag'));
      assert.equal(raised.status, 200, raised.text);
      assert.equal(raised.body.remaining_fen, p);
      const racing = await Promise.all([book(body), book(body), book(body)]);
      const won = racing.filter((r) => r.status === 201);
      assert.equal(won.length, 1, racing.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'));
      for (const r of racing.filter((x) => x.status !== 201)) assertProblem(r, 409, 'budget_exceeded');
      liTrips.push(won[0].body);
      const after = await allTrips();
      assert.equal(after.li.length, trips.li.length + 1);
      assert.equal(after.company.length, trips.company.length + 1);
      await assertUse(department.id, 3 * p, 9000);
      const winner = bookingNumber(won[0].body.segments[0]);
      const fates = [];
      for (let n = booked + 1; n <= booked + 3; n++) if (n !== winner) fates.push(await assertNoLiveRailBooking(n));
      t.diagnostic(`race on ${backend.name}: winner B-…-${winner}, the refused ones ${fates.join(', ')}`);
    });

    await t.test('analytics add up to the bookings made', async () => {
      // Every segment of the company, with its search and the traveller's department.
      const profiles = { [liWei]: liProfile, [wangFang]: wangProfile };
      const tokens = { [liWei]: li, [wangFang]: wang };
      const segments = [];
      for (const summary of await tripList(admin)) {
        const trip = (await srv.api('GET', `/api/v1/travel/trips/${summary.id}`, { token: admin })).body;
        for (const s of trip.segments) {
          const searched = await srv.api('GET', `/api/v1/travel/searches/${s.search_id}`, { token: tokens[trip.traveller_id] });
          assert.equal(searched.status, 200, searched.text);
          segments.push({ ...s, traveller: trip.traveller_id, travellerName: trip.traveller_name, search: searched.body });
        }
      }
      assert.equal(segments.length, 8, '李伟: 4 trains (one cancelled); 王芳: 2 trains, a hotel and a flight (both cancelled)');
      const figures = (s) => {
        // The median of the bookable offers (blocked ones left out), each at its cheapest supplier.
        const best = s.search.offers.filter((o) => o.prices.length && o.outcome !== 'block')
          .map((o) => o.prices[0].total_fen).sort((a, b) => a - b);
        const median = best[Math.floor(best.length / 2)];
        const lowestCompliant = Math.min(...s.search.offers.filter((o) => o.compliant).map((o) => o.prices[0].total_fen));
        const request = s.search.request;
        return {
          segments: 1,
          cancelled: s.cancellation ? 1 : 0,
          spend_fen: s.total_fen - (s.cancellation ? s.cancellation.refund_fen : 0),
          employee_fen: s.employee_pays_fen - (s.cancellation ? s.cancellation.employee_refund_fen : 0),
          compliant: s.outcome === 'allow' ? 1 : 0,
          missed_saving_fen: s.missed_saving_fen,
          realized_saving_fen: s.outcome === 'allow' ? Math.max(0, median - lowestCompliant) : 0,
          days: daysFromToday(s.kind === 'hotel' ? request.check_in : request.date),
        };
      };
      const expected = (keyOf, nameOf) => {
        const rows = new Map();
        for (const s of segments) {
          for (const key of [keyOf(s)].flat()) {
            const f = figures(s);
            const row = rows.get(key) || { key, name: nameOf(s, key), segments: 0, cancelled: 0, spend_fen: 0, employee_fen: 0,
                                           compliant: 0, missed_saving_fen: 0, realized_saving_fen: 0, days: 0 };
            for (const k of ['segments', 'cancelled', 'spend_fen', 'employee_fen', 'compliant', 'missed_saving_fen',
                             'realized_saving_fen', 'days']) row[k] += f[k];
            rows.set(key, row);
          }
        }
        return [...rows.values()].map(({ compliant, days, ...row }) => ({
          ...row, compliance_bp: Math.floor(compliant * 10_000 / row.segments),
          average_days_ahead_tenths: Math.floor(days * 10 / row.segments) }));
      };
      const byKey = (rows) => [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const analytics = (dimension, query = '', token = admin) =>
        srv.api('GET', `/api/v1/organizations/${xingyun}/travel-analytics/${dimension}${query}`, { token });
      const panel = async (dimension, query = '') => {
        const r = await analytics(dimension, query);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.dimension, dimension);
        return r.body;
      };
      const check = async (dimension, keyOf, nameOf, orderBy = 'spend_fen') => {
        const { items } = await panel(dimension);
        assert.deepEqual(byKey(items), byKey(expected(keyOf, nameOf)), dimension);
        for (let i = 1; i < items.length; i++) assert.ok(items[i - 1][orderBy] >= items[i][orderBy], `${dimension} by ${orderBy}`);
        return items;
      };

      const [total] = await check('total', () => '', () => '');
      // Spend is what the trips cost: booked segments at their total, cancelled ones at their fee.
      const trips = await tripList(admin);
      assert.equal(total.spend_fen, trips.reduce((sum, x) => sum + x.total_fen, 0));
      assert.equal(total.employee_fen, trips.reduce((sum, x) => sum + x.employee_pays_fen, 0));
      assert.equal(total.segments, 8);
      assert.equal(total.cancelled, 3);
      assert.ok(total.realized_saving_fen > 0, JSON.stringify(total));
      const months = await panel('month');
      assert.deepEqual(months.items, [{ ...total, key: month, name: month }]);
      assert.equal(months.to, month);
      const categories = await check('category', (s) => s.kind, (s) => s.kind);
      assert.deepEqual(byKey(categories).map((c) => c.key), ['flight', 'hotel', 'train']);
      const flight = categories.find((c) => c.key === 'flight');
      const cancelledFlight = segments.find((s) => s.kind === 'flight');
      assert.equal(flight.spend_fen, cancelledFlight.cancellation.fee_fen, 'a cancelled flight counts at its fee');
      assert.equal(categories.find((c) => c.key === 'hotel').spend_fen, 0);
      assert.equal(categories.find((c) => c.key === 'train').segments, 6);
      const departments = await check('department', (s) => String(profiles[s.traveller].department_id),
                                      (s) => profiles[s.traveller].department_name);
      assert.equal(departments.length, 2);
      await check('employee', (s) => String(s.traveller), (s) => s.travellerName);
      const rules = await check('rule', (s) => s.verdicts.filter((v) => v.broken).map((v) => v.rule), (s, key) => key, 'segments');
      // The project's needs-approval overrun, and 王芳's three bookings over the allow budget.
      assert.equal(rules.find((r) => r.key === 'budget').segments, 4, JSON.stringify(rules));
      assert.equal(rules.find((r) => r.key === 'hotel_cap').segments, 1);
      const reasons = await check('reason', (s) => (s.reason_code ? [s.reason_code] : []), (s, key) => key, 'segments');
      assert.deepEqual(byKey(reasons).map((r) => [r.key, r.segments]), [['customer_request', 1], ['venue_nearby', 1]]);

      // Ranges and limits.
      assert.deepEqual((await panel('total', `?from=${month}&to=${month}`)).items, [total]);
      assert.deepEqual((await panel('total', '?from=2020-01&to=2020-12')).items, []);
      const top = await panel('department', '?limit=1');
      assert.deepEqual(top.items, [departments[0]]);
      assert.deepEqual((await analytics('department', '', op)).body.items, departments, 'an operator reads it too');

      // CSV: a download with a header line and one line per row.
      const csv = await analytics('department', '?format=csv');
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      const json = await panel('department');
      assert.equal(csv.headers.get('content-disposition'),
                   `attachment; filename="travel-department-${json.from}-${json.to}.csv"`);
      const lines = csv.text.split('\r\n');
      assert.equal(lines.at(-1), '', 'every line ends with CRLF');
      assert.equal(lines[0], 'key,name,segments,cancelled,spend_fen,employee_fen,compliance_bp,missed_saving_fen,'
                             + 'realized_saving_fen,average_days_ahead');
      assert.deepEqual(lines.slice(1, -1), json.items.map((r) => [
        r.key, r.name, r.segments, r.cancelled, r.spend_fen, r.employee_fen, r.compliance_bp, r.missed_saving_fen,
        r.realized_saving_fen, (r.average_days_ahead_tenths / 10).toFixed(1)].join(',')));
      const totalCsv = await analytics('total', `?from=${month}&to=${month}&format=csv`);
      assert.equal(totalCsv.status, 200, totalCsv.text);
      assert.equal(totalCsv.headers.get('content-disposition'), `attachment; filename="travel-total-${month}-${month}.csv"`);
      assert.equal(totalCsv.text.split('\r\n')[1].split(',')[4], String(total.spend_fen));
      assert.equal((await analytics('total', '?format=json')).body.items[0].spend_fen, total.spend_fen);

      // Bad queries, other dimensions, other people.
      assertInvalid(await analytics('total', '?from=2026-13'), ['from']);
      assertInvalid(await analytics('total', '?from=2026-1'), ['from']);
      assertInvalid(await analytics('total', '?to=2026-00'), ['to']);
      assertInvalid(await analytics('total', '?from=2026-11&to=2026-10'), ['to']);
      assertInvalid(await analytics('total', '?from=2026-13&to=2026-1'), ['from', 'to']);
      assertInvalid(await analytics('total', '?format=xml'), ['format']);
      assertInvalid(await analytics('total', '?limit=0'), ['limit']);
      assertProblem(await analytics('weather'), 404);
      assertProblem(await analytics('total', '', li), 403, 'forbidden');
      assertProblem(await analytics('total', '', huidaAdmin), 404);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-analytics/total`, { token: admin }), 404);
      const huidaTotal = await srv.api('GET', `/api/v1/organizations/${huida}/travel-analytics/total`, { token: huidaAdmin });
      assert.equal(huidaTotal.status, 200, huidaTotal.text);
      assert.deepEqual(huidaTotal.body.items, [], 'another company has spent nothing');
    });

    // Last, as it adds segments. Bookings racing for what is left of a needs_approval budget: the one
    // that gets it is within the budget; the others would be judged differently now and are refused.
    await t.test('bookings racing past a needs-approval budget without a reason', async () => {
      const r = await createBudget({ project_code: 'PRJ-RACE', period: 'month', period_key: month, amount_fen: p,
                                     over_control: 'needs_approval' });
      assert.equal(r.status, 201, r.text);
      const raised = await patchBudget(department.id, { amount_fen: 100 * p }, `"${(await budget(department.id)).version}"`);
      assert.equal(raised.status, 200, raised.text);
      const fresh = await trainSearch();
      const f = cheapest(fresh);
      const body = { search_id: fresh.body.id, offer_key: f.offer.offer_key, supplier_id: f.price.supplier_id, project_code: 'PRJ-RACE' };
      const racing = await Promise.all([book(body), book(body), book(body)]);
      const won = racing.filter((x) => x.status === 201);
      const outcomes = won.map((x) => x.body.segments[0].outcome);
      assert.deepEqual(outcomes, ['allow'], `${racing.map((x) => x.status)}: only one fits the budget; the others need a reason (${outcomes})`);
      await assertUse(r.body.id, p, 9000);
    });
  });
}
