// Pre-trip approval (出差申请) end to end against the supplier simulator, on SQLite and PostgreSQL: the
// company's approvers (by department or for the whole company; bad lists refused with nothing
// changed), travel requests with every bad field named, the inbox of the approver of the traveller's
// department, who may not decide (another department's approver, the traveller), a decision once;
// bookings under the policy's approval modes (out_of_policy: an offer outside the policy needs an
// approved request — required, pending, denied, approved; always: every booking), bad approval
// sections of the policy; and the deadline: after a restart with the clock moved on, the default
// outcome (audited) instead of a late decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, CLIENT_ADMIN, DEMO_PASSWORD, EMPLOYEE, OPERATOR, PROVIDER_ADMIN, findOrganizationByName, findUserByEmail,
  listAll, removeTempDir, startServer,
} from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';
import { cheapest, daysAhead, pointSuppliersAt, startSimulator } from './lib/travel.mjs';

const XINGYUN = '北京星云科技有限公司';
const HUIDA = '上海汇达贸易集团有限公司';
const HUIDA_ADMIN = 'admin@huida.demo';
const WANG_FANG = 'wang.fang@xingyun.demo';
const ZHANG_MIN = 'zhang.min@xingyun.demo';
const HOUR = 3_600_000;

// An audit record's before/after, parsed when it is JSON text.
function auditJson(value) {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

// The number at the end of a simulator booking id (B-<supplier>-<n>): one counter for all suppliers.
function bookingNumber(segment) {
  return Number(segment.supplier_booking_id.split('-').at(-1));
}

const byUser = (a, b) => a.user_id - b.user_id || String(a.department_id).localeCompare(String(b.department_id));

for (const backend of BACKENDS) {
  test(`pre-trip approval: approvers, travel requests, bookings that need one, the deadline [${backend.name}]`,
       { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const sim = await startSimulator(t, { prefix: 'fuwu-it-requests-' });  // the demo suppliers, fast and without faults
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
    let op = await srv.login(OPERATOR);
    await pointSuppliersAt(srv, op, sim);
    let admin = await srv.login(CLIENT_ADMIN);  // 周雅琴, the travel manager (总裁办)
    let li = await srv.login(EMPLOYEE);          // 李伟, P5 (staff), 华北销售
    let wang = await srv.login(WANG_FANG);       // 王芳, P6 (staff), 研发中心
    let zhang = await srv.login(ZHANG_MIN);      // 张敏, M2 (manager), 销售部
    const huidaAdmin = await srv.login(HUIDA_ADMIN);
    const providerAdmin = await srv.login(PROVIDER_ADMIN);
    const xingyun = (await findOrganizationByName(srv, op, XINGYUN)).id;
    const huida = (await findOrganizationByName(srv, op, HUIDA)).id;
    const liWei = (await findUserByEmail(srv, op, EMPLOYEE)).id;
    const wangFang = (await findUserByEmail(srv, op, WANG_FANG)).id;
    const zhangMin = (await findUserByEmail(srv, op, ZHANG_MIN)).id;
    const adminId = (await findUserByEmail(srv, op, CLIENT_ADMIN)).id;
    const operatorId = (await findUserByEmail(srv, op, OPERATOR)).id;
    const liuYang = (await findUserByEmail(srv, op, 'liu.yang@huida.demo')).id;  // 汇达's employee

    // The departments, from the employees' travel profiles.
    const employees = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-employees`, { token: admin });
    assert.equal(employees.status, 200, employees.text);
    const profile = (id) => employees.body.items.find((e) => e.user_id === id);
    assert.deepEqual([profile(liWei).department_name, profile(liWei).grade, profile(liWei).rule_class], ['华北销售', 'P5', 'staff']);
    assert.deepEqual([profile(wangFang).department_name, profile(zhangMin).department_name], ['研发中心', '销售部']);
    const northSales = profile(liWei).department_id;  // 华北销售 (under 销售部)
    const research = profile(wangFang).department_id;  // 研发中心
    assert.ok(Number.isInteger(northSales) && Number.isInteger(research) && northSales !== research);
    const huidaDepartments = await srv.api('GET', `/api/v1/organizations/${huida}/departments`, { token: huidaAdmin });
    assert.equal(huidaDepartments.status, 200, huidaDepartments.text);
    const huidaDepartment = huidaDepartments.body.items[0].id;

    const approversPath = `/api/v1/organizations/${xingyun}/travel-approvers`;
    const readApprovers = async (token = admin) => {
      const r = await srv.api('GET', approversPath, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const putApprovers = (body, token = admin, path = approversPath) => srv.api('PUT', path, { token, body });
    const approverAudit = async () => (await listAll(srv, `/api/v1/audit?entity_type=organization&entity_id=${xingyun}`, op))
      .filter((a) => a.action === 'travel.approvers.set');

    const requestsPath = '/api/v1/travel/requests';
    const createRequest = (body, token = li) => srv.api('POST', requestsPath, { token, body });
    const listRequests = async (query = '', token = li) => {
      const r = await srv.api('GET', `${requestsPath}${query}`, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const readRequest = (id, token = li) => srv.api('GET', `${requestsPath}/${id}`, { token });
    const decide = (id, body, token = zhang) => srv.api('POST', `${requestsPath}/${id}/decision`, { token, body });
    const requestAudit = async (id) => listAll(srv, `/api/v1/audit?entity_type=travel_request&entity_id=${id}`, op);
    // What every list of requests holds now, to show that a refused request stored nothing.
    const allRequests = async () => ({ li: await listRequests(), company: await listRequests('?scope=company', admin),
                                       zhang: await listRequests('?scope=inbox', zhang) });

    const policyPath = `/api/v1/organizations/${xingyun}/travel-policy`;
    const readPolicy = async () => {
      const r = await srv.api('GET', policyPath, { token: admin });
      assert.equal(r.status, 200, r.text);
      return r;
    };
    // Saves the policy with this approval section (If-Match as read); returns the saved policy.
    const setApproval = async (approval) => {
      const current = await readPolicy();
      const body = { ...current.body, approval };
      const r = await srv.api('PUT', policyPath, { token: admin, body, headers: { 'if-match': current.headers.get('etag') } });
      assert.equal(r.status, 200, r.text);
      return r.body;
    };

    const search = async (body, token = li) => {
      const r = await srv.api('POST', '/api/v1/travel/searches', { token, body });
      assert.equal(r.status, 201, r.text);
      return r;
    };
    let lastBooking = 0;  // the highest simulator booking number seen
    const book = async (body, token = li) => {
      const r = await srv.api('POST', '/api/v1/travel/bookings', { token, body });
      if (r.status === 201) for (const s of r.body.segments) lastBooking = Math.max(lastBooking, bookingNumber(s));
      return r;
    };
    const tripList = async (token) => {
      const r = await srv.api('GET', '/api/v1/travel/trips', { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const allTrips = async () => ({ li: await tripList(li), company: await tripList(admin) });
    // A hotel room over 李伟's staff cap in Shanghai (the employee pays the excess; a reason code is
    // needed), and the cheapest compliant train.
    const overCapHotel = async (day = 30) => {
      const r = await search({ kind: 'hotel', city: '3101', check_in: daysAhead(day), check_out: daysAhead(day + 1) });
      const over = r.body.offers.find((o) => o.outcome === 'employee_pays_excess' && o.prices.length);
      assert.ok(over, `a room over the staff cap in ${r.text.slice(0, 300)}`);
      return { search_id: r.body.id, offer_key: over.offer_key, supplier_id: over.prices[0].supplier_id, reason_code: 'venue_nearby' };
    };
    const compliantTrain = async (day = 25) => {
      const r = await search({ kind: 'train', origin: '3101', destination: '3301', date: daysAhead(day) });
      const { offer, price } = cheapest(r);
      assert.equal(offer.outcome, 'allow');
      return { search_id: r.body.id, offer_key: offer.offer_key, supplier_id: price.supplier_id };
    };

    // A good request of 李伟's: Beijing → Shanghai by air (airport codes allowed), two nights, a ride,
    // back by train.
    const itinerary = [
      { kind: 'flight', date: daysAhead(30), origin: 'PEK', destination: 'SHA' },
      { kind: 'hotel', date: daysAhead(30), city: '3101', nights: 2 },
      { kind: 'transfer', date: daysAhead(30), city: '3101' },
      { kind: 'train', date: daysAhead(32), origin: '3101', destination: '1101' },
    ];
    const normalized = [
      { kind: 'flight', date: daysAhead(30), origin: '1101', destination: '3101' },
      { kind: 'hotel', date: daysAhead(30), city: '3101', nights: 2 },
      { kind: 'transfer', date: daysAhead(30), city: '3101' },
      { kind: 'train', date: daysAhead(32), origin: '3101', destination: '1101' },
    ];
    const good = { purpose: '上海客户拜访', budget_fen: 600_000, itinerary };

    await t.test('the demo company lists no approvers and its policy asks for no approval', async () => {
      assert.deepEqual(await readApprovers(), []);
      assert.deepEqual(await readApprovers(li), [], 'any member reads them');
      assert.deepEqual(await readApprovers(op), [], 'an operator too');
      const { body } = await readPolicy();
      assert.deepEqual(body.approval, { mode: 'none', deadline_hours: 24, default_outcome: 'deny' });
    });

    await t.test('bad approver lists are refused naming the field and change nothing', async () => {
      const cases = [
        [{}, ['approvers']],
        [{ approvers: 5 }, ['approvers']],
        [{ approvers: [5] }, ['approvers[0]']],
        [{ approvers: Array.from({ length: 101 }, () => ({ user_id: zhangMin })) }, ['approvers']],
        [{ approvers: [{}] }, ['approvers[0].user_id']],
        [{ approvers: [{ user_id: 'zhang' }] }, ['approvers[0].user_id']],
        [{ approvers: [{ user_id: 0 }] }, ['approvers[0].user_id']],
        [{ approvers: [{ user_id: zhangMin, department_id: 0 }] }, ['approvers[0].department_id']],
        [{ approvers: [{ user_id: zhangMin, department_id: 'sales' }] }, ['approvers[0].department_id']],
        [{ approvers: [{ user_id: zhangMin, colour: 'red' }] }, ['approvers[0].colour']],
        [{ approvers: [], colour: 'red' }, ['colour']],
        // Checked against the company: members and departments.
        [{ approvers: [{ user_id: zhangMin, department_id: huidaDepartment }] }, ['approvers[0].department_id']],
        [{ approvers: [{ user_id: zhangMin, department_id: 999_999 }] }, ['approvers[0].department_id']],
        [{ approvers: [{ user_id: liuYang }] }, ['approvers[0].user_id']],        // another company's employee
        [{ approvers: [{ user_id: operatorId }] }, ['approvers[0].user_id']],     // an operator is no member
        [{ approvers: [{ user_id: 999_999 }] }, ['approvers[0].user_id']],
        [{ approvers: [{ user_id: wangFang, department_id: research }, { user_id: liuYang, department_id: huidaDepartment }] },
         ['approvers[1].user_id', 'approvers[1].department_id']],
        // The same person twice for one department, or twice for the whole company (null = left out).
        [{ approvers: [{ user_id: zhangMin, department_id: northSales }, { user_id: zhangMin, department_id: northSales }] },
         ['approvers[1]']],
        [{ approvers: [{ user_id: wangFang }, { user_id: wangFang, department_id: null }] }, ['approvers[1]']],
      ];
      for (const [body, fields] of cases) {
        assertInvalid(await putApprovers(body), fields, JSON.stringify(body).slice(0, 200));
        assert.deepEqual(await readApprovers(), [], `unchanged after ${JSON.stringify(body).slice(0, 200)}`);
      }
      assertProblem(await srv.api('PUT', approversPath, { token: admin, rawBody: '{"approvers": [' }), 400, 'malformed_json');
      assertProblem(await srv.api('PUT', approversPath, { token: admin, rawBody: '[]' }), 422);
      const valid = { approvers: [{ user_id: zhangMin, department_id: northSales }] };
      // Employees do not set approvers; another company's manager sees no such company.
      assertProblem(await putApprovers(valid, li), 403, 'forbidden');
      assertProblem(await putApprovers(valid, zhang), 403, 'forbidden');
      assertProblem(await putApprovers(valid, huidaAdmin), 404, 'not_found');
      assertProblem(await srv.api('GET', approversPath, { token: huidaAdmin }), 404, 'not_found');
      assertProblem(await srv.api('GET', approversPath, { token: providerAdmin }), 404, 'not_found');
      assertProblem(await putApprovers({ approvers: [{ user_id: liuYang }] }, admin, `/api/v1/organizations/${huida}/travel-approvers`),
                    404, 'not_found');
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-approvers`, { token: admin }), 404, 'not_found');
      assertProblem(await putApprovers(valid, op, '/api/v1/organizations/999999/travel-approvers'), 404, 'not_found');
      assert.deepEqual(await readApprovers(), [], 'nothing changed');
      assert.deepEqual(await approverAudit(), [], 'nothing was audited');
    });

    await t.test('approvers by department, read by any member, audited', async () => {
      // 张敏 (销售部) approves for 李伟's department 华北销售; 王芳 for 研发中心.
      const r = await putApprovers({ approvers: [{ user_id: wangFang, department_id: research },
                                                 { user_id: zhangMin, department_id: northSales }] });
      assert.equal(r.status, 200, r.text);
      const expected = [
        { department_id: northSales, department_name: '华北销售', user_id: zhangMin, name: '张敏' },
        { department_id: research, department_name: '研发中心', user_id: wangFang, name: '王芳' },
      ];
      assert.deepEqual([...r.body.items].sort(byUser), [...expected].sort(byUser));
      assert.deepEqual(await readApprovers(), r.body.items);
      assert.deepEqual(await readApprovers(li), r.body.items);
      assert.deepEqual(await readApprovers(op), r.body.items);
      const [entry] = await approverAudit();
      assert.ok(entry, 'travel.approvers.set is audited');
      assert.equal(entry.actor_user_id, adminId);
      assert.equal(entry.organization_id, xingyun);
      assert.deepEqual(auditJson(entry.before), []);
      assert.deepEqual(auditJson(entry.after).map((a) => a.user_id).sort((a, b) => a - b), [wangFang, zhangMin].sort((a, b) => a - b));
      // An operator may set them too; a whole-company approver reads with a null department.
      const withCompany = await putApprovers({ approvers: [{ user_id: wangFang, department_id: research },
                                                           { user_id: zhangMin, department_id: northSales },
                                                           { user_id: adminId, department_id: null }] }, op);
      assert.equal(withCompany.status, 200, withCompany.text);
      assert.deepEqual(withCompany.body.items[0], { department_id: null, department_name: '', user_id: adminId, name: '周雅琴' },
                       'company-wide approvers first');
      assert.equal((await approverAudit()).length, 2);
      // Back to the two department approvers for the rest.
      const back = await putApprovers({ approvers: [{ user_id: wangFang, department_id: research },
                                                    { user_id: zhangMin, department_id: northSales }] });
      assert.equal(back.status, 200, back.text);
      assert.deepEqual(back.body.items, r.body.items);
    });

    let first = null;  // 李伟's first request: approved by 张敏
    await t.test('a travel request: every bad field named, nothing stored; then a good one', async () => {
      const before = await allRequests();
      assert.deepEqual(before, { li: [], company: [], zhang: [] });
      const item = (i, change) => itinerary.map((x, j) => (j === i ? { ...x, ...change } : x));
      const without = (i, key) => itinerary.map((x, j) => {
        if (j !== i) return x;
        const { [key]: _, ...rest } = x;
        return rest;
      });
      const cases = [
        [{ ...good, purpose: undefined }, ['purpose']],
        [{ ...good, purpose: '' }, ['purpose']],
        [{ ...good, purpose: '差'.repeat(201) }, ['purpose']],
        [{ ...good, purpose: 42 }, ['purpose']],
        [{ ...good, budget_fen: undefined }, ['budget_fen']],
        [{ ...good, budget_fen: -1 }, ['budget_fen']],
        [{ ...good, budget_fen: 100_000_000_001 }, ['budget_fen']],
        [{ ...good, budget_fen: '600000' }, ['budget_fen']],
        [{ ...good, budget_fen: 1.5 }, ['budget_fen']],
        [{ ...good, itinerary: undefined }, ['itinerary']],
        [{ ...good, itinerary: 'PEK-SHA' }, ['itinerary']],
        [{ ...good, itinerary: [] }, ['itinerary']],
        [{ ...good, itinerary: Array.from({ length: 21 }, () => itinerary[0]) }, ['itinerary']],  // too many
        [{ ...good, itinerary: [itinerary[0], 'hotel'] }, ['itinerary[1]']],
        [{ ...good, colour: 'red' }, ['colour']],
        [{ ...good, traveller_id: 'li' }, ['traveller_id']],
        // The itinerary, item by item.
        [{ ...good, itinerary: item(0, { kind: 'boat' }) }, ['itinerary[0].kind']],
        [{ ...good, itinerary: without(0, 'kind') }, ['itinerary[0].kind']],
        [{ ...good, itinerary: item(1, { date: daysAhead(-1) }) }, ['itinerary[1].date']],   // in the past
        [{ ...good, itinerary: item(1, { date: '2026-13-01' }) }, ['itinerary[1].date']],
        [{ ...good, itinerary: item(1, { date: 'next week' }) }, ['itinerary[1].date']],
        [{ ...good, itinerary: without(3, 'date') }, ['itinerary[3].date']],
        [{ ...good, itinerary: item(0, { origin: 'XXX' }) }, ['itinerary[0].origin']],   // unknown city or airport
        [{ ...good, itinerary: without(0, 'destination') }, ['itinerary[0].destination']],
        [{ ...good, itinerary: item(3, { origin: 'SHA' }) }, ['itinerary[3].origin']],   // trains: city codes only
        [{ ...good, itinerary: item(1, { city: '9999' }) }, ['itinerary[1].city']],
        [{ ...good, itinerary: without(2, 'city') }, ['itinerary[2].city']],
        [{ ...good, itinerary: item(1, { nights: 0 }) }, ['itinerary[1].nights']],
        [{ ...good, itinerary: item(1, { nights: 31 }) }, ['itinerary[1].nights']],
        [{ ...good, itinerary: item(1, { nights: '2' }) }, ['itinerary[1].nights']],
        [{ ...good, itinerary: item(3, { seat: 'second' }) }, ['itinerary[3].seat']],   // unknown keys
        [{ ...good, itinerary: item(2, { pickup: 'PVG' }) }, ['itinerary[2].pickup']],
        // Every fault of an item, and of several items, each named.
        [{ ...good, itinerary: [{ kind: 'hotel', date: daysAhead(-2), city: '9999', nights: 0, seat: 'x' }, { kind: 'boat', date: daysAhead(3) }] },
         ['itinerary[0].seat', 'itinerary[0].date', 'itinerary[0].city', 'itinerary[0].nights', 'itinerary[1].kind']],
      ];
      for (const [body, fields] of cases) {
        assertInvalid(await createRequest(body), fields, JSON.stringify(body).slice(0, 300));
        assert.deepEqual(await allRequests(), before, `nothing stored after ${JSON.stringify(body).slice(0, 300)}`);
      }
      assertProblem(await srv.api('POST', requestsPath, { token: li, rawBody: '{"purpose": ' }), 400, 'malformed_json');
      assertProblem(await srv.api('POST', requestsPath, { token: li, rawBody: '[]' }), 422);
      // For someone else: only the travel manager, and only for the company's employees.
      assertProblem(await createRequest({ ...good, traveller_id: wangFang }), 403, 'forbidden');
      assertInvalid(await createRequest({ ...good, traveller_id: liuYang }, admin), ['traveller_id']);
      assertInvalid(await createRequest({ ...good, traveller_id: 999_999 }, admin), ['traveller_id']);
      assertProblem(await createRequest(good, op), 403, 'forbidden');
      assertProblem(await createRequest(good, providerAdmin), 403, 'forbidden');
      assert.deepEqual(await allRequests(), before);

      // An employee without a grade has no standard to travel by: 409 no_grade. Every demo employee has a
      // grade, so the travel manager adds one who has none yet.
      const created = await srv.api('POST', '/api/v1/users', {
        token: admin, body: { email: 'new.hire@xingyun.demo', name: '新员工', password: DEMO_PASSWORD,
                              organization_id: xingyun, roles: ['employee'] } });
      assert.equal(created.status, 201, created.text);
      assertProblem(await createRequest({ ...good, traveller_id: created.body.id }, admin), 409, 'no_grade');
      const newHire = await srv.login('new.hire@xingyun.demo');
      assertProblem(await createRequest(good, newHire), 409, 'no_grade');
      assert.deepEqual(await allRequests(), before);

      const r = await createRequest(good);
      assert.equal(r.status, 201, r.text);
      first = r.body;
      const { id, created_at: createdAt, deadline_at: deadlineAt, ...rest } = first;
      assert.ok(Number.isInteger(id) && createdAt > 0, r.text);
      assert.equal(deadlineAt, createdAt + 24 * HOUR, 'the deadline: 24 hours by default');
      assert.deepEqual(rest, {
        organization_id: xingyun, traveller_id: liWei, traveller_name: '李伟', created_by: liWei,
        department_id: northSales, department_name: '华北销售', purpose: '上海客户拜访', itinerary: normalized,
        budget_fen: 600_000, rule_class: 'staff', state: 'pending', default_outcome: 'deny', decided_by: null,
        decided_by_name: null, decided_at: null, decided_by_default: false, decision_comment: '',
      });
      const read = await readRequest(id);
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body, { ...first, can_decide: false });
      assert.deepEqual(await listRequests(), [first]);
      const audit = await requestAudit(id);
      assert.ok(audit.some((a) => a.action === 'travel.request.create' && a.actor_user_id === liWei && a.organization_id === xingyun),
                JSON.stringify(audit));
    });

    await t.test('the inbox of the department\'s approver; others may not decide', async () => {
      const id = first.id;
      // Only 张敏 approves for 华北销售: it is in her inbox, nobody else's.
      assert.deepEqual(await listRequests('?scope=inbox', zhang), [first]);
      assert.deepEqual(await listRequests('?scope=inbox', wang), [], '研发中心\'s approver');
      assert.deepEqual(await listRequests('?scope=inbox', admin), [], 'with approvers listed, the travel manager is none');
      assert.deepEqual(await listRequests('?scope=inbox', li), [], 'never one\'s own');
      assert.deepEqual(await listRequests('?scope=company', admin), [first]);
      assert.deepEqual(await listRequests('?scope=mine', zhang), []);
      // Who reads it, and who may decide it.
      const as = async (token) => {
        const r = await readRequest(id, token);
        assert.equal(r.status, 200, r.text);
        return r.body.can_decide;
      };
      assert.equal(await as(zhang), true);
      assert.equal(await as(li), false);
      assert.equal(await as(admin), false);
      assert.equal(await as(op), false);
      assertProblem(await readRequest(id, wang), 404, 'not_found');
      assertProblem(await readRequest(id, huidaAdmin), 404, 'not_found');
      assertProblem(await readRequest(id, providerAdmin), 403, 'forbidden');
      assertProblem(await readRequest(999_999, admin), 404, 'not_found');

      // Bad decisions are named first; then who decides.
      assertInvalid(await decide(id, {}), ['decision']);
      assertInvalid(await decide(id, { decision: 'maybe' }), ['decision']);
      assertInvalid(await decide(id, { decision: true }), ['decision']);
      assertInvalid(await decide(id, { decision: 'approve', comment: '好'.repeat(501) }), ['comment']);
      assertInvalid(await decide(id, { decision: 'approve', colour: 'red' }), ['colour']);
      assertProblem(await srv.api('POST', `${requestsPath}/${id}/decision`, { token: zhang, rawBody: '{' }), 400, 'malformed_json');
      assertProblem(await decide(id, { decision: 'approve' }, wang), 403, 'not_an_approver');   // another department's
      assertProblem(await decide(id, { decision: 'approve' }, admin), 403, 'not_an_approver');  // not listed
      assertProblem(await decide(id, { decision: 'approve' }, li), 403, 'own_request');
      assertProblem(await decide(id, { decision: 'approve' }, huidaAdmin), 404, 'not_found');
      assertProblem(await decide(id, { decision: 'approve' }, op), 403, 'forbidden');
      assertProblem(await decide(999_999, { decision: 'approve' }), 404, 'not_found');
      assert.deepEqual((await readRequest(id)).body, { ...first, can_decide: false }, 'still pending');
      assert.ok(!(await requestAudit(id)).some((a) => a.action === 'travel.request.decide'));

      const r = await decide(id, { decision: 'approve', comment: '同意，注意控制住宿标准' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.state, 'approved');
      assert.equal(r.body.decided_by, zhangMin);
      assert.equal(r.body.decided_by_name, '张敏');
      assert.equal(r.body.decision_comment, '同意，注意控制住宿标准');
      assert.equal(r.body.decided_by_default, false);
      assert.equal(r.body.can_decide, false);
      assert.ok(r.body.decided_at >= first.created_at && r.body.decided_at < first.deadline_at, r.text);
      const { state, decided_by: by, decided_by_name: byName, decided_at: at, decision_comment: comment, can_decide: _, ...same } = r.body;
      const { state: s0, decided_by: b0, decided_by_name: n0, decided_at: a0, decision_comment: c0, ...firstSame } = first;
      assert.deepEqual(same, firstSame, 'nothing else changed');
      first = { ...r.body };
      delete first.can_decide;
      assert.deepEqual((await readRequest(id)).body, { ...first, can_decide: false });
      assert.deepEqual((await readRequest(id, zhang)).body, { ...first, can_decide: false }, 'decided: nothing left to decide');
      // Once only.
      assertProblem(await decide(id, { decision: 'deny' }), 409, 'already_decided');
      assertProblem(await decide(id, { decision: 'approve' }), 409, 'already_decided');
      assert.deepEqual((await readRequest(id)).body, { ...first, can_decide: false });
      const decisions = (await requestAudit(id)).filter((a) => a.action === 'travel.request.decide');
      assert.equal(decisions.length, 1, JSON.stringify(decisions));
      assert.equal(decisions[0].actor_user_id, zhangMin);
      assert.equal(auditJson(decisions[0].before).state, 'pending');
      assert.equal(auditJson(decisions[0].after).state, 'approved');
      assert.deepEqual(await listRequests('?scope=inbox', zhang), []);

      // Lists by state, and bad queries.
      assert.deepEqual(await listRequests('?state=approved'), [first]);
      assert.deepEqual(await listRequests('?state=pending'), []);
      assert.deepEqual(await listRequests('?scope=company&state=denied', admin), []);
      assertInvalid(await srv.api('GET', `${requestsPath}?scope=all`, { token: li }), ['scope']);
      assertInvalid(await srv.api('GET', `${requestsPath}?state=open`, { token: li }), ['state']);
      assertInvalid(await srv.api('GET', `${requestsPath}?state=pendingpendingpending`, { token: li }), ['state']);
      assertInvalid(await srv.api('GET', `${requestsPath}?limit=0`, { token: li }), ['limit']);
      assertProblem(await srv.api('GET', `${requestsPath}?scope=company`, { token: li }), 403, 'forbidden');
      assertProblem(await srv.api('GET', requestsPath, { token: op }), 403, 'forbidden');

      // 王芳 approves for 研发中心 but not her own request; 张敏 not for 研发中心.
      const hers = await createRequest({ ...good, purpose: '研发交流' }, wang);
      assert.equal(hers.status, 201, hers.text);
      assert.equal(hers.body.department_name, '研发中心');
      assert.deepEqual(await listRequests('?scope=inbox', wang), []);
      assertProblem(await decide(hers.body.id, { decision: 'approve' }, wang), 403, 'own_request');
      assertProblem(await decide(hers.body.id, { decision: 'approve' }, zhang), 403, 'not_an_approver');
      assertProblem(await readRequest(hers.body.id, zhang), 404, 'not_found');
    });

    let denied = null;   // a request the travel manager made for 李伟, denied by 张敏
    let pending = null;  // 李伟's request nobody decided (yet)
    await t.test('the travel manager asks for 李伟; 张敏 denies it', async () => {
      const r = await createRequest({ ...good, purpose: '代李伟申请：杭州展会', traveller_id: liWei }, admin);
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.body.traveller_id, r.body.created_by, r.body.department_id], [liWei, adminId, northSales]);
      assert.ok((await listRequests()).some((x) => x.id === r.body.id), 'the traveller\'s own list has it');
      assert.ok((await listRequests('', admin)).some((x) => x.id === r.body.id), 'so does its maker\'s');
      assert.equal((await readRequest(r.body.id, zhang)).body.can_decide, true);
      const d = await decide(r.body.id, { decision: 'deny' });
      assert.equal(d.status, 200, d.text);
      assert.deepEqual([d.body.state, d.body.decided_by, d.body.decision_comment], ['denied', zhangMin, '']);
      denied = d.body;
      assertProblem(await decide(r.body.id, { decision: 'approve' }), 409, 'already_decided');
      const p = await createRequest({ ...good, purpose: '待审批' });
      assert.equal(p.status, 201, p.text);
      pending = p.body;
      assert.deepEqual((await listRequests('?state=denied')).map((x) => x.id), [denied.id]);
      assert.deepEqual((await listRequests('?scope=inbox', zhang)).map((x) => x.id), [pending.id]);
    });

    await t.test('an approver for the whole company, and no approvers at all: the travel managers decide', async () => {
      const departmentApprovers = await readApprovers();
      const inboxIds = async (token) => (await listRequests('?scope=inbox', token)).map((x) => x.id).sort((a, b) => a - b);
      const wangsPending = (await listRequests('?state=pending', wang)).map((x) => x.id);
      assert.equal(wangsPending.length, 1);
      // 王芳 for the whole company: every pending request but her own.
      const whole = await putApprovers({ approvers: [{ user_id: wangFang }] });
      assert.equal(whole.status, 200, whole.text);
      assert.deepEqual(whole.body.items, [{ department_id: null, department_name: '', user_id: wangFang, name: '王芳' }]);
      assert.deepEqual(await inboxIds(wang), [pending.id]);
      assert.equal((await readRequest(pending.id, wang)).body.can_decide, true);
      assert.deepEqual(await inboxIds(zhang), [], '张敏 approves nothing now');
      assertProblem(await decide(pending.id, { decision: 'approve' }, zhang), 403, 'not_an_approver');
      assertProblem(await readRequest(pending.id, zhang), 404, 'not_found');
      assertProblem(await decide(wangsPending[0], { decision: 'approve' }, wang), 403, 'own_request');
      // Nobody listed: the company's client_admins decide every request.
      const none = await putApprovers({ approvers: [] });
      assert.equal(none.status, 200, none.text);
      assert.deepEqual(none.body.items, []);
      assert.deepEqual(await inboxIds(admin), [pending.id, ...wangsPending].sort((a, b) => a - b));
      assert.equal((await readRequest(pending.id, admin)).body.can_decide, true);
      assert.deepEqual(await inboxIds(wang), []);
      assertProblem(await decide(pending.id, { decision: 'approve' }, wang), 403, 'not_an_approver');
      // 王芳's request is decided by the travel manager here.
      const d = await decide(wangsPending[0], { decision: 'approve', comment: '同意' }, admin);
      assert.equal(d.status, 200, d.text);
      assert.deepEqual([d.body.state, d.body.decided_by], ['approved', adminId]);
      // Back to the department approvers.
      const back = await putApprovers({ approvers: departmentApprovers.map(({ user_id: u, department_id: dep }) => ({ user_id: u, department_id: dep })) });
      assert.equal(back.status, 200, back.text);
      assert.deepEqual(back.body.items, departmentApprovers);
      assert.deepEqual(await inboxIds(zhang), [pending.id]);
      assert.equal((await approverAudit()).length, 6);
    });

    await t.test('bad approval sections of the policy are named and change nothing', async () => {
      const before = await readPolicy();
      const put = (approval) => srv.api('PUT', policyPath, {
        token: admin, body: { ...before.body, approval }, headers: { 'if-match': before.headers.get('etag') } });
      const ok = { mode: 'out_of_policy', deadline_hours: 24, default_outcome: 'deny' };
      const cases = [
        [{ ...ok, mode: 'sometimes' }, ['approval.mode']],
        [{ ...ok, mode: undefined }, ['approval.mode']],
        [{ ...ok, mode: 1 }, ['approval.mode']],
        [{ ...ok, deadline_hours: 0 }, ['approval.deadline_hours']],
        [{ ...ok, deadline_hours: 169 }, ['approval.deadline_hours']],
        [{ ...ok, deadline_hours: '24' }, ['approval.deadline_hours']],
        [{ ...ok, default_outcome: 'maybe' }, ['approval.default_outcome']],
        [{ ...ok, default_outcome: 1 }, ['approval.default_outcome']],
        [{ ...ok, approvers: [] }, ['approval.approvers']],
        [{ mode: 'always', deadline_hours: 0, default_outcome: 'later', colour: 'red' },
         ['approval.colour', 'approval.deadline_hours', 'approval.default_outcome']],
        ['always', ['approval']],
      ];
      for (const [approval, fields] of cases) {
        const r = await put(approval);
        const p = assertProblem(r, 422, 'validation_failed');
        assert.deepEqual([...p.errors.map((e) => e.field)].sort(), [...fields].sort(), `${JSON.stringify(approval)}: ${r.text}`);
      }
      const after = await readPolicy();
      assert.deepEqual(after.body, before.body, 'unchanged');
      assert.equal(after.headers.get('etag'), before.headers.get('etag'));
      // The edges are fine, and the section may be left out (no approval, as before).
      const edges = await setApproval({ mode: 'none', deadline_hours: 168, default_outcome: 'approve' });
      assert.deepEqual(edges.approval, { mode: 'none', deadline_hours: 168, default_outcome: 'approve' });
      const defaults = await setApproval({ mode: 'none' });
      assert.deepEqual(defaults.approval, { mode: 'none', deadline_hours: 24, default_outcome: 'deny' });
      const current = await readPolicy();
      const { approval: _, ...withoutApproval } = current.body;
      const left = await srv.api('PUT', policyPath, { token: admin, body: withoutApproval, headers: { 'if-match': current.headers.get('etag') } });
      assert.equal(left.status, 200, left.text);
      assert.deepEqual(left.body.approval, { mode: 'none', deadline_hours: 24, default_outcome: 'deny' });
    });

    await t.test('mode out_of_policy: a booking outside the policy needs an approved request', async () => {
      const saved = await setApproval({ mode: 'out_of_policy', deadline_hours: 24, default_outcome: 'deny' });
      assert.equal(saved.approval.mode, 'out_of_policy');
      // A compliant booking needs no request.
      const train = await book(await compliantTrain());
      assert.equal(train.status, 201, train.text);
      assert.equal(train.body.segments[0].outcome, 'allow');
      assert.equal(train.body.segments[0].travel_request_id, null);

      const hotel = await overCapHotel();
      const trips = await allTrips();
      const booked = lastBooking;
      assert.ok(booked > 0);
      // Refused before anything is booked, also at the supplier.
      const required = assertProblem(await book(hotel), 409, 'approval_required');
      assert.match(required.detail, /travel_request_id/);
      assertProblem(await book({ ...hotel, travel_request_id: pending.id }), 409, 'approval_pending');
      assertProblem(await book({ ...hotel, travel_request_id: denied.id }), 409, 'approval_denied');
      // Someone else's request, or none at all.
      const wangs = (await listRequests('', wang))[0];
      assertInvalid(await book({ ...hotel, travel_request_id: wangs.id }), ['travel_request_id']);
      assertInvalid(await book({ ...hotel, travel_request_id: 999_999 }), ['travel_request_id']);
      assertInvalid(await book({ ...hotel, travel_request_id: 0 }), ['travel_request_id']);
      assertInvalid(await book({ ...hotel, travel_request_id: String(first.id) }), ['travel_request_id']);
      assert.deepEqual(await allTrips(), trips, 'nothing was booked');

      // The approved request: booked, and the segment names it.
      const ok = await book({ ...hotel, travel_request_id: first.id, purpose: '上海客户拜访' });
      assert.equal(ok.status, 201, ok.text);
      const segment = ok.body.segments[0];
      assert.equal(segment.outcome, 'employee_pays_excess');
      assert.equal(segment.travel_request_id, first.id);
      assert.equal(bookingNumber(segment), booked + 1, 'the refused bookings made none at the supplier');
      const read = await srv.api('GET', `/api/v1/travel/trips/${ok.body.id}`, { token: admin });
      assert.equal(read.body.segments[0].travel_request_id, first.id);
      const audit = await listAll(srv, `/api/v1/audit?entity_type=trip_segment&entity_id=${segment.id}`, op);
      assert.ok(audit.some((a) => a.action === 'travel.segment.book'), JSON.stringify(audit));
      // A reason code is still needed outside the policy.
      const { reason_code: _, ...noReason } = await overCapHotel(31);
      assertInvalid(await book({ ...noReason, travel_request_id: first.id }), ['reason_code']);

      // The travel manager booking for 李伟 is held to the same rule.
      const forLi = await srv.api('POST', '/api/v1/travel/searches', { token: admin, body: {
        kind: 'hotel', city: '3101', check_in: daysAhead(33), check_out: daysAhead(34), traveller_id: liWei } });
      assert.equal(forLi.status, 201, forLi.text);
      const room = forLi.body.offers.find((o) => o.outcome === 'employee_pays_excess' && o.prices.length);
      const managed = { search_id: forLi.body.id, offer_key: room.offer_key, supplier_id: room.prices[0].supplier_id, reason_code: 'venue_nearby' };
      assertProblem(await book(managed, admin), 409, 'approval_required');
      const managedOk = await book({ ...managed, travel_request_id: first.id }, admin);
      assert.equal(managedOk.status, 201, managedOk.text);
      assert.equal(managedOk.body.segments[0].travel_request_id, first.id);
    });

    await t.test('mode always: every booking needs an approved request', async () => {
      await setApproval({ mode: 'always', deadline_hours: 24, default_outcome: 'deny' });
      const body = await compliantTrain(26);
      const trips = await allTrips();
      assertProblem(await book(body), 409, 'approval_required');
      assertProblem(await book({ ...body, travel_request_id: pending.id }), 409, 'approval_pending');
      assertProblem(await book({ ...body, travel_request_id: denied.id }), 409, 'approval_denied');
      assert.deepEqual(await allTrips(), trips, 'nothing was booked');
      const ok = await book({ ...body, travel_request_id: first.id });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.segments[0].outcome, 'allow');
      assert.equal(ok.body.segments[0].travel_request_id, first.id);

      // Mode none again: nothing needs a request; one named must still be approved.
      await setApproval({ mode: 'none' });
      const free = await book(await compliantTrain(27));
      assert.equal(free.status, 201, free.text);
      assert.equal(free.body.segments[0].travel_request_id, null);
      const overNone = await book(await overCapHotel(35));
      assert.equal(overNone.status, 201, overNone.text);
      assertProblem(await book({ ...(await compliantTrain(28)), travel_request_id: denied.id }), 409, 'approval_denied');
    });

    // Last: the server is restarted with its clock 25 hours on, past the deadline of every request made.
    let yes = null;  // made under "approve by default"
    let no = null;   // made under "deny by default"
    await t.test('requests nobody decides; the server restarts 25 hours later', async () => {
      await setApproval({ mode: 'always', deadline_hours: 24, default_outcome: 'approve' });
      const y = await createRequest({ ...good, purpose: '默认同意' });
      assert.equal(y.status, 201, y.text);
      assert.equal(y.body.default_outcome, 'approve');
      yes = y.body;
      await setApproval({ mode: 'always', deadline_hours: 24, default_outcome: 'deny' });
      const n = await createRequest({ ...good, purpose: '默认拒绝' });
      assert.equal(n.status, 201, n.text);
      assert.equal(n.body.default_outcome, 'deny');
      no = n.body;
      assert.deepEqual((await listRequests('?scope=inbox', zhang)).map((x) => x.id).sort((a, b) => a - b),
                       [pending.id, yes.id, no.id].sort((a, b) => a - b));
      for (const r of [pending, yes, no])
        assert.ok(!(await requestAudit(r.id)).some((a) => a.action === 'travel.request.default_outcome'));

      const dir = srv.dir;
      const stopped = await srv.stop();
      assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}`);
      srv = null;
      srv = await startServer({ db: storage.db, dir, demo: false, args: ['--set', `clock.offset_ms=${25 * HOUR}`] });
      op = await srv.login(OPERATOR);
      admin = await srv.login(CLIENT_ADMIN);
      li = await srv.login(EMPLOYEE);
      wang = await srv.login(WANG_FANG);
      zhang = await srv.login(ZHANG_MIN);
    });

    // Before anything reads the requests after the restart: a late decision, and a booking naming a
    // request past its deadline, are each refused because the default outcome applies — and applying
    // it is to be kept (and audited) even though the answer is a refusal.
    await t.test('a late decision or booking applies the default outcome and audits it', async () => {
      const train = await compliantTrain(29);
      const late = assertProblem(await decide(no.id, { decision: 'approve' }), 409, 'approval_expired');
      assert.match(late.detail, /denied/);
      assertProblem(await book({ ...train, travel_request_id: pending.id }), 409, 'approval_denied');
      const settled = async (id) => (await requestAudit(id)).filter((a) => a.action === 'travel.request.default_outcome').length;
      assert.deepEqual([await settled(no.id), await settled(pending.id)], [1, 1],
                       'the refused decision and booking applied the default outcome and audited it');
    });

    await t.test('nobody decided by the deadline: the default outcome, audited', async () => {
      // Too late to decide: the default was applied.
      const late = assertProblem(await decide(no.id, { decision: 'approve' }), 409, 'approval_expired');
      assert.match(late.detail, /denied/);
      const read = await readRequest(no.id);
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body, { ...no, state: 'denied', decided_by_default: true, decided_at: no.deadline_at,
                                    can_decide: false });
      const approvedByDefault = await readRequest(yes.id, zhang);
      assert.deepEqual(approvedByDefault.body, { ...yes, state: 'approved', decided_by_default: true,
                                                 decided_at: yes.deadline_at, can_decide: false });
      assertProblem(await decide(yes.id, { decision: 'deny' }), 409, 'approval_expired');
      assertProblem(await decide(pending.id, { decision: 'approve' }), 409, 'approval_expired');
      assert.equal((await readRequest(pending.id)).body.state, 'denied');
      // Decided requests keep their decision; the inbox is empty.
      assert.deepEqual((await readRequest(first.id)).body, { ...first, can_decide: false });
      assert.deepEqual((await readRequest(denied.id)).body, { ...denied, can_decide: false });
      assert.deepEqual(await listRequests('?scope=inbox', zhang), []);
      assertProblem(await decide(first.id, { decision: 'deny' }), 409, 'already_decided');
      // Audited once each, by the system.
      for (const [r, state] of [[no, 'denied'], [yes, 'approved'], [pending, 'denied']]) {
        const entries = (await requestAudit(r.id)).filter((a) => a.action === 'travel.request.default_outcome');
        assert.equal(entries.length, 1, `${r.id}: ${JSON.stringify(entries)}`);
        assert.equal(entries[0].actor_user_id, null, JSON.stringify(entries[0]));
        assert.equal(entries[0].organization_id, xingyun);
        assert.deepEqual(auditJson(entries[0].after), { state, decided_by_default: true });
      }
      assert.ok(!(await requestAudit(first.id)).some((a) => a.action === 'travel.request.default_outcome'));

      // Bookings follow the default: approved by default books, denied by default does not.
      const body = await compliantTrain(29);
      assertProblem(await book({ ...body, travel_request_id: no.id }), 409, 'approval_denied');
      const ok = await book({ ...body, travel_request_id: yes.id });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.segments[0].travel_request_id, yes.id);
      // A request made now has its deadline counted from the moved clock.
      const fresh = await createRequest(good);
      assert.equal(fresh.status, 201, fresh.text);
      assert.ok(fresh.body.created_at >= no.created_at + 25 * HOUR, fresh.text);
      assert.equal(fresh.body.deadline_at, fresh.body.created_at + 24 * HOUR);
      await setApproval({ mode: 'none' });
    });
  });
}
