// The fuwu command line on a database: migrate, admin create, and programs export|import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, runFuwu, startServer } from './lib/harness.mjs';

test('command line', async (t) => {
  const dir = makeTempDir('fuwu-it-cli-');
  t.after(() => removeTempDir(dir));
  const db = path.join(dir, 'fuwu.db');
  const storage = ['--set', `storage.data_dir=${path.join(dir, 'data')}`,
                   '--set', `storage.secret_key_file=${path.join(dir, 'secret.key')}`];
  const fast = ['--set', 'auth.argon2_memory_kib=8192', '--set', 'auth.argon2_ops=1'];
  const fuwu = (...args) => runFuwu([...args, '--db', db, ...fast, ...storage]);

  await t.test('migrate applies every migration once', async () => {
    const first = await fuwu('migrate');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied 0001_foundation/);
    const again = await fuwu('migrate');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^0 applied, \d+ already applied/m);
  });

  await t.test('admin create makes an operator who can sign in; a weak password is refused', async () => {
    const weak = await fuwu('admin', 'create', '--email', 'boss@fuwu.example', '--name', '老板', '--password', 'short');
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /password/);
    const made = await fuwu('admin', 'create', '--email', 'boss@fuwu.example', '--name', '老板',
                            '--password', 'a-long-enough-password');
    assert.equal(made.code, 0, made.stderr);
    const server = await startServer({ db, demo: true, args: storage });
    try {
      const login = await server.api('POST', '/api/v1/auth/login',
                                     { body: { email: 'boss@fuwu.example', password: 'a-long-enough-password' } });
      assert.equal(login.status, 200, login.text);
      assert.deepEqual(login.body.user.roles, ['operator_admin']);
    } finally {
      await server.stop();
    }
  });

  await t.test('programs import creates, export round-trips, import publishes a new version once', async () => {
    const file = path.join(dir, 'travel.toml');
    writeFileSync(file, `[program]
code = "travel"
name_zh = "差旅服务商"
name_en = "Travel management providers"
review_sla_working_days = 10

[[rules]]
id = "team_size"
kind = "numeric_min"
field = "team_size"
min = 20
message = { zh = "团队不少于20人", en = "A team of at least 20" }
`);
    const created = await fuwu('programs', 'import', '--file', file);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /created program travel/);
    const exported = await fuwu('programs', 'export', '--code', 'travel', '--output', file);
    assert.equal(exported.code, 0, exported.stderr);
    const toml = readFileSync(file, 'utf8');
    assert.match(toml, /\[program\]/);
    assert.match(toml, /code = 'travel'/);
    writeFileSync(file, toml.replace(/min = 20\n/, 'min = 25\n'));
    const imported = await fuwu('programs', 'import', '--file', file, '--note', '团队要求提高到25人');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /published rule set version 2/);
    const again = await fuwu('programs', 'import', '--file', file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /rules unchanged \(version 2\)/);
    writeFileSync(file, toml.replace('[program]', '[program]\ncolour = "red"'));
    const bad = await fuwu('programs', 'import', '--file', file);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /program\.colour/);
    const verify = await runFuwu(['audit', 'verify', '--db', db]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
