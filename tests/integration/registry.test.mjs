// The registry on SQLite and PostgreSQL: the provider directory (filters by category, type, region at
// any level and name; cursor pages), profiles created by admission approval, changed by their own
// admin with If-Match and suspended by operators; suppliers with write-only API credentials that no
// response and no audit record ever shows; client departments as a tree within their organization.
// Every refused request names the field at fault and changes nothing, and the audit chain verifies
// afterwards.
//
// The API under test: src/registry/{provider,supplier,department}_api.cpp, rules in
// src/registry/service.cpp, JSON in src/registry/model.cpp; demo data in src/app/demo_registry.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { admitApplicant, createProgram } from './lib/admission_flow.mjs';
import { assertInvalid, assertProblem, errorFields } from './lib/problems.mjs';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, PROVIDER_ADMIN, SUPPLIER_API, findOrganizationByName, listAll, psql,
  runFuwu, startOnBackend, uniqueName,
} from './lib/harness.mjs';

const REVIEWER = 'reviewer@fuwu.demo';

// Demo organizations (src/app/demo_data.cpp, src/app/demo_registry.cpp).
const YUNCHENG = '杭州云程差旅服务有限公司'; // travel; hq 330106; regions 110108, 310115, 330106; no categories
const YOUPIN = '广州优品电商代运营有限公司'; // full_agency; hq 440106; regions 440106, 440305
const JINCHENG = '成都锦城生活服务有限公司'; // specialized; hq 510104; regions 510104, 510107
const XINGYUN = '北京星云科技有限公司';
const HUIDA = '上海汇达贸易集团有限公司';
const XINGYUN_DEPARTMENTS = ['总裁办', '销售部', '华北销售', '研发中心', '财务部'];

const etagOf = (version) => `"${version}"`;

// ---------------------------------------------------------------------------------------------
// Requests

async function me(srv, token) {
  const r = await srv.api('GET', '/api/v1/me', { token });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function getOk(srv, token, urlPath) {
  const r = await srv.api('GET', urlPath, { token });
  assert.equal(r.status, 200, `GET ${urlPath}: ${r.text}`);
  return r;
}

// The growth demo adds two dozen providers named "…本地生活服务有限公司" (src/app/demo_growth.cpp);
// these tests look at the registry's own demo providers and the ones they admit.
const isGrowthDemoProvider = (p) => p.name.endsWith('本地生活服务有限公司');

// The names the directory gives `token` for `query`, in the server's order (all pages).
async function directoryNames(srv, token, query = '') {
  const items = await listAll(srv, `/api/v1/providers${query ? `?${query}` : ''}`, token);
  return items.filter((p) => !isGrowthDemoProvider(p)).map((p) => p.name);
}

// Follows next_cursor with `limit` items a page: { ids, pages }; only the last page may be short.
async function walkPages(srv, token, urlPath, limit) {
  const ids = [];
  let cursor = null;
  let pages = 0;
  for (;;) {
    const sep = urlPath.includes('?') ? '&' : '?';
    const r = await srv.api('GET', `${urlPath}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
                            { token });
    assert.equal(r.status, 200, `page ${pages + 1} of ${urlPath} (cursor ${cursor}): ${r.text}`);
    assert.ok(r.body.items.length <= limit, `at most ${limit} items`);
    ids.push(...r.body.items.map((x) => x.id));
    pages += 1;
    cursor = r.body.next_cursor;
    if (cursor === null) return { ids, pages };
    assert.equal(typeof cursor, 'string');
    assert.equal(r.body.items.length, limit, 'only the last page is short');
    assert.ok(pages < 100, 'too many pages');
  }
}

// Audit records of one entity, oldest first.
async function auditOf(srv, op, entityType, entityId) {
  const items = await listAll(srv, `/api/v1/audit?entity_type=${entityType}&entity_id=${entityId}`, op);
  return items.sort((a, b) => a.id - b.id);
}

// Stops the server (cleanly) and walks its audit chain with `fuwu audit verify`.
async function stopAndVerifyAudit(srv) {
  const stopped = await srv.stop();
  assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}\n${srv.stderr}`);
  const r = await runFuwu(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /audit chain intact: \d+ records/);
}

// An operator opens a program; an applicant applies with `facts`; a reviewer approves.
// Returns { program, application, approval, email }.
async function admitProvider(srv, op, reviewer, { company, providerType, categories, facts }) {
  const program = await createProgram(srv, op, '注册表测试服务商');
  const admitted = await admitApplicant(srv, reviewer, program.id,
                                        { company, providerType, categories, facts, creditCodePrefix: '91370202' });
  return { program, ...admitted };
}

// ---------------------------------------------------------------------------------------------

for (const backend of BACKENDS) {
  test(`registry: provider directory and profiles [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const reviewer = await srv.login(REVIEWER);
    const clientAdmin = await srv.login(CLIENT_ADMIN);
    const employee = await srv.login(EMPLOYEE);
    const providerAdmin = await srv.login(PROVIDER_ADMIN);
    const ids = {};
    for (const name of [YUNCHENG, YOUPIN, JINCHENG, XINGYUN]) ids[name] = (await findOrganizationByName(srv, op, name)).id;

    // The provider admitted in this test.
    const ADMITTED = uniqueName('青岛海岸生活服务有限公司');
    const admittedSuffix = ADMITTED.slice(ADMITTED.lastIndexOf('-') + 1);
    const ADVANTAGE = '深耕青岛本地餐饮商家五年，擅长门店代运营与直播。';
    let admitted; // { id, token (its admin), ... }

    // Everything a profile shows operators, its ETag and its audit trail, to prove a refusal changed nothing.
    const snapshot = async (id) => {
      const r = await getOk(srv, op, `/api/v1/providers/${id}`);
      return { body: r.body, etag: r.headers.get('etag'), audit: (await auditOf(srv, op, 'provider_profile', id)).map((a) => a.id) };
    };
    const assertUnchanged = async (id, before) => assert.deepEqual(await snapshot(id), before, 'nothing changed');

    await t.test('the directory lists the demo providers with full region names', async () => {
      const items = (await listAll(srv, '/api/v1/providers', clientAdmin)).filter((p) => !isGrowthDemoProvider(p));
      assert.deepEqual(items.map((p) => p.name), [YUNCHENG, YOUPIN, JINCHENG]);
      for (const p of items) {
        assert.equal(p.id, p.organization_id);
        assert.equal(p.id, ids[p.name]);
        assert.equal(p.status, 'active');
      }
      const yuncheng = items[0];
      assert.equal(yuncheng.provider_type, 'travel');
      assert.deepEqual(yuncheng.hq_region, { code: '330106', name: '浙江省 杭州市 西湖区' });
      assert.deepEqual(yuncheng.resource_regions, [
        { code: '110108', name: '北京市 市辖区 海淀区' },
        { code: '310115', name: '上海市 市辖区 浦东新区' },
        { code: '330106', name: '浙江省 杭州市 西湖区' },
      ]);
      assert.equal(yuncheng.team_size, 48);
      assert.deepEqual(yuncheng.categories, []);
      assert.equal(typeof yuncheng.program_id, 'number', 'the growth demo puts it in the travel program');
      assert.deepEqual(items[1].categories, ['live_stream_operation', 'short_video_operation', 'store_operation', 'traffic_ads']);
      assert.deepEqual(items[1].capabilities.map((c) => c.status), ['claimed', 'claimed', 'claimed', 'claimed']);

      // One profile, with its version as ETag, is the same as in the list.
      const one = await getOk(srv, clientAdmin, `/api/v1/providers/${yuncheng.id}`);
      assert.deepEqual(one.body, yuncheng);
      assert.equal(one.headers.get('etag'), etagOf(yuncheng.version));
      // Any member may look; nobody anonymous.
      assert.deepEqual(await directoryNames(srv, employee), [YUNCHENG, YOUPIN, JINCHENG]);
      assertProblem(await srv.api('GET', '/api/v1/providers'), 401);
      // An organization that is not a provider has no profile.
      assertProblem(await srv.api('GET', `/api/v1/providers/${ids[XINGYUN]}`, { token: op }), 404, 'not_found');
      assertProblem(await srv.api('GET', '/api/v1/providers/999999', { token: op }), 404, 'not_found');
    });

    await t.test('approving an admission application creates a profile the directory finds', async () => {
      const facts = {
        registered_capital_fen: 200_000_000, team_size: 36, partner_merchants: 20, partner_influencers: 20,
        independent_legal_entity: true, no_debt_disputes: true, advantage_statement: ADVANTAGE,
        business_scope: '餐饮管理；营销策划；技术服务',
        hq_region_code: '370202', resource_region_codes: ['330106', '320102'],
      };
      const result = await admitProvider(srv, op, reviewer, {
        company: ADMITTED, providerType: 'specialized', categories: ['store_operation', 'live_stream_operation'], facts,
      });
      const id = result.application.provider_organization_id;
      assert.equal(typeof id, 'number');
      assert.equal(result.approval.provider_organization.id, id);

      const r = await getOk(srv, clientAdmin, `/api/v1/providers/${id}`);
      assert.equal(r.headers.get('etag'), '"1"');
      const p = r.body;
      assert.equal(p.id, id);
      assert.equal(p.organization_id, id);
      assert.equal(p.name, ADMITTED);
      assert.equal(p.provider_type, 'specialized');
      assert.equal(p.program_id, result.program.id);
      assert.equal(p.application_id, result.application.id);
      assert.deepEqual(p.hq_region, { code: '370202', name: '山东省 青岛市 市南区' });
      assert.deepEqual(p.resource_regions, [
        { code: '320102', name: '江苏省 南京市 玄武区' },
        { code: '330106', name: '浙江省 杭州市 西湖区' },
      ]);
      assert.equal(p.team_size, 36);
      assert.equal(p.summary, ADVANTAGE);
      assert.deepEqual(p.categories, ['live_stream_operation', 'store_operation']);
      assert.deepEqual(p.capabilities, [
        { capability: 'live_stream_operation', status: 'claimed' }, { capability: 'store_operation', status: 'claimed' },
      ]);
      assert.equal(p.status, 'active');
      assert.equal(p.version, 1);

      assert.deepEqual(await directoryNames(srv, clientAdmin), [YUNCHENG, YOUPIN, JINCHENG, ADMITTED]);
      const audit = await auditOf(srv, op, 'provider_profile', id);
      assert.deepEqual(audit.map((a) => a.action), ['provider_profile.create']);
      assert.equal(audit[0].organization_id, id);
      assert.equal(audit[0].after.name, ADMITTED);
      // Its admin signs in with the one-time password of the approval and sees its own profile.
      const token = await srv.login(result.email, result.approval.one_time_password);
      assert.equal((await me(srv, token)).organization_id, id);
      assert.deepEqual((await getOk(srv, token, `/api/v1/providers/${id}`)).body, p);
      admitted = { id, token };
    });

    await t.test('the directory filters by category, type, region at every level and name', async () => {
      const cases = [
        ['category=store_operation', [YOUPIN, JINCHENG, ADMITTED]],
        ['category=live_stream_operation', [YOUPIN, ADMITTED]],
        ['category=customer_service_outsourcing', [JINCHENG]],
        ['category=training', []],
        ['provider_type=travel', [YUNCHENG]],
        ['provider_type=full_agency', [YOUPIN]],
        ['provider_type=specialized', [JINCHENG, ADMITTED]],
        // Counties, their cities and provinces; resource regions count as well as headquarters.
        ['region_code=330106', [YUNCHENG, ADMITTED]],
        ['region_code=3301', [YUNCHENG, ADMITTED]],
        ['region_code=33', [YUNCHENG, ADMITTED]],
        ['region_code=370202', [ADMITTED]],
        ['region_code=3702', [ADMITTED]],
        ['region_code=37', [ADMITTED]],
        ['region_code=3201', [ADMITTED]],
        ['region_code=32', [ADMITTED]],
        ['region_code=31', [YUNCHENG]],
        ['region_code=11', [YUNCHENG]],
        ['region_code=4403', [YOUPIN]],
        ['region_code=44', [YOUPIN]],
        ['region_code=51', [JINCHENG]],
        ['region_code=12', []],
        ['region_code=330102', []],
        ['region_code=999999', []],
        // Names.
        [`q=${encodeURIComponent('云程')}`, [YUNCHENG]],
        [`q=${encodeURIComponent('有限公司')}`, [YUNCHENG, YOUPIN, JINCHENG, ADMITTED]],
        [`q=${encodeURIComponent(admittedSuffix.toUpperCase())}`, [ADMITTED]],
        [`q=${encodeURIComponent('%')}`, []],
        [`q=${encodeURIComponent('_')}`, []],
        [`q=${encodeURIComponent('星云')}`, []],
        // Filters combine.
        ['category=store_operation&region_code=33', [ADMITTED]],
        ['category=store_operation&provider_type=full_agency', [YOUPIN]],
        ['provider_type=specialized&region_code=51', [JINCHENG]],
        ['provider_type=travel&region_code=37', []],
        [`region_code=33&q=${encodeURIComponent('云程')}`, [YUNCHENG]],
        [`category=store_operation&region_code=3301&provider_type=specialized&q=${encodeURIComponent('海岸')}`, [ADMITTED]],
      ];
      for (const [query, expected] of cases)
        assert.deepEqual(await directoryNames(srv, clientAdmin, query), expected, query);

      assertInvalid(await srv.api('GET', '/api/v1/providers?provider_type=bus', { token: clientAdmin }), ['provider_type']);
      assertInvalid(await srv.api('GET', '/api/v1/providers?status=deleted', { token: op }), ['status']);
      assertInvalid(await srv.api('GET', '/api/v1/providers?region_code=1234567', { token: clientAdmin }), ['region_code']);
      assertInvalid(await srv.api('GET', '/api/v1/providers?limit=0', { token: clientAdmin }), ['limit']);
      assertInvalid(await srv.api('GET', '/api/v1/providers?cursor=zzz', { token: clientAdmin }), ['cursor']);
    });

    await t.test('the directory pages by cursor, with and without filters', async () => {
      for (const query of ['', 'region_code=33', 'category=store_operation', 'provider_type=specialized',
                           'category=store_operation&region_code=44', `q=${encodeURIComponent('有限公司')}`]) {
        const all = (await listAll(srv, `/api/v1/providers${query ? `?${query}` : ''}`, clientAdmin)).map((p) => p.id);
        assert.ok(all.length >= 1, query);
        for (const limit of [1, 2]) {
          const urlPath = `/api/v1/providers${query ? `?${query}` : ''}`;
          const { ids: paged, pages } = await walkPages(srv, clientAdmin, urlPath, limit);
          assert.deepEqual(paged, all, `${query} limit=${limit}`);
          assert.equal(pages, Math.max(1, Math.ceil(all.length / limit)), `${query} limit=${limit}: pages`);
        }
      }
    });

    await t.test('a provider admin changes its own summary and categories with If-Match', async () => {
      const id = ids[YUNCHENG];
      const adminUser = await me(srv, providerAdmin);
      assert.equal(adminUser.organization_id, id);
      const before = await snapshot(id);
      const path = `/api/v1/providers/${id}`;

      const missing = await srv.api('PATCH', path, { token: providerAdmin, body: { summary: '没有 If-Match' } });
      assertProblem(missing, 428, 'if_match_required');
      await assertUnchanged(id, before);

      const summary = '差旅保障与门店运营：7×24小时响应。';
      const changed = await srv.api('PATCH', path, {
        token: providerAdmin, headers: { 'if-match': before.etag },
        body: { summary, categories: ['store_operation', 'training'] },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.headers.get('etag'), etagOf(before.body.version + 1));
      assert.equal(changed.body.summary, summary);
      assert.deepEqual(changed.body.categories, ['store_operation', 'training']);
      assert.equal(changed.body.version, before.body.version + 1);
      for (const key of ['name', 'provider_type', 'hq_region', 'resource_regions', 'team_size', 'status', 'program_id'])
        assert.deepEqual(changed.body[key], before.body[key], `${key} unchanged`);
      assert.deepEqual((await getOk(srv, clientAdmin, path)).body, changed.body);
      assert.deepEqual(await directoryNames(srv, clientAdmin, 'category=training'), [YUNCHENG]);
      assert.deepEqual(await directoryNames(srv, clientAdmin, 'category=store_operation'), [YUNCHENG, YOUPIN, JINCHENG, ADMITTED]);

      const audit = await auditOf(srv, op, 'provider_profile', id);
      const update = audit[audit.length - 1];
      assert.equal(update.action, 'provider_profile.update');
      assert.equal(update.actor_user_id, adminUser.id);
      assert.equal(update.before.summary, before.body.summary);
      assert.equal(update.after.summary, summary);

      // The ETag read before is stale now.
      const after = await snapshot(id);
      const stale = await srv.api('PATCH', path, { token: providerAdmin, headers: { 'if-match': before.etag }, body: { summary: '过期' } });
      assertProblem(stale, 412, 'version_mismatch');
      await assertUnchanged(id, after);
    });

    await t.test('a provider admin cannot change status or type (403), nor another provider (404)', async () => {
      const id = ids[YUNCHENG];
      const before = await snapshot(id);
      const path = `/api/v1/providers/${id}`;
      for (const body of [{ status: 'suspended' }, { provider_type: 'full_agency' }, { summary: '顺便', status: 'active' }]) {
        const r = await srv.api('PATCH', path, { token: providerAdmin, headers: { 'if-match': before.etag }, body });
        assertProblem(r, 403, 'forbidden');
      }
      await assertUnchanged(id, before);

      const other = await snapshot(ids[YOUPIN]);
      const r = await srv.api('PATCH', `/api/v1/providers/${ids[YOUPIN]}`, {
        token: providerAdmin, headers: { 'if-match': other.etag }, body: { summary: '不是我的' },
      });
      assertProblem(r, 404, 'not_found');
      await assertUnchanged(ids[YOUPIN], other);

      // Clients and employees change no profiles.
      for (const token of [clientAdmin, employee]) {
        const denied = await srv.api('PATCH', path, { token, headers: { 'if-match': before.etag }, body: { summary: 'x' } });
        assertProblem(denied, 403, 'forbidden');
      }
      await assertUnchanged(id, before);
    });

    await t.test('bad profile changes answer 422 naming the field; nothing changes', async () => {
      const id = ids[YUNCHENG];
      const before = await snapshot(id);
      const path = `/api/v1/providers/${id}`;
      const patch = (body) => srv.api('PATCH', path, { token: providerAdmin, headers: { 'if-match': before.etag }, body });
      assertInvalid(await patch({ hq_region_code: '999999' }), ['hq_region_code']);
      assertInvalid(await patch({ resource_region_codes: ['330106', '990000'] }), ['resource_region_codes']);
      assertInvalid(await patch({ resource_region_codes: ['330106', 330102] }), ['resource_region_codes[1]']);
      assertInvalid(await patch({ team_size: -1 }), ['team_size']);
      assertInvalid(await patch({ summary: '长'.repeat(501) }), ['summary']);
      assertInvalid(await patch({ name: '改名' }), ['name']);
      assertInvalid(await patch({ categories: 'store_operation' }), ['categories']);
      // Operators get the same answers for values that do not exist.
      assertInvalid(await srv.api('PATCH', path, { token: op, headers: { 'if-match': before.etag }, body: { status: 'closed' } }),
                    ['status']);
      assertInvalid(await srv.api('PATCH', path, { token: op, headers: { 'if-match': before.etag }, body: { provider_type: 'bus' } }),
                    ['provider_type']);
      await assertUnchanged(id, before);
    });

    await t.test('a profile change answers with the profile as stored (lists sorted, no duplicates)', async () => {
      // GET gives categories and resource regions sorted by code, each once; the PATCH response and the
      // ETag it carries must describe that same stored profile. Repeated values may be refused instead.
      const id = ids[YUNCHENG];
      const before = await snapshot(id);
      const r = await srv.api('PATCH', `/api/v1/providers/${id}`, {
        token: providerAdmin, headers: { 'if-match': before.etag },
        body: { categories: ['training', 'store_operation', 'training'], resource_region_codes: ['330106', '110108', '330106'] },
      });
      if (r.status === 422) {
        assert.ok(errorFields(r.body).every((f) => /^(categories|resource_region_codes)/.test(f)), r.text);
        await assertUnchanged(id, before);
        return;
      }
      assert.equal(r.status, 200, r.text);
      const stored = await getOk(srv, op, `/api/v1/providers/${id}`);
      assert.equal(r.headers.get('etag'), stored.headers.get('etag'));
      assert.deepEqual(r.body, stored.body, 'the PATCH response is the profile as stored');
    });

    await t.test('a provider category that is not a service category answers 422 naming categories', async () => {
      // The directory filters on these codes, as admission does on service_categories.
      const id = ids[YUNCHENG];
      const before = await snapshot(id);
      const r = await srv.api('PATCH', `/api/v1/providers/${id}`, {
        token: providerAdmin, headers: { 'if-match': before.etag }, body: { categories: ['store_operation', 'not_a_category'] },
      });
      const p = assertProblem(r, 422, 'validation_failed');
      assert.equal(errorFields(p).length, 1, r.text);
      assert.match(errorFields(p)[0], /^categories(\[1\])?$/);
      await assertUnchanged(id, before);
    });

    await t.test('an operator suspends a provider: clients no longer find it', async () => {
      const id = admitted.id;
      const path = `/api/v1/providers/${id}`;
      const before = await getOk(srv, op, path);
      const suspended = await srv.api('PATCH', path, { token: op, headers: { 'if-match': before.headers.get('etag') }, body: { status: 'suspended' } });
      assert.equal(suspended.status, 200, suspended.text);
      assert.equal(suspended.body.status, 'suspended');

      for (const token of [clientAdmin, employee, providerAdmin]) {
        assert.deepEqual(await directoryNames(srv, token), [YUNCHENG, YOUPIN, JINCHENG]);
        assert.deepEqual(await directoryNames(srv, token, 'region_code=37'), []);
        // Non-operators get active providers only, whatever status they ask for.
        assert.deepEqual(await directoryNames(srv, token, 'status=suspended'), [YUNCHENG, YOUPIN, JINCHENG]);
        assert.deepEqual(await directoryNames(srv, token, `q=${encodeURIComponent(admittedSuffix)}`), []);
        assertProblem(await srv.api('GET', path, { token }), 404, 'not_found');
      }
      // Its own members still see it (not in the directory, which lists active providers).
      assert.equal((await getOk(srv, admitted.token, path)).body.status, 'suspended');
      assert.deepEqual(await directoryNames(srv, admitted.token), [YUNCHENG, YOUPIN, JINCHENG]);
      // Operators still see it, and can find it by status.
      assert.equal((await getOk(srv, op, path)).body.status, 'suspended');
      assert.deepEqual(await directoryNames(srv, op, 'status=suspended'), [ADMITTED]);
      assert.deepEqual(await directoryNames(srv, op, 'status=active'), [YUNCHENG, YOUPIN, JINCHENG]);
      assert.deepEqual(await directoryNames(srv, op), [YUNCHENG, YOUPIN, JINCHENG, ADMITTED]);
      const audit = await auditOf(srv, op, 'provider_profile', id);
      assert.equal(audit[audit.length - 1].before.status, 'active');
      assert.equal(audit[audit.length - 1].after.status, 'suspended');

      // Reactivated, it is back.
      const back = await srv.api('PATCH', path, { token: op, headers: { 'if-match': suspended.headers.get('etag') }, body: { status: 'active' } });
      assert.equal(back.status, 200, back.text);
      assert.deepEqual(await directoryNames(srv, clientAdmin, 'region_code=37'), [ADMITTED]);
      assert.equal((await getOk(srv, clientAdmin, path)).body.status, 'active');
    });

    await t.test('the audit chain verifies', async () => {
      await stopAndVerifyAudit(srv);
    });
  });

  test(`registry: suppliers and their write-only credentials [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const clientAdmin = await srv.login(CLIENT_ADMIN);
    const providerAdmin = await srv.login(PROVIDER_ADMIN);
    const supplierApi = await srv.login(SUPPLIER_API);
    const USERNAME = `fuwu-it-${randomBytes(4).toString('hex')}`;
    const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
    const PASSWORD2 = `pw2-${randomBytes(12).toString('hex')}`;
    const NAME = uniqueName('集成测试航空票务');
    let supplier; // as created

    const supplierPath = () => `/api/v1/suppliers/${supplier.id}`;
    const snapshot = async () => {
      const r = await getOk(srv, op, supplierPath());
      return {
        body: r.body, etag: r.headers.get('etag'),
        suppliers: (await listAll(srv, '/api/v1/suppliers', op)).length,
        organizations: (await listAll(srv, '/api/v1/organizations', op)).length,
        audit: (await listAll(srv, '/api/v1/audit', op)).map((a) => a.id),
      };
    };
    const assertUnchanged = async (before) => assert.deepEqual(await snapshot(), before, 'nothing changed');

    // No response anywhere shows a credential.
    const assertNoSecretIn = (what, text) => {
      for (const secret of [PASSWORD, PASSWORD2])
        assert.ok(!text.includes(secret), `${what} shows the password: ${text.slice(0, 2000)}`);
    };

    await t.test('an operator creates a supplier', async () => {
      const r = await srv.api('POST', '/api/v1/suppliers', {
        token: op, body: { name: NAME, category: 'airline', api_endpoint: 'http://127.0.0.1:9/it-air', region_code: '310115' },
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.headers.get('etag'), '"1"');
      supplier = r.body;
      assert.equal(typeof supplier.id, 'number');
      assert.equal(supplier.organization_id, supplier.id);
      assert.equal(supplier.name, NAME);
      assert.equal(supplier.category, 'airline');
      assert.equal(supplier.api_endpoint, 'http://127.0.0.1:9/it-air');
      assert.equal(supplier.credentials_configured, false);
      assert.equal(supplier.credentials_updated_at, null);
      assert.equal(supplier.status, 'active');
      assert.equal(supplier.version, 1);
      assert.ok(!('credentials' in supplier), 'no credentials field');

      const org = await getOk(srv, op, `/api/v1/organizations/${supplier.id}`);
      assert.equal(org.body.kind, 'supplier');
      assert.equal(org.body.name, NAME);
      assert.equal(org.body.region_code, '310115');
      const one = await getOk(srv, op, supplierPath());
      assert.deepEqual(one.body, supplier);
      assert.equal(one.headers.get('etag'), '"1"');

      const all = await listAll(srv, '/api/v1/suppliers', op);
      assert.equal(all.length, 9, 'eight demo suppliers (two of them car suppliers) and this one');
      assert.deepEqual(all[all.length - 1], supplier);
      assert.deepEqual((await listAll(srv, '/api/v1/suppliers?category=airline', op)).map((s) => s.name).slice(-1), [NAME]);
      assert.ok(!(await listAll(srv, '/api/v1/suppliers?category=hotel', op)).some((s) => s.id === supplier.id));
      const { ids } = await walkPages(srv, op, '/api/v1/suppliers', 1);
      assert.deepEqual(ids, all.map((s) => s.id));
      const audit = await auditOf(srv, op, 'supplier_profile', supplier.id);
      assert.deepEqual(audit.map((a) => a.action), ['supplier_profile.create']);
    });

    await t.test('credentials are stored but never shown, not even in the audit log', async () => {
      const r = await srv.api('PUT', `${supplierPath()}/credentials`, {
        token: op, body: { credentials: { username: USERNAME, password: PASSWORD } },
      });
      assert.equal(r.status, 200, r.text);
      assertNoSecretIn('PUT credentials', r.text);
      assert.ok(!r.text.includes(USERNAME), 'the username is not returned either');
      assert.equal(r.body.credentials_configured, true);
      assert.equal(typeof r.body.credentials_updated_at, 'number');
      assert.equal(r.body.version, 2);
      assert.equal(r.headers.get('etag'), '"2"');
      assert.ok(!('credentials' in r.body));
      const firstUpdate = r.body.credentials_updated_at;

      // Replacing them again.
      const again = await srv.api('PUT', `${supplierPath()}/credentials`, {
        token: op, body: { credentials: { username: USERNAME, password: PASSWORD2, token_url: 'http://127.0.0.1:9/token' } },
      });
      assert.equal(again.status, 200, again.text);
      assert.ok(again.body.credentials_updated_at >= firstUpdate);
      assert.equal(again.body.version, 3);
      assertNoSecretIn('PUT credentials again', again.text);

      const texts = {
        'GET supplier': (await getOk(srv, op, supplierPath())).text,
        'GET suppliers': JSON.stringify(await listAll(srv, '/api/v1/suppliers', op)),
        'GET organization': (await getOk(srv, op, `/api/v1/organizations/${supplier.id}`)).text,
        'GET organizations': JSON.stringify(await listAll(srv, '/api/v1/organizations', op)),
        'audit supplier_profile': JSON.stringify(await listAll(srv, '/api/v1/audit?entity_type=supplier_profile', op)),
        'audit (all)': JSON.stringify(await listAll(srv, '/api/v1/audit', op)),
      };
      for (const [what, text] of Object.entries(texts)) {
        assertNoSecretIn(what, text);
        assert.ok(!text.includes(USERNAME), `${what} shows the username`);
      }
      const audit = await auditOf(srv, op, 'supplier_profile', supplier.id);
      assert.deepEqual(audit.map((a) => a.action),
                       ['supplier_profile.create', 'supplier_credentials.replace', 'supplier_credentials.replace']);
      assert.deepEqual(audit[1].after, { credentials: 'replaced', credentials_updated_at: firstUpdate });
      assert.equal(audit[1].before, null);
    });

    await t.test('an operator changes a supplier with If-Match', async () => {
      const before = await getOk(srv, op, supplierPath());
      const missing = await srv.api('PATCH', supplierPath(), { token: op, body: { api_endpoint: 'https://127.0.0.1:9/v2' } });
      assertProblem(missing, 428, 'if_match_required');
      const r = await srv.api('PATCH', supplierPath(), {
        token: op, headers: { 'if-match': before.headers.get('etag') }, body: { api_endpoint: 'https://127.0.0.1:9/v2' },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.api_endpoint, 'https://127.0.0.1:9/v2');
      assert.equal(r.body.category, 'airline');
      assert.equal(r.body.credentials_configured, true, 'the credentials stay');
      assert.equal(r.body.credentials_updated_at, before.body.credentials_updated_at);
      assert.equal(r.headers.get('etag'), etagOf(before.body.version + 1));
      assertNoSecretIn('PATCH supplier', r.text);
      const stale = await srv.api('PATCH', supplierPath(), {
        token: op, headers: { 'if-match': before.headers.get('etag') }, body: { status: 'suspended' },
      });
      assertProblem(stale, 412, 'version_mismatch');
      assert.equal((await getOk(srv, op, supplierPath())).body.status, 'active');
    });

    await t.test('only operators manage suppliers: 403 for everyone else', async () => {
      const before = await snapshot();
      for (const token of [clientAdmin, providerAdmin, supplierApi]) {
        assertProblem(await srv.api('GET', '/api/v1/suppliers', { token }), 403, 'forbidden');
        assertProblem(await srv.api('GET', supplierPath(), { token }), 403, 'forbidden');
        assertProblem(await srv.api('POST', '/api/v1/suppliers', { token, body: { name: 'x', category: 'hotel' } }), 403, 'forbidden');
        assertProblem(await srv.api('PATCH', supplierPath(), { token, headers: { 'if-match': before.etag }, body: { status: 'suspended' } }),
                      403, 'forbidden');
        assertProblem(await srv.api('PUT', `${supplierPath()}/credentials`, { token, body: { credentials: { password: 'x' } } }),
                      403, 'forbidden');
      }
      assertProblem(await srv.api('GET', '/api/v1/suppliers'), 401);
      await assertUnchanged(before);
    });

    await t.test('bad supplier input answers 422 naming the field; nothing changes', async () => {
      const before = await snapshot();
      const create = (body) => srv.api('POST', '/api/v1/suppliers', { token: op, body });
      const good = { name: uniqueName('坏输入供应商'), category: 'hotel', api_endpoint: 'https://127.0.0.1:9/h' };
      assertInvalid(await create({ ...good, category: 'bus' }), ['category']);
      assertInvalid(await create({ ...good, category: 'AIRLINE' }), ['category']);
      assertInvalid(await create({ ...good, api_endpoint: 'ftp://127.0.0.1/supplier' }), ['api_endpoint']);
      assertInvalid(await create({ ...good, api_endpoint: 'javascript:alert(1)' }), ['api_endpoint']);
      assertInvalid(await create({ ...good, api_endpoint: '127.0.0.1:9/no-scheme' }), ['api_endpoint']);
      assertInvalid(await create({ ...good, region_code: '999999' }), ['region_code']);
      assertInvalid(await create({ ...good, region_code: '3301x' }), ['region_code']);
      assertInvalid(await create({ category: 'hotel' }), ['name']);
      assertInvalid(await create({ ...good, credentials: { password: PASSWORD } }), ['credentials']);

      const patch = (body) => srv.api('PATCH', supplierPath(), { token: op, headers: { 'if-match': before.etag }, body });
      assertInvalid(await patch({ category: 'bus' }), ['category']);
      assertInvalid(await patch({ api_endpoint: 'file:///etc/passwd' }), ['api_endpoint']);
      assertInvalid(await patch({ status: 'deleted' }), ['status']);
      assertInvalid(await patch({ name: 'renamed' }), ['name']);

      const put = (body) => srv.api('PUT', `${supplierPath()}/credentials`, { token: op, body });
      assertInvalid(await put({ credentials: { username: USERNAME, password: 12345678 } }), ['credentials.password']);
      assertInvalid(await put({ credentials: { username: USERNAME, password: { value: PASSWORD } } }), ['credentials.password']);
      assertInvalid(await put({ credentials: { username: null } }), ['credentials.username']);
      assertInvalid(await put({ credentials: PASSWORD }), ['credentials']);
      assertInvalid(await put({}), ['credentials']);
      assertInvalid(await put({ credentials: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }),
                    ['credentials']);
      assertInvalid(await put({ credentials: { password: PASSWORD }, note: 'x' }), ['note']);
      // At most 8 KiB.
      const big = await put({ credentials: { username: USERNAME, password: 'p'.repeat(9000) } });
      assertProblem(big, 413, 'payload_too_large');

      // Ids that are not suppliers.
      const yuncheng = await findOrganizationByName(srv, op, YUNCHENG);
      for (const id of [999999, yuncheng.id]) {
        assertProblem(await srv.api('GET', `/api/v1/suppliers/${id}`, { token: op }), 404, 'not_found');
        assertProblem(await srv.api('PATCH', `/api/v1/suppliers/${id}`, { token: op, headers: { 'if-match': '"1"' }, body: { status: 'active' } }),
                      404, 'not_found');
        assertProblem(await srv.api('PUT', `/api/v1/suppliers/${id}/credentials`, { token: op, body: { credentials: { password: PASSWORD } } }),
                      404, 'not_found');
      }
      await assertUnchanged(before);
      assertNoSecretIn('audit (all)', JSON.stringify(await listAll(srv, '/api/v1/audit', op)));
    });

    await t.test('the audit chain verifies, and the database holds no credential in the clear', async () => {
      await stopAndVerifyAudit(srv);
      if (backend.name === 'sqlite') {
        for (const file of [srv.db, `${srv.db}-wal`]) {
          if (!existsSync(file)) continue;
          const bytes = readFileSync(file);
          for (const secret of [PASSWORD, PASSWORD2, USERNAME])
            assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `${file} holds ${secret} in the clear`);
        }
      } else {
        const sealed = await psql(srv.db, 'SELECT credentials_ciphertext FROM supplier_profiles WHERE organization_id = ' +
                                          `${supplier.id}`);
        assert.ok(sealed.length > 0, 'the credentials are stored');
        const rows = await psql(srv.db, "SELECT string_agg(s::text, E'\\n') FROM supplier_profiles s") +
                     await psql(srv.db, "SELECT string_agg(a::text, E'\\n') FROM audit_log a");
        for (const secret of [PASSWORD, PASSWORD2, USERNAME])
          assert.ok(!rows.includes(secret), `the database holds ${secret} in the clear`);
      }
    });
  });

  test(`registry: client departments [${backend.name}]`, { timeout: 300_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const clientAdmin = await srv.login(CLIENT_ADMIN);
    const employee = await srv.login(EMPLOYEE);
    const providerAdmin = await srv.login(PROVIDER_ADMIN);
    const adminUser = await me(srv, clientAdmin);
    const xingyun = adminUser.organization_id;
    assert.equal(adminUser.organization.name, XINGYUN);
    const huida = (await findOrganizationByName(srv, op, HUIDA)).id;
    const yuncheng = (await findOrganizationByName(srv, op, YUNCHENG)).id;
    const list = async (orgId, token = op) => (await getOk(srv, token, `/api/v1/organizations/${orgId}/departments`)).body.items;
    const create = (orgId, body, token = clientAdmin) => srv.api('POST', `/api/v1/organizations/${orgId}/departments`, { token, body });
    const update = (dept, body, { token = clientAdmin, etag = etagOf(dept.version) } = {}) =>
      srv.api('PATCH', `/api/v1/departments/${dept.id}`, { token, body, headers: etag ? { 'if-match': etag } : {} });
    const remove = (id, token = clientAdmin) => srv.api('DELETE', `/api/v1/departments/${id}`, { token });

    // Both organizations' departments and the department audit trail, to prove a refusal changed nothing.
    const snapshot = async () => ({
      xingyun: await list(xingyun), huida: await list(huida),
      audit: (await listAll(srv, '/api/v1/audit?entity_type=department', op)).map((a) => a.id),
    });
    const assertUnchanged = async (before) => assert.deepEqual(await snapshot(), before, 'nothing changed');

    let market; let brand; let events; // 市场部 > 品牌组 > 活动小组

    await t.test('a client admin creates departments in its own organization, with parents', async () => {
      const demo = await list(xingyun, clientAdmin);
      assert.deepEqual(demo.map((d) => d.name), XINGYUN_DEPARTMENTS);
      const sales = demo.find((d) => d.name === '销售部');
      assert.equal(demo.find((d) => d.name === '华北销售').parent_id, sales.id);

      const r1 = await create(xingyun, { name: '市场部', cost_centre: 'BJ-500' });
      assert.equal(r1.status, 201, r1.text);
      assert.equal(r1.headers.get('etag'), '"1"');
      market = r1.body;
      assert.equal(market.organization_id, xingyun);
      assert.equal(market.parent_id, null);
      assert.equal(market.name, '市场部');
      assert.equal(market.cost_centre, 'BJ-500');
      assert.equal(market.version, 1);

      const r2 = await create(xingyun, { name: '品牌组', parent_id: market.id, cost_centre: 'BJ-510' });
      assert.equal(r2.status, 201, r2.text);
      brand = r2.body;
      assert.equal(brand.parent_id, market.id);
      const r3 = await create(xingyun, { name: '活动小组', parent_id: brand.id });
      assert.equal(r3.status, 201, r3.text);
      events = r3.body;
      assert.equal(events.parent_id, brand.id);
      assert.equal(events.cost_centre, '');

      const items = await list(xingyun, clientAdmin);
      assert.deepEqual(items.map((d) => d.name), [...XINGYUN_DEPARTMENTS, '市场部', '品牌组', '活动小组']);
      assert.deepEqual(items.slice(-3), [market, brand, events]);
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].id < items[i].id, 'ordered by id');

      for (const d of [market, brand, events]) {
        const audit = await auditOf(srv, op, 'department', d.id);
        assert.deepEqual(audit.map((a) => a.action), ['department.create']);
        assert.equal(audit[0].organization_id, xingyun);
        assert.equal(audit[0].actor_user_id, adminUser.id);
        assert.deepEqual(audit[0].after, d);
      }
    });

    await t.test('a client admin renames a department with If-Match', async () => {
      const r = await update(brand, { name: '品牌传播组', parent_id: market.id, cost_centre: 'BJ-510' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('etag'), '"2"');
      assert.equal(r.body.name, '品牌传播组');
      assert.equal(r.body.parent_id, market.id);
      assert.equal(r.body.version, 2);
      const audit = await auditOf(srv, op, 'department', brand.id);
      assert.equal(audit[audit.length - 1].action, 'department.update');
      assert.equal(audit[audit.length - 1].before.name, '品牌组');
      assert.equal(audit[audit.length - 1].after.name, '品牌传播组');
      const old = brand;
      brand = r.body;

      const before = await snapshot();
      assertProblem(await update(old, { name: '过期', parent_id: market.id }), 412, 'version_mismatch');
      assertProblem(await update(brand, { name: '没有 If-Match', parent_id: market.id }, { etag: null }), 428, 'if_match_required');
      // Names are unique within the organization.
      assert.deepEqual(errorFields(assertProblem(await update(brand, { name: '总裁办', parent_id: market.id }), 409, 'already_exists')),
                       ['name']);
      assert.deepEqual(errorFields(assertProblem(await create(xingyun, { name: '市场部' }), 409, 'already_exists')), ['name']);
      await assertUnchanged(before);
    });

    await t.test('a department cannot become its own ancestor: 422 naming parent_id', async () => {
      const huidaDept = (await list(huida))[0];
      const before = await snapshot();
      for (const parent of [events.id, brand.id, market.id])
        assertInvalid(await update(market, { name: '市场部', parent_id: parent, cost_centre: 'BJ-500' }), ['parent_id'], `parent ${parent}`);
      assertInvalid(await update(brand, { name: '品牌传播组', parent_id: events.id, cost_centre: 'BJ-510' }), ['parent_id']);
      // Parents from another organization, or none at all.
      for (const parent of [huidaDept.id, 999999]) {
        assertInvalid(await update(market, { name: '市场部', parent_id: parent }), ['parent_id'], `parent ${parent}`);
        assertInvalid(await create(xingyun, { name: '新部门', parent_id: parent }), ['parent_id'], `parent ${parent}`);
      }
      await assertUnchanged(before);
      // Moving within the tree is fine.
      const moved = await update(events, { name: '活动小组', parent_id: market.id });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.parent_id, market.id);
      events = moved.body;
    });

    await t.test('a client admin cannot touch another organization\'s departments: 404', async () => {
      const huidaDept = (await list(huida))[0];
      const before = await snapshot();
      assertProblem(await create(huida, { name: '渗透部' }), 404, 'not_found');
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/departments`, { token: clientAdmin }), 404, 'not_found');
      assertProblem(await update(huidaDept, { name: '渗透部' }), 404, 'not_found');
      assertProblem(await remove(huidaDept.id), 404, 'not_found');
      assertProblem(await create(999999, { name: '不存在' }), 404, 'not_found');
      assertProblem(await create(xingyun + 999999, { name: '不存在' }, op), 404, 'not_found');
      await assertUnchanged(before);
    });

    await t.test('a department with sub-departments cannot be deleted: 409', async () => {
      const before = await snapshot();
      const p = assertProblem(await remove(market.id), 409, 'conflict');
      assert.match(p.detail, /sub-departments/);
      await assertUnchanged(before);
      // Leaves first, then the parent.
      for (const d of [events, brand]) assert.equal((await remove(d.id)).status, 204);
      const r = await remove(market.id);
      assert.equal(r.status, 204, r.text);
      assert.equal(r.text, '');
      assert.deepEqual((await list(xingyun)).map((d) => d.name), XINGYUN_DEPARTMENTS);
      assertProblem(await remove(market.id), 404, 'not_found');
      assertProblem(await update(market, { name: '市场部' }), 404, 'not_found');
      const audit = await auditOf(srv, op, 'department', market.id);
      assert.deepEqual(audit.map((a) => a.action), ['department.create', 'department.delete']);
      assert.equal(audit[1].before.name, '市场部');
      assert.equal(audit[1].after, null);
    });

    await t.test('an employee lists its organization\'s departments but cannot change them: 403', async () => {
      const items = await list(xingyun, employee);
      assert.deepEqual(items, await list(xingyun, clientAdmin));
      const before = await snapshot();
      const sales = items.find((d) => d.name === '销售部');
      assertProblem(await create(xingyun, { name: '员工建的' }, employee), 403, 'forbidden');
      assertProblem(await update(sales, { name: '员工改的' }, { token: employee }), 403, 'forbidden');
      assertProblem(await remove(sales.id, employee), 403, 'forbidden');
      assertProblem(await srv.api('GET', `/api/v1/organizations/${huida}/departments`, { token: employee }), 404, 'not_found');
      // A provider's admin is no client admin.
      assert.deepEqual(await list(yuncheng, providerAdmin), []);
      assertProblem(await create(yuncheng, { name: '服务商部门' }, providerAdmin), 403, 'forbidden');
      assertProblem(await create(xingyun, { name: '服务商部门' }, providerAdmin), 403, 'forbidden');
      await assertUnchanged(before);
    });

    await t.test('an operator manages any client\'s departments', async () => {
      const r = await create(huida, { name: '法务部', cost_centre: 'SH-300' }, op);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.organization_id, huida);
      const child = await create(huida, { name: '合规组', parent_id: r.body.id }, op);
      assert.equal(child.status, 201, child.text);
      const renamed = await update(r.body, { name: '法务合规部', cost_centre: 'SH-300' }, { token: op });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.name, '法务合规部');
      assertProblem(await remove(r.body.id, op), 409, 'conflict');
      assert.equal((await remove(child.body.id, op)).status, 204);
      assert.equal((await remove(r.body.id, op)).status, 204);
      assert.ok(!(await list(huida)).some((d) => d.id === r.body.id));
      // And the client admin's organization too.
      const ours = await create(xingyun, { name: '运营代建部' }, op);
      assert.equal(ours.status, 201, ours.text);
      assert.ok((await list(xingyun, clientAdmin)).some((d) => d.id === ours.body.id));
      assert.equal((await remove(ours.body.id, op)).status, 204);
      // Departments belong to client organizations.
      const before = await snapshot();
      assertProblem(await create(yuncheng, { name: '服务商部门' }, op), 409, 'conflict');
      await assertUnchanged(before);
    });

    await t.test('bad department input answers 422 naming the field; nothing changes', async () => {
      const sales = (await list(xingyun)).find((d) => d.name === '销售部');
      const before = await snapshot();
      assertInvalid(await create(xingyun, {}), ['name']);
      assertInvalid(await create(xingyun, { name: '' }), ['name']);
      assertInvalid(await create(xingyun, { name: '部'.repeat(61) }), ['name']);
      assertInvalid(await create(xingyun, { name: '新部门', parent_id: 0 }), ['parent_id']);
      assertInvalid(await create(xingyun, { name: '新部门', parent_id: String(sales.id) }), ['parent_id']);
      assertInvalid(await create(xingyun, { name: '新部门', cost_centre: 'C'.repeat(41) }), ['cost_centre']);
      assertInvalid(await create(xingyun, { name: '新部门', colour: 'red' }), ['colour']);
      assertInvalid(await update(sales, { name: '' }), ['name']);
      assertInvalid(await update(sales, { parent_id: 'top' }), ['parent_id']);
      await assertUnchanged(before);
    });

    await t.test('renaming a department with only its name keeps its parent and cost centre', async () => {
      // PATCH: fields left out stay as they are (docs/api.md, "Concurrency"; every other PATCH).
      const parent = await create(xingyun, { name: '客服部', cost_centre: 'BJ-600' });
      assert.equal(parent.status, 201, parent.text);
      const child = await create(xingyun, { name: '售后组', parent_id: parent.body.id, cost_centre: 'BJ-610' });
      assert.equal(child.status, 201, child.text);
      const r = await update(child.body, { name: '售后服务组' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.name, '售后服务组');
      assert.equal(r.body.parent_id, parent.body.id, `parent kept: ${r.text}`);
      assert.equal(r.body.cost_centre, 'BJ-610', `cost centre kept: ${r.text}`);
    });

    await t.test('the audit chain verifies', async () => {
      await stopAndVerifyAudit(srv);
    });
  });
}
