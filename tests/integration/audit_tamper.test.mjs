// The audit log: the API shows before/after to operators only, and `fuwu audit verify` names the
// first record that was edited or deleted behind the server's back (SQLite, via the sqlite3 CLI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  CLIENT_ADMIN, EMPLOYEE, OPERATOR, listAll, makeTempDir, removeTempDir, run, runFuwu, startServer,
} from './lib/harness.mjs';

const sqlite = (db, sql) => run('sqlite3', [db, sql], { timeoutMs: 30_000 }).then((r) => r.stdout.trim());

// Parses "audit chain BROKEN at record N: …" and returns N.
function brokenAt(stdout) {
  const m = /BROKEN at record (\d+)\b/.exec(stdout);
  assert.ok(m, `verify names a record: ${stdout}`);
  return Number(m[1]);
}

test('audit log: API, verify, and tampering [sqlite]', { timeout: 180_000 }, async (t) => {
  const dir = makeTempDir('fuwu-it-audit-');
  const db = path.join(dir, 'fuwu.db');
  let server = null;
  t.after(async () => {
    if (server) await server.kill();
    removeTempDir(dir);
  });

  server = await startServer({ db, dir });
  const op = await server.login(OPERATOR);
  const created = [];
  for (let i = 0; i < 5; i++) {
    const r = await server.api('POST', '/api/v1/organizations', {
      token: op, body: { name: `audited-${i}`, kind: 'supplier', region_code: '44' },
    });
    assert.equal(r.status, 201, r.text);
    created.push(r);
  }
  const target = created[2];
  const patched = await server.api('PATCH', `/api/v1/organizations/${target.body.id}`, {
    token: op, body: { name: 'audited-2 renamed', status: 'suspended' }, headers: { 'if-match': target.headers.get('etag') },
  });
  assert.equal(patched.status, 200, patched.text);

  await t.test('operators read the audit trail with before/after', async () => {
    const items = await listAll(server, '/api/v1/audit?entity_type=organization', op);
    assert.ok(items.length >= 6, `at least the 5 creations and the update: ${items.length}`);
    for (const item of items) assert.equal(item.entity_type, 'organization');
    // Newest first.
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].id > items[i].id, 'ordered by id descending');

    const update = items.find((i) => i.action === 'organization.update' && i.entity_id === String(target.body.id));
    assert.ok(update, 'the update is audited');
    assert.equal(update.before.name, 'audited-2');
    assert.equal(update.before.status, 'active');
    assert.equal(update.after.name, 'audited-2 renamed');
    assert.equal(update.after.status, 'suspended');
    assert.equal(update.after.version, update.before.version + 1);
    assert.equal(update.actor_name, '运营管理员 高远');
    assert.equal(typeof update.hash, 'string');
    assert.equal(update.request_id, patched.headers.get('x-request-id'));

    const creation = items.find((i) => i.action === 'organization.create' && i.entity_id === String(created[0].body.id));
    assert.ok(creation, 'the creation is audited');
    assert.equal(creation.before, null);
    assert.equal(creation.after.name, 'audited-0');
    assert.equal(creation.after.kind, 'supplier');

    const filtered = await server.api('GET', `/api/v1/audit?entity_type=organization&entity_id=${target.body.id}`,
                                      { token: op });
    assert.equal(filtered.status, 200);
    assert.deepEqual(filtered.body.items.map((i) => i.action), ['organization.update', 'organization.create']);
  });

  await t.test('non-operators cannot read the audit trail', async () => {
    const clientAdmin = await server.login(CLIENT_ADMIN);
    const r = await server.api('GET', '/api/v1/audit?entity_type=organization', { token: clientAdmin });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.code, 'forbidden');
    const employee = await server.login(EMPLOYEE);
    assert.equal((await server.api('GET', '/api/v1/audit', { token: employee })).status, 403);
    assert.equal((await server.api('GET', '/api/v1/audit')).status, 401);
  });

  const stopped = await server.stop();
  assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}\n${server.stderr}`);

  await t.test('an untouched database verifies', async () => {
    const r = await runFuwu(['audit', 'verify', '--db', db]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const rows = Number(await sqlite(db, 'SELECT count(*) FROM audit_log'));
    assert.match(r.stdout, new RegExp(`intact: ${rows} records`));
  });

  // Independent copies of the database for each kind of tampering.
  const copy = async (name) => {
    const file = path.join(dir, name);
    await sqlite(db, `.backup '${file}'`);
    return file;
  };

  await t.test('an edited record is named', async () => {
    const file = await copy('edited.db');
    await sqlite(file, `UPDATE audit_log SET after_json = '{"name":"forged"}' WHERE id = 3`);
    assert.equal(await sqlite(file, 'SELECT after_json FROM audit_log WHERE id = 3'), '{"name":"forged"}');
    const r = await runFuwu(['audit', 'verify', '--db', file]);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.equal(brokenAt(r.stdout), 3);
    assert.match(r.stdout, /\b2 records before it are intact/);
  });

  await t.test('a deleted middle record is named', async () => {
    const file = await copy('deleted.db');
    const max = Number(await sqlite(file, 'SELECT max(id) FROM audit_log'));
    const middle = Math.floor(max / 2);
    assert.ok(middle > 1 && middle < max);
    await sqlite(file, `DELETE FROM audit_log WHERE id = ${middle}`);
    const r = await runFuwu(['audit', 'verify', '--db', file]);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.equal(brokenAt(r.stdout), middle);
  });

  await t.test('an edited record whose hash was recomputed breaks the link to the next one', async () => {
    // A forger who rewrites a record and recomputes its hash leaves the next record pointing at
    // the old hash: verify names that next record.
    const file = await copy('rehashed.db');
    const max = Number(await sqlite(file, 'SELECT max(id) FROM audit_log'));
    const id = max - 2;
    const [row] = JSON.parse(await run('sqlite3', ['-json', file, `SELECT * FROM audit_log WHERE id = ${id}`])
      .then((r) => r.stdout));
    const forged = { ...row, after_json: '{"name":"forged"}' };
    // The canonical form hashed by the server (src/audit/audit_log.cpp, record_hash).
    const canonical = JSON.stringify([forged.id, forged.at, forged.actor_user_id, forged.actor_organization_id,
      forged.organization_id, forged.action, forged.entity_type, forged.entity_id, forged.before_json,
      forged.after_json, forged.request_id, forged.prev_hash]);
    // Sanity: the same computation reproduces the stored hash of the untouched row.
    const original = JSON.stringify([row.id, row.at, row.actor_user_id, row.actor_organization_id, row.organization_id,
      row.action, row.entity_type, row.entity_id, row.before_json, row.after_json, row.request_id, row.prev_hash]);
    assert.equal(createHash('sha256').update(original).digest('hex'), row.hash, 'hash recomputation matches');
    const newHash = createHash('sha256').update(canonical).digest('hex');
    await sqlite(file, `UPDATE audit_log SET after_json = '{"name":"forged"}', hash = '${newHash}' WHERE id = ${id}`);
    const r = await runFuwu(['audit', 'verify', '--db', file]);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.equal(brokenAt(r.stdout), id + 1);
  });

  await t.test('the original is still intact', async () => {
    const r = await runFuwu(['audit', 'verify', '--db', db]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  });
});
