// Growth and rating (docs/growth.md) on SQLite and PostgreSQL, through the API only, on a fresh
// database without demo data: an operator made with `fuwu admin create` creates a second operator
// and a reviewer, opens an admission program and four providers are admitted to it. Then a whole
// cycle: the policy (If-Match), tasks fed by metrics (a repeated report credits nothing, a falling
// value takes points back) and by evidence a reviewer accepts, adjustments and reversals, a
// violation with a tier cap appealed and overturned, capability certificates, the live board with
// a Diamond quota of 1 (the tie-breaker metric decides, the other 5★ provider waits and takes Gold),
// explanations (next star, next tier) and what-if, compute, an override that its proposer cannot
// approve and a second operator can, publication, entitlements, campaigns and the leaderboard;
// finally the next cycle: a correction of a frozen violation lands there, and grace keeps a
// fallen Diamond eligible, at risk. The audit chain verifies afterwards.
//
// Numbers used throughout (thresholds 10/20/30/40/50 points for 1★–5★; Diamond 5★ quota 1,
// Gold 4★ quota 2, Silver 2★ unlimited):
//   P1  training 5 + orders 20 + two accepted evidences 20 + adjustment 10 = 55, satisfaction 9500
//   P2  training 5 + orders 20 + one accepted evidence 10 + adjustment 20 (+7 reversed) = 55,
//       satisfaction 9800 → ranks first on the tie-breaker: Diamond; P1 waits for Diamond, Gold
//   P3  training 5 + orders 20, then the orders fall (-4) = 21 → 2★ Silver (an override: Gold)
//   P4  orders 20 - two violations of 5 = 10, no training → not rated
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BACKENDS, runFuwu, uniqueName } from './lib/harness.mjs';
import {
  DAY_MS, PASSWORD, RATING, admitProvider, assertProblem, createCycle, createPlatformUser, createProgram,
  entriesOf, getOk, postOk, smallPolicy, startFresh, sum,
} from './lib/growth.mjs';

const BENEFIT_KEYS = ['campaign_access', 'commission_bps', 'directory_weight', 'dispatch_weight'];

for (const backend of BACKENDS) {
  test(`growth and rating [${backend.name}]`, { timeout: 900_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const fresh = await startFresh(t, backend);
    const srv = fresh.srv;
    const opA = await srv.login(fresh.opEmail, PASSWORD);
    const opAId = (await getOk(srv, opA, '/api/v1/me')).body.id;
    const operatorB = await createPlatformUser(srv, opA, '运营乙', ['operator_admin']);
    const opB = operatorB.token;
    const reviewer = (await createPlatformUser(srv, opA, '审核员', ['reviewer'])).token;

    const program = await createProgram(srv, opA);
    const P = [];
    for (const n of ['一', '二', '三', '四'])
      P.push(await admitProvider(srv, reviewer, program.id, uniqueName(`杭州成长${n}号服务有限公司`)));
    const [P1, P2, P3, P4] = P;

    const programPath = `${RATING}/programs/${program.id}`;
    let policy; // as stored
    let cycle; // the first cycle, 2026Q4
    let cycle2; // the next one, 2027Q1
    const tasks = {}; // code → Task
    const types = {}; // code → ViolationType
    const CAP = 'growth_live';

    const cyclePath = (c = cycle) => `${RATING}/cycles/${c.id}`;
    const providerPath = (p, c = cycle) => `${cyclePath(c)}/providers/${p.id}`;
    const report = async (p, metric, value, c = cycle) => {
      const r = await srv.api('POST', `${cyclePath(c)}/metrics`, {
        token: opA, body: { provider_id: p.id, metric, value, source_event: `sync:${metric}:${value}` },
      });
      assert.equal(r.status, 200, `${metric}=${value} for ${p.name}: ${r.text}`);
      assert.equal(r.body.metric.metric, metric);
      assert.equal(r.body.metric.value, value);
      assert.equal(r.body.metric.provider_id, p.id);
      assert.equal(r.body.metric.cycle_id, c.id);
      return r.body.entries;
    };
    const points = async (p, c = cycle) => sum(await entriesOf(srv, opA, c.id, p.id));
    const board = async (token = opA, c = cycle) => (await getOk(srv, token, `${cyclePath(c)}/board`)).body;
    const tierOf = (b, name) => b.tiers.find((x) => x.name === name);
    const explain = async (p, token = p.token, c = cycle) => (await getOk(srv, token, `${providerPath(p, c)}/explanation`)).body;

    await t.test('the policy: defaults, replaced with If-Match; the formula page is public', async () => {
      const r = await getOk(srv, P1.token, `${programPath}/policy`);
      const defaults = r.body;
      assert.equal(r.headers.get('etag'), `"${defaults.version}"`);
      assert.equal(defaults.program_id, program.id);
      assert.deepEqual(defaults.star_thresholds, [100, 300, 600, 1000, 1500]);
      assert.equal(defaults.tie_breaker_metric, 'satisfaction_bp');
      assert.deepEqual(defaults.tiers.map((x) => [x.name, x.star_floor, x.quota]),
                       [['diamond', 5, 6], ['gold', 4, 12], ['silver', 2, null]]);
      for (const x of defaults.tiers) assert.deepEqual(Object.keys(x.benefits).sort(), BENEFIT_KEYS);
      assert.deepEqual(Object.keys(defaults.untiered).sort(), BENEFIT_KEYS);
      assertProblem(await srv.api('GET', `${programPath}/policy`), 401);

      const body = smallPolicy({ diamondQuota: 1, goldQuota: 2 });
      assertProblem(await srv.api('PUT', `${programPath}/policy`, { token: opA, body }), 428, 'if_match_required');
      assertProblem(await srv.api('PUT', `${programPath}/policy`, {
        token: opA, body, headers: { 'if-match': `"${defaults.version + 5}"` },
      }), 412, 'version_mismatch');
      const unchanged = await getOk(srv, opA, `${programPath}/policy`);
      assert.deepEqual(unchanged.body, defaults);
      assert.equal(unchanged.headers.get('etag'), r.headers.get('etag'));

      const put = await srv.api('PUT', `${programPath}/policy`, { token: opA, body, headers: { 'if-match': r.headers.get('etag') } });
      assert.equal(put.status, 200, put.text);
      policy = put.body;
      assert.equal(policy.version, defaults.version + 1);
      assert.equal(put.headers.get('etag'), `"${policy.version}"`);
      assert.equal(policy.program_id, program.id);
      assert.deepEqual({ ...policy, program_id: undefined, version: undefined },
                       { ...body, program_id: undefined, version: undefined });
      // The old ETag is stale now.
      assertProblem(await srv.api('PUT', `${programPath}/policy`, {
        token: opA, body, headers: { 'if-match': r.headers.get('etag') },
      }), 412, 'version_mismatch');
      assert.deepEqual((await getOk(srv, P3.token, `${programPath}/policy`)).body, policy);

      const formula = await srv.api('GET', `${programPath}/formula`);
      assert.equal(formula.status, 200, formula.text);
      assert.equal(formula.body.program_id, program.id);
      assert.equal(formula.body.program_name, program.name_zh);
      assert.deepEqual(formula.body.policy, policy);
      for (const key of ['rules_zh', 'rules_en']) {
        assert.ok(Array.isArray(formula.body[key]) && formula.body[key].length >= 5, key);
        for (const line of formula.body[key]) assert.equal(typeof line, 'string');
      }
      assert.equal(typeof formula.body.leaderboard_formula_zh, 'string');
      assert.equal(typeof formula.body.leaderboard_formula_en, 'string');
      assert.deepEqual(formula.body.tasks, []);
      assert.deepEqual(formula.body.violation_types, []);
    });

    await t.test('a cycle, a capability, tasks and violation types', async () => {
      cycle = await createCycle(srv, opA, program.id, '2026Q4');
      assert.equal(cycle.program_id, program.id);
      assert.equal(cycle.code, '2026Q4');
      assert.equal(cycle.period, 'quarterly');
      assert.equal(cycle.state, 'open');
      assert.equal(cycle.published_at, null);
      assert.equal(cycle.computed_at, null);
      assert.equal(cycle.decision_date, '2027-01-10');
      assert.deepEqual((await getOk(srv, P1.token, cyclePath())).body, cycle);
      assert.deepEqual((await getOk(srv, P2.token, `${programPath}/cycles`)).body.items, [cycle]);

      const capability = await postOk(srv, opA, `${programPath}/capabilities`,
                                      { code: CAP, name_zh: '直播代运营', name_en: 'Live-stream operation' });
      assert.deepEqual(capability, { program_id: program.id, code: CAP, name_zh: '直播代运营', name_en: 'Live-stream operation' });
      const capabilities = (await getOk(srv, P1.token, `${programPath}/capabilities`)).body.items;
      assert.ok(capabilities.some((c) => c.code === CAP), JSON.stringify(capabilities));

      const specs = [
        { code: 'training', name_zh: '完成平台培训', name_en: 'Platform training', kind: 'basic', points: 5, cap: 1,
          capability: '', completion: 'metric', metric: 'training_finished', target: 1 },
        { code: 'orders', name_zh: '服务订单', name_en: 'Orders served', kind: 'additional', points: 4, cap: 5,
          capability: CAP, completion: 'metric', metric: 'orders_served', target: 10 },
        { code: 'case_study', name_zh: '提交标杆案例', name_en: 'Flagship case study', kind: 'additional', points: 10, cap: 2,
          capability: CAP, completion: 'evidence', metric: '', target: 0 },
        { code: 'retired', name_zh: '停用任务', name_en: 'Retired task', kind: 'additional', points: 1, cap: 1,
          capability: '', completion: 'evidence', metric: '', target: 0 },
      ];
      for (const spec of specs) {
        const task = await postOk(srv, opA, `${programPath}/tasks`, spec);
        assert.equal(typeof task.id, 'number');
        assert.deepEqual({ ...task, id: undefined }, { ...spec, id: undefined, program_id: program.id, active: true });
        tasks[spec.code] = task;
      }
      const patched = await srv.api('PATCH', `${RATING}/tasks/${tasks.retired.id}`, { token: opA, body: { active: false } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.body.active, false);
      tasks.retired = patched.body;
      const listed = (await getOk(srv, P4.token, `${programPath}/tasks`)).body.items;
      assert.deepEqual(listed.sort((a, b) => a.id - b.id), Object.values(tasks));

      for (const spec of [
        { code: 'late_reply', name_zh: '响应超时', name_en: 'Late reply', severity: 'minor', points: 5, tier_cap: '', appeal_days: 7 },
        { code: 'fake_reviews', name_zh: '虚假评价', name_en: 'Fake reviews', severity: 'serious', points: 1, tier_cap: 'gold',
          appeal_days: 7 },
      ]) {
        const type = await postOk(srv, opA, `${programPath}/violation-types`, spec);
        assert.deepEqual({ ...type, id: undefined }, { ...spec, id: undefined, program_id: program.id });
        types[spec.code] = type;
      }
      const catalogue = (await getOk(srv, P1.token, `${programPath}/violation-types`)).body.items;
      assert.deepEqual(catalogue.sort((a, b) => a.id - b.id), [types.late_reply, types.fake_reviews]);

      const formula = (await getOk(srv, null, `${programPath}/formula`)).body;
      for (const code of ['training', 'orders', 'case_study'])
        assert.deepEqual(formula.tasks.find((x) => x.code === code), tasks[code], code);
      assert.deepEqual(formula.violation_types.sort((a, b) => a.id - b.id), [types.late_reply, types.fake_reviews]);
    });

    await t.test('metrics credit task points; a repeated report credits nothing; a fall takes points back', async () => {
      const training = await report(P1, 'training_finished', 1);
      assert.equal(sum(training), 5);
      for (const e of training) {
        assert.equal(e.source_kind, 'task');
        assert.equal(e.source_ref, 'task:training');
        assert.equal(e.cycle_id, cycle.id);
        assert.equal(e.provider_id, P1.id);
        assert.equal(e.capability, '');
      }
      const orders = await report(P1, 'orders_served', 50);
      assert.equal(sum(orders), 20, 'min(floor(50 / 10), 5) × 4');
      for (const e of orders) {
        assert.equal(e.source_ref, 'task:orders');
        assert.equal(e.capability, CAP);
        assert.ok(e.source_event.includes('sync:orders_served:50'), `the report's event in ${e.source_event}`);
        assert.equal(e.reverses_entry_id, null);
      }
      const before = await entriesOf(srv, opA, cycle.id, P1.id);
      assert.equal(sum(before), 25);
      // The same value again, and a value past the cap: nothing more.
      assert.deepEqual(await report(P1, 'orders_served', 50), []);
      assert.deepEqual(await report(P1, 'orders_served', 80), []);
      assert.deepEqual(await report(P1, 'satisfaction_bp', 9500), []);
      assert.deepEqual(await entriesOf(srv, opA, cycle.id, P1.id), before);

      assert.equal(sum(await report(P2, 'training_finished', 1)), 5);
      assert.equal(sum(await report(P2, 'orders_served', 50)), 20);
      assert.deepEqual(await report(P2, 'satisfaction_bp', 9800), []);
      assert.equal(sum(await report(P3, 'training_finished', 1)), 5);
      assert.equal(sum(await report(P3, 'orders_served', 50)), 20);
      // GMV after returns, orders after cancellations: a falling value takes points back.
      const fall = await report(P3, 'orders_served', 40);
      assert.equal(sum(fall), -4, JSON.stringify(fall));
      for (const e of fall) assert.equal(e.source_ref, 'task:orders');
      assert.deepEqual(await report(P3, 'satisfaction_bp', 9000), []);
      assert.equal(await points(P3), 21);
      assert.equal(sum(await report(P4, 'orders_served', 50)), 20);

      const metrics = (await getOk(srv, P1.token, `${providerPath(P1)}/metrics`)).body.items;
      assert.deepEqual(Object.fromEntries(metrics.map((m) => [m.metric, m.value])),
                       { orders_served: 80, satisfaction_bp: 9500, training_finished: 1 });
      for (const m of metrics) {
        assert.equal(m.cycle_id, cycle.id);
        assert.equal(m.provider_id, P1.id);
        assert.equal(typeof m.updated_at, 'number');
      }
      const status = Object.fromEntries((await getOk(srv, P1.token, `${providerPath(P1)}/tasks`)).body.items
        .map((s) => [s.task.code, s]));
      assert.equal(status.training.done, true);
      assert.equal(status.orders.completions, 5);
      assert.equal(status.orders.points_earned, 20);
      assert.equal(status.orders.done, true);
      assert.equal(status.case_study.completions, 0);
      assert.equal(status.case_study.done, false);
      assert.deepEqual(status.case_study.task, tasks.case_study);
    });

    await t.test('evidence earns nothing until a reviewer accepts it; the cap holds', async () => {
      const submit = (p, description) => srv.api('POST', `${RATING}/tasks/${tasks.case_study.id}/evidence`, {
        token: p.token, body: { cycle_id: cycle.id, description },
      });
      const decide = (id, accept, note) => postOk(srv, reviewer, `${RATING}/evidence/${id}/decision`, { accept, note }, 200);

      const first = await submit(P1, '为海底捞西湖店做的直播代运营案例，单场GMV 32万元');
      assert.equal(first.status, 201, first.text);
      const ev = first.body;
      assert.equal(ev.state, 'submitted');
      assert.equal(ev.task_id, tasks.case_study.id);
      assert.equal(ev.task_code, 'case_study');
      assert.equal(ev.cycle_id, cycle.id);
      assert.equal(ev.provider_id, P1.id);
      assert.equal(ev.provider_name, P1.name);
      assert.equal(ev.ledger_entry_id, null);
      assert.equal(ev.decided_at, null);
      assert.equal(await points(P1), 25, 'a claim earns nothing');
      const pending = (await getOk(srv, P1.token, `${providerPath(P1)}/tasks`)).body.items.find((s) => s.task.code === 'case_study');
      assert.equal(pending.evidence_pending, 1);

      const queue = (await getOk(srv, reviewer, `${RATING}/evidence?state=submitted`)).body.items;
      assert.deepEqual(queue.map((e) => e.id), [ev.id]);
      assert.deepEqual((await getOk(srv, P2.token, `${RATING}/evidence`)).body.items, [], 'P2 sees only its own');

      const accepted = await decide(ev.id, true, '案例真实，数据可核验');
      assert.equal(accepted.state, 'accepted');
      assert.equal(accepted.decision_note, '案例真实，数据可核验');
      assert.equal(typeof accepted.decided_at, 'number');
      assert.equal(typeof accepted.ledger_entry_id, 'number');
      const credited = (await entriesOf(srv, P1.token, cycle.id, P1.id)).find((e) => e.id === accepted.ledger_entry_id);
      assert.ok(credited, 'the credited entry is in the ledger');
      assert.equal(credited.points, 10);
      assert.equal(credited.source_kind, 'task');
      assert.equal(credited.source_ref, 'task:case_study');
      assert.equal(credited.capability, CAP);
      assert.equal(await points(P1), 35);
      // Deciding twice is refused.
      const again = await srv.api('POST', `${RATING}/evidence/${ev.id}/decision`, { token: reviewer, body: { accept: true, note: '' } });
      assertProblem(again, 409);
      assert.equal(await points(P1), 35);

      const second = await submit(P1, '第二个标杆案例：外婆家直播间');
      assert.equal(second.status, 201, second.text);
      await decide(second.body.id, true, '');
      assert.equal(await points(P1), 45);
      // Two completions is the cap.
      assertProblem(await submit(P1, '第三个案例'), 409, 'task_cap_reached');
      assert.equal(await points(P1), 45);

      const p2a = await submit(P2, '绿茶餐厅直播案例');
      const p2b = await submit(P2, '一个没有数据的案例');
      assert.equal(p2a.status, 201, p2a.text);
      assert.equal(p2b.status, 201, p2b.text);
      await decide(p2a.body.id, true, '');
      const rejected = await decide(p2b.body.id, false, '缺少数据');
      assert.equal(rejected.state, 'rejected');
      assert.equal(rejected.ledger_entry_id, null);
      assert.equal(await points(P2), 35);
      // Newest first; a provider sees only its own.
      const mine = (await getOk(srv, P2.token, `${RATING}/evidence`)).body.items;
      assert.deepEqual(mine.map((e) => e.id), [p2b.body.id, p2a.body.id]);
      const all = (await getOk(srv, opA, `${RATING}/evidence?cycle_id=${cycle.id}`)).body.items;
      assert.equal(all.length, 4);
    });

    await t.test('adjustments (idempotent), reversals marked on the reversed entry', async () => {
      const adjust = (p, pts, note, headers = {}) => srv.api('POST', `${cyclePath()}/adjustments`, {
        token: opA, body: { provider_id: p.id, points: pts, note }, headers,
      });
      const a1 = await adjust(P1, 10, '季度服务之星加分');
      assert.equal(a1.status, 201, a1.text);
      assert.equal(a1.body.source_kind, 'adjustment');
      assert.equal(a1.body.points, 10);
      assert.equal(a1.body.note, '季度服务之星加分');
      assert.equal(a1.body.actor_user_id, opAId);
      assert.equal(a1.body.reverses_entry_id, null);
      assert.equal(await points(P1), 55);

      const key = randomUUID();
      const a2 = await adjust(P2, 20, '客户表扬加分', { 'idempotency-key': key });
      assert.equal(a2.status, 201, a2.text);
      const replay = await adjust(P2, 20, '客户表扬加分', { 'idempotency-key': key });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replay'), 'true');
      assert.equal(replay.text, a2.text);
      assert.equal(await points(P2), 55, 'the replay appended nothing');

      const wrong = await adjust(P2, 7, '误操作');
      assert.equal(wrong.status, 201, wrong.text);
      const reversal = await srv.api('POST', `${RATING}/entries/${wrong.body.id}/reversal`, { token: opA, body: { note: '冲正误操作' } });
      assert.equal(reversal.status, 201, reversal.text);
      assert.equal(reversal.body.source_kind, 'reversal');
      assert.equal(reversal.body.points, -7);
      assert.equal(reversal.body.reverses_entry_id, wrong.body.id);
      assert.equal(reversal.body.note, '冲正误操作');
      const entries = await entriesOf(srv, P2.token, cycle.id, P2.id);
      assert.equal(entries.find((e) => e.id === wrong.body.id).reversed_by_entry_id, reversal.body.id);
      assert.equal(entries.find((e) => e.id === reversal.body.id).reversed_by_entry_id, null);
      assert.deepEqual(entries.map((e) => e.id), [...entries.map((e) => e.id)].sort((a, b) => a - b), 'oldest first');
      assert.equal(sum(entries), 55);
    });

    let capViolation;
    let p4Open; // P4's violation left under appeal until after publication
    await t.test('violations: a tier cap, an appeal, an overturn reversing the deduction', async () => {
      const recorded = await postOk(srv, reviewer, `${RATING}/violations`, {
        type_id: types.fake_reviews.id, provider_id: P2.id, cycle_id: cycle.id, evidence: '同一设备批量好评',
      });
      capViolation = recorded;
      assert.equal(recorded.state, 'recorded');
      assert.equal(recorded.type_id, types.fake_reviews.id);
      assert.equal(recorded.type_code, 'fake_reviews');
      assert.equal(recorded.type_name_zh, '虚假评价');
      assert.equal(recorded.severity, 'serious');
      assert.equal(recorded.points, 1);
      assert.equal(recorded.tier_cap, 'gold');
      assert.equal(recorded.provider_id, P2.id);
      assert.equal(recorded.provider_name, P2.name);
      assert.equal(recorded.cycle_id, cycle.id);
      assert.equal(recorded.cycle_code, '2026Q4');
      assert.equal(recorded.appeal_deadline_ms, recorded.recorded_at + 7 * DAY_MS);
      assert.equal(recorded.correction_entry_id, null);
      const deduction = (await entriesOf(srv, opA, cycle.id, P2.id)).find((e) => e.id === recorded.ledger_entry_id);
      assert.equal(deduction.points, -1);
      assert.equal(deduction.source_kind, 'violation');
      assert.equal(deduction.source_ref, 'violation_type:fake_reviews');
      assert.equal(await points(P2), 54);

      // The cap: no Diamond for P2 this cycle, so P1 takes it.
      const live = await board();
      assert.deepEqual(tierOf(live, 'diamond').members.map((s) => s.provider_id), [P1.id]);
      assert.deepEqual(tierOf(live, 'diamond').waitlist, []);
      const p2Standing = tierOf(live, 'gold').members.find((s) => s.provider_id === P2.id);
      assert.ok(p2Standing, JSON.stringify(live));
      assert.equal(p2Standing.tier_cap, 'gold');
      const explained = await explain(P2);
      assert.equal(explained.tier_cap, 'gold');
      const diamond = explained.tiers.find((x) => x.name === 'diamond');
      assert.equal(diamond.capped, true);
      assert.equal(diamond.eligible, false);
      assert.equal(diamond.floor_met, true);

      // Another provider cannot appeal it; its own admin can.
      assertProblem(await srv.api('POST', `${RATING}/violations/${recorded.id}/appeal`, { token: P1.token, body: { reason: '不是我们' } }),
                    404, 'not_found');
      const appealed = await postOk(srv, P2.token, `${RATING}/violations/${recorded.id}/appeal`,
                                    { reason: '好评来自真实到店顾客，附订单号' }, 200);
      assert.equal(appealed.state, 'under_appeal');
      assert.equal(appealed.appeal_reason, '好评来自真实到店顾客，附订单号');
      const overturned = await postOk(srv, reviewer, `${RATING}/violations/${recorded.id}/decision`,
                                      { overturn: true, note: '订单核验属实' }, 200);
      assert.equal(overturned.state, 'overturned');
      assert.equal(overturned.decision_note, '订单核验属实');
      assert.equal(typeof overturned.decided_at, 'number');
      assert.equal(typeof overturned.correction_entry_id, 'number');
      const entries = await entriesOf(srv, opA, cycle.id, P2.id);
      const correction = entries.find((e) => e.id === overturned.correction_entry_id);
      assert.equal(correction.source_kind, 'reversal');
      assert.equal(correction.points, 1);
      assert.equal(correction.reverses_entry_id, recorded.ledger_entry_id);
      assert.equal(entries.find((e) => e.id === recorded.ledger_entry_id).reversed_by_entry_id, correction.id);
      assert.equal(await points(P2), 55);
      assert.equal((await explain(P2)).tier_cap, '', 'the cap is lifted');

      // P4: one violation upheld, one left under appeal.
      const v1 = await postOk(srv, opA, `${RATING}/violations`,
                              { type_id: types.late_reply.id, provider_id: P4.id, cycle_id: cycle.id, evidence: '工单超时48小时' });
      const v2 = await postOk(srv, opA, `${RATING}/violations`,
                              { type_id: types.late_reply.id, provider_id: P4.id, cycle_id: cycle.id, evidence: '工单超时72小时' });
      await postOk(srv, P4.token, `${RATING}/violations/${v1.id}/appeal`, { reason: '系统故障' }, 200);
      const upheld = await postOk(srv, reviewer, `${RATING}/violations/${v1.id}/decision`, { overturn: false, note: '未见故障记录' }, 200);
      assert.equal(upheld.state, 'upheld');
      assert.equal(upheld.correction_entry_id, null);
      p4Open = await postOk(srv, P4.token, `${RATING}/violations/${v2.id}/appeal`, { reason: '客户改约' }, 200);
      assert.equal(await points(P4), 10);
      const own = (await getOk(srv, P4.token, `${RATING}/violations`)).body.items;
      assert.deepEqual(own.map((v) => [v.id, v.state]), [[v2.id, 'under_appeal'], [v1.id, 'upheld']]);
      const forP2 = (await getOk(srv, reviewer, `${RATING}/violations?provider_id=${P2.id}`)).body.items;
      assert.deepEqual(forP2.map((v) => [v.id, v.state]), [[recorded.id, 'overturned']]);
      const underAppeal = (await getOk(srv, opA, `${RATING}/violations?state=under_appeal&cycle_id=${cycle.id}`)).body.items;
      assert.deepEqual(underAppeal.map((v) => v.id), [v2.id]);
    });

    await t.test('capability certificates and the live leaderboard', async () => {
      const apply = (p, evidence) => srv.api('POST', `${RATING}/capability-applications`, { token: p.token, body: { capability: CAP, evidence } });
      const a1 = await apply(P1, '年度直播场次200场，附案例链接');
      assert.equal(a1.status, 201, a1.text);
      assert.equal(a1.body.state, 'applied');
      assert.equal(a1.body.program_id, program.id);
      assert.equal(a1.body.provider_id, P1.id);
      assert.equal(a1.body.capability, CAP);
      assert.equal(a1.body.score, null);
      assert.equal(a1.body.valid, false);
      assertProblem(await apply(P1, '再次申请'), 409, 'already_exists');
      const a2 = await apply(P2, '直播团队12人');
      const a3 = await apply(P3, '刚起步');
      assert.equal(a2.status, 201, a2.text);
      assert.equal(a3.status, 201, a3.text);

      const review = (id, body) => postOk(srv, reviewer, `${RATING}/capability-applications/${id}/review`, body, 200);
      const c1 = await review(a1.body.id, { certify: true, score: 90, note: '案例扎实', valid_months: 12 });
      assert.equal(c1.state, 'certified');
      assert.equal(c1.score, 90);
      assert.equal(c1.valid, true);
      assert.ok(c1.expires_at > Date.now() + 330 * DAY_MS && c1.expires_at < Date.now() + 400 * DAY_MS, `${c1.expires_at}`);
      const c2 = await review(a2.body.id, { certify: true, score: 80, note: '' });
      assert.equal(c2.valid, true, 'valid for 12 months by default');
      assert.ok(c2.expires_at > Date.now() + 330 * DAY_MS, `${c2.expires_at}`);
      const c3 = await review(a3.body.id, { certify: false, score: 30, note: '案例不足' });
      assert.equal(c3.state, 'rejected');
      assert.equal(c3.valid, false);

      const listed = (await getOk(srv, reviewer, `${RATING}/capability-applications?capability=${CAP}`)).body.items;
      assert.deepEqual(listed.map((a) => a.id), [a3.body.id, a2.body.id, a1.body.id], 'newest first');
      const mine = (await getOk(srv, P1.token, `${RATING}/capability-applications`)).body.items;
      assert.deepEqual(mine.map((a) => a.id), [a1.body.id]);
      const certified = (await getOk(srv, opA, `${RATING}/capability-applications?state=certified`)).body.items;
      assert.deepEqual(certified.map((a) => a.id), [a2.body.id, a1.body.id]);

      const lb = (await getOk(srv, P4.token, `${cyclePath()}/leaderboards/${CAP}`)).body;
      assert.equal(lb.cycle_id, cycle.id);
      assert.equal(lb.capability, CAP);
      assert.equal(lb.provisional, true);
      assert.equal(typeof lb.formula_zh, 'string');
      assert.equal(typeof lb.formula_en, 'string');
      assert.deepEqual(lb.items, [
        { rank: 1, provider_id: P1.id, provider_name: P1.name, score: 940, review_score: 90, capability_points: 40 },
        { rank: 2, provider_id: P2.id, provider_name: P2.name, score: 830, review_score: 80, capability_points: 30 },
      ]);
    });

    await t.test('the live board: a quota of 1, the tie-breaker, a waitlist; explanations and what-if', async () => {
      const live = await board();
      assert.equal(live.provisional, true);
      assert.equal(live.cycle.id, cycle.id);
      assert.equal(live.cycle.state, 'open');
      assert.deepEqual(live.tiers.map((x) => [x.name, x.quota, x.seated]), [['diamond', 1, 1], ['gold', 2, 1], ['silver', null, 1]]);
      const diamond = tierOf(live, 'diamond');
      // P1 and P2 both have 55 points; P2's higher satisfaction ranks it first.
      assert.deepEqual(diamond.members.map((s) => [s.provider_id, s.points, s.stars, s.rank]), [[P2.id, 55, 5, 1]]);
      assert.deepEqual(diamond.waitlist, [{ provider_id: P1.id, provider_name: P1.name, points: 55, position: 1 }]);
      const gold = tierOf(live, 'gold');
      assert.deepEqual(gold.members.map((s) => [s.provider_id, s.rank, s.tier]), [[P1.id, 2, 'gold']]);
      assert.deepEqual(gold.members[0].waitlist, [{ tier: 'diamond', position: 1 }]);
      assert.deepEqual(tierOf(live, 'silver').members.map((s) => [s.provider_id, s.points, s.stars, s.rank]), [[P3.id, 21, 2, 3]]);
      assert.deepEqual(live.untiered.map((s) => [s.provider_id, s.points, s.stars, s.rank, s.rated, s.tier]),
                       [[P4.id, 10, 1, 0, false, null]]);
      for (const s of [...diamond.members, ...gold.members]) {
        assert.equal(s.rated, true);
        assert.equal(s.at_risk, false);
        assert.equal(s.overridden, false);
        assert.equal(s.tier_cap, '');
      }
      // A board that is not published is for operators and reviewers only.
      assert.equal((await board(reviewer)).provisional, true);
      const hidden = await srv.api('GET', `${cyclePath()}/board`, { token: P1.token });
      assert.ok([403, 404].includes(hidden.status), hidden.text);
      assertProblem(hidden, hidden.status);

      // P1: 5★, Gold, first on Diamond's waitlist, one point from Diamond.
      const e1 = await explain(P1);
      assert.equal(e1.cycle_id, cycle.id);
      assert.equal(e1.cycle_code, '2026Q4');
      assert.equal(e1.cycle_state, 'open');
      assert.equal(e1.provider_id, P1.id);
      assert.equal(e1.provider_name, P1.name);
      assert.equal(e1.provisional, true);
      assert.equal(e1.points, 55);
      assert.deepEqual(e1.entries, await entriesOf(srv, opA, cycle.id, P1.id));
      assert.equal(e1.by_source.task, 45);
      assert.equal(e1.by_source.adjustment, 10);
      assert.equal(Object.values(e1.by_source).reduce((a, b) => a + b, 0), 55);
      assert.equal(e1.by_capability[CAP], 40);
      assert.deepEqual(e1.basic_tasks, [{ task_id: tasks.training.id, code: 'training', name_zh: '完成平台培训',
                                          name_en: 'Platform training', done: true }]);
      assert.equal(e1.rated, true);
      assert.equal(e1.stars, 5);
      assert.deepEqual(e1.star_thresholds, [10, 20, 30, 40, 50].map((p, i) => ({ stars: i + 1, points: p, met: true })));
      assert.equal(e1.rank, 2);
      assert.equal(e1.ranked, 3, 'providers rated in the cycle');
      assert.equal(e1.tier, 'gold');
      assert.equal(e1.at_risk, false);
      assert.equal(e1.overridden, false);
      assert.equal(e1.tier_cap, '');
      assert.equal(e1.next_star, null, 'no star above 5★');
      const d1 = e1.tiers.find((x) => x.name === 'diamond');
      const expectedDiamond = {
        name: 'diamond', star_floor: 5, floor_met: true, quota: 1, seated: 1, eligible: true, capped: false, at_risk: false,
        seat: false, waitlist_position: 1, lowest_seated_points: 55,
      };
      assert.deepEqual(Object.fromEntries(Object.keys(expectedDiamond).map((k) => [k, d1[k]])), expectedDiamond);
      assert.equal(e1.tiers.find((x) => x.name === 'gold').seat, true);
      assert.equal(e1.next_tier.tier, 'diamond');
      assert.equal(e1.next_tier.points_needed, 1, 'one point more than the lowest seated Diamond');
      assert.equal(typeof e1.next_tier.reason_zh, 'string');
      assert.equal(typeof e1.next_tier.reason_en, 'string');

      // P3: 21 points, 2★, Silver; 9 points to 3★, 19 to Gold's floor (Gold has a free seat).
      const e3 = await explain(P3, reviewer);
      assert.equal(e3.points, 21);
      assert.equal(e3.stars, 2);
      assert.equal(e3.tier, 'silver');
      assert.equal(e3.next_star.stars, 3);
      assert.equal(e3.next_star.points_needed, 9);
      assert.equal(e3.next_tier.tier, 'gold');
      assert.equal(e3.next_tier.points_needed, 19);
      assert.deepEqual(e3.star_thresholds.map((s) => s.met), [true, true, false, false, false]);
      const g3 = e3.tiers.find((x) => x.name === 'gold');
      assert.equal(g3.floor_met, false);
      assert.equal(g3.eligible, false);
      assert.equal(g3.seat, false);
      assert.equal(g3.quota, 2);
      assert.equal(g3.seated, 1);

      // P4 has not finished the basic task: not rated.
      const e4 = await explain(P4);
      assert.equal(e4.rated, false);
      assert.equal(e4.rank, 0);
      assert.equal(e4.tier, null);
      assert.deepEqual(e4.basic_tasks.map((b) => [b.code, b.done]), [['training', false]]);

      // Another provider's explanation does not exist for P2.
      assertProblem(await srv.api('GET', `${providerPath(P1)}/explanation`, { token: P2.token }), 404, 'not_found');

      // What if P3 had two accepted case studies: 41 points, 4★, Gold. Nothing is stored.
      const before = await entriesOf(srv, opA, cycle.id, P3.id);
      const whatIf = await postOk(srv, P3.token, `${providerPath(P3)}/what-if`,
                                  { completions: [{ task_id: tasks.case_study.id, count: 2 }] }, 200);
      assert.deepEqual(whatIf.added, [{ task_id: tasks.case_study.id, count: 2, points: 20 }]);
      assert.equal(whatIf.points, 41);
      assert.equal(whatIf.stars, 4);
      assert.equal(whatIf.tier, 'gold');
      assert.equal(whatIf.provisional, true);
      assert.deepEqual(await entriesOf(srv, opA, cycle.id, P3.id), before);
      assert.equal((await explain(P3)).tier, 'silver');

      // No published cycle yet: everyone has the untiered benefits.
      const ent = (await getOk(srv, P1.token, `${RATING}/providers/${P1.id}/entitlements`)).body;
      assert.deepEqual(ent, { provider_id: P1.id, program_id: program.id, cycle_id: null, cycle_code: null, tier: null,
                              benefits: policy.untiered });
    });

    await t.test('compute; an override its proposer cannot approve; a full quota; publish', async () => {
      const computed = await postOk(srv, opA, `${cyclePath()}/compute`, undefined, 200);
      assert.equal(computed.cycle.id, cycle.id);
      assert.equal(computed.cycle.state, 'computing');
      assert.equal(typeof computed.cycle.computed_at, 'number');
      assert.deepEqual(computed.summary, { providers: 4, rated: 3, tiers: { diamond: 1, gold: 1, silver: 1 }, waitlisted: 1, at_risk: 0 });
      // The points are frozen.
      assertProblem(await srv.api('POST', `${cyclePath()}/adjustments`, { token: opA, body: { provider_id: P3.id, points: 5, note: '迟到的加分' } }),
                    409, 'cycle_closed');
      const stored = await board();
      assert.equal(stored.provisional, false);
      assert.equal(stored.cycle.state, 'computing');
      assert.deepEqual(stored.tiers.map((x) => x.members.map((s) => s.provider_id)), [[P2.id], [P1.id], [P3.id]]);

      const proposed = await postOk(srv, opA, `${cyclePath()}/overrides`,
                                    { provider_id: P3.id, tier: 'gold', reason: '重点扶持：新开拓三个城市' });
      assert.equal(proposed.state, 'proposed');
      assert.equal(proposed.cycle_id, cycle.id);
      assert.equal(proposed.provider_id, P3.id);
      assert.equal(proposed.provider_name, P3.name);
      assert.equal(proposed.from_tier, 'silver');
      assert.equal(proposed.to_tier, 'gold');
      assert.equal(proposed.proposed_by, opAId);
      assert.equal(proposed.decided_by, null);
      // The proposer cannot approve it.
      assertProblem(await srv.api('POST', `${RATING}/overrides/${proposed.id}/decision`, { token: opA, body: { approve: true, note: '' } }),
                    409, 'second_approver_required');
      assert.deepEqual((await getOk(srv, reviewer, `${cyclePath()}/overrides`)).body.items, [proposed]);
      const approved = await postOk(srv, opB, `${RATING}/overrides/${proposed.id}/decision`, { approve: true, note: '同意' }, 200);
      assert.equal(approved.state, 'approved');
      assert.equal(approved.decided_by, operatorB.id);
      assert.equal(typeof approved.decided_at, 'number');
      const overridden = await board();
      const gold = tierOf(overridden, 'gold');
      assert.deepEqual(gold.members.map((s) => s.provider_id), [P1.id, P3.id]);
      assert.equal(gold.seated, 2);
      assert.equal(gold.members[1].overridden, true);
      assert.deepEqual(tierOf(overridden, 'silver').members, []);

      // Gold is full now: demoting P2 into it is refused; while undecided, nothing publishes.
      const demote = await postOk(srv, opB, `${cyclePath()}/overrides`, { provider_id: P2.id, tier: 'gold', reason: '本季度投诉较多，服务质量明显下滑' });
      assert.equal(demote.from_tier, 'diamond');
      assertProblem(await srv.api('POST', `${RATING}/overrides/${demote.id}/decision`, { token: opA, body: { approve: true, note: '' } }),
                    409, 'quota_full');
      assertProblem(await srv.api('POST', `${cyclePath()}/publish`, { token: opA }), 409, 'overrides_pending');
      assert.equal((await getOk(srv, opA, cyclePath())).body.state, 'computing');
      const rejected = await postOk(srv, opA, `${RATING}/overrides/${demote.id}/decision`, { approve: false, note: '证据不足' }, 200);
      assert.equal(rejected.state, 'rejected');

      const published = await postOk(srv, opA, `${cyclePath()}/publish`, undefined, 200);
      assert.equal(published.state, 'published');
      assert.equal(typeof published.published_at, 'number');
      cycle = published;
      // Now every member sees the board; a published cycle never changes.
      const seen = await board(P4.token);
      assert.equal(seen.provisional, false);
      assert.equal(seen.cycle.state, 'published');
      assert.deepEqual(seen.tiers.map((x) => x.members.map((s) => s.provider_id)), [[P2.id], [P1.id, P3.id], []]);
      assertProblem(await srv.api('POST', `${cyclePath()}/adjustments`, { token: opA, body: { provider_id: P3.id, points: 5, note: '迟到的加分' } }),
                    409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${cyclePath()}/reopen`, { token: opA }), 409);
    });

    await t.test('entitlements follow the published tiers', async () => {
      const expect = [[P2, 'diamond'], [P1, 'gold'], [P3, 'gold'], [P4, null]];
      for (const [p, tier] of expect) {
        const r = (await getOk(srv, p.token, `${RATING}/providers/${p.id}/entitlements`)).body;
        assert.equal(r.provider_id, p.id);
        assert.equal(r.program_id, program.id);
        assert.equal(r.cycle_id, cycle.id);
        assert.equal(r.cycle_code, '2026Q4');
        assert.equal(r.tier, tier, p.name);
        assert.deepEqual(r.benefits, tier ? policy.tiers.find((x) => x.name === tier).benefits : policy.untiered);
      }
      assert.equal((await getOk(srv, opA, `${RATING}/providers/${P2.id}/entitlements`)).body.tier, 'diamond');
    });

    await t.test('campaigns admit eligible tiers up to their slots', async () => {
      const campaign = await postOk(srv, opA, `${programPath}/campaigns`, {
        name: '双十二本地生活大促', description: '钻石与金牌服务商优先', eligible_tiers: ['diamond', 'gold'], slots: 2,
        registration_closes_ms: Date.now() + 7 * DAY_MS,
      });
      assert.equal(campaign.program_id, program.id);
      assert.equal(campaign.registered, 0);
      assert.deepEqual(campaign.eligible_tiers, ['diamond', 'gold']);
      assert.deepEqual((await getOk(srv, P4.token, `${programPath}/campaigns`)).body.items, [campaign]);
      const register = (p) => srv.api('POST', `${RATING}/campaigns/${campaign.id}/registrations`, { token: p.token, body: {} });

      assertProblem(await register(P4), 409, 'not_eligible');
      const r1 = await register(P1);
      assert.equal(r1.status, 201, r1.text);
      assert.equal(r1.body.campaign_id, campaign.id);
      assert.equal(r1.body.provider_id, P1.id);
      assert.equal(r1.body.provider_name, P1.name);
      assert.equal(r1.body.tier, 'gold');
      assertProblem(await register(P1), 409, 'already_exists');
      const r2 = await register(P2);
      assert.equal(r2.status, 201, r2.text);
      assert.equal(r2.body.tier, 'diamond');
      assertProblem(await register(P3), 409, 'campaign_full');
      assert.equal((await getOk(srv, P3.token, `${RATING}/campaigns/${campaign.id}`)).body.registered, 2);
      const all = (await getOk(srv, opA, `${RATING}/campaigns/${campaign.id}/registrations`)).body.items;
      assert.deepEqual(all.map((x) => x.provider_id).sort(), [P1.id, P2.id].sort());
      const own = (await getOk(srv, P1.token, `${RATING}/campaigns/${campaign.id}/registrations`)).body.items;
      assert.deepEqual(own.map((x) => x.provider_id), [P1.id]);
    });

    await t.test('the published leaderboard stays; growth history', async () => {
      const expected = [
        { rank: 1, provider_id: P1.id, provider_name: P1.name, score: 940, review_score: 90, capability_points: 40 },
        { rank: 2, provider_id: P2.id, provider_name: P2.name, score: 830, review_score: 80, capability_points: 30 },
      ];
      const lb = (await getOk(srv, P3.token, `${cyclePath()}/leaderboards/${CAP}`)).body;
      assert.equal(lb.provisional, false);
      assert.deepEqual(lb.items, expected);
      // Revoking P2's certificate changes no published leaderboard.
      const p2app = (await getOk(srv, opA, `${RATING}/capability-applications?provider_id=${P2.id}`)).body.items[0];
      const revoked = await postOk(srv, opA, `${RATING}/capability-applications/${p2app.id}/revocation`, { reason: '案例造假' }, 200);
      assert.equal(revoked.state, 'revoked');
      assert.equal(revoked.valid, false);
      assert.equal(revoked.revoke_reason, '案例造假');
      assert.equal(typeof revoked.revoked_at, 'number');
      assert.deepEqual((await getOk(srv, P3.token, `${cyclePath()}/leaderboards/${CAP}`)).body.items, expected);

      const growth = (await getOk(srv, P2.token, `${RATING}/providers/${P2.id}/growth`)).body;
      assert.equal(growth.provider_id, P2.id);
      assert.equal(growth.provider_name, P2.name);
      assert.equal(growth.program_id, program.id);
      assert.equal(growth.open_cycle_id, null);
      assert.equal(growth.history.length, 1);
      const h = growth.history[0];
      assert.equal(h.cycle_id, cycle.id);
      assert.equal(h.code, '2026Q4');
      assert.equal(h.state, 'published');
      assert.equal(h.points, 55);
      assert.deepEqual(h.by_source, { task: 35, violation: -1, adjustment: 27, reversal: -6 });
      assert.equal(h.stars, 5);
      assert.equal(h.tier, 'diamond');
      assert.equal(h.at_risk, false);
      assertProblem(await srv.api('GET', `${RATING}/providers/${P2.id}/growth`, { token: P1.token }), 404, 'not_found');
      // Every source is named, zeros included (docs/growth.md: by_source:{task, violation, adjustment, reversal}).
      const p1 = (await getOk(srv, P1.token, `${RATING}/providers/${P1.id}/growth`)).body.history[0];
      assert.deepEqual(p1.by_source, { task: 45, violation: 0, adjustment: 10, reversal: 0 });
    });

    await t.test('the next cycle: a frozen violation is corrected there; grace keeps a fallen Diamond, at risk', async () => {
      const start = cycle.window_end_ms;
      cycle2 = await createCycle(srv, opA, program.id, '2027Q1', { startMs: start, endMs: start + 90 * DAY_MS, decisionDate: '2027-04-10' });
      assert.equal((await getOk(srv, P1.token, `${RATING}/providers/${P1.id}/growth`)).body.open_cycle_id, cycle2.id);

      const before = await entriesOf(srv, opA, cycle.id, P4.id);
      const overturned = await postOk(srv, reviewer, `${RATING}/violations/${p4Open.id}/decision`, { overturn: true, note: '客户确认改约' }, 200);
      assert.equal(overturned.state, 'overturned');
      assert.deepEqual(await entriesOf(srv, opA, cycle.id, P4.id), before, 'the published cycle never changes');
      const next = await entriesOf(srv, P4.token, cycle2.id, P4.id);
      const correction = next.find((e) => e.id === overturned.correction_entry_id);
      assert.ok(correction, JSON.stringify(next));
      assert.equal(correction.points, 5);
      assert.equal(correction.cycle_id, cycle2.id);

      // P2 held Diamond and now has 5 points (0★): still eligible for one cycle, at risk.
      assert.equal(sum(await report(P2, 'training_finished', 1, cycle2)), 5);
      const live = await board(opA, cycle2);
      assert.equal(live.provisional, true);
      const seat = tierOf(live, 'diamond').members.find((s) => s.provider_id === P2.id);
      assert.ok(seat, JSON.stringify(live));
      assert.equal(seat.at_risk, true);
      assert.equal(seat.stars, 0);
      const e2 = await explain(P2, P2.token, cycle2);
      assert.equal(e2.tier, 'diamond');
      assert.equal(e2.at_risk, true);
      // Entitlements stay those of the latest published cycle.
      assert.equal((await getOk(srv, P3.token, `${RATING}/providers/${P3.id}/entitlements`)).body.cycle_id, cycle.id);
    });

    await t.test('the audit chain is intact', async () => {
      const stopped = await fresh.srv.stop();
      assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}\n${fresh.srv.stderr}`);
      const r = await runFuwu(['audit', 'verify', '--db', fresh.db]);
      assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /audit chain intact: \d+ records/);
    });
  });
}
