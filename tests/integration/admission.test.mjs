// Admission on SQLite and PostgreSQL: an operator opens a program, a company with no account
// applies (application token), uploads its licence, case study and partner lists, sees every rule's
// verdict live, submits; a reviewer claims and approves, which creates the provider organization
// and its admin. Then the bad inputs of the admission issue, each refused with a problem that names
// the rule or field and with nothing changed behind it; and rule-set versions: an application is
// judged by the rules it was first submitted under.
//
// The API under test: src/admission/{program,application,review}_api.cpp; thresholds from
// default_rule_set() in src/admission/rules.cpp; the state machine in src/admission/lifecycle.hpp.
// Tools used besides the binary: iconv (package libc-bin) to write a GB18030 CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  BACKENDS, CLIENT_ADMIN, OPERATOR, listAll, startOnBackend, uniqueName,
} from './lib/harness.mjs';

const REVIEWER = 'reviewer@fuwu.demo';
const API = '/api/v1/admission';

// default_rule_set(), in order.
const DEFAULT_RULE_IDS = [
  'independent_legal_entity', 'registered_capital', 'no_debt_disputes', 'team_size', 'partner_merchants',
  'partner_merchants_backed', 'partner_influencers', 'partner_influencers_backed', 'hq_region',
  'resource_regions', 'advantage_statement', 'business_scope', 'business_licence', 'case_studies',
];

const DAY_MS = 24 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------
// Problems

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  const p = r.body;
  assert.ok(p && typeof p === 'object', `problem body is JSON: ${r.text}`);
  assert.equal(p.status, status);
  if (code !== undefined) assert.equal(p.code, code, `code in ${r.text}`);
  for (const key of ['type', 'title', 'code', 'detail', 'request_id'])
    assert.equal(typeof p[key], 'string', `problem has ${key}: ${r.text}`);
  return p;
}

function errorFields(problem) {
  assert.ok(Array.isArray(problem.errors), `errors[] present: ${JSON.stringify(problem)}`);
  return problem.errors.map((e) => e.field);
}

// ---------------------------------------------------------------------------------------------
// Unified social credit codes (GB 32100-2015), computed as src/admission/credit_code.cpp does.

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CHARSET.indexOf(first17[i]);
    assert.ok(value >= 0, `credit code character ${first17[i]}`);
    sum += value * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31];
}

const issuedCodes = new Set();

// A valid code nobody else in this process uses: 91 (enterprise), region 330106, a random
// organization code, the check character.
function newCreditCode() {
  for (;;) {
    const bytes = randomBytes(9);
    let first17 = '91330106';
    for (const b of bytes) first17 += CREDIT_CHARSET[b % CREDIT_CHARSET.length];
    const code = first17 + creditCheckChar(first17);
    if (!issuedCodes.has(code)) {
      issuedCodes.add(code);
      return code;
    }
  }
}

function withWrongCheckChar(code) {
  const right = CREDIT_CHARSET.indexOf(code[17]);
  return code.slice(0, 17) + CREDIT_CHARSET[(right + 1) % CREDIT_CHARSET.length];
}

// ---------------------------------------------------------------------------------------------
// Files

function pdfBytes(label = '') {
  return Buffer.from(`%PDF-1.4\n% 营业执照副本扫描件 ${label} ${randomBytes(8).toString('hex')}\n` +
                     '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

function pngBytes() {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                        Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), randomBytes(64)]);
}

const SHOP_NAMES = ['老街坊面馆', '蜀香小厨', '甜心烘焙', '悦颜美容', '速洁洗衣'];

// Rows of 商户名称, 联系人, 联系电话; `tag` keeps names apart between applications.
function merchantRows(count, tag) {
  return Array.from({ length: count }, (_, i) => [
    `${SHOP_NAMES[i % SHOP_NAMES.length]}${tag}${i + 1}号店`, `联系人${i + 1}`, `1380013${8000 + i}`,
  ]);
}

function csvText(header, rows, eol = '\n') {
  return [header.join(','), ...rows.map((row) => row.join(','))].join(eol) + eol;
}

const MERCHANT_HEADER = ['商户名称', '联系人', '联系电话'];

function merchantCsv(count, tag = randomBytes(3).toString('hex')) {
  return Buffer.from(csvText(MERCHANT_HEADER, merchantRows(count, tag)));
}

function influencerCsv(count, tag = randomBytes(3).toString('hex')) {
  const rows = Array.from({ length: count }, (_, i) => [
    `dy_${tag}_${i + 1}`, `探店达人${i + 1}`, '12.5万', `1391234${1000 + i}`,
  ]);
  return Buffer.from(csvText(['抖音号', '达人昵称', '粉丝数', '联系电话'], rows));
}

function gb18030(text) {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
}

// Files under the server's storage.data_dir.
function storedFileCount(srv) {
  const root = path.join(srv.dataDir, 'files');
  if (!existsSync(root)) return 0;
  let count = 0;
  for (const dir of readdirSync(root)) count += readdirSync(path.join(root, dir)).length;
  return count;
}

// `count` Chinese characters.
function chineseText(count) {
  const source = '深耕本地餐饮丽人商家六年擅长直播代运营与短视频内容';
  return Array.from({ length: count }, (_, i) => source[i % source.length]).join('');
}

// Facts that meet every default rule.
function goodFacts() {
  return {
    registered_capital_fen: 200_000_000,
    team_size: 36,
    partner_merchants: 20,
    partner_influencers: 20,
    independent_legal_entity: true,
    no_debt_disputes: true,
    advantage_statement: '深耕杭州本地餐饮与丽人商家六年，擅长直播代运营。',
    business_scope: '设计、制作、代理、发布各类广告；技术服务、技术咨询；营销策划',
    hq_region_code: '330106',
    resource_region_codes: ['330106', '330102'],
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

function tokenHeaders(app) {
  return { 'x-application-token': app.token };
}

// The raw bytes of a download: { status, headers, bytes }.
async function download(srv, urlPath, headers = {}) {
  const response = await fetch(srv.url + urlPath, { headers, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function createProgram(srv, op, extra = {}) {
  const r = await srv.api('POST', `${API}/programs`, {
    token: op,
    body: { code: `it_${randomBytes(4).toString('hex')}`, name_zh: '集成测试服务商', name_en: 'Integration test providers',
            ...extra },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.rule_set_version, 1);
  assert.equal(r.body.status, 'open');
  return r.body;
}

async function startApplication(srv, programId) {
  const email = `${uniqueName('applicant')}@apply.example`;
  const r = await srv.api('POST', `${API}/applications`, {
    body: { program_id: programId, contact_name: '陈静', contact_email: email, contact_phone: '13900139000' },
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.access_token, /^fwa_[0-9a-f]+$/);
  assert.equal(r.body.application.state, 'draft');
  assert.equal(r.headers.get('etag'), `"${r.body.application.version}"`);
  return { id: r.body.application.id, token: r.body.access_token, email, programId };
}

function getApp(srv, app, headers = tokenHeaders(app)) {
  return srv.api('GET', `${API}/applications/${app.id}`, { headers });
}

async function view(srv, app) {
  const r = await getApp(srv, app);
  assert.equal(r.status, 200, r.text);
  return r;
}

async function patchApp(srv, app, body) {
  const current = await view(srv, app);
  return srv.api('PATCH', `${API}/applications/${app.id}`, {
    body, headers: { ...tokenHeaders(app), 'if-match': current.headers.get('etag') },
  });
}

function upload(srv, app, materialType, fileName, bytes, headers = tokenHeaders(app)) {
  const query = `material_type=${encodeURIComponent(materialType)}&file_name=${encodeURIComponent(fileName)}`;
  return srv.api('POST', `${API}/applications/${app.id}/materials?${query}`, {
    rawBody: bytes, contentType: 'application/octet-stream', headers, timeoutMs: 60_000,
  });
}

async function uploadOk(srv, app, materialType, fileName, bytes) {
  const r = await upload(srv, app, materialType, fileName, bytes);
  assert.equal(r.status, 201, `${materialType} ${fileName}: ${r.text}`);
  assert.equal(r.body.material_type, materialType);
  assert.equal(r.body.file_name, fileName);
  assert.equal(r.body.size_bytes, bytes.length);
  return r.body;
}

function submit(srv, app, headers = tokenHeaders(app)) {
  return srv.api('POST', `${API}/applications/${app.id}/submit`, { headers });
}

async function submitOk(srv, app) {
  const r = await submit(srv, app);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.application.state, 'auto_checked');
  return r.body;
}

// A draft that meets every default rule (unless `facts`/`merchantList` say otherwise).
async function completeApplication(srv, programId, { facts = {}, merchantList, company } = {}) {
  const app = await startApplication(srv, programId);
  app.company = company || uniqueName('杭州好生活科技有限公司');
  app.creditCode = newCreditCode();
  const r = await patchApp(srv, app, {
    company_name: app.company, credit_code: app.creditCode, provider_type: 'specialized',
    service_categories: ['store_operation', 'live_stream_operation'], facts: { ...goodFacts(), ...facts },
  });
  assert.equal(r.status, 200, r.text);
  app.files = {
    licence: pdfBytes(app.company), caseStudy: pngBytes(),
    merchants: merchantList || merchantCsv(20), influencers: influencerCsv(20),
  };
  app.materials = {
    licence: await uploadOk(srv, app, 'business_licence', '营业执照副本.pdf', app.files.licence),
    caseStudy: await uploadOk(srv, app, 'case_study', '合作案例-2024.png', app.files.caseStudy),
    merchants: await uploadOk(srv, app, 'merchant_list', '合作商户名单.csv', app.files.merchants),
    influencers: await uploadOk(srv, app, 'influencer_list', '合作达人名单.csv', app.files.influencers),
  };
  return app;
}

function verdictOf(body, ruleId) {
  const v = body.live_verdicts.find((x) => x.rule_id === ruleId);
  assert.ok(v, `verdict ${ruleId} in ${JSON.stringify(body.live_verdicts)}`);
  return v;
}

function failingRules(body) {
  return body.live_verdicts.filter((v) => v.outcome !== 'pass').map((v) => v.rule_id);
}

// Everything an application shows its applicant, its ETag and its audit trail, to prove that a
// refused request changed nothing.
async function snapshot(srv, op, app) {
  const r = await view(srv, app);
  const audit = (await listAll(srv, '/api/v1/audit?entity_type=admission_application', op))
    .filter((a) => a.entity_id === String(app.id));
  return { view: r.body, etag: r.headers.get('etag'), audit: audit.map((a) => a.id) };
}

async function assertUnchanged(srv, op, app, before) {
  const after = await snapshot(srv, op, app);
  assert.deepEqual(after, before, 'nothing changed');
}

function reviewerApi(srv, token, id, action, body) {
  return srv.api('POST', `${API}/review/applications/${id}/${action}`, body === undefined ? { token } : { token, body });
}

async function reviewerDecision(srv, token, id, action, body) {
  const r = await reviewerApi(srv, token, id, action, body);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

// Every item of the review queue, in the order the server gives them.
async function reviewQueue(srv, token, query = '') {
  const r = await srv.api('GET', `${API}/review/applications?limit=200${query}`, { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.next_cursor, null, 'one page is enough here');
  return r.body.items;
}

function assertSortedByDue(items) {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]; const b = items[i];
    assert.ok(a.due_at < b.due_at || (a.due_at === b.due_at && a.id < b.id),
              `queue sorted by due date, then id: ${JSON.stringify(items.map((x) => [x.due_at, x.id]))}`);
  }
}

// ---------------------------------------------------------------------------------------------

for (const backend of BACKENDS) {
  test(`admission lifecycle [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const reviewer = await srv.login(REVIEWER);

    let program; let app; let licence; let caseStudy; let merchants; let influencers; let approval;
    const company = uniqueName('杭州好生活科技有限公司');
    const creditCode = newCreditCode();
    const files = {
      licence: pdfBytes('lifecycle'), caseStudy: pngBytes(),
      merchants: merchantCsv(20), influencers: influencerCsv(20),
    };

    await t.test('an operator opens a program with the default rules', async () => {
      program = await createProgram(srv, op, { review_sla_working_days: 10 });
      const r = await srv.api('GET', `${API}/programs/${program.id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.rule_set.version, 1);
      assert.deepEqual(r.body.rule_set.rules.map((x) => x.id), DEFAULT_RULE_IDS);
      const rule = (id) => r.body.rule_set.rules.find((x) => x.id === id);
      assert.equal(rule('registered_capital').min, 50_000_000);
      assert.equal(rule('team_size').min, 20);
      assert.equal(rule('advantage_statement').max, 100);
      const list = await srv.api('GET', `${API}/programs`);
      assert.ok(list.body.items.some((p) => p.id === program.id), 'listed publicly');
      // Only operators open programs.
      const denied = await srv.api('POST', `${API}/programs`, {
        token: reviewer, body: { code: 'it_denied', name_zh: '不行', name_en: 'no' },
      });
      assertProblem(denied, 403, 'forbidden');
    });

    await t.test('an applicant with no account starts and fills in an application', async () => {
      app = await startApplication(srv, program.id);
      const started = await view(srv, app);
      assert.equal(started.body.rules_met, false, 'an empty draft meets no rules');
      assert.deepEqual(started.body.allowed_actions, ['edit', 'submit', 'withdraw']);
      assert.equal(started.body.rule_set.version, 1);

      // PATCH needs If-Match.
      const noIfMatch = await srv.api('PATCH', `${API}/applications/${app.id}`, {
        body: { company_name: company }, headers: tokenHeaders(app),
      });
      assertProblem(noIfMatch, 428, 'if_match_required');

      const first = await srv.api('PATCH', `${API}/applications/${app.id}`, {
        body: { company_name: company, credit_code: creditCode.toLowerCase(), service_categories: ['store_operation'] },
        headers: { ...tokenHeaders(app), 'if-match': started.headers.get('etag') },
      });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.application.company_name, company);
      assert.equal(first.body.application.credit_code, creditCode, 'stored upper-case');
      assert.equal(first.headers.get('etag'), `"${started.body.application.version + 1}"`);

      // The old ETag is stale now.
      const stale = await srv.api('PATCH', `${API}/applications/${app.id}`, {
        body: { facts: goodFacts() }, headers: { ...tokenHeaders(app), 'if-match': started.headers.get('etag') },
      });
      assertProblem(stale, 412, 'version_mismatch');

      const second = await srv.api('PATCH', `${API}/applications/${app.id}`, {
        body: { facts: goodFacts() }, headers: { ...tokenHeaders(app), 'if-match': first.headers.get('etag') },
      });
      assert.equal(second.status, 200, second.text);
      assert.deepEqual(second.body.application.facts, goodFacts());
      // Materials are still missing.
      assert.deepEqual(failingRules(second.body),
                       ['partner_merchants_backed', 'partner_influencers_backed', 'business_licence', 'case_studies']);
    });

    await t.test('the applicant uploads a licence, a case study and both partner lists', async () => {
      licence = await uploadOk(srv, app, 'business_licence', '营业执照副本.pdf', files.licence);
      assert.equal(licence.content_type, 'application/pdf');
      assert.equal(licence.list_stats, null);
      caseStudy = await uploadOk(srv, app, 'case_study', '合作案例 2024.png', files.caseStudy);
      assert.equal(caseStudy.content_type, 'image/png');
      merchants = await uploadOk(srv, app, 'merchant_list', '合作商户名单.csv', files.merchants);
      assert.equal(merchants.content_type, 'text/csv');
      assert.deepEqual(merchants.list_stats, {
        rows_total: 20, rows_well_formed: 20, rows_distinct: 20, encoding: 'utf-8', had_bom: false,
        problems_total: 0, problems: [],
      });
      influencers = await uploadOk(srv, app, 'influencer_list', '合作达人名单.csv', files.influencers);
      assert.equal(influencers.list_stats.rows_distinct, 20);
      assert.equal(influencers.list_stats.problems_total, 0);

      const r = await view(srv, app);
      assert.deepEqual(r.body.materials.map((m) => m.id), [licence.id, caseStudy.id, merchants.id, influencers.id]);
      assert.deepEqual(r.body.live_verdicts.map((v) => v.rule_id), DEFAULT_RULE_IDS);
      for (const v of r.body.live_verdicts) {
        assert.equal(v.outcome, 'pass', `${v.rule_id}: ${JSON.stringify(v)}`);
        assert.equal(v.control, 'must_pass');
        assert.ok(v.reason.zh && v.reason.en, `${v.rule_id} has a reason`);
      }
      assert.equal(r.body.rules_met, true);
      assert.equal(verdictOf(r.body, 'registered_capital').reason.en, '¥2,000,000.00, at least ¥500,000.00');
      assert.equal(verdictOf(r.body, 'partner_merchants_backed').reason.en, '20 claimed, the list has 20 distinct valid rows');
      // The applicant can read back what they uploaded.
      const own = await download(srv, `${API}/applications/${app.id}/materials/${licence.id}/file`, tokenHeaders(app));
      assert.equal(own.status, 200);
      assert.ok(own.bytes.equals(files.licence));
      // Files live in the test's data directory.
      assert.ok(storedFileCount(srv) >= 4, `files under ${srv.dataDir}`);
    });

    await t.test('submitting runs the auto-check and starts the review clock', async () => {
      const before = await view(srv, app);
      const body = await submitOk(srv, app);
      const a = body.application;
      assert.equal(a.rule_set_version, 1);
      assert.equal(a.version, before.body.application.version + 1);
      assert.equal(typeof a.submitted_at, 'number');
      assert.equal(typeof a.due_at, 'number');
      // Ten working days: at least ten calendar days later, at the end of a Shanghai day.
      assert.ok(a.due_at > a.submitted_at + 10 * DAY_MS, `due ${a.due_at} after submission ${a.submitted_at}`);
      assert.equal((a.due_at + 1) % DAY_MS, 16 * 3600 * 1000, 'due at 23:59:59.999 Asia/Shanghai');
      assert.ok(Array.isArray(a.verdicts), 'verdicts stored');
      assert.deepEqual(a.verdicts.map((v) => v.rule_id), DEFAULT_RULE_IDS);
      assert.ok(a.verdicts.every((v) => v.outcome === 'pass'));
      assert.equal(body.overdue, false);
      assert.deepEqual(body.allowed_actions, ['withdraw']);
    });

    await t.test('the reviewer finds it in the queue, sorted by due date, and downloads a material', async () => {
      const mine = await reviewQueue(srv, reviewer, `&program_id=${program.id}`);
      assert.deepEqual(mine.map((x) => x.id), [app.id]);
      assert.equal(mine[0].state, 'auto_checked');
      assert.equal(mine[0].overdue, false);
      const all = await reviewQueue(srv, reviewer);
      assert.ok(all.some((x) => x.id === app.id));
      assertSortedByDue(all);
      for (const item of all) assert.ok(['auto_checked', 'in_review'].includes(item.state), item.state);

      const detail = await srv.api('GET', `${API}/review/applications/${app.id}`, { token: reviewer });
      assert.equal(detail.status, 200, detail.text);
      assert.deepEqual(detail.body.allowed_actions, ['claim']);

      for (const [material, bytes] of [[licence, files.licence], [caseStudy, files.caseStudy], [merchants, files.merchants]]) {
        const d = await download(srv, `${API}/review/applications/${app.id}/materials/${material.id}/file`,
                                 { authorization: `Bearer ${reviewer}` });
        assert.equal(d.status, 200, material.file_name);
        assert.ok(d.bytes.equals(bytes), `${material.file_name}: the bytes that were uploaded`);
        assert.equal(d.headers.get('content-type'), material.content_type);
        const disposition = d.headers.get('content-disposition') || '';
        const match = /^attachment; filename\*=UTF-8''(\S+)$/.exec(disposition);
        assert.ok(match, `Content-Disposition: ${disposition}`);
        assert.equal(decodeURIComponent(match[1]), material.file_name);
        assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      }
      // Reviewers only.
      const anonymous = await download(srv, `${API}/review/applications/${app.id}/materials/${licence.id}/file`);
      assert.equal(anonymous.status, 401);
    });

    await t.test('the reviewer claims and approves: a provider organization and its admin appear', async () => {
      const claimed = await reviewerDecision(srv, reviewer, app.id, 'claim');
      assert.equal(claimed.application.state, 'in_review');
      assert.equal(typeof claimed.application.reviewer_user_id, 'number');
      assert.deepEqual(claimed.allowed_actions, ['approve', 'reject', 'request_changes']);

      approval = await reviewerDecision(srv, reviewer, app.id, 'approve', { reason: '材料齐全，准予入驻。' });
      assert.equal(approval.application.state, 'approved');
      assert.equal(typeof approval.application.decided_at, 'number');
      assert.equal(typeof approval.one_time_password, 'string');
      assert.ok(approval.one_time_password.length >= 8);
      const org = approval.provider_organization;
      assert.equal(org.kind, 'provider');
      assert.equal(org.name, company);
      assert.equal(org.region_code, '330106');
      assert.equal(approval.application.provider_organization_id, org.id);
      assert.equal(approval.provider_admin.email, app.email);
      assert.deepEqual(approval.provider_admin.roles, ['provider_admin']);
      assert.equal(approval.provider_admin.organization_id, org.id);

      const queue = await reviewQueue(srv, reviewer, `&program_id=${program.id}`);
      assert.deepEqual(queue, [], 'decided applications leave the queue');
    });

    await t.test('the contact logs in with the one-time password as the provider admin', async () => {
      const token = await srv.login(app.email, approval.one_time_password);
      const me = await srv.api('GET', '/api/v1/me', { token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.email, app.email);
      assert.deepEqual(me.body.roles, ['provider_admin']);
      assert.equal(me.body.organization_id, approval.provider_organization.id);
      assert.equal(me.body.organization.kind, 'provider');
      assert.equal(me.body.organization.name, company);
      const wrong = await srv.api('POST', '/api/v1/auth/login', { body: { email: app.email, password: 'not-the-password' } });
      assert.equal(wrong.status, 401, wrong.text);
    });

    await t.test('the applicant sees the whole timeline', async () => {
      const r = await view(srv, app);
      assert.equal(r.body.application.state, 'approved');
      assert.deepEqual(r.body.allowed_actions, []);
      const timeline = r.body.timeline;
      assert.deepEqual(timeline.map((e) => e.action),
                       ['create', 'upload', 'upload', 'upload', 'upload', 'submit', 'auto_check', 'claim', 'approve']);
      const byAction = (action) => timeline.find((e) => e.action === action);
      assert.equal(byAction('create').to_state, 'draft');
      assert.deepEqual(timeline.filter((e) => e.action === 'upload').map((e) => e.note), [
        'business_licence: 营业执照副本.pdf', 'case_study: 合作案例 2024.png', 'merchant_list: 合作商户名单.csv',
        'influencer_list: 合作达人名单.csv',
      ]);
      assert.equal(byAction('submit').from_state, 'draft');
      assert.equal(byAction('auto_check').actor, 'system');
      assert.equal(byAction('auto_check').to_state, 'auto_checked');
      assert.equal(byAction('claim').actor, 'reviewer');
      assert.deepEqual([byAction('claim').from_state, byAction('claim').to_state], ['auto_checked', 'in_review']);
      assert.deepEqual([byAction('approve').from_state, byAction('approve').to_state], ['in_review', 'approved']);
      assert.equal(byAction('approve').note, '材料齐全，准予入驻。');
      assert.equal(byAction('approve').actor_user_id, approval.application.reviewer_user_id);
      for (let i = 1; i < timeline.length; i++) assert.ok(timeline[i - 1].at <= timeline[i].at, 'in time order');
    });

    await t.test('the audit log lists every step', async () => {
      const records = (await listAll(srv, '/api/v1/audit?entity_type=admission_application', op))
        .filter((a) => a.entity_id === String(app.id))
        .sort((a, b) => a.id - b.id);
      assert.deepEqual(records.map((a) => a.action), [
        'admission_application.create', 'admission_application.update', 'admission_application.update',
        'admission_material.create', 'admission_material.create', 'admission_material.create',
        'admission_material.create', 'admission_application.submit', 'admission_application.claim',
        'admission_application.approve',
      ]);
      for (const a of records.slice(0, 8)) assert.equal(a.actor_user_id, null, `${a.action} is the applicant's`);
      const reviewerId = approval.application.reviewer_user_id;
      assert.equal(records[8].actor_user_id, reviewerId);
      assert.equal(records[9].actor_user_id, reviewerId);
      assert.equal(records[9].organization_id, approval.provider_organization.id);
      assert.equal(records[9].after.state, 'approved');
      assert.equal(records[7].before.state, 'draft');
      assert.equal(records[7].after.state, 'auto_checked');
      // The token is never logged.
      assert.ok(!JSON.stringify(records).includes(app.token), 'no access token in the audit log');
      // The program and the provider organization have their own records.
      const programs = await listAll(srv, `/api/v1/audit?entity_type=admission_program&entity_id=${program.id}`, op);
      assert.deepEqual(programs.map((a) => a.action), ['admission_program.create']);
      // Applicants cannot read the audit log.
      const denied = await srv.api('GET', '/api/v1/audit?entity_type=admission_application', { token: reviewer });
      assertProblem(denied, 403, 'forbidden');
    });
  });

  test(`admission bad input [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const reviewer = await srv.login(REVIEWER);
    const clientAdmin = await srv.login(CLIENT_ADMIN);
    const program = await createProgram(srv, op);
    let submitted; // an application in auto_checked, for the later subtests

    await t.test('an advantage statement of 101 characters fails advantage_statement; 100 pass', async () => {
      const app = await completeApplication(srv, program.id, { facts: { advantage_statement: chineseText(101) } });
      const live = await view(srv, app);
      assert.deepEqual(failingRules(live.body), ['advantage_statement']);
      assert.equal(live.body.rules_met, false);
      assert.equal(verdictOf(live.body, 'advantage_statement').reason.en, '101 characters, more than 100');
      const before = await snapshot(srv, op, app);

      const r = await submit(srv, app);
      const p = assertProblem(r, 422, 'rules_not_met');
      assert.deepEqual(errorFields(p), ['rules.advantage_statement']);
      assert.match(p.detail, /advantage_statement/);
      await assertUnchanged(srv, op, app, before);
      assert.equal(before.view.application.state, 'draft');
      assert.equal(before.view.application.verdicts, null);

      const fixed = await patchApp(srv, app, { facts: { advantage_statement: chineseText(100) } });
      assert.equal(fixed.status, 200, fixed.text);
      assert.equal(verdictOf(fixed.body, 'advantage_statement').outcome, 'pass');
      assert.equal(fixed.body.rules_met, true);
      await submitOk(srv, app);
      submitted = app;
    });

    await t.test('registered capital of ¥499,999.99 fails registered_capital', async () => {
      const app = await completeApplication(srv, program.id, { facts: { registered_capital_fen: 49_999_999 } });
      const live = await view(srv, app);
      assert.deepEqual(failingRules(live.body), ['registered_capital']);
      assert.equal(verdictOf(live.body, 'registered_capital').reason.en, '¥499,999.99, below the required ¥500,000.00');
      const before = await snapshot(srv, op, app);
      const p = assertProblem(await submit(srv, app), 422, 'rules_not_met');
      assert.deepEqual(errorFields(p), ['rules.registered_capital']);
      assert.match(p.errors[0].message, /499,999\.99/);
      await assertUnchanged(srv, op, app, before);
      // One more fen is enough.
      const fixed = await patchApp(srv, app, { facts: { registered_capital_fen: 50_000_000 } });
      assert.equal(verdictOf(fixed.body, 'registered_capital').outcome, 'pass');
    });

    await t.test('a merchant list of 19 rows and a duplicate does not back a claim of 20', async () => {
      const rows = merchantRows(19, randomBytes(3).toString('hex'));
      rows.push([rows[4][0], '另一位联系人', '13800138999']); // line 21 repeats line 6
      const app = await completeApplication(srv, program.id, { merchantList: Buffer.from(csvText(MERCHANT_HEADER, rows)) });
      assert.deepEqual(app.materials.merchants.list_stats, {
        rows_total: 20, rows_well_formed: 20, rows_distinct: 19, encoding: 'utf-8', had_bom: false, problems_total: 1,
        problems: [{ line: 21, message: `商户名称 "${rows[4][0]}" duplicates line 6; counted once` }],
      });
      const live = await view(srv, app);
      assert.deepEqual(failingRules(live.body), ['partner_merchants_backed']);
      assert.equal(verdictOf(live.body, 'partner_merchants_backed').reason.en,
                   '20 claimed, but the list has only 19 distinct valid rows');
      const before = await snapshot(srv, op, app);
      const p = assertProblem(await submit(srv, app), 422, 'rules_not_met');
      assert.deepEqual(errorFields(p), ['rules.partner_merchants_backed']);
      await assertUnchanged(srv, op, app, before);
    });

    await t.test('a GB18030 CSV is accepted and read as GB18030', async () => {
      const app = await startApplication(srv, program.id);
      const text = csvText(MERCHANT_HEADER, merchantRows(20, '江南'), '\r\n');
      const bytes = gb18030(text);
      assert.ok(!bytes.equals(Buffer.from(text, 'utf8')), 'the bytes are not UTF-8');
      assert.equal(bytes.subarray(0, 4).toString('hex'), 'c9ccbba7', '商户 in GB18030');
      const m = await uploadOk(srv, app, 'merchant_list', '商户名单-GBK.csv', bytes);
      assert.equal(m.list_stats.encoding, 'gb18030');
      assert.equal(m.list_stats.had_bom, false);
      assert.equal(m.list_stats.rows_total, 20);
      assert.equal(m.list_stats.rows_distinct, 20);
      assert.deepEqual(m.list_stats.problems, []);
      // Stored as uploaded, not converted.
      const d = await download(srv, `${API}/applications/${app.id}/materials/${m.id}/file`, tokenHeaders(app));
      assert.ok(d.bytes.equals(bytes));
    });

    await t.test('a CSV with a BOM, blank lines and one malformed row is accepted, naming the line', async () => {
      const app = await startApplication(srv, program.id);
      const rows = merchantRows(10, randomBytes(3).toString('hex'));
      const lines = [
        MERCHANT_HEADER.join(','), // 1
        ...rows.slice(0, 5).map((r) => r.join(',')), // 2-6
        '', // 7
        '', // 8
        ',无名氏,13800138000', // 9: no 商户名称
        ...rows.slice(5).map((r) => r.join(',')), // 10-14
        '', // 15
      ];
      const bytes = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
      assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf');
      const m = await uploadOk(srv, app, 'merchant_list', '商户名单.csv', bytes);
      assert.equal(m.list_stats.had_bom, true);
      assert.equal(m.list_stats.encoding, 'utf-8');
      assert.equal(m.list_stats.rows_total, 11);
      assert.equal(m.list_stats.rows_well_formed, m.list_stats.rows_total - 1);
      assert.equal(m.list_stats.rows_distinct, 10);
      assert.equal(m.list_stats.problems_total, 1);
      assert.equal(m.list_stats.problems.length, 1);
      assert.equal(m.list_stats.problems[0].line, 9);
      assert.match(m.list_stats.problems[0].message, /商户名称/);
    });

    await t.test('uploads over the limits answer 413', async () => {
      const app = await startApplication(srv, program.id);
      const before = await snapshot(srv, op, app);
      const files = storedFileCount(srv);
      const list = Buffer.alloc((16 << 20) + 1, 'a');
      assertProblem(await upload(srv, app, 'merchant_list', 'big.csv', list), 413, 'payload_too_large');
      // A licence scan may be at most 10 MiB.
      const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 << 20, 0x20)]);
      assertProblem(await upload(srv, app, 'business_licence', 'big.pdf', scan), 413, 'payload_too_large');
      assert.equal((await srv.api('GET', '/healthz')).status, 200, 'the server still answers');
      await assertUnchanged(srv, op, app, before);
      assert.equal(storedFileCount(srv), files, 'no file stored');
    });

    await t.test('a .png name on PDF bytes answers 422 naming file_name', async () => {
      const app = await startApplication(srv, program.id);
      const before = await snapshot(srv, op, app);
      const p = assertProblem(await upload(srv, app, 'business_licence', '营业执照.png', pdfBytes()), 422, 'validation_failed');
      assert.deepEqual(errorFields(p), ['file_name']);
      assert.match(p.errors[0].message, /application\/pdf/);
      // And a partner list that is not CSV names the file.
      const p2 = assertProblem(await upload(srv, app, 'merchant_list', 'list.csv', pngBytes()), 422, 'validation_failed');
      assert.deepEqual(errorFields(p2), ['file']);
      await assertUnchanged(srv, op, app, before);
    });

    await t.test('a credit code with a wrong check character answers 422 naming credit_code', async () => {
      const app = await startApplication(srv, program.id);
      const good = newCreditCode();
      assert.equal((await patchApp(srv, app, { credit_code: good })).status, 200);
      const before = await snapshot(srv, op, app);
      const bad = withWrongCheckChar(good);
      const p = assertProblem(await patchApp(srv, app, { credit_code: bad, company_name: '不应保存' }), 422, 'validation_failed');
      assert.deepEqual(errorFields(p), ['credit_code']);
      assert.match(p.errors[0].message, new RegExp(`check digit: expected ${good[17]}, got ${bad[17]}`));
      await assertUnchanged(srv, op, app, before);
      assert.equal(before.view.application.credit_code, good);
    });

    await t.test('a second live application with the same credit code answers 409', async () => {
      const first = await startApplication(srv, program.id);
      const code = newCreditCode();
      assert.equal((await patchApp(srv, first, { credit_code: code })).status, 200);
      const second = await startApplication(srv, program.id);
      const before = await snapshot(srv, op, second);
      const p = assertProblem(await patchApp(srv, second, { credit_code: code }), 409, 'already_exists');
      assert.deepEqual(errorFields(p), ['credit_code']);
      await assertUnchanged(srv, op, second, before);
      // The same code typed differently is the same code.
      assertProblem(await patchApp(srv, second, { credit_code: ` ${code.toLowerCase()}\u3000` }), 409, 'already_exists');
      await assertUnchanged(srv, op, second, before);
      // Once the first is withdrawn the code is free.
      const withdrawn = await srv.api('POST', `${API}/applications/${first.id}/withdraw`, { headers: tokenHeaders(first) });
      assert.equal(withdrawn.status, 200, withdrawn.text);
      assert.equal(withdrawn.body.application.state, 'withdrawn');
      const retry = await patchApp(srv, second, { credit_code: code });
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.body.application.credit_code, code);
    });

    await t.test('a submitted application cannot be edited: 409 illegal_transition', async () => {
      const before = await snapshot(srv, op, submitted);
      assert.equal(before.view.application.state, 'auto_checked');
      const edit = await srv.api('PATCH', `${API}/applications/${submitted.id}`, {
        body: { company_name: '改名' }, headers: { ...tokenHeaders(submitted), 'if-match': before.etag },
      });
      const p = assertProblem(edit, 409, 'illegal_transition');
      assert.match(p.detail, /auto_checked/);
      assertProblem(await upload(srv, submitted, 'case_study', '补充.pdf', pdfBytes()), 409, 'illegal_transition');
      const remove = await srv.api('DELETE', `${API}/applications/${submitted.id}/materials/${submitted.materials.caseStudy.id}`,
                                   { headers: tokenHeaders(submitted) });
      assertProblem(remove, 409, 'illegal_transition');
      assertProblem(await submit(srv, submitted), 409, 'illegal_transition');
      await assertUnchanged(srv, op, submitted, before);
    });

    await t.test('a refused upload leaves no file in the data directory', async () => {
      // Applicants hold a token, so they could fill the disk with refused uploads.
      const draft = await startApplication(srv, program.id);
      const files = storedFileCount(srv);
      assertProblem(await upload(srv, draft, 'business_licence', 'x.png', pdfBytes()), 422, 'validation_failed');
      assertProblem(await upload(srv, draft, 'case_study', 'x.pdf', pdfBytes(), {}), 401, 'invalid_token');
      assert.equal(storedFileCount(srv), files, 'after 422 and 401');
      assertProblem(await upload(srv, submitted, 'case_study', 'late.pdf', pdfBytes()), 409, 'illegal_transition');
      assert.equal(storedFileCount(srv), files, 'after 409 illegal_transition: the refused upload was written to disk');
    });

    await t.test('a client admin cannot approve: 403', async () => {
      await reviewerDecision(srv, reviewer, submitted.id, 'claim');
      const detail = async () => {
        const r = await srv.api('GET', `${API}/review/applications/${submitted.id}`, { token: reviewer });
        assert.equal(r.status, 200, r.text);
        return r.body;
      };
      const before = await snapshot(srv, op, submitted);
      const reviewerBefore = await detail();
      assert.equal(reviewerBefore.application.state, 'in_review');
      assertProblem(await reviewerApi(srv, clientAdmin, submitted.id, 'approve', {}), 403, 'forbidden');
      assertProblem(await reviewerApi(srv, clientAdmin, submitted.id, 'reject', { reason: '不行' }), 403, 'forbidden');
      const queue = await srv.api('GET', `${API}/review/applications`, { token: clientAdmin });
      assertProblem(queue, 403, 'forbidden');
      // Nor can the applicant's token.
      const byToken = await srv.api('POST', `${API}/review/applications/${submitted.id}/approve`, { headers: tokenHeaders(submitted) });
      assertProblem(byToken, 401);
      await assertUnchanged(srv, op, submitted, before);
      assert.deepEqual(await detail(), reviewerBefore);
    });

    await t.test('approving twice answers 409 illegal_transition', async () => {
      const approved = await reviewerDecision(srv, reviewer, submitted.id, 'approve');
      assert.equal(approved.application.state, 'approved');
      const orgs = async () => (await listAll(srv, '/api/v1/organizations?kind=provider', op))
        .filter((o) => o.name === submitted.company).length;
      assert.equal(await orgs(), 1);
      const before = await snapshot(srv, op, submitted);
      const p = assertProblem(await reviewerApi(srv, reviewer, submitted.id, 'approve'), 409, 'illegal_transition');
      assert.match(p.detail, /approved/);
      assertProblem(await reviewerApi(srv, reviewer, submitted.id, 'claim'), 409, 'illegal_transition');
      await assertUnchanged(srv, op, submitted, before);
      assert.equal(await orgs(), 1, 'no second provider organization');
    });

    await t.test('a wrong or missing token answers 401; the token of A on B answers 404', async () => {
      const a = await startApplication(srv, program.id);
      const b = await startApplication(srv, program.id);
      const before = await snapshot(srv, op, b);
      const wrong = { 'x-application-token': `fwa_${randomBytes(32).toString('hex')}` };
      const garbage = { 'x-application-token': 'not-a-token' };
      for (const headers of [{}, wrong, garbage]) {
        assertProblem(await getApp(srv, b, headers), 401, 'invalid_token');
        assertProblem(await srv.api('PATCH', `${API}/applications/${b.id}`, {
          body: { company_name: 'x' }, headers: { ...headers, 'if-match': before.etag },
        }), 401, 'invalid_token');
        assertProblem(await upload(srv, b, 'business_licence', 'x.pdf', pdfBytes(), headers), 401, 'invalid_token');
        assertProblem(await submit(srv, b, headers), 401, 'invalid_token');
      }
      // A's token opens A only; B looks like it does not exist.
      const other = tokenHeaders(a);
      assertProblem(await getApp(srv, b, other), 404, 'not_found');
      assertProblem(await srv.api('PATCH', `${API}/applications/${b.id}`, {
        body: { company_name: 'x' }, headers: { ...other, 'if-match': before.etag },
      }), 404, 'not_found');
      assertProblem(await upload(srv, b, 'business_licence', 'x.pdf', pdfBytes(), other), 404, 'not_found');
      assertProblem(await submit(srv, b, other), 404, 'not_found');
      assertProblem(await srv.api('POST', `${API}/applications/${b.id}/withdraw`, { headers: other }), 404, 'not_found');
      // Nor A's materials through B's id.
      const m = await uploadOk(srv, a, 'business_licence', 'a.pdf', pdfBytes());
      const cross = await download(srv, `${API}/applications/${b.id}/materials/${m.id}/file`, other);
      assert.equal(cross.status, 404);
      const crossB = await download(srv, `${API}/applications/${b.id}/materials/${m.id}/file`, tokenHeaders(b));
      assert.equal(crossB.status, 404, 'B cannot read A\'s material');
      await assertUnchanged(srv, op, b, before);
    });

    await t.test('the review queue pages in due-date order', async () => {
      // Three more submissions in this program, then one item a page.
      for (let i = 0; i < 3; i++) await submitOk(srv, await completeApplication(srv, program.id));
      const all = await reviewQueue(srv, reviewer, `&program_id=${program.id}`);
      assert.equal(all.length, 3);
      assertSortedByDue(all);
      const paged = [];
      let cursor = null;
      for (let page = 0; page < 10; page++) {
        const r = await srv.api('GET', `${API}/review/applications?program_id=${program.id}&limit=1${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: reviewer });
        assert.equal(r.status, 200, `page ${page + 1} (cursor ${cursor}): ${r.text}`);
        paged.push(...r.body.items.map((x) => x.id));
        cursor = r.body.next_cursor;
        if (!cursor) break;
      }
      assert.deepEqual(paged, all.map((x) => x.id));
    });
  });

  test(`admission rule-set versions [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const reviewer = await srv.login(REVIEWER);
    const program = await createProgram(srv, op);
    let early; // submitted under version 1
    let olderDraft; // started under version 1, still a draft when version 2 is published

    await t.test('an application submitted under version 1', async () => {
      early = await completeApplication(srv, program.id, { facts: { team_size: 36 } });
      const body = await submitOk(srv, early);
      assert.equal(body.application.rule_set_version, 1);
      olderDraft = await completeApplication(srv, program.id, { facts: { team_size: 36 } });
      assert.equal((await view(srv, olderDraft)).body.rule_set.version, 1);
    });

    await t.test('the operator publishes a stricter version 2 (team_size ≥ 50)', async () => {
      const current = await srv.api('GET', `${API}/programs/${program.id}`);
      const rules = current.body.rule_set.rules.map((r) => (r.id === 'team_size' ? { ...r, min: 50 } : r));
      // Reviewers and applicants cannot.
      assertProblem(await srv.api('POST', `${API}/programs/${program.id}/rule-sets`, {
        token: reviewer, body: { rules, note: 'x' },
      }), 403, 'forbidden');
      // Unknown fields are named.
      const unknown = await srv.api('POST', `${API}/programs/${program.id}/rule-sets`, {
        token: op, body: { rules, note: 'x', version: 7 },
      });
      assert.deepEqual(errorFields(assertProblem(unknown, 422)), ['version']);

      const r = await srv.api('POST', `${API}/programs/${program.id}/rule-sets`, {
        token: op, body: { rules, note: '团队规模要求提高到50人' },
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.version, 2);
      assert.equal(r.body.note, '团队规模要求提高到50人');
      assert.equal(r.body.rules.find((x) => x.id === 'team_size').min, 50);

      const p = await srv.api('GET', `${API}/programs/${program.id}`);
      assert.equal(p.body.rule_set_version, 2);
      assert.equal(p.body.rule_set.version, 2);
      const history = await srv.api('GET', `${API}/programs/${program.id}/rule-sets`, { token: op });
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(history.body.items.map((x) => x.version).sort(), [1, 2]);
      const v1 = await srv.api('GET', `${API}/programs/${program.id}/rule-sets/1`);
      assert.equal(v1.status, 200, v1.text);
      assert.equal(v1.body.rules.find((x) => x.id === 'team_size').min, 20);
      const audit = await listAll(srv, `/api/v1/audit?entity_type=admission_program&entity_id=${program.id}`, op);
      assert.ok(audit.some((a) => a.action === 'admission_rule_set.publish' && a.after.version === 2));
    });

    await t.test('the submitted application keeps version 1', async () => {
      const r = await view(srv, early);
      assert.equal(r.body.application.rule_set_version, 1);
      assert.equal(r.body.rule_set.version, 1);
      assert.equal(r.body.rule_set.rules.find((x) => x.id === 'team_size').min, 20);
      assert.equal(verdictOf(r.body, 'team_size').outcome, 'pass');
      assert.equal(r.body.rules_met, true);
    });

    await t.test('request-changes needs a reason; the resubmission is judged by version 1', async () => {
      await reviewerDecision(srv, reviewer, early.id, 'claim');
      const before = await snapshot(srv, op, early);
      for (const body of [undefined, {}, { reason: '' }]) {
        const p = assertProblem(await reviewerApi(srv, reviewer, early.id, 'request-changes', body), 422, 'validation_failed');
        assert.deepEqual(errorFields(p), ['reason'], JSON.stringify(body));
      }
      await assertUnchanged(srv, op, early, before);

      const returned = await reviewerDecision(srv, reviewer, early.id, 'request-changes',
                                              { reason: '请补充近一年与商户签订的服务合同。' });
      assert.equal(returned.application.state, 'changes_requested');
      assert.equal(returned.application.decision_reason, '请补充近一年与商户签订的服务合同。');
      assert.equal(returned.rule_set.version, 1);

      // The applicant edits (allowed now) and resubmits; team_size 30 passes version 1, not version 2.
      const mine = await view(srv, early);
      assert.deepEqual(mine.body.allowed_actions, ['edit', 'resubmit', 'withdraw']);
      assert.equal(mine.body.rule_set.version, 1);
      const edited = await patchApp(srv, early, { facts: { team_size: 30 } });
      assert.equal(edited.status, 200, edited.text);
      await uploadOk(srv, early, 'case_study', '服务合同.pdf', pdfBytes('contract'));
      assert.equal(verdictOf(edited.body, 'team_size').outcome, 'pass');
      const body = await submitOk(srv, early);
      assert.equal(body.application.rule_set_version, 1);
      assert.equal(body.rule_set.version, 1);
      assert.equal(body.application.verdicts.find((v) => v.rule_id === 'team_size').outcome, 'pass');
      assert.equal(body.application.verdicts.find((v) => v.rule_id === 'team_size').reason.en, '30, at least 20');
      assert.equal(body.application.decision_reason, '');
      assert.equal(body.application.reviewer_user_id, null);
      const actions = body.timeline.map((e) => e.action);
      assert.deepEqual(actions.slice(-5), ['claim', 'request_changes', 'upload', 'resubmit', 'auto_check']);
    });

    await t.test('drafts are judged by version 2', async () => {
      const fresh = await completeApplication(srv, program.id, { facts: { team_size: 36 } });
      const r = await view(srv, fresh);
      assert.equal(r.body.rule_set.version, 2);
      assert.equal(r.body.application.rule_set_version, 2);
      assert.equal(r.body.rule_set.rules.find((x) => x.id === 'team_size').min, 50);
      assert.deepEqual(failingRules(r.body), ['team_size']);
      assert.equal(verdictOf(r.body, 'team_size').reason.en, '36, below the required 50');
      const before = await snapshot(srv, op, fresh);
      assert.deepEqual(errorFields(assertProblem(await submit(srv, fresh), 422, 'rules_not_met')), ['rules.team_size']);
      await assertUnchanged(srv, op, fresh, before);
      await patchApp(srv, fresh, { facts: { team_size: 50 } });
      assert.equal((await submitOk(srv, fresh)).application.rule_set_version, 2);

      // A draft started under version 1 follows the current rules too.
      const older = await view(srv, olderDraft);
      assert.equal(older.body.rule_set.version, 2);
      assert.deepEqual(failingRules(older.body), ['team_size']);
      assert.deepEqual(errorFields(assertProblem(await submit(srv, olderDraft), 422, 'rules_not_met')), ['rules.team_size']);
    });
  });
}
