// Process lifecycle: graceful SIGTERM drain, health/readiness/metrics endpoints, request ids, and
// configuration errors that name the offending key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEMO_PASSWORD, FAST_SETTINGS, OPERATOR, makeTempDir, removeTempDir, runFuwu, startServer, within,
} from './lib/harness.mjs';

// One POST on its own connection. Resolves once the request is fully written (`sent`) and,
// separately, with the complete response or the error that ended it (`done`).
function postOnNewConnection(port, urlPath, payload) {
  const body = JSON.stringify(payload);
  let markSent;
  const sent = new Promise((resolve) => {
    markSent = resolve;
  });
  const done = new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port, path: urlPath, method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, complete: res.complete, text, at: Date.now() }));
      res.on('error', (error) => resolve({ error: `response: ${error.message}`, at: Date.now() }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', (error) => {
      markSent();
      resolve({ error: `${error.code || ''} ${error.message}`, at: Date.now() });
    });
    req.on('finish', () => markSent());
    req.end(body);
  });
  return { sent, done };
}

// Sends raw bytes on a new connection and returns everything the server sends until it closes.
function rawExchange(port, bytes, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', (error) => (data ? resolve(data) : reject(error)));
    socket.on('close', () => resolve(data));
  });
}

test('SIGTERM drains in-flight requests and exits 0', { timeout: 120_000 }, async (t) => {
  const server = await startServer();
  t.after(async () => {
    await server.kill();
    removeTempDir(server.dir);
  });

  const requests = [];
  for (let i = 0; i < 10; i++)
    requests.push(postOnNewConnection(server.port, '/api/v1/auth/login', { email: OPERATOR, password: DEMO_PASSWORD }));
  await Promise.all(requests.map((r) => r.sent));
  const signalledAt = Date.now();
  server.child.kill('SIGTERM');

  const responses = await Promise.all(requests.map((r) => r.done));
  const exit = await within(server.exited, 10_000);
  const exitedAfterMs = Date.now() - signalledAt;

  const answeredAfterSignal = responses.filter((r) => !r.error && r.at >= signalledAt).length;
  t.diagnostic(`${answeredAfterSignal} of ${responses.length} responses completed after SIGTERM`);
  const problems = [];
  for (const [i, r] of responses.entries()) {
    if (r.error) problems.push(`request ${i}: no complete response (${r.error.trim()})`);
    else if (r.status !== 200 || !r.complete) problems.push(`request ${i}: ${r.status} ${r.text}`);
    else if (!/^fws_[0-9a-f]{64}$/.test(JSON.parse(r.text).token)) problems.push(`request ${i}: no token in ${r.text}`);
  }
  if (!exit) problems.push(`the process still runs ${exitedAfterMs} ms after SIGTERM`);
  else if (exit.code !== 0 || exit.signal !== null) problems.push(`exit status ${JSON.stringify(exit)}`);
  assert.deepEqual(problems, [], `every request sent before SIGTERM gets a complete 200, and the process exits 0 ` +
                                 `within 10 s\nstderr:\n${server.stderr}`);
});

test('SIGTERM on an idle server with an open keep-alive connection exits promptly', { timeout: 60_000 }, async (t) => {
  const server = await startServer();
  t.after(async () => {
    await server.kill();
    removeTempDir(server.dir);
  });
  // Leave a keep-alive connection open and idle.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  const started = Date.now();
  server.child.kill('SIGTERM');
  const exit = await within(server.exited, 10_000);
  assert.ok(exit, 'exits within 10 s');
  assert.deepEqual(exit, { code: 0, signal: null }, server.stderr);
  // An idle connection must not hold the drain until the drain timeout.
  assert.ok(Date.now() - started < 5_000, `exited after ${Date.now() - started} ms`);
});

test('health, readiness, metrics and request ids', { timeout: 60_000 }, async (t) => {
  const server = await startServer();
  t.after(async () => {
    await server.stop();
    removeTempDir(server.dir);
  });

  await t.test('/healthz', async () => {
    const r = await server.api('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.deepEqual(r.body, { status: 'ok' });
  });

  await t.test('/readyz', async () => {
    const r = await server.api('GET', '/readyz');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ready');
  });

  await t.test('/metrics', async () => {
    // Make sure at least one API request was counted.
    await server.api('GET', '/api/v1/me');
    const r = await server.api('GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /^text\/plain/);
    assert.match(r.text, /^fuwu_http_requests_total\{[^}]*\} \d+$/m);
    assert.match(r.text, /^fuwu_http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} [1-9]\d*$/m);
    assert.match(r.text, /^fuwu_db_pool_size [1-9]\d*$/m);
    assert.match(r.text, /# TYPE fuwu_http_requests_total counter/);
  });

  await t.test('every response carries x-request-id', async () => {
    const seen = new Set();
    for (const [method, p] of [['GET', '/healthz'], ['GET', '/readyz'], ['GET', '/api/v1/me'], ['GET', '/nope'],
                               ['DELETE', '/api/v1/organizations']]) {
      const r = await server.api(method, p);
      const id = r.headers.get('x-request-id');
      assert.match(id || '', /^[0-9a-f]{16}$/, `${method} ${p}: x-request-id ${id}`);
      seen.add(id);
      if (r.body && r.body.request_id !== undefined) assert.equal(r.body.request_id, id);
    }
    assert.equal(seen.size, 5, 'request ids are distinct');
    // Requests refused before routing (a body announced over the limit) carry one too. Only the
    // headers are sent: the server refuses on Content-Length alone.
    const raw = await rawExchange(server.port,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${2 << 20}\r\n\r\n`);
    assert.match(raw, /^HTTP\/1\.1 413 /);
    assert.match(raw, /\r\nx-request-id: [0-9a-f]{16}\r\n/i);
  });

  await t.test('an incoming X-Request-Id is echoed', async () => {
    const r = await server.api('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(r.headers.get('x-request-id'), 'abc-123');
    const p = await server.api('GET', '/api/v1/me', { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(p.status, 401);
    assert.equal(p.headers.get('x-request-id'), 'abc-123');
    assert.equal(p.body.request_id, 'abc-123');
    // An unacceptable one (bad characters, too long) is replaced, not echoed.
    for (const bad of ['abc 123', 'a'.repeat(65), '<script>', 'abc;def']) {
      const q = await server.api('GET', '/healthz', { headers: { 'x-request-id': bad } });
      const id = q.headers.get('x-request-id');
      assert.notEqual(id, bad);
      assert.match(id || '', /^[0-9a-f]{16}$/);
    }
  });

  await t.test('a request id reaches the audit log', async () => {
    const token = await server.login(OPERATOR);
    const r = await server.api('POST', '/api/v1/organizations', {
      token, body: { name: 'traced', kind: 'client' }, headers: { 'x-request-id': 'trace-me-42' },
    });
    assert.equal(r.status, 201, r.text);
    const audit = await server.api('GET', `/api/v1/audit?entity_type=organization&entity_id=${r.body.id}`, { token });
    assert.equal(audit.body.items[0].request_id, 'trace-me-42');
  });
});

test('configuration errors name the key', { timeout: 60_000 }, async (t) => {
  const dir = makeTempDir('fuwu-it-config-');
  t.after(() => removeTempDir(dir));
  const db = path.join(dir, 'fuwu.db');
  const base = ['serve', '--db', db, '--listen', '127.0.0.1:0', ...FAST_SETTINGS];

  await t.test('--set with an unknown key', async () => {
    const r = await runFuwu([...base, '--set', 'server.nope=1'], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0, `exit code ${r.code}`);
    assert.equal(r.signal, null);
    assert.match(r.stderr, /server\.nope/);
  });

  await t.test('an unknown key in [database] of a TOML file', async () => {
    const file = path.join(dir, 'fuwu.toml');
    writeFileSync(file, '[server]\nio_threads = 2\n\n[database]\npool_size = 4\nconnection_string = "x"\n');
    const r = await runFuwu([...base, '--config', file], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0, `exit code ${r.code}`);
    assert.match(r.stderr, /database\.connection_string/);
    assert.match(r.stderr, /fuwu\.toml/, 'the file is named too');
  });

  await t.test('an unknown section of a TOML file', async () => {
    const file = path.join(dir, 'sections.toml');
    writeFileSync(file, '[databse]\nurl = "x.db"\n');
    const r = await runFuwu([...base, '--config', file], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /databse\.url/);
  });

  await t.test('a value of the wrong type or range', async () => {
    const r = await runFuwu([...base, '--set', 'server.worker_threads=lots'], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /server\.worker_threads/);
    const r2 = await runFuwu([...base, '--set', 'database.pool_size=0'], { timeoutMs: 30_000 });
    assert.notEqual(r2.code, 0);
    assert.match(r2.stderr, /database\.pool_size/);
  });

  await t.test('an unknown FUWU_* environment variable', async () => {
    const r = await runFuwu(base, { timeoutMs: 30_000, env: { FUWU_SERVER_NOPE: '1' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /FUWU_SERVER_NOPE/);
    assert.match(r.stderr, /server\.nope/);
  });

  await t.test('a config error starts nothing and writes nothing', async () => {
    const portFile = path.join(dir, 'port');
    const r = await runFuwu([...base, '--port-file', portFile, '--set', 'server.nope=1'], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0);
    assert.equal(existsSync(portFile), false);
  });
});
