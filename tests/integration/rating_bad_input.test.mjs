// Bad input to the growth & rating API (docs/growth.md), on SQLite and PostgreSQL, on a fresh
// database without demo data: every refused request gets its problem+json status and code, and
// nothing changes behind it — each case re-reads the policy, cycles, ledgers, metrics, tasks,
// violations, evidence, overrides, campaigns, capability applications and the audit log, and
// compares them with what they were before.
//
// Two programs: the first with providers P1 and P2, a published cycle 2026Q3 (P1 +20 points) and
// an open cycle 2026Q4; the second with provider Q and its own cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BACKENDS, listAll, makeTempDir, removeTempDir, runFuwu, uniqueName } from './lib/harness.mjs';
import {
  DAY_MS, PASSWORD, RATING, admitProvider, assertInvalid, assertProblem, createCycle, createPlatformUser,
  createProgram, getOk, postOk, putPolicy, smallPolicy, startFresh,
} from './lib/growth.mjs';

// The setting that moves the server's clock (now = system time + offset), so that an appeal can
// come after its deadline without waiting a day. See the appeal-deadline case.
const CLOCK_OFFSET_SETTING = 'clock.offset_ms';

async function clockOffsetSupported() {
  const dir = makeTempDir('fuwu-it-clock-');
  try {
    const r = await runFuwu(['migrate', '--db', path.join(dir, 'probe.db'), '--set', `${CLOCK_OFFSET_SETTING}=0`,
                             '--set', `storage.data_dir=${path.join(dir, 'data')}`,
                             '--set', `storage.secret_key_file=${path.join(dir, 'secret.key')}`]);
    return { supported: r.code === 0, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    removeTempDir(dir);
  }
}

for (const backend of BACKENDS) {
  test(`growth and rating: bad input [${backend.name}]`, { timeout: 600_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const fresh = await startFresh(t, backend);
    let srv = fresh.srv;
    let opA = await srv.login(fresh.opEmail, PASSWORD);
    const operatorB = await createPlatformUser(srv, opA, '运营乙', ['operator_admin']);
    const reviewer = (await createPlatformUser(srv, opA, '审核员', ['reviewer'])).token;

    const program = await createProgram(srv, opA, '成长坏输入测试');
    const P1 = await admitProvider(srv, reviewer, program.id, uniqueName('杭州坏输入一号服务有限公司'));
    const P2 = await admitProvider(srv, reviewer, program.id, uniqueName('杭州坏输入二号服务有限公司'));
    const program2 = await createProgram(srv, opA, '另一个计划');
    const Q = await admitProvider(srv, reviewer, program2.id, uniqueName('宁波另一计划服务有限公司'));
    const programPath = `${RATING}/programs/${program.id}`;
    const program2Path = `${RATING}/programs/${program2.id}`;

    await putPolicy(srv, opA, program.id, smallPolicy({ diamondQuota: 1, goldQuota: 2 }));
    await postOk(srv, opA, `${programPath}/capabilities`, { code: 'growth_live', name_zh: '直播代运营', name_en: 'Live-stream operation' });
    await postOk(srv, opA, `${program2Path}/capabilities`, { code: 'only_in_two', name_zh: '仅二号计划', name_en: 'Program two only' });
    const metricTask = await postOk(srv, opA, `${programPath}/tasks`, {
      code: 'orders', name_zh: '服务订单', name_en: 'Orders served', kind: 'additional', points: 4, cap: 5,
      capability: 'growth_live', completion: 'metric', metric: 'orders_served', target: 10,
    });
    const evidenceTask = await postOk(srv, opA, `${programPath}/tasks`, {
      code: 'case_study', name_zh: '标杆案例', name_en: 'Case study', kind: 'additional', points: 10, cap: 1,
      capability: 'growth_live', completion: 'evidence', metric: '', target: 0,
    });
    const lateReply = await postOk(srv, opA, `${programPath}/violation-types`, {
      code: 'late_reply', name_zh: '响应超时', name_en: 'Late reply', severity: 'minor', points: 5, tier_cap: '', appeal_days: 1,
    });

    // 2026Q3: P1 earns 20 points (2★), published. 2026Q4: open.
    const now = Date.now();
    const closed = await createCycle(srv, opA, program.id, '2026Q3', { startMs: now - 120 * DAY_MS, endMs: now - 30 * DAY_MS,
                                                                        decisionDate: '2026-10-10' });
    const closedEntry = await postOk(srv, opA, `${RATING}/cycles/${closed.id}/adjustments`, { provider_id: P1.id, points: 20, note: '上季度加分' });
    await postOk(srv, opA, `${RATING}/cycles/${closed.id}/compute`, undefined, 200);
    await postOk(srv, opA, `${RATING}/cycles/${closed.id}/publish`, undefined, 200);
    const open = await createCycle(srv, opA, program.id, '2026Q4', { startMs: now - 30 * DAY_MS, endMs: now + 60 * DAY_MS });
    const openPath = `${RATING}/cycles/${open.id}`;
    await postOk(srv, opA, `${openPath}/metrics`, { provider_id: P1.id, metric: 'orders_served', value: 20, source_event: 'sync:1' }, 200);
    const p1Violation = await postOk(srv, opA, `${RATING}/violations`,
                                     { type_id: lateReply.id, provider_id: P1.id, cycle_id: open.id, evidence: '超时' });
    const campaign = await postOk(srv, opA, `${programPath}/campaigns`, {
      name: '钻石金牌专享活动', description: '', eligible_tiers: ['diamond', 'gold'], slots: 5,
      registration_closes_ms: now + 7 * DAY_MS,
    });
    const otherCycle = await createCycle(srv, opA, program2.id, '2026-11', { startMs: now - 10 * DAY_MS, endMs: now + 20 * DAY_MS });

    // Everything a refused request could have changed, as operators see it.
    const snapshot = async () => {
      const policy = await getOk(srv, opA, `${programPath}/policy`);
      const state = {
        policy: policy.body,
        policyEtag: policy.headers.get('etag'),
        cycles: (await getOk(srv, opA, `${programPath}/cycles`)).body.items,
        cycles2: (await getOk(srv, opA, `${program2Path}/cycles`)).body.items,
        tasks: (await getOk(srv, opA, `${programPath}/tasks`)).body.items,
        tasks2: (await getOk(srv, opA, `${program2Path}/tasks`)).body.items,
        types: (await getOk(srv, opA, `${programPath}/violation-types`)).body.items,
        capabilities: (await getOk(srv, opA, `${programPath}/capabilities`)).body.items,
        violations: (await getOk(srv, opA, `${RATING}/violations`)).body.items,
        evidence: (await getOk(srv, opA, `${RATING}/evidence`)).body.items,
        applications: (await getOk(srv, opA, `${RATING}/capability-applications`)).body.items,
        campaigns: (await getOk(srv, opA, `${programPath}/campaigns`)).body.items,
        registrations: (await getOk(srv, opA, `${RATING}/campaigns/${campaign.id}/registrations`)).body.items,
        overrides: (await getOk(srv, opA, `${RATING}/cycles/${otherCycle.id}/overrides`)).body.items,
        metrics: (await getOk(srv, opA, `${openPath}/providers/${P1.id}/metrics`)).body.items,
        audit: (await listAll(srv, '/api/v1/audit', opA)).length,
      };
      for (const c of [closed, open])
        for (const p of [P1, P2])
          state[`entries ${c.code} ${p.name}`] = (await getOk(srv, opA, `${RATING}/cycles/${c.id}/providers/${p.id}/entries`)).body.items;
      state.entriesQ = (await getOk(srv, opA, `${RATING}/cycles/${otherCycle.id}/providers/${Q.id}/entries`)).body.items;
      return state;
    };
    const assertUnchanged = async (before) => assert.deepEqual(await snapshot(), before, 'nothing changed');

    await t.test('points into a published cycle → 409 cycle_closed', async () => {
      const before = await snapshot();
      const closedPath = `${RATING}/cycles/${closed.id}`;
      assertProblem(await srv.api('POST', `${closedPath}/adjustments`, { token: opA, body: { provider_id: P1.id, points: 5, note: '迟到的加分' } }),
                    409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${closedPath}/adjustments`, { token: opA, body: { provider_id: P2.id, points: -5, note: '迟到的扣分' } }),
                    409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${RATING}/entries/${closedEntry.id}/reversal`, { token: opA, body: { note: '冲正' } }),
                    409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${closedPath}/metrics`, {
        token: opA, body: { provider_id: P1.id, metric: 'orders_served', value: 50, source_event: 'late' },
      }), 409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${RATING}/violations`, {
        token: opA, body: { type_id: lateReply.id, provider_id: P2.id, cycle_id: closed.id, evidence: '上季度的超时' },
      }), 409, 'cycle_closed');
      assertProblem(await srv.api('POST', `${RATING}/tasks/${evidenceTask.id}/evidence`, {
        token: P1.token, body: { cycle_id: closed.id, description: '上季度的案例' },
      }), 409, 'cycle_closed');
      // A published cycle cannot be computed, reopened or published again.
      for (const action of ['compute', 'reopen', 'publish'])
        assertProblem(await srv.api('POST', `${closedPath}/${action}`, { token: opA }), 409);
      await assertUnchanged(before);
    });

    await t.test('reversals: unknown entry → 404; twice → 409 already_reversed; of a reversal → 409', async () => {
      const entry = await postOk(srv, opA, `${openPath}/adjustments`, { provider_id: P2.id, points: 3, note: '将被冲正' });
      const reversal = await postOk(srv, opA, `${RATING}/entries/${entry.id}/reversal`, { note: '冲正' });
      const before = await snapshot();
      for (const id of ['987654321', '0', '-1', 'abc'])
        assertProblem(await srv.api('POST', `${RATING}/entries/${id}/reversal`, { token: opA, body: { note: 'x' } }), 404, 'not_found');
      assertProblem(await srv.api('POST', `${RATING}/entries/${entry.id}/reversal`, { token: opA, body: { note: '再冲一次' } }),
                    409, 'already_reversed');
      assertProblem(await srv.api('POST', `${RATING}/entries/${reversal.id}/reversal`, { token: opA, body: { note: '冲正的冲正' } }),
                    409, 'reversal_of_reversal');
      await assertUnchanged(before);
    });

    await t.test('an override decided by its proposer → 409 second_approver_required', async () => {
      await postOk(srv, opA, `${RATING}/cycles/${otherCycle.id}/compute`, undefined, 200);
      const proposed = await postOk(srv, opA, `${RATING}/cycles/${otherCycle.id}/overrides`,
                                    { provider_id: Q.id, tier: 'silver', reason: '扶持新入驻的服务商，给予银牌' });
      const before = await snapshot();
      for (const approve of [true, false])
        assertProblem(await srv.api('POST', `${RATING}/overrides/${proposed.id}/decision`, { token: opA, body: { approve, note: '' } }),
                      409, 'second_approver_required');
      assert.equal(before.overrides.length, 1);
      assert.equal(before.overrides[0].state, 'proposed');
      // Nor can the undecided override be skipped by publishing.
      assertProblem(await srv.api('POST', `${RATING}/cycles/${otherCycle.id}/publish`, { token: operatorB.token }), 409, 'overrides_pending');
      await assertUnchanged(before);
    });

    await t.test('registration for a campaign by an ineligible tier → 409 not_eligible', async () => {
      const before = await snapshot();
      // P1 has 2★ (Silver at best) in the published cycle, P2 nothing; the campaign wants Diamond or Gold.
      const entitled = (await getOk(srv, P1.token, `${RATING}/providers/${P1.id}/entitlements`)).body;
      assert.equal(entitled.cycle_id, closed.id);
      assert.ok(entitled.tier === 'silver' || entitled.tier === null, JSON.stringify(entitled));
      for (const p of [P1, P2])
        assertProblem(await srv.api('POST', `${RATING}/campaigns/${campaign.id}/registrations`, { token: p.token, body: {} }),
                      409, 'not_eligible');
      assert.equal((await getOk(srv, P1.token, `${RATING}/campaigns/${campaign.id}`)).body.registered, 0);
      await assertUnchanged(before);
    });

    await t.test('a capability the program does not have → 422 naming capability', async () => {
      const before = await snapshot();
      for (const capability of ['no_such_capability', 'only_in_two']) {
        assertInvalid(await srv.api('POST', `${RATING}/capability-applications`, {
          token: P1.token, body: { capability, evidence: '我们很擅长' },
        }), ['capability'], capability);
        assertInvalid(await srv.api('POST', `${programPath}/tasks`, {
          token: opA,
          body: { code: `task_${capability}`, name_zh: '任务', name_en: 'Task', kind: 'additional', points: 1, cap: 1,
                  capability, completion: 'evidence', metric: '', target: 0 },
        }), ['capability'], capability);
      }
      // Program two's capability is Q's, not P1's; and Q has no growth_live.
      assertInvalid(await srv.api('POST', `${RATING}/capability-applications`, {
        token: Q.token, body: { capability: 'growth_live', evidence: '我们很擅长' },
      }), ['capability']);
      await assertUnchanged(before);
    });

    await t.test('evidence for a metric task → 409 not_evidence_task; past the cap → 409 task_cap_reached', async () => {
      // The cap is 1: one accepted evidence reaches it (pending evidence does not count).
      const first = await postOk(srv, P1.token, `${RATING}/tasks/${evidenceTask.id}/evidence`, { cycle_id: open.id, description: '案例一' });
      assert.equal(first.state, 'submitted');
      await postOk(srv, reviewer, `${RATING}/evidence/${first.id}/decision`, { accept: true, note: '' }, 200);
      const before = await snapshot();
      assertProblem(await srv.api('POST', `${RATING}/tasks/${metricTask.id}/evidence`, {
        token: P1.token, body: { cycle_id: open.id, description: '我们服务了很多订单' },
      }), 409, 'not_evidence_task');
      assertProblem(await srv.api('POST', `${RATING}/tasks/${evidenceTask.id}/evidence`, {
        token: P1.token, body: { cycle_id: open.id, description: '案例二' },
      }), 409, 'task_cap_reached');
      await assertUnchanged(before);
    });

    await t.test('quotas below zero and other out-of-range values → 422 naming the field', async () => {
      const before = await snapshot();
      const put = (body) => srv.api('PUT', `${programPath}/policy`, { token: opA, body, headers: { 'if-match': before.policyEtag } });
      const policy = smallPolicy();
      const withTier = (i, change) => ({ ...policy, tiers: policy.tiers.map((x, j) => (j === i ? { ...x, ...change } : x)) });
      assertInvalid(await put(withTier(0, { quota: -1 })), ['tiers[0].quota']);
      assertInvalid(await put(withTier(1, { quota: -12 })), ['tiers[1].quota']);
      assertInvalid(await put(withTier(2, { quota: -1 })), ['tiers[2].quota']);
      assertInvalid(await put({ ...policy, star_thresholds: [10, 5, 30, 40, 50] }), ['star_thresholds[1]']);
      assertInvalid(await put({ ...policy, untiered: { ...policy.untiered, commission_bps: -1 } }), ['untiered.commission_bps']);
      assertInvalid(await put({ ...policy, tie_breaker_metric: 'likes' }), ['tie_breaker_metric']);

      const post = (urlPath, body, token = opA) => srv.api('POST', urlPath, { token, body });
      assertInvalid(await post(`${programPath}/campaigns`, {
        name: '活动', description: '', eligible_tiers: ['gold'], slots: 0, registration_closes_ms: now + DAY_MS,
      }), ['slots']);
      assertInvalid(await post(`${programPath}/cycles`, {
        code: '2027Q1', period: 'quarterly', window_start_ms: now + DAY_MS, window_end_ms: now, decision_date: '2027-04-10',
      }), ['window_end_ms']);
      assertInvalid(await post(`${programPath}/cycles`, {
        code: '2027-01', period: 'quarterly', window_start_ms: now, window_end_ms: now + DAY_MS, decision_date: '2027-04-10',
      }), ['code']);
      assertInvalid(await post(`${openPath}/adjustments`, { provider_id: P1.id, points: 0, note: '零分' }), ['points']);
      assertInvalid(await post(`${openPath}/adjustments`, { provider_id: P1.id, points: 1_000_001, note: '太多' }), ['points']);
      assertInvalid(await post(`${openPath}/metrics`, { provider_id: P1.id, metric: 'likes', value: 5, source_event: '' }), ['metric']);
      assertInvalid(await post(`${openPath}/metrics`, { provider_id: P1.id, metric: 'satisfaction_bp', value: 10001, source_event: '' }),
                    ['value']);
      assertInvalid(await post(`${openPath}/metrics`, { provider_id: P1.id, metric: 'orders_served', value: -1, source_event: '' }),
                    ['value']);
      const badType = { code: 'bad_type', name_zh: '坏', name_en: 'Bad', severity: 'minor', points: 5, tier_cap: '', appeal_days: 7 };
      assertInvalid(await post(`${programPath}/violation-types`, { ...badType, tier_cap: 'bronze' }), ['tier_cap']);
      assertInvalid(await post(`${programPath}/violation-types`, { ...badType, appeal_days: 0 }), ['appeal_days']);
      assertInvalid(await post(`${programPath}/tasks`, {
        code: 'no_target', name_zh: '无目标', name_en: 'No target', kind: 'additional', points: 1, cap: 1, capability: '',
        completion: 'metric', metric: 'orders_served', target: 0,
      }), ['target']);
      await assertUnchanged(before);
      // Everything wrong is named at once (docs/api.md), whichever check finds it.
      assertInvalid(await post(`${programPath}/violation-types`, { ...badType, tier_cap: 'bronze', appeal_days: 0 }),
                    ['tier_cap', 'appeal_days']);
      await assertUnchanged(before);
    });

    await t.test('malformed JSON → 400 malformed_json', async () => {
      const before = await snapshot();
      const cases = [
        ['PUT', `${programPath}/policy`, opA, { 'if-match': before.policyEtag }],
        ['POST', `${programPath}/cycles`, opA],
        ['POST', `${programPath}/tasks`, opA],
        ['POST', `${openPath}/adjustments`, opA],
        ['POST', `${openPath}/metrics`, opA],
        ['POST', `${RATING}/violations`, opA],
        ['POST', `${openPath}/providers/${P1.id}/what-if`, P1.token],
        ['POST', `${RATING}/violations/${p1Violation.id}/appeal`, P1.token],
        ['POST', `${RATING}/tasks/${evidenceTask.id}/evidence`, P1.token],
        ['POST', `${RATING}/capability-applications`, P1.token],
        ['POST', `${RATING}/campaigns/${campaign.id}/registrations`, P1.token],
        ['POST', `${programPath}/campaigns`, opA],
      ];
      for (const [method, urlPath, token, headers = {}] of cases)
        for (const raw of ['{"provider_id": 1,', '{provider_id: 1}', 'not json', '{"a":1}}'])
          assertProblem(await srv.api(method, urlPath, { token, rawBody: raw, headers }), 400, 'malformed_json');
      await assertUnchanged(before);
    });

    await t.test('unknown fields → 422 naming them', async () => {
      const before = await snapshot();
      const send = (method, urlPath, body, token = opA, headers = {}) => srv.api(method, urlPath, { token, body, headers });
      assertInvalid(await send('PUT', `${programPath}/policy`, { ...smallPolicy(), colour: 'red' }, opA, { 'if-match': before.policyEtag }),
                    ['colour']);
      assertInvalid(await send('POST', `${openPath}/adjustments`, { provider_id: P1.id, points: 5, note: 'x', colour: 'red' }), ['colour']);
      assertInvalid(await send('POST', `${openPath}/metrics`,
                               { provider_id: P1.id, metric: 'orders_served', value: 30, source_event: '', delta: 10 }), ['delta']);
      assertInvalid(await send('POST', `${programPath}/cycles`, {
        code: '2027Q1', period: 'quarterly', window_start_ms: now, window_end_ms: now + DAY_MS, decision_date: '2027-04-10', state: 'open',
      }), ['state']);
      assertInvalid(await send('POST', `${programPath}/tasks`, {
        code: 'extra', name_zh: '多余', name_en: 'Extra', kind: 'additional', points: 1, cap: 1, capability: '', completion: 'evidence',
        metric: '', target: 0, active: true,
      }), ['active']);
      assertInvalid(await send('POST', `${RATING}/tasks/${evidenceTask.id}/evidence`,
                               { cycle_id: open.id, description: '案例', points: 100 }, P2.token), ['points']);
      assertInvalid(await send('POST', `${RATING}/violations/${p1Violation.id}/appeal`, { reason: '冤枉', state: 'overturned' }, P1.token),
                    ['state']);
      assertInvalid(await send('POST', `${RATING}/campaigns/${campaign.id}/registrations`, { tier: 'diamond' }, P1.token), ['tier']);
      assertInvalid(await send('POST', `${RATING}/capability-applications`,
                               { capability: 'growth_live', evidence: '案例', score: 100 }, P1.token), ['score']);
      await assertUnchanged(before);
    });

    await t.test('wrong types → 422 naming each field', async () => {
      const before = await snapshot();
      const send = (urlPath, body, token = opA) => srv.api('POST', urlPath, { token, body });
      assertInvalid(await send(`${openPath}/adjustments`, { provider_id: String(P1.id), points: 'ten', note: 5 }),
                    ['provider_id', 'points', 'note']);
      assertInvalid(await send(`${openPath}/metrics`, { provider_id: P1.id, metric: 7, value: '30', source_event: '' }), ['metric', 'value']);
      assertInvalid(await send(`${openPath}/metrics`, { provider_id: P1.id, metric: 'orders_served', value: 2.5, source_event: '' }),
                    ['value']);
      assertInvalid(await send(`${programPath}/cycles`, {
        code: 2027, period: 'quarterly', window_start_ms: '0', window_end_ms: now, decision_date: '2027-04-10',
      }), ['code', 'window_start_ms']);
      assertInvalid(await send(`${RATING}/violations`, { type_id: lateReply.id, provider_id: [P2.id], cycle_id: open.id, evidence: null }),
                    ['provider_id', 'evidence']);
      assertInvalid(await send(`${openPath}/overrides`, { provider_id: P1.id, tier: 5, reason: '' }), ['tier', 'reason']);
      const patch = await srv.api('PATCH', `${RATING}/tasks/${metricTask.id}`, { token: opA, body: { active: 'no' } });
      assertInvalid(patch, ['active']);
      assertInvalid(await send(`${RATING}/capability-applications`, { capability: ['growth_live'], evidence: 42 }, P1.token),
                    ['capability', 'evidence']);
      // A JSON value that is not an object.
      assertProblem(await srv.api('POST', `${openPath}/adjustments`, { token: opA, rawBody: '[1, 2]' }), 422);
      await assertUnchanged(before);
    });

    await t.test("another provider's ids → 404", async () => {
      const before = await snapshot();
      for (const [who, token] of [['P2', P2.token], ['Q', Q.token]]) {
        for (const leaf of ['entries', 'explanation', 'metrics', 'tasks'])
          assertProblem(await srv.api('GET', `${openPath}/providers/${P1.id}/${leaf}`, { token }), 404, 'not_found');
        assertProblem(await srv.api('POST', `${openPath}/providers/${P1.id}/what-if`, { token, body: { completions: [] } }), 404, 'not_found');
        assertProblem(await srv.api('GET', `${RATING}/providers/${P1.id}/growth`, { token }), 404, 'not_found');
        assertProblem(await srv.api('POST', `${RATING}/violations/${p1Violation.id}/appeal`, { token, body: { reason: '替别人申诉' } }),
                      404, 'not_found');
        // Filters cannot reach another provider's records either.
        for (const list of [`${RATING}/violations?provider_id=${P1.id}`, `${RATING}/evidence?provider_id=${P1.id}`,
                            `${RATING}/capability-applications?provider_id=${P1.id}`]) {
          const r = await srv.api('GET', list, { token });
          if (r.status === 200) assert.deepEqual(r.body.items, [], `${who} ${list}`);
          else assertProblem(r, 404, 'not_found');
        }
      }
      // Ids that do not exist at all answer the same.
      for (const id of ['987654321', '0', 'abc']) {
        assertProblem(await srv.api('GET', `${openPath}/providers/${id}/explanation`, { token: opA }), 404);
        assertProblem(await srv.api('GET', `${RATING}/cycles/${id}`, { token: opA }), 404);
        assertProblem(await srv.api('POST', `${RATING}/violations/${id}/appeal`, { token: P1.token, body: { reason: 'x' } }), 404);
      }
      await assertUnchanged(before);
    });

    await t.test('a provider on operator and reviewer routes → 403; nobody signed in → 401', async () => {
      const before = await snapshot();
      // [method, path, body, headers, also refused to reviewers]
      const attempts = [
        ['PUT', `${programPath}/policy`, smallPolicy(), { 'if-match': before.policyEtag }, true],
        ['POST', `${programPath}/cycles`, { code: '2027Q1', period: 'quarterly', window_start_ms: now, window_end_ms: now + DAY_MS,
                                             decision_date: '2027-04-10' }, {}, true],
        ['POST', `${openPath}/compute`, undefined, {}, true],
        ['POST', `${openPath}/reopen`, undefined, {}, true],
        ['POST', `${openPath}/publish`, undefined, {}, true],
        ['POST', `${openPath}/adjustments`, { provider_id: P1.id, points: 100, note: '给自己加分' }, {}, true],
        ['POST', `${RATING}/entries/${closedEntry.id}/reversal`, { note: '' }, {}, true],
        ['POST', `${programPath}/tasks`, { code: 'mine', name_zh: '我的', name_en: 'Mine', kind: 'additional', points: 100, cap: 1,
                                            capability: '', completion: 'evidence', metric: '', target: 0 }, {}, true],
        ['PATCH', `${RATING}/tasks/${metricTask.id}`, { active: false }, {}, true],
        ['POST', `${openPath}/metrics`, { provider_id: P1.id, metric: 'orders_served', value: 1000, source_event: '' }, {}, true],
        ['POST', `${programPath}/violation-types`, { code: 'x', name_zh: 'x', name_en: 'x', severity: 'minor', points: 1, tier_cap: '',
                                                      appeal_days: 7 }, {}, true],
        ['POST', `${RATING}/violations`, { type_id: lateReply.id, provider_id: P2.id, cycle_id: open.id, evidence: '举报竞争对手' }, {}, false],
        ['POST', `${RATING}/violations/${p1Violation.id}/decision`, { overturn: true, note: '' }, {}, false],
        ['GET', `${openPath}/overrides`, undefined, {}, false],
        ['POST', `${openPath}/overrides`, { provider_id: P1.id, tier: 'diamond', reason: '我想要钻石' }, {}, true],
        ['POST', `${RATING}/overrides/1/decision`, { approve: true, note: '' }, {}, true],
        ['POST', `${RATING}/evidence/1/decision`, { accept: true, note: '' }, {}, false],
        ['POST', `${programPath}/campaigns`, { name: 'x', description: '', eligible_tiers: ['gold'], slots: 1,
                                                registration_closes_ms: now + DAY_MS }, {}, true],
        ['POST', `${programPath}/capabilities`, { code: 'mine', name_zh: '我的', name_en: 'Mine' }, {}, true],
        ['POST', `${RATING}/capability-applications/1/review`, { certify: true, score: 100, note: '' }, {}, false],
        ['POST', `${RATING}/capability-applications/1/revocation`, { reason: 'x' }, {}, true],
      ];
      for (const [method, urlPath, body, headers, reviewerToo] of attempts) {
        assertProblem(await srv.api(method, urlPath, { token: P1.token, body, headers }), 403, 'forbidden');
        assertProblem(await srv.api(method, urlPath, { body, headers }), 401);
        // Reviewers judge; they do not run cycles, change catalogues or adjust points.
        if (reviewerToo) assertProblem(await srv.api(method, urlPath, { token: reviewer, body, headers }), 403, 'forbidden');
      }
      // Providers do not submit evidence, appeal or apply as staff of the platform.
      assertProblem(await srv.api('POST', `${RATING}/tasks/${evidenceTask.id}/evidence`, {
        token: opA, body: { cycle_id: open.id, description: '运营代交' },
      }), 403, 'forbidden');
      assertProblem(await srv.api('POST', `${RATING}/campaigns/${campaign.id}/registrations`, { token: reviewer, body: {} }), 403, 'forbidden');
      await assertUnchanged(before);
    });

    // Last: it restarts the server with its clock two days ahead.
    await t.test('an appeal after its deadline → 409 appeal_deadline_passed', async (tt) => {
      const support = await clockOffsetSupported();
      if (!support.supported) {
        tt.skip(`the server cannot move its clock (--set ${CLOCK_OFFSET_SETTING}=…): ${support.output.split('\n')[0]}`);
        return;
      }
      // late_reply allows one day to appeal.
      const recorded = await postOk(srv, opA, `${RATING}/violations`,
                                    { type_id: lateReply.id, provider_id: P2.id, cycle_id: open.id, evidence: '超时未回复' });
      assert.equal(recorded.appeal_deadline_ms, recorded.recorded_at + DAY_MS);
      srv = await fresh.restart(['--set', `${CLOCK_OFFSET_SETTING}=${2 * DAY_MS}`]);
      opA = await srv.login(fresh.opEmail, PASSWORD);
      const p2 = await srv.login(P2.email, P2.password);
      const before = await snapshot();
      assertProblem(await srv.api('POST', `${RATING}/violations/${recorded.id}/appeal`, { token: p2, body: { reason: '迟到的申诉' } }),
                    409, 'appeal_deadline_passed');
      const after = (await getOk(srv, opA, `${RATING}/violations?provider_id=${P2.id}`)).body.items.find((v) => v.id === recorded.id);
      assert.equal(after.state, 'recorded');
      assert.equal(after.appeal_reason, '');
      await assertUnchanged(before);
    });

    // Kept last: when these were written, each of them crashed the server (a vector read after it
    // was moved into the problem), and a crash must not take the other cases down with it.
    await t.test('invalid campaign tiers, capability codes and what-if items → 422 naming the field', async () => {
      const before = await snapshot();
      const post = (urlPath, body, token = opA) => srv.api('POST', urlPath, { token, body });
      assertInvalid(await post(`${programPath}/campaigns`, {
        name: '活动', description: '', eligible_tiers: ['bronze'], slots: 1, registration_closes_ms: now + 30 * DAY_MS,
      }), ['eligible_tiers']);
      assertInvalid(await post(`${programPath}/capabilities`, { code: 'Live Stream', name_zh: '直播', name_en: 'Live' }), ['code']);
      const p1 = await srv.login(P1.email, P1.password);
      assertInvalid(await post(`${openPath}/providers/${P1.id}/what-if`, { completions: 'all' }, p1), ['completions']);
      assertInvalid(await post(`${openPath}/providers/${P1.id}/what-if`,
                               { completions: [{ task_id: evidenceTask.id, count: 'two' }] }, p1), ['completions[0]']);
      await assertUnchanged({ ...before, audit: before.audit + 1 }); // + the sign-in
    });
  });
}
