// Two servers started at the same moment on one fresh PostgreSQL database: both come up, the
// schema is migrated once, the platform organization exists once, and sessions are shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OPERATOR, PG_SKIP_REASON, PG_ADMIN_URL, createPgDatabase, listAll, migrationFiles, psql, removeTempDir,
  runFuwu, startServer,
} from './lib/harness.mjs';

test('two instances on one PostgreSQL database', { timeout: 180_000 }, async (t) => {
  if (!PG_ADMIN_URL) {
    t.skip(PG_SKIP_REASON);
    return;
  }
  const database = await createPgDatabase();
  const servers = [];
  t.after(async () => {
    for (const s of servers) {
      await s.stop();
      removeTempDir(s.dir);
    }
    await database.drop();
  });

  // Both start concurrently, both with --demo, on an empty database.
  const results = await Promise.allSettled([startServer({ db: database.url }), startServer({ db: database.url })]);
  for (const r of results) if (r.status === 'fulfilled') servers.push(r.value);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);

  await t.test('both servers become ready', () => {
    assert.deepEqual(failures, [], 'both servers started concurrently on an empty database become ready');
  });
  if (servers.length === 0) return;
  if (servers.length === 1) {
    // Already a failure above; start a second instance now, on the seeded database, so that the
    // remaining properties are still checked.
    t.diagnostic('one instance failed to start; checking the rest with a replacement started afterwards');
    servers.push(await startServer({ db: database.url }));
  }
  const [a, b] = servers;

  await t.test('the schema is migrated exactly once', async () => {
    const applied = Number(await psql(database.url, 'SELECT count(*) FROM schema_migrations'));
    assert.equal(applied, migrationFiles('postgres').length);
    const versions = (await psql(database.url, 'SELECT version FROM schema_migrations ORDER BY version')).split('\n');
    assert.equal(new Set(versions).size, versions.length);
  });

  await t.test('exactly one platform organization and one set of demo data', async () => {
    assert.equal(Number(await psql(database.url, "SELECT count(*) FROM organizations WHERE kind = 'platform'")), 1);
    // The demo data was seeded once: no organization name and no email appears twice.
    assert.equal(Number(await psql(database.url,
      'SELECT count(*) FROM (SELECT name FROM organizations GROUP BY name HAVING count(*) > 1) d')), 0);
    assert.equal(Number(await psql(database.url, "SELECT count(*) FROM users WHERE email = 'operator@fuwu.demo'")), 1);
    const tokenA = await a.login(OPERATOR);
    const viaApi = await listAll(a, '/api/v1/organizations?kind=platform', tokenA);
    assert.equal(viaApi.length, 1);
  });

  await t.test('a session from A works on B, and logout on B ends it on A', async () => {
    const token = await a.login(OPERATOR);
    const onA = await a.api('GET', '/api/v1/me', { token });
    assert.equal(onA.status, 200, onA.text);
    const onB = await b.api('GET', '/api/v1/me', { token });
    assert.equal(onB.status, 200, onB.text);
    assert.equal(onB.body.email, OPERATOR);
    assert.equal(onB.body.id, onA.body.id);

    const out = await b.api('POST', '/api/v1/auth/logout', { token });
    assert.equal(out.status, 204, out.text);
    const afterA = await a.api('GET', '/api/v1/me', { token });
    assert.equal(afterA.status, 401, afterA.text);
    assert.equal((await b.api('GET', '/api/v1/me', { token })).status, 401);
  });

  await t.test('writes on both instances land in one audit chain', async () => {
    const tokenA = await a.login(OPERATOR);
    const tokenB = await b.login(OPERATOR);
    const writes = [];
    for (let i = 0; i < 10; i++) {
      writes.push(a.api('POST', '/api/v1/organizations', { token: tokenA, body: { name: `multi-a-${i}`, kind: 'client' } }));
      writes.push(b.api('POST', '/api/v1/organizations', { token: tokenB, body: { name: `multi-b-${i}`, kind: 'client' } }));
    }
    const responses = await Promise.all(writes);
    for (const r of responses) assert.equal(r.status, 201, r.text);
    // Each instance sees the other's writes.
    const seenOnB = await listAll(b, '/api/v1/organizations?q=multi-a-', tokenB);
    assert.equal(seenOnB.length, 10);
    const ids = Number(await psql(database.url, 'SELECT count(*) FROM audit_log'));
    const maxId = Number(await psql(database.url, 'SELECT max(id) FROM audit_log'));
    assert.equal(ids, maxId, 'audit ids are dense');
  });

  await t.test('audit verify passes on the shared database', async () => {
    const r = await runFuwu(['audit', 'verify', '--db', database.url]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  });
});
