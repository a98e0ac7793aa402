// Shared setup of the growth & rating tests (rating.test.mjs, rating_bad_input.test.mjs): a server
// on a fresh database WITHOUT --demo, its first operator made with `fuwu admin create`, a second
// operator and a reviewer made through the API, and providers admitted the way real ones are —
// an application to an admission program, approved by the reviewer (see admission.test.mjs).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { admitApplicant, createProgram } from './admission_flow.mjs';
import { assertProblem, errorFields } from './problems.mjs';
import { makeTempDir, removeTempDir, runFuwu, startServer, uniqueName } from './harness.mjs';

export const RATING = '/api/v1/rating';
export const ADMISSION = '/api/v1/admission';
export const DAY_MS = 24 * 3600 * 1000;
export const PASSWORD = 'growth-test-password-1';

// ---------------------------------------------------------------------------------------------
// Problems

export { assertProblem, errorFields };

// A 422 validation_failed that names exactly `fields` (in any order).
export function assertInvalid(r, fields, what = '') {
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual([...errorFields(p)].sort(), [...fields].sort(), `${what} ${r.text}`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// A fresh server

const FAST = ['--set', 'auth.argon2_memory_kib=8192', '--set', 'auth.argon2_ops=1'];

// Starts a server on a fresh database of `backend` without demo data, with an operator made by
// `fuwu admin create`. Returns { srv, db, dir, restart(args), opEmail }; everything is stopped and
// dropped in t.after.
export async function startFresh(t, backend, { args = [] } = {}) {
  const storage = await backend.setup();
  const dir = makeTempDir('fuwu-it-growth-');
  const cli = ['--db', storage.db, ...FAST, '--set', `storage.data_dir=${path.join(dir, 'data')}`,
               '--set', `storage.secret_key_file=${path.join(dir, 'secret.key')}`];
  const state = { srv: null };
  t.after(async () => {
    if (state.srv) {
      await state.srv.stop();
      removeTempDir(state.srv.dir);
    }
    removeTempDir(dir);
    await storage.cleanup();
  });
  const migrated = await runFuwu(['migrate', ...cli]);
  assert.equal(migrated.code, 0, migrated.stderr);
  const opEmail = `${uniqueName('operator-a')}@fuwu.example`;
  const made = await runFuwu(['admin', 'create', '--email', opEmail, '--name', '运营甲', '--password', PASSWORD, ...cli]);
  assert.equal(made.code, 0, made.stderr);
  const serverArgs = ['--set', `storage.secret_key_file=${path.join(dir, 'secret.key')}`];
  state.srv = await startServer({ db: storage.db, demo: false, args: [...serverArgs, ...args] });
  return {
    get srv() {
      return state.srv;
    },
    db: storage.db,
    dir,
    opEmail,
    // Stops the server and starts another on the same database with `extra` arguments.
    async restart(extra = []) {
      const stopped = await state.srv.stop();
      assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}\n${state.srv.stderr}`);
      removeTempDir(state.srv.dir);
      state.srv = null;
      state.srv = await startServer({ db: storage.db, demo: false, args: [...serverArgs, ...extra] });
      return state.srv;
    },
  };
}

// Creates a platform user with `roles` through the API and signs in: { id, email, token }.
export async function createPlatformUser(srv, opToken, name, roles) {
  const me = await srv.api('GET', '/api/v1/me', { token: opToken });
  assert.equal(me.status, 200, me.text);
  const email = `${uniqueName(roles[0].replace('_', '-'))}@fuwu.example`;
  const r = await srv.api('POST', '/api/v1/users', {
    token: opToken,
    body: { email, name, password: PASSWORD, organization_id: me.body.organization_id, roles },
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id, email, token: await srv.login(email, PASSWORD) };
}

const FACTS = {
  registered_capital_fen: 200_000_000, team_size: 36, partner_merchants: 20, partner_influencers: 20,
  independent_legal_entity: true, no_debt_disputes: true,
  advantage_statement: '深耕杭州本地餐饮与丽人商家六年，擅长直播代运营。',
  business_scope: '设计、制作、代理、发布各类广告；技术服务、技术咨询；营销策划',
  hq_region_code: '330106', resource_region_codes: ['330106', '330102'],
};

// A company applies to `programId` and the reviewer approves it. Returns the new provider:
// { id, name, email, password, token (its provider_admin, signed in) }.
export async function admitProvider(srv, reviewerToken, programId, company) {
  const { application, approval, email } = await admitApplicant(srv, reviewerToken, programId, {
    company, categories: ['store_operation', 'live_stream_operation'], facts: FACTS,
  });
  const providerId = application.provider_organization_id;
  assert.equal(typeof providerId, 'number');
  const password = approval.one_time_password;
  const token = await srv.login(email, password);
  return { id: providerId, name: company, email, password, token };
}

export { createProgram };

// ---------------------------------------------------------------------------------------------
// Rating requests

// A policy body (PUT) with thresholds 10/20/30/40/50 points for 1★–5★ and the given quotas.
export function smallPolicy({ diamondQuota = 1, goldQuota = 2, silverQuota = null } = {}) {
  return {
    star_thresholds: [10, 20, 30, 40, 50],
    tie_breaker_metric: 'satisfaction_bp',
    tiers: [
      { name: 'diamond', star_floor: 5, quota: diamondQuota,
        benefits: { campaign_access: true, directory_weight: 300, dispatch_weight: 300, commission_bps: 200 } },
      { name: 'gold', star_floor: 4, quota: goldQuota,
        benefits: { campaign_access: true, directory_weight: 200, dispatch_weight: 200, commission_bps: 350 } },
      { name: 'silver', star_floor: 2, quota: silverQuota,
        benefits: { campaign_access: false, directory_weight: 120, dispatch_weight: 120, commission_bps: 450 } },
    ],
    untiered: { campaign_access: false, directory_weight: 100, dispatch_weight: 100, commission_bps: 500 },
  };
}

// GET that must answer 200; returns the response.
export async function getOk(srv, token, urlPath) {
  const r = await srv.api('GET', urlPath, { token });
  assert.equal(r.status, 200, `GET ${urlPath}: ${r.text}`);
  return r;
}

// POST that must answer `status` (201 unless told); returns the body.
export async function postOk(srv, token, urlPath, body, status = 201) {
  const r = await srv.api('POST', urlPath, { token, body });
  assert.equal(r.status, status, `POST ${urlPath} ${JSON.stringify(body)}: ${r.text}`);
  return r.body;
}

// Replaces a program's policy with If-Match; returns the stored policy.
export async function putPolicy(srv, token, programId, body) {
  const current = await getOk(srv, token, `${RATING}/programs/${programId}/policy`);
  const r = await srv.api('PUT', `${RATING}/programs/${programId}/policy`, {
    token, body, headers: { 'if-match': current.headers.get('etag') },
  });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

export async function createCycle(srv, token, programId, code, { startMs, endMs, decisionDate = '2027-01-10' } = {}) {
  const now = Date.now();
  const body = {
    code, period: /Q/.test(code) ? 'quarterly' : 'monthly',
    window_start_ms: startMs ?? now - 30 * DAY_MS, window_end_ms: endMs ?? now + 60 * DAY_MS,
    decision_date: decisionDate,
  };
  return postOk(srv, token, `${RATING}/programs/${programId}/cycles`, body);
}

export async function entriesOf(srv, token, cycleId, providerId) {
  return (await getOk(srv, token, `${RATING}/cycles/${cycleId}/providers/${providerId}/entries`)).body.items;
}

export const sum = (entries) => entries.reduce((total, e) => total + e.points, 0);
