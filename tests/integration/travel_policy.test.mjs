// Corporate travel: a company's travel policy and its employees' travel profiles through the
// API (src/travel/api.cpp), on SQLite and PostgreSQL: the demo company's defaults, saving the policy
// and a profile with If-Match, bad input that changes nothing, other companies' ids, roles, and the
// policy check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, findOrganizationByName, findUserByEmail, startOnBackend } from './lib/harness.mjs';
import { assertInvalid, assertProblem } from './lib/problems.mjs';

const XINGYUN = '北京星云科技有限公司';
const HUIDA = '上海汇达贸易集团有限公司';

for (const backend of BACKENDS) {
  test(`travel policy and employees [${backend.name}]`, { timeout: 180_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const admin = await srv.login(CLIENT_ADMIN);
    const employee = await srv.login(EMPLOYEE);
    const xingyun = (await findOrganizationByName(srv, op, XINGYUN)).id;
    const huida = (await findOrganizationByName(srv, op, HUIDA)).id;
    const liWei = (await findUserByEmail(srv, op, EMPLOYEE)).id;
    const policyPath = `/api/v1/organizations/${xingyun}/travel-policy`;
    const read = async (token = admin) => {
      const r = await srv.api('GET', policyPath, { token });
      assert.equal(r.status, 200, r.text);
      return r;
    };

    await t.test('the demo company starts with the default policy and graded employees', async () => {
      const r = await read(employee);  // employees may read their company's standard
      assert.equal(r.headers.get('etag'), '"1"');
      assert.deepEqual(r.body.rule_classes.map((c) => c.name), ['staff', 'manager', 'executive']);
      assert.equal(r.body.grades.P5, 'staff');
      const people = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-employees`, { token: admin });
      assert.equal(people.status, 200, people.text);
      const li = people.body.items.find((e) => e.user_id === liWei);
      assert.equal(li.grade, 'P5');
      assert.equal(li.rule_class, 'staff');
      assert.equal(li.department_name, '华北销售');
      assert.equal(li.cost_centre, 'BJ-210');
    });

    await t.test('saving needs If-Match and bumps the version', async () => {
      const { body } = await read();
      body.rule_classes[0].hotel.nightly_cap_fen.tier1 = 60_000;
      assertProblem(await srv.api('PUT', policyPath, { token: admin, body }), 428);
      const saved = await srv.api('PUT', policyPath, { token: admin, body, headers: { 'if-match': '"1"' } });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(saved.headers.get('etag'), '"2"');
      assert.equal(saved.body.rule_classes[0].hotel.nightly_cap_fen.tier1, 60_000);
      assertProblem(await srv.api('PUT', policyPath, { token: admin, body, headers: { 'if-match': '"1"' } }), 412);
    });

    await t.test('bad policies are refused naming every field, and change nothing', async () => {
      const before = (await read()).body;
      const body = structuredClone(before);
      delete body.version;
      body.rule_classes[0].flight.lowest_fare.window_minutes = 0;  // a window of 0 hours
      body.rule_classes[1].hotel.control = 'sometimes';
      body.grades.P1 = 'intern';
      assertInvalid(await srv.api('PUT', policyPath, { token: admin, body, headers: { 'if-match': '"2"' } }), [
        'rule_classes[0].flight.lowest_fare.window_minutes', 'rule_classes[1].hotel.control', 'grades.P1',
      ]);
      // Dropping a grade employees have.
      const dropping = structuredClone(before);
      delete dropping.grades.P5;
      const p = assertProblem(await srv.api('PUT', policyPath, { token: admin, body: dropping, headers: { 'if-match': '"2"' } }),
                              409, 'grades_in_use');
      assert.ok(p.errors.some((e) => e.field === 'grades.P5'), JSON.stringify(p));
      assert.deepEqual((await read()).body, before);
    });

    await t.test('employees get grades of the policy in their own company only, with If-Match', async () => {
      const path = `/api/v1/organizations/${xingyun}/travel-employees/${liWei}`;
      const people = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-employees`, { token: admin });
      const { version } = people.body.items.find((e) => e.user_id === liWei);
      assert.equal(version, 1);  // the demo data gave him his profile
      const put = (body, ifMatch, token = admin) =>
        srv.api('PUT', path, { token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
      assertProblem(await put({ grade: 'M1', cost_centre: 'BJ-999' }), 428, 'if_match_required');
      assertProblem(await put({ grade: 'M1', cost_centre: 'BJ-999' }, '"2"'), 412, 'version_mismatch');
      const ok = await put({ grade: 'M1', cost_centre: 'BJ-999' }, `"${version}"`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.rule_class, 'manager');
      assert.equal(ok.body.cost_centre, 'BJ-999');
      assert.equal(ok.body.version, version + 1);
      assert.equal(ok.headers.get('etag'), `"${version + 1}"`);
      assertProblem(await put({ grade: 'P1' }, `"${version}"`), 412, 'version_mismatch');  // stale now
      const etag = ok.headers.get('etag');
      assertInvalid(await put({ grade: 'Z9' }, etag), ['grade']);
      assertInvalid(await put({ grade: 'P1', colour: 'red' }, etag), ['colour']);
      // Another company's ids look like nothing at all; an employee cannot manage grades.
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-employees`, { token: admin }), 404);
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/travel-policy`, { token: admin }), 404);
      assertProblem(await put({ grade: 'E1' }, etag, employee), 403);
      const zhao = (await findUserByEmail(srv, op, 'zhao.jing@huida.demo')).id;
      assertProblem(await srv.api('PUT', `/api/v1/organizations/${xingyun}/travel-employees/${zhao}`,
                                  { token: admin, body: { grade: 'P1' }, headers: { 'if-match': '"1"' } }), 404);
      // Nothing of the refused changes was stored.
      const after = await srv.api('GET', `/api/v1/organizations/${xingyun}/travel-employees`, { token: admin });
      const li = after.body.items.find((e) => e.user_id === liWei);
      assert.deepEqual([li.grade, li.cost_centre, li.version], ['M1', 'BJ-999', version + 1]);
    });

    await t.test('the policy check gives each rule its verdict and reason', async () => {
      const check = (body) => srv.api('POST', `${policyPath}/evaluate`, { token: employee, body });
      const hotel = await check({
        grade: 'P5', offer: { kind: 'hotel', total_fen: 160_000, nightly_fen: 80_000, nights: 2, city_tier: 'tier1', days_ahead: 7 },
      });
      assert.equal(hotel.status, 200, hotel.text);
      assert.equal(hotel.body.outcome, 'employee_pays_excess');
      assert.equal(hotel.body.employee_pays_fen, 40_000);  // 200 yuan over the 600 cap, two nights
      const cap = hotel.body.verdicts.find((v) => v.rule === 'hotel_cap');
      assert.match(cap.reason_zh, /一线城市住宿标准每晚 600\.00 元/);
      const flight = await check({
        grade: 'P5', offer: { kind: 'flight', cabin: 'business', duration_minutes: 130, total_fen: 290_000,
                              lowest_logical_fare_fen: 100_000, days_ahead: 1 },
      });
      assert.equal(flight.body.outcome, 'block');
      assert.deepEqual(flight.body.verdicts.map((v) => [v.rule, v.broken]),
                       [['advance_booking', true], ['flight_cabin', true], ['lowest_fare', true]]);
      assertInvalid(await check({ grade: 'P5', offer: { kind: 'boat', total_fen: 1 } }), ['kind']);
      assertInvalid(await check({ grade: 'Q1', offer: { kind: 'car', total_fen: 1 } }), ['grade']);
    });
  });
}
