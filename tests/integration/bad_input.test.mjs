// Bad input, on SQLite and PostgreSQL: every refused request gets the right problem response, and
// nothing changes behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, CLIENT_ADMIN, EMPLOYEE, OPERATOR, PROVIDER_ADMIN, countOrganizations, findOrganizationByName,
  findUserByEmail, listAll, startOnBackend, uniqueName,
} from './lib/harness.mjs';
import { assertProblem, errorFields } from './lib/problems.mjs';

const ORGS = '/api/v1/organizations';

// Asserts the common shape of a problem response and returns its body.

for (const backend of BACKENDS) {
  test(`bad input [${backend.name}]`, { timeout: 240_000 }, async (t) => {
    if (backend.skipReason) {
      t.skip(backend.skipReason);
      return;
    }
    const srv = await startOnBackend(t, backend);
    const op = await srv.login(OPERATOR);
    const orgCount = () => countOrganizations(srv, op);
    let baseline = await orgCount();
    assert.ok(baseline >= 10, 'demo data has organizations');

    // After a refused request, the organization table is as it was.
    const unchanged = async () => assert.equal(await orgCount(), baseline, 'organization count unchanged');
    // Every accepted creation moves the baseline.
    const created = () => { baseline += 1; };

    await t.test('malformed JSON → 400 malformed_json', async () => {
      for (const raw of ['{"name": "x", "kind": "client"', '{name: 1}', 'not json', '{"a":1}}', '']) {
        const r = await srv.api('POST', ORGS, { token: op, rawBody: raw });
        assertProblem(r, 400, 'malformed_json');
      }
      await unchanged();
    });

    await t.test('wrong content type → 415', async () => {
      const body = JSON.stringify({ name: uniqueName('ct'), kind: 'client' });
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
        const r = await srv.api('POST', ORGS, { token: op, rawBody: body, contentType: type });
        assertProblem(r, 415, 'unsupported_media_type');
      }
      // No Content-Type at all.
      const r = await srv.api('POST', ORGS, { token: op, rawBody: new Blob([body]), contentType: null });
      assertProblem(r, 415, 'unsupported_media_type');
      await unchanged();
    });

    await t.test('wrong field types → 422 validation_failed naming each field', async () => {
      const r = await srv.api('POST', ORGS, { token: op, body: { name: 42, kind: ['client'], region_code: false } });
      const p = assertProblem(r, 422, 'validation_failed');
      const fields = errorFields(p);
      for (const f of ['name', 'kind', 'region_code']) assert.ok(fields.includes(f), `${f} in ${fields}`);

      const r2 = await srv.api('POST', ORGS, { token: op, body: { name: 'ok name', kind: 'platform' } });
      assert.deepEqual(errorFields(assertProblem(r2, 422, 'validation_failed')), ['kind']);

      for (const region_code of ['12x', '999999', '1', 110108]) {
        const r3 = await srv.api('POST', ORGS, { token: op, body: { name: 'ok name', kind: 'client', region_code } });
        assert.deepEqual(errorFields(assertProblem(r3, 422, 'validation_failed')), ['region_code'], `${region_code}`);
      }

      // A JSON value that is not an object.
      const r4 = await srv.api('POST', ORGS, { token: op, rawBody: '["name"]' });
      assertProblem(r4, 422);
      await unchanged();
    });

    await t.test('missing fields → 422', async () => {
      const r = await srv.api('POST', ORGS, { token: op, body: {} });
      const fields = errorFields(assertProblem(r, 422, 'validation_failed'));
      assert.ok(fields.includes('name') && fields.includes('kind'), `${fields}`);
      const r2 = await srv.api('POST', ORGS, { token: op, body: { name: null, kind: 'client' } });
      assert.deepEqual(errorFields(assertProblem(r2, 422, 'validation_failed')), ['name']);
      const r3 = await srv.api('POST', ORGS, { token: op, body: { name: '', kind: 'client' } });
      assert.deepEqual(errorFields(assertProblem(r3, 422, 'validation_failed')), ['name']);
      await unchanged();
    });

    await t.test('unknown field → 422', async () => {
      const r = await srv.api('POST', ORGS, { token: op, body: { name: uniqueName('u'), kind: 'client', colour: 'red' } });
      assert.deepEqual(errorFields(assertProblem(r, 422, 'validation_failed')), ['colour']);
      await unchanged();
    });

    await t.test('body over the 1 MiB limit → 413', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(1.5 * 1024 * 1024), kind: 'client' });
      assert.ok(big.length > 1.5 * 1024 * 1024);
      const r = await srv.api('POST', ORGS, { token: op, rawBody: big });
      assertProblem(r, 413, 'payload_too_large');
      // The server still answers afterwards.
      assert.equal((await srv.api('GET', '/healthz')).status, 200);
      await unchanged();
    });

    await t.test('a chunked body over the limit → 413', async () => {
      // No Content-Length: the limit must hold while the body streams in.
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (sent++ < 24) controller.enqueue(chunk); // 1.5 MiB in all
          else controller.close();
        },
      });
      const response = await fetch(srv.url + ORGS, {
        method: 'POST', body: stream, duplex: 'half',
        headers: { authorization: `Bearer ${op}`, 'content-type': 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      assert.equal(response.status, 413, text);
      assert.equal(JSON.parse(text).code, 'payload_too_large');
      await unchanged();
    });

    await t.test('a large upload gets its 413, not a connection reset', async () => {
      // The server answers 413 as soon as it sees Content-Length; a client still sending the body
      // must be able to read that answer (RFC 9112 §9.6: close in stages, not abruptly).
      const big = 'x'.repeat(8 << 20);
      const outcomes = [];
      for (let i = 0; i < 10; i++) {
        try {
          const r = await srv.api('POST', ORGS, { token: op, rawBody: big });
          outcomes.push(r.status);
        } catch (error) {
          outcomes.push(`${error.message}: ${error.cause ? error.cause.code || error.cause.message : ''}`);
        }
      }
      assert.deepEqual(outcomes, Array(10).fill(413), `10 uploads of 8 MiB: ${JSON.stringify(outcomes)}`);
      await unchanged();
    });

    await t.test('text and number limits', async () => {
      const post = (rawBody) => srv.api('POST', ORGS, { token: op, rawBody });
      // Nesting beyond the parser's depth limit is malformed JSON, not a crash.
      assertProblem(await post(`{"name":${'['.repeat(10_000)}${']'.repeat(10_000)},"kind":"client"}`), 400,
                    'malformed_json');
      // Invalid UTF-8 and lone surrogates.
      assertProblem(await post(Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]),
                                              Buffer.from('","kind":"client"}')])), 400, 'malformed_json');
      assertProblem(await post('{"name":"a\\ud800b","kind":"client"}'), 400, 'malformed_json');
      // Control characters, including NUL, in a name.
      for (const name of ['a\\u0000b', 'a\\u0001b', 'a\\u007fb', 'a\\rb']) {
        const r = await post(`{"name":"${name}","kind":"client"}`);
        assert.deepEqual(errorFields(assertProblem(r, 422, 'validation_failed')), ['name'], name);
      }
      // 100 characters (not bytes) is the most a name may have.
      const tooLong = await srv.api('POST', ORGS, { token: op, body: { name: '北'.repeat(101), kind: 'client' } });
      assert.deepEqual(errorFields(assertProblem(tooLong, 422, 'validation_failed')), ['name']);
      await unchanged();
      const longest = await srv.api('POST', ORGS, { token: op, body: { name: '北'.repeat(100), kind: 'client' } });
      assert.equal(longest.status, 201, longest.text);
      assert.equal(longest.body.name, '北'.repeat(100));
      created();
      // Integers out of range or not integers.
      for (const value of ['1e30', '1.5', '-1', '0', '18446744073709551615', '"7"', 'true']) {
        const r = await srv.api('POST', '/api/v1/api-keys', { token: op, rawBody: `{"name":"k","user_id":${value}}` });
        assert.deepEqual(errorFields(assertProblem(r, 422, 'validation_failed')), ['user_id'], value);
      }
      // Paging and filter parameters.
      for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=-1', 'cursor=zzz', 'cursor=c-1', 'kind=martian',
                           `q=${'x'.repeat(101)}`, 'q=%FF']) {
        const r = await srv.api('GET', `${ORGS}?${query}`, { token: op });
        assertProblem(r, 422, 'validation_failed');
      }
      assertProblem(await srv.api('GET', '/api/v1/users?organization_id=-1', { token: op }), 422, 'validation_failed');
      // Ids that are not positive 64-bit integers are simply not found.
      for (const id of ['0', '-1', '99999999999999999999', '1.0', '0x1']) {
        assertProblem(await srv.api('GET', `${ORGS}/${id}`, { token: op }), 404, 'not_found');
      }
      await unchanged();
    });

    await t.test('unknown route → 404', async () => {
      assertProblem(await srv.api('GET', '/api/v1/nope', { token: op }), 404, 'no_route');
      assertProblem(await srv.api('GET', '/api/v1/organizations/1/nope', { token: op }), 404, 'no_route');
      assertProblem(await srv.api('POST', '/api/v2/organizations', { token: op, body: { name: 'x', kind: 'client' } }),
                    404, 'no_route');
      // A non-numeric id is "no such organization".
      assertProblem(await srv.api('GET', '/api/v1/organizations/abc', { token: op }), 404);
      assertProblem(await srv.api('GET', '/api/v1/organizations/999999', { token: op }), 404);
      await unchanged();
    });

    await t.test('wrong method → 405 with Allow', async () => {
      const r = await srv.api('DELETE', ORGS, { token: op });
      assertProblem(r, 405, 'method_not_allowed');
      const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim()).sort();
      assert.deepEqual(allow, ['GET', 'POST']);
      const r2 = await srv.api('PUT', '/api/v1/organizations/1', { token: op, body: { name: 'x' } });
      assertProblem(r2, 405, 'method_not_allowed');
      const allow2 = (r2.headers.get('allow') || '').split(',').map((s) => s.trim()).sort();
      assert.deepEqual(allow2, ['GET', 'PATCH']);
      await unchanged();
    });

    await t.test('no token → 401', async () => {
      assertProblem(await srv.api('GET', '/api/v1/me'), 401);
      assertProblem(await srv.api('POST', ORGS, { body: { name: uniqueName('nt'), kind: 'client' } }), 401);
      // "Bearer" with nothing after it is no token either.
      assertProblem(await srv.api('GET', '/api/v1/me', { headers: { authorization: 'Bearer ' } }), 401);
      await unchanged();
    });

    await t.test('garbage token → 401', async () => {
      const tokens = ['garbage', 'fws_' + '0'.repeat(64), 'fwk_' + 'f'.repeat(64), 'fws_' + 'a'.repeat(500),
                      "fws_' OR '1'='1"];
      for (const token of tokens) {
        const r = await srv.api('GET', '/api/v1/me', { token });
        assertProblem(r, 401, 'invalid_token');
      }
      assertProblem(await srv.api('GET', '/api/v1/me', { headers: { authorization: 'Basic b3A6cHc=' } }), 401);
      assertProblem(await srv.api('POST', ORGS, { token: 'garbage', body: { name: uniqueName('g'), kind: 'client' } }),
                    401);
      await unchanged();
    });

    await t.test('token after logout → 401', async () => {
      const token = await srv.login(OPERATOR);
      assert.equal((await srv.api('GET', '/api/v1/me', { token })).status, 200);
      const out = await srv.api('POST', '/api/v1/auth/logout', { token });
      assert.equal(out.status, 204, out.text);
      assertProblem(await srv.api('GET', '/api/v1/me', { token }), 401, 'invalid_token');
      assertProblem(await srv.api('POST', ORGS, { token, body: { name: uniqueName('lo'), kind: 'client' } }), 401);
      // Logging out twice is refused too: the token is gone.
      assertProblem(await srv.api('POST', '/api/v1/auth/logout', { token }), 401);
      // The operator's other session is untouched.
      assert.equal((await srv.api('GET', '/api/v1/me', { token: op })).status, 200);
      await unchanged();
    });

    await t.test('wrong role → 403', async () => {
      const employee = await srv.login(EMPLOYEE);
      assertProblem(await srv.api('GET', '/api/v1/users', { token: employee }), 403, 'forbidden');
      assertProblem(await srv.api('POST', ORGS, { token: employee, body: { name: uniqueName('e'), kind: 'client' } }),
                    403, 'forbidden');
      const clientAdmin = await srv.login(CLIENT_ADMIN);
      assertProblem(await srv.api('POST', ORGS, { token: clientAdmin, body: { name: uniqueName('c'), kind: 'client' } }),
                    403, 'forbidden');
      assertProblem(await srv.api('GET', '/api/v1/audit', { token: clientAdmin }), 403, 'forbidden');
      await unchanged();
    });

    await t.test("another organization's id → 404", async () => {
      const clientAdmin = await srv.login(CLIENT_ADMIN);
      const provider = await findOrganizationByName(srv, op, '杭州云程差旅服务有限公司');
      const providerAdmin = await findUserByEmail(srv, op, PROVIDER_ADMIN);
      const own = await findUserByEmail(srv, op, CLIENT_ADMIN);

      assertProblem(await srv.api('GET', `${ORGS}/${provider.id}`, { token: clientAdmin }), 404, 'not_found');
      assertProblem(await srv.api('GET', `/api/v1/users/${providerAdmin.id}`, { token: clientAdmin }), 404, 'not_found');
      // The same answer as for an id that does not exist at all: nothing leaks.
      const missing = await srv.api('GET', '/api/v1/users/987654', { token: clientAdmin });
      assertProblem(missing, 404, 'not_found');

      // Changing the other organization's user is refused the same way and changes nothing.
      const patch = await srv.api('PATCH', `/api/v1/users/${providerAdmin.id}`, {
        token: clientAdmin, body: { name: 'hijacked' }, headers: { 'if-match': `"${providerAdmin.version}"` },
      });
      assertProblem(patch, 404, 'not_found');
      const after = await srv.api('GET', `/api/v1/users/${providerAdmin.id}`, { token: op });
      assert.equal(after.body.name, providerAdmin.name);
      assert.equal(after.body.version, providerAdmin.version);

      // Sanity: their own organization and user are visible.
      assert.equal((await srv.api('GET', `${ORGS}/${own.organization_id}`, { token: clientAdmin })).status, 200);
      assert.equal((await srv.api('GET', `/api/v1/users/${own.id}`, { token: clientAdmin })).status, 200);
      // The listing holds only their own organization.
      const visible = await listAll(srv, ORGS, clientAdmin);
      assert.deepEqual(visible.map((o) => o.id), [own.organization_id]);
      await unchanged();
    });

    await t.test('Idempotency-Key replay and reuse', async () => {
      const key = uniqueName('idem');
      const name = uniqueName('idempotent org');
      const body = { name, kind: 'provider', region_code: '330106' };
      const first = await srv.api('POST', ORGS, { token: op, body, headers: { 'idempotency-key': key } });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.headers.get('idempotent-replay'), null);
      created();

      const second = await srv.api('POST', ORGS, { token: op, body, headers: { 'idempotency-key': key } });
      assert.equal(second.status, first.status);
      assert.equal(second.text, first.text);
      assert.equal(second.headers.get('idempotent-replay'), 'true');
      assert.equal(second.headers.get('etag'), first.headers.get('etag'));
      assert.match(second.headers.get('content-type') || '', /^application\/json/);

      const orgs = await listAll(srv, ORGS, op);
      assert.equal(orgs.filter((o) => o.name === name).length, 1, 'exactly one organization created');
      await unchanged();

      const reused = await srv.api('POST', ORGS, {
        token: op, body: { ...body, name: `${name} (other)` }, headers: { 'idempotency-key': key },
      });
      assertProblem(reused, 422, 'idempotency_key_reused');
      await unchanged();

      // The same key on another path is a different request as well.
      const otherPath = await srv.api('POST', '/api/v1/users', {
        token: op, body, headers: { 'idempotency-key': key },
      });
      assertProblem(otherPath, 422, 'idempotency_key_reused');

      // A replay of a refused request replays the refusal too, and creates nothing.
      const badKey = uniqueName('idem-bad');
      const bad1 = await srv.api('POST', ORGS, { token: op, body: { name: 'x' }, headers: { 'idempotency-key': badKey } });
      assertProblem(bad1, 422, 'validation_failed');
      const bad2 = await srv.api('POST', ORGS, { token: op, body: { name: 'x' }, headers: { 'idempotency-key': badKey } });
      assert.equal(bad2.status, 422);
      await unchanged();

      // Keys belong to the user, not to the session: a new session of the same user replays.
      const otherSession = await srv.login(OPERATOR);
      const again = await srv.api('POST', ORGS, { token: otherSession, body, headers: { 'idempotency-key': key } });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.text, first.text);
      assert.equal(again.headers.get('idempotent-replay'), 'true');
      await unchanged();

      const tooLong = await srv.api('POST', ORGS, {
        token: op, body: { name: uniqueName('long key'), kind: 'client' }, headers: { 'idempotency-key': 'k'.repeat(201) },
      });
      assertProblem(tooLong, 422);
      await unchanged();
    });

    await t.test('quotes, SQL fragments and <script> are stored verbatim', async () => {
      const names = [
        `'); DROP TABLE users; --`,
        `Robert'); DROP TABLE organizations;-- "quoted" \\ back\\slash`,
        `<script>alert("xss")</script>`,
        `O'Brien & "Sons" 北京 ☃ %_ $1 ?`,
        `1' OR '1'='1`,
      ];
      const ids = [];
      for (const name of names) {
        const r = await srv.api('POST', ORGS, { token: op, body: { name, kind: 'client' } });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.body.name, name);
        created();
        ids.push(r.body.id);
        const back = await srv.api('GET', `${ORGS}/${r.body.id}`, { token: op });
        assert.equal(back.status, 200);
        assert.equal(back.body.name, name);
        // The response is JSON, never HTML that would run the script.
        assert.match(back.headers.get('content-type') || '', /^application\/json/);
      }
      // The tables still work: listing, searching and logging in.
      const all = await listAll(srv, ORGS, op);
      for (const [i, name] of names.entries())
        assert.equal(all.find((o) => o.id === ids[i])?.name, name);
      const search = await srv.api('GET', `${ORGS}?q=${encodeURIComponent("'); DROP TABLE")}`, { token: op });
      assert.equal(search.status, 200, search.text);
      assert.ok(search.body.items.some((o) => o.id === ids[0]), 'search finds the SQL-looking name');
      const wildcard = await srv.api('GET', `${ORGS}?q=${encodeURIComponent('%')}`, { token: op });
      assert.equal(wildcard.status, 200);
      assert.deepEqual(wildcard.body.items.map((o) => o.id), [ids[3]], '% is matched literally');
      assert.equal((await srv.api('GET', '/api/v1/users', { token: op })).status, 200);
      await srv.login(EMPLOYEE);

      // A user with such a name too.
      const userName = `<img src=x onerror=alert(1)> '; DELETE FROM users; --`;
      const u = await srv.api('POST', '/api/v1/users', {
        token: op,
        body: { email: `${uniqueName('quote')}@example.com`, name: userName, password: 'a-long-password-1',
                organization_id: ids[0], roles: ['client_admin'] },
      });
      assert.equal(u.status, 201, u.text);
      const uBack = await srv.api('GET', `/api/v1/users/${u.body.id}`, { token: op });
      assert.equal(uBack.body.name, userName);
      assert.equal(uBack.body.organization_name, names[0]);
      await unchanged();
    });

    await t.test('PATCH needs the right If-Match', async () => {
      const c = await srv.api('POST', ORGS, { token: op, body: { name: uniqueName('patch me'), kind: 'client' } });
      assert.equal(c.status, 201, c.text);
      created();
      const id = c.body.id;
      const etag = c.headers.get('etag');
      assert.equal(etag, `"${c.body.version}"`);

      const snapshot = async () => (await srv.api('GET', `${ORGS}/${id}`, { token: op })).body;
      const before = await snapshot();

      const none = await srv.api('PATCH', `${ORGS}/${id}`, { token: op, body: { name: 'no if-match' } });
      assertProblem(none, 428, 'if_match_required');
      assert.deepEqual(await snapshot(), before);

      const stale = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { name: 'stale' }, headers: { 'if-match': `"${before.version + 5}"` },
      });
      assertProblem(stale, 412, 'version_mismatch');
      assert.deepEqual(await snapshot(), before);

      const junk = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { name: 'junk' }, headers: { 'if-match': '"abc"' },
      });
      assertProblem(junk, 412);
      assert.deepEqual(await snapshot(), before);

      // Invalid fields are refused before the version is even looked at.
      const invalid = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { status: 'deleted' }, headers: { 'if-match': etag },
      });
      assert.deepEqual(errorFields(assertProblem(invalid, 422, 'validation_failed')), ['status']);
      assert.deepEqual(await snapshot(), before);

      const ok = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { name: 'patched "name"' }, headers: { 'if-match': etag },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.name, 'patched "name"');
      assert.equal(ok.body.version, before.version + 1);
      assert.equal(ok.headers.get('etag'), `"${before.version + 1}"`);
      assert.notEqual(ok.headers.get('etag'), etag);

      // The old ETag is now stale.
      const again = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { name: 'lost update' }, headers: { 'if-match': etag },
      });
      assertProblem(again, 412, 'version_mismatch');
      const final = await snapshot();
      assert.equal(final.name, 'patched "name"');
      assert.equal(final.version, before.version + 1);
      // A weak ETag form is accepted as well.
      const weak = await srv.api('PATCH', `${ORGS}/${id}`, {
        token: op, body: { region_code: '1101' }, headers: { 'if-match': `W/${ok.headers.get('etag')}` },
      });
      assert.equal(weak.status, 200, weak.text);
      await unchanged();
    });
  });
}
