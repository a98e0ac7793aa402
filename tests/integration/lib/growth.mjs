// Shared setup of the growth & rating tests (rating.test.mjs, rating_bad_input.test.mjs): a server
// on a fresh database WITHOUT --demo, its first operator made with `fuwu admin create`, a second
// operator and a reviewer made through the API, and providers admitted the way real ones are —
// an application to an admission program, approved by the reviewer (see admission.test.mjs).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { makeTempDir, removeTempDir, runFuwu, startServer, uniqueName } from './harness.mjs';

export const RATING = '/api/v1/rating';
export const ADMISSION = '/api/v1/admission';
export const DAY_MS = 24 * 3600 * 1000;
export const PASSWORD = 'growth-test-password-1';

// ---------------------------------------------------------------------------------------------
// Problems (as in the other test files)

export function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  const p = r.body;
  assert.ok(p && typeof p === 'object', `problem body is JSON: ${r.text}`);
  assert.equal(p.status, status);
  if (code !== undefined) assert.equal(p.code, code, `code in ${r.text}`);
  for (const key of ['type', 'title', 'code', 'detail', 'request_id'])
    assert.equal(typeof p[key], 'string', `problem has ${key}: ${r.text}`);
  assert.equal(p.request_id, r.headers.get('x-request-id'));
  return p;
}

export function errorFields(problem) {
  assert.ok(Array.isArray(problem.errors), `errors[] present: ${JSON.stringify(problem)}`);
  return problem.errors.map((e) => e.field);
}

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

// ---------------------------------------------------------------------------------------------
// Admission, just enough to have applications approved (see admission.test.mjs).

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function newCreditCode() {
  let first17 = '91330106';
  for (const b of randomBytes(9)) first17 += CREDIT_CHARSET[b % CREDIT_CHARSET.length];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_CHARSET[(31 - (sum % 31)) % 31];
}

function pdfBytes() {
  return Buffer.from(`%PDF-1.4\n% 营业执照 ${randomBytes(8).toString('hex')}\n` +
                     '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

function pngBytes() {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                        Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), randomBytes(64)]);
}

function csv(header, rows) {
  return Buffer.from([header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

function merchantCsv(tag) {
  return csv(['商户名称', '联系人', '联系电话'],
             Array.from({ length: 20 }, (_, i) => [`成长小馆${tag}${i + 1}号店`, `联系人${i + 1}`, `1380013${8000 + i}`]));
}

function influencerCsv(tag) {
  return csv(['抖音号', '达人昵称', '粉丝数', '联系电话'],
             Array.from({ length: 20 }, (_, i) => [`dy_${tag}_${i + 1}`, `探店达人${i + 1}`, '12.5万', `1391234${1000 + i}`]));
}

const FACTS = {
  registered_capital_fen: 200_000_000, team_size: 36, partner_merchants: 20, partner_influencers: 20,
  independent_legal_entity: true, no_debt_disputes: true,
  advantage_statement: '深耕杭州本地餐饮与丽人商家六年，擅长直播代运营。',
  business_scope: '设计、制作、代理、发布各类广告；技术服务、技术咨询；营销策划',
  hq_region_code: '330106', resource_region_codes: ['330106', '330102'],
};

// An operator opens an admission program: { id, code, ... }.
export async function createProgram(srv, opToken, name = '成长测试服务商') {
  const r = await srv.api('POST', `${ADMISSION}/programs`, {
    token: opToken, body: { code: `it_${randomBytes(4).toString('hex')}`, name_zh: name, name_en: 'Growth test providers' },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// A company applies to `programId` and the reviewer approves it. Returns the new provider:
// { id, name, email, password, token (its provider_admin, signed in) }.
export async function admitProvider(srv, reviewerToken, programId, company) {
  const email = `${uniqueName('provider')}@apply.example`;
  const started = await srv.api('POST', `${ADMISSION}/applications`, {
    body: { program_id: programId, contact_name: '孙海', contact_email: email, contact_phone: '13900139000' },
  });
  assert.equal(started.status, 201, started.text);
  const id = started.body.application.id;
  const headers = { 'x-application-token': started.body.access_token };
  const patched = await srv.api('PATCH', `${ADMISSION}/applications/${id}`, {
    headers: { ...headers, 'if-match': started.headers.get('etag') },
    body: { company_name: company, credit_code: newCreditCode(), provider_type: 'specialized',
            service_categories: ['store_operation', 'live_stream_operation'], facts: FACTS },
  });
  assert.equal(patched.status, 200, patched.text);
  const tag = randomBytes(3).toString('hex');
  for (const [type, name, bytes] of [
    ['business_licence', '营业执照.pdf', pdfBytes()], ['case_study', '案例.png', pngBytes()],
    ['merchant_list', '商户名单.csv', merchantCsv(tag)], ['influencer_list', '达人名单.csv', influencerCsv(tag)],
  ]) {
    const r = await srv.api('POST', `${ADMISSION}/applications/${id}/materials?material_type=${type}&file_name=${
      encodeURIComponent(name)}`, { rawBody: bytes, contentType: 'application/octet-stream', headers });
    assert.equal(r.status, 201, `${type}: ${r.text}`);
  }
  const submitted = await srv.api('POST', `${ADMISSION}/applications/${id}/submit`, { headers });
  assert.equal(submitted.status, 200, submitted.text);
  const claimed = await srv.api('POST', `${ADMISSION}/review/applications/${id}/claim`, { token: reviewerToken });
  assert.equal(claimed.status, 200, claimed.text);
  const approved = await srv.api('POST', `${ADMISSION}/review/applications/${id}/approve`, { token: reviewerToken });
  assert.equal(approved.status, 200, approved.text);
  const providerId = approved.body.application.provider_organization_id;
  assert.equal(typeof providerId, 'number', approved.text);
  const password = approved.body.one_time_password;
  const token = await srv.login(email, password);
  return { id: providerId, name: company, email, password, token };
}

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
