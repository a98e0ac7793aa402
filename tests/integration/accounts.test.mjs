// Accounts on SQLite and PostgreSQL: organizations and users across tenants, disabling users,
// login throttling and locking, API keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, OPERATOR, SUPPLIER_API, findUserByEmail, listAll, sleep, startOnBackend, uniqueName,
} from './lib/harness.mjs';

// The policy under test (src/auth/session_service.{hpp,cpp}): after failures_before_slowdown (3,
// the default) failures each attempt must wait 1 s, 2 s, 4 s … after the last failure (429
// login_throttled); after failures_before_lock failures the account is locked for lock_ms (429
// login_locked). The lock threshold is lowered to 5 here so that it is reached in seconds.
const FAILURES_BEFORE_LOCK = 5;
const PASSWORD = 'correct horse battery';

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  if (code !== undefined) assert.equal(r.body.code, code, r.text);
  return r.body;
}

for (const backend of BACKENDS) {
  test(`accounts [${backend.name}]`, { timeout: 240_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend, {
      args: ['--set', `auth.failures_before_lock=${FAILURES_BEFORE_LOCK}`],
    });
    const op = await srv.login(OPERATOR);
    const usersIn = async (orgId) => listAll(srv, `/api/v1/users?organization_id=${orgId}`, op);
    const tryLogin = (email, password) => srv.api('POST', '/api/v1/auth/login', { body: { email, password } });

    // Shared by the subtests below.
    let org; let admin; let adminToken;

    await t.test('operator creates a client organization and its admin; the admin sees only their own', async () => {
      const o = await srv.api('POST', '/api/v1/organizations', {
        token: op, body: { name: uniqueName('客户公司'), kind: 'client', region_code: '3301' },
      });
      assert.equal(o.status, 201, o.text);
      org = o.body;
      assert.equal(org.kind, 'client');
      assert.equal(org.status, 'active');

      const email = `${uniqueName('admin')}@client.example`;
      const u = await srv.api('POST', '/api/v1/users', {
        token: op, body: { email, name: '客户管理员', password: PASSWORD, organization_id: org.id, roles: ['client_admin'] },
      });
      assert.equal(u.status, 201, u.text);
      admin = u.body;
      assert.equal(admin.email, email);
      assert.deepEqual(admin.roles, ['client_admin']);
      assert.equal(admin.organization_id, org.id);
      assert.equal(u.headers.get('etag'), `"${admin.version}"`);
      assert.equal(u.body.password, undefined);
      assert.equal(u.body.password_hash, undefined);

      // Emails are case-insensitive and trimmed.
      adminToken = (await tryLogin(`  ${email.toUpperCase()} `, PASSWORD)).body.token;
      assert.ok(adminToken, 'the new admin can log in');
      const me = await srv.api('GET', '/api/v1/me', { token: adminToken });
      assert.equal(me.status, 200);
      assert.equal(me.body.id, admin.id);
      assert.deepEqual(me.body.roles, ['client_admin']);

      const orgs = await listAll(srv, '/api/v1/organizations', adminToken);
      assert.deepEqual(orgs.map((x) => x.id), [org.id]);
      // Filters cannot widen the view.
      const providers = await listAll(srv, '/api/v1/organizations?kind=provider', adminToken);
      assert.deepEqual(providers, []);
      const users = await listAll(srv, '/api/v1/users', adminToken);
      assert.deepEqual(users.map((x) => x.id), [admin.id]);
      const platformUsers = await listAll(srv, '/api/v1/users?organization_id=1', adminToken);
      assert.deepEqual(platformUsers, []);

      // The same email twice is refused.
      const dup = await srv.api('POST', '/api/v1/users', {
        token: op, body: { email, name: 'dup', password: PASSWORD, organization_id: org.id, roles: ['employee'] },
      });
      assertProblem(dup, 409, 'already_exists');
    });

    await t.test('a client admin cannot create users elsewhere or with roles of another kind', async () => {
      const other = await findUserByEmail(srv, op, 'admin@yuncheng.demo');
      const before = (await usersIn(other.organization_id)).length;
      const elsewhere = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('x')}@client.example`, name: 'intruder', password: PASSWORD,
                organization_id: other.organization_id, roles: ['provider_staff'] },
      });
      // Another organization is "no such organization" (422 on the organization_id field), the
      // same answer as for an id that does not exist.
      const p = assertProblem(elsewhere, 422, 'validation_failed');
      assert.deepEqual(p.errors.map((e) => e.field), ['organization_id']);
      const missing = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('x')}@client.example`, name: 'ghost', password: PASSWORD,
                organization_id: 987654, roles: ['employee'] },
      });
      assert.deepEqual(assertProblem(missing, 422, 'validation_failed').errors.map((e) => e.field), ['organization_id']);
      assert.equal((await usersIn(other.organization_id)).length, before, 'no user was added there');

      const ownBefore = (await usersIn(org.id)).length;
      for (const roles of [['provider_admin'], ['employee', 'desk_agent'], ['operator_admin'], ['supplier_api']]) {
        const r = await srv.api('POST', '/api/v1/users', {
          token: adminToken,
          body: { email: `${uniqueName('r')}@client.example`, name: 'role', password: PASSWORD, organization_id: org.id, roles },
        });
        const problem = assertProblem(r, 422, 'validation_failed');
        assert.deepEqual(problem.errors.map((e) => e.field), ['roles'], `${roles}: ${r.text}`);
      }
      const unknownRole = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('r')}@client.example`, name: 'role', password: PASSWORD, organization_id: org.id,
                roles: ['superuser'] },
      });
      assertProblem(unknownRole, 422, 'validation_failed');
      const noRole = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('r')}@client.example`, name: 'role', password: PASSWORD, organization_id: org.id, roles: [] },
      });
      assertProblem(noRole, 422, 'validation_failed');
      const weak = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('w')}@client.example`, name: 'weak', password: 'short', organization_id: org.id,
                roles: ['employee'] },
      });
      assert.deepEqual(assertProblem(weak, 422, 'validation_failed').errors.map((e) => e.field), ['password']);
      const notEmail = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: 'not an email', name: 'x', password: PASSWORD, organization_id: org.id, roles: ['employee'] },
      });
      assert.deepEqual(assertProblem(notEmail, 422, 'validation_failed').errors.map((e) => e.field), ['email']);
      assert.equal((await usersIn(org.id)).length, ownBefore, 'no user was added');

      // Giving an existing user a role of another kind is refused too.
      const emp = await srv.api('POST', '/api/v1/users', {
        token: adminToken,
        body: { email: `${uniqueName('emp')}@client.example`, name: '员工', password: PASSWORD, organization_id: org.id,
                roles: ['employee'] },
      });
      assert.equal(emp.status, 201, emp.text);
      const promote = await srv.api('PATCH', `/api/v1/users/${emp.body.id}`, {
        token: adminToken, body: { roles: ['provider_admin'] }, headers: { 'if-match': emp.headers.get('etag') },
      });
      assert.deepEqual(assertProblem(promote, 422, 'validation_failed').errors.map((e) => e.field), ['roles']);
      const still = await srv.api('GET', `/api/v1/users/${emp.body.id}`, { token: op });
      assert.deepEqual(still.body.roles, ['employee']);
      assert.equal(still.body.version, emp.body.version);
    });

    await t.test('disabling a user ends their sessions', async () => {
      const email = `${uniqueName('leaver')}@client.example`;
      const u = await srv.api('POST', '/api/v1/users', {
        token: adminToken, body: { email, name: '离职员工', password: PASSWORD, organization_id: org.id, roles: ['employee'] },
      });
      assert.equal(u.status, 201, u.text);
      const token1 = (await tryLogin(email, PASSWORD)).body.token;
      const token2 = (await tryLogin(email, PASSWORD)).body.token;
      assert.equal((await srv.api('GET', '/api/v1/me', { token: token1 })).status, 200);

      const noIfMatch = await srv.api('PATCH', `/api/v1/users/${u.body.id}`, { token: adminToken, body: { status: 'disabled' } });
      assertProblem(noIfMatch, 428);
      assert.equal((await srv.api('GET', '/api/v1/me', { token: token1 })).status, 200, 'a refused PATCH changes nothing');

      const disabled = await srv.api('PATCH', `/api/v1/users/${u.body.id}`, {
        token: adminToken, body: { status: 'disabled' }, headers: { 'if-match': u.headers.get('etag') },
      });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(disabled.body.status, 'disabled');
      assert.equal(disabled.headers.get('etag'), `"${u.body.version + 1}"`);

      for (const token of [token1, token2]) assertProblem(await srv.api('GET', '/api/v1/me', { token }), 401);
      assertProblem(await tryLogin(email, PASSWORD), 401, 'invalid_credentials');

      // Enabling the account again does not bring the old sessions back.
      const enabled = await srv.api('PATCH', `/api/v1/users/${u.body.id}`, {
        token: op, body: { status: 'active' }, headers: { 'if-match': disabled.headers.get('etag') },
      });
      assert.equal(enabled.status, 200, enabled.text);
      assertProblem(await srv.api('GET', '/api/v1/me', { token: token1 }), 401);
      const fresh = await tryLogin(email, PASSWORD);
      assert.equal(fresh.status, 200, fresh.text);

      // A new password ends sessions as well.
      const changed = await srv.api('PATCH', `/api/v1/users/${u.body.id}`, {
        token: adminToken, body: { password: 'another long password' }, headers: { 'if-match': enabled.headers.get('etag') },
      });
      assert.equal(changed.status, 200, changed.text);
      assertProblem(await srv.api('GET', '/api/v1/me', { token: fresh.body.token }), 401);
      assertProblem(await tryLogin(email, PASSWORD), 401, 'invalid_credentials');
      assert.equal((await tryLogin(email, 'another long password')).status, 200);

      // Nobody can disable themselves.
      const me = await srv.api('GET', `/api/v1/users/${admin.id}`, { token: adminToken });
      const self = await srv.api('PATCH', `/api/v1/users/${admin.id}`, {
        token: adminToken, body: { status: 'disabled' }, headers: { 'if-match': me.headers.get('etag') },
      });
      assertProblem(self, 409, 'conflict');
      assert.equal((await srv.api('GET', '/api/v1/me', { token: adminToken })).status, 200);

      // Suspending the organization ends its members' access too.
      const orgNow = await srv.api('GET', `/api/v1/organizations/${org.id}`, { token: op });
      const suspended = await srv.api('PATCH', `/api/v1/organizations/${org.id}`, {
        token: op, body: { status: 'suspended' }, headers: { 'if-match': orgNow.headers.get('etag') },
      });
      assert.equal(suspended.status, 200, suspended.text);
      assertProblem(await srv.api('GET', '/api/v1/me', { token: adminToken }), 401);
      const resumed = await srv.api('PATCH', `/api/v1/organizations/${org.id}`, {
        token: op, body: { status: 'active' }, headers: { 'if-match': suspended.headers.get('etag') },
      });
      assert.equal(resumed.status, 200, resumed.text);
      assert.equal((await srv.api('GET', '/api/v1/me', { token: adminToken })).status, 200);
    });

    await t.test('failed logins are throttled, then locked', async () => {
      const email = `${uniqueName('forgetful')}@client.example`;
      const u = await srv.api('POST', '/api/v1/users', {
        token: op, body: { email, name: '健忘', password: PASSWORD, organization_id: org.id, roles: ['employee'] },
      });
      assert.equal(u.status, 201, u.text);

      for (let i = 1; i <= 3; i++) assertProblem(await tryLogin(email, `wrong password ${i}`), 401, 'invalid_credentials');
      // The 4th attempt within 1 s of the 3rd failure is refused even with the right password.
      const throttled = assertProblem(await tryLogin(email, PASSWORD), 429, 'login_throttled');
      assert.match(throttled.detail, /wait 1 s/);
      // Other accounts are not affected.
      assert.equal((await tryLogin(OPERATOR, 'Fuwu-demo-2026')).status, 200);

      // After 1 s another attempt is allowed; it fails (4th failure), and now the wait is 2 s.
      await sleep(1_100);
      assertProblem(await tryLogin(email, 'wrong password 4'), 401, 'invalid_credentials');
      assert.match(assertProblem(await tryLogin(email, PASSWORD), 429, 'login_throttled').detail, /wait [12] s/);
      await sleep(1_100);
      assertProblem(await tryLogin(email, PASSWORD), 429, 'login_throttled');
      await sleep(1_100);
      // The 5th failure locks the account.
      assertProblem(await tryLogin(email, 'wrong password 5'), 401, 'invalid_credentials');
      const locked = assertProblem(await tryLogin(email, PASSWORD), 429, 'login_locked');
      assert.match(locked.detail, /locked for 15 more minute/);
      await sleep(1_100);
      assertProblem(await tryLogin(email, PASSWORD), 429, 'login_locked');

      const audit = await srv.api('GET', `/api/v1/audit?action=login.lock&entity_id=${encodeURIComponent(email)}`, { token: op });
      assert.equal(audit.status, 200, audit.text);
      assert.equal(audit.body.items.length, 1);
      assert.equal(audit.body.items[0].after.failures, FAILURES_BEFORE_LOCK);
    });

    await t.test('a successful login clears the failure count', async () => {
      const email = `${uniqueName('recovers')}@client.example`;
      const u = await srv.api('POST', '/api/v1/users', {
        token: op, body: { email, name: '恢复', password: PASSWORD, organization_id: org.id, roles: ['employee'] },
      });
      assert.equal(u.status, 201, u.text);
      for (let i = 0; i < 3; i++) assertProblem(await tryLogin(email, 'nope nope nope'), 401, 'invalid_credentials');
      assertProblem(await tryLogin(email, PASSWORD), 429, 'login_throttled');
      await sleep(1_100);
      assert.equal((await tryLogin(email, PASSWORD)).status, 200);
      // Counting starts again from zero.
      for (let i = 0; i < 2; i++) assertProblem(await tryLogin(email, 'nope nope nope'), 401, 'invalid_credentials');
      assert.equal((await tryLogin(email, PASSWORD)).status, 200);

      // Unknown emails are throttled the same way: no difference reveals which emails exist.
      const ghost = `${uniqueName('ghost')}@nowhere.example`;
      for (let i = 0; i < 3; i++) assertProblem(await tryLogin(ghost, PASSWORD), 401, 'invalid_credentials');
      assertProblem(await tryLogin(ghost, PASSWORD), 429, 'login_throttled');
    });

    await t.test('API keys: create, use via Bearer and X-Api-Key, revoke', async () => {
      const supplier = await findUserByEmail(srv, op, SUPPLIER_API);
      const created = await srv.api('POST', '/api/v1/api-keys', {
        token: op, body: { name: '云翼 GDS 接口', user_id: supplier.id },
      });
      assert.equal(created.status, 201, created.text);
      const { secret, id } = created.body;
      assert.match(secret, /^fwk_[0-9a-f]{64}$/);
      assert.equal(created.body.prefix, secret.slice(0, 12));
      assert.equal(created.body.user_id, supplier.id);
      assert.equal(created.body.organization_id, supplier.organization_id);
      assert.equal(created.body.revoked_at, null);

      const viaBearer = await srv.api('GET', '/api/v1/me', { token: secret });
      assert.equal(viaBearer.status, 200, viaBearer.text);
      assert.equal(viaBearer.body.email, SUPPLIER_API);
      assert.deepEqual(viaBearer.body.roles, ['supplier_api']);
      const viaHeader = await srv.api('GET', '/api/v1/me', { apiKey: secret });
      assert.equal(viaHeader.status, 200, viaHeader.text);
      assert.equal(viaHeader.body.id, supplier.id);
      // The key has its user's roles only.
      assertProblem(await srv.api('GET', '/api/v1/users', { apiKey: secret }), 403);
      // API keys are revoked, not logged out.
      assertProblem(await srv.api('POST', '/api/v1/auth/logout', { apiKey: secret }), 409);
      assert.equal((await srv.api('GET', '/api/v1/me', { apiKey: secret })).status, 200);

      // The secret is shown once: listings never hold it.
      const list = await srv.api('GET', '/api/v1/api-keys', { token: op });
      assert.equal(list.status, 200);
      const listed = list.body.items.find((k) => k.id === id);
      assert.ok(listed, 'the key is listed');
      assert.equal(listed.secret, undefined);
      assert.ok(!list.text.includes(secret), 'the secret never appears in a listing');

      // A client admin neither sees nor revokes it, nor mints keys for other organizations' users.
      const clientAdmin = await srv.login('admin@xingyun.demo');
      const theirList = await srv.api('GET', '/api/v1/api-keys', { token: clientAdmin });
      assert.ok(!theirList.body.items.some((k) => k.id === id));
      assertProblem(await srv.api('DELETE', `/api/v1/api-keys/${id}`, { token: clientAdmin }), 404);
      assertProblem(await srv.api('POST', '/api/v1/api-keys', {
        token: clientAdmin, body: { name: 'stolen', user_id: supplier.id },
      }), 404);
      assert.equal((await srv.api('GET', '/api/v1/me', { token: secret })).status, 200, 'still valid');

      assertProblem(await srv.api('POST', '/api/v1/api-keys', {
        token: op, body: { name: 'expired', user_id: supplier.id, expires_at: 1000 },
      }), 422, 'validation_failed');

      const revoked = await srv.api('DELETE', `/api/v1/api-keys/${id}`, { token: op });
      assert.equal(revoked.status, 204, revoked.text);
      assertProblem(await srv.api('GET', '/api/v1/me', { token: secret }), 401, 'invalid_token');
      assertProblem(await srv.api('GET', '/api/v1/me', { apiKey: secret }), 401, 'invalid_token');
      // Revoking again is harmless.
      assert.equal((await srv.api('DELETE', `/api/v1/api-keys/${id}`, { token: op })).status, 204);
      assertProblem(await srv.api('DELETE', '/api/v1/api-keys/987654', { token: op }), 404);
    });

    await t.test('an API key with an expiry works until it expires', async () => {
      const supplier = await findUserByEmail(srv, op, SUPPLIER_API);
      const expiresAt = Date.now() + 3_000;
      const created = await srv.api('POST', '/api/v1/api-keys', {
        token: op, body: { name: 'short-lived', user_id: supplier.id, expires_at: expiresAt },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.expires_at, expiresAt);
      assert.equal((await srv.api('GET', '/api/v1/me', { apiKey: created.body.secret })).status, 200);
      await sleep(Math.max(0, expiresAt - Date.now()) + 500);
      assertProblem(await srv.api('GET', '/api/v1/me', { apiKey: created.body.secret }), 401, 'token_expired');
    });
  });
}
