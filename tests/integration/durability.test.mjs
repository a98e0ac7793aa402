// Durability on SQLite: every organization acknowledged with 201 survives a SIGKILL of the server,
// and the audit chain is intact afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  OPERATOR, listAll, makeTempDir, removeTempDir, runFuwu, sleep, startServer,
} from './lib/harness.mjs';

const KILL_AFTER_MS = 1_000;
const KILL_AFTER_ACKS = 150;
const WRITE_LOOP_MAX_MS = 20_000;

test('acknowledged writes survive kill -9 [sqlite]', { timeout: 180_000 }, async (t) => {
  const dir = makeTempDir('fuwu-it-durability-');
  const db = path.join(dir, 'fuwu.db');
  const servers = [];
  t.after(async () => {
    for (const s of servers) await s.kill();
    removeTempDir(dir);
  });

  const first = await startServer({ db, dir });
  servers.push(first);
  const token = await first.login(OPERATOR);

  // A stream of sequential creations; the process is killed while one is in flight.
  const acknowledged = new Map(); // id → name
  let refusedOrFailed = 0;
  let stop = false;
  const started = Date.now();
  const writer = (async () => {
    for (let i = 0; !stop && Date.now() - started < WRITE_LOOP_MAX_MS; i++) {
      const name = `durable-${i}-${Date.now()}`;
      let r;
      try {
        r = await first.api('POST', '/api/v1/organizations', {
          token, body: { name, kind: i % 2 ? 'client' : 'provider', region_code: '310115' }, timeoutMs: 5_000,
        });
      } catch {
        refusedOrFailed++;
        return; // the connection died with the process
      }
      if (r.status === 201) acknowledged.set(r.body.id, name);
      else refusedOrFailed++;
    }
  })();

  // Kill after ~1 s or N acknowledgements, whichever comes first.
  while (Date.now() - started < KILL_AFTER_MS && acknowledged.size < KILL_AFTER_ACKS) await sleep(5);
  first.child.kill('SIGKILL');
  const killedAt = acknowledged.size;
  const exit = await first.exited;
  stop = true;
  await writer;
  assert.equal(exit.signal, 'SIGKILL', `the server was killed: ${JSON.stringify(exit)}`);
  assert.ok(killedAt > 0, 'some creations were acknowledged before the kill');
  t.diagnostic(`acknowledged ${acknowledged.size} organizations before SIGKILL (${refusedOrFailed} failed)`);

  // Restart on the same file: everything acknowledged is there, with its name.
  const second = await startServer({ db, dir });
  servers.push(second);
  const token2 = await second.login(OPERATOR);
  const orgs = await listAll(second, '/api/v1/organizations', token2);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const lost = [];
  for (const [id, name] of acknowledged) {
    const org = byId.get(id);
    if (!org || org.name !== name) lost.push({ id, name, found: org ? org.name : null });
  }
  assert.deepEqual(lost, [], `acknowledged organizations lost after SIGKILL: ${JSON.stringify(lost.slice(0, 10))}`);
  // Each one individually too (by id), for the first and the last acknowledged.
  const ids = [...acknowledged.keys()];
  for (const id of [ids[0], ids[ids.length - 1]]) {
    const r = await second.api('GET', `/api/v1/organizations/${id}`, { token: token2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, acknowledged.get(id));
  }
  // At most one unacknowledged creation (the one in flight) may have landed.
  const durable = orgs.filter((o) => o.name.startsWith('durable-'));
  assert.ok(durable.length - acknowledged.size <= 1,
            `${durable.length} durable-* organizations for ${acknowledged.size} acknowledged`);

  // The server keeps working after recovery.
  const more = await second.api('POST', '/api/v1/organizations', { token: token2, body: { name: 'after restart', kind: 'client' } });
  assert.equal(more.status, 201, more.text);

  const stopped = await second.stop();
  assert.equal(stopped.code, 0, `clean stop: ${JSON.stringify(stopped)}\n${second.stderr}`);

  const verify = await runFuwu(['audit', 'verify', '--db', db]);
  assert.equal(verify.code, 0, `audit verify: ${verify.stdout}${verify.stderr}`);
  assert.match(verify.stdout, /intact/);
});
