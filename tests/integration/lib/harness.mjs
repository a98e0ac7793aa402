// Black-box harness for the fuwu integration tests (node --test, no dependencies).
//
//   FUWU_BIN           the binary to test (default: <repo>/build/debug/fuwu)
//   FUWU_SIM_BIN       the travel supplier simulator (default: <repo>/build/debug/fuwu-supplier-sim)
//   FUWU_TEST_PG_URL   PostgreSQL admin URL; PostgreSQL cases are skipped when it is unset
//
// Every server started here is registered, stopped by the test's `after` hooks and, as a last
// resort, killed when the test process exits, so a failing test never leaves a server behind.
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FUWU_BIN = path.resolve(process.env.FUWU_BIN || path.join(REPO_ROOT, 'build', 'debug', 'fuwu'));
export const FUWU_SIM_BIN = path.resolve(process.env.FUWU_SIM_BIN ||
                                         path.join(REPO_ROOT, 'build', 'debug', 'fuwu-supplier-sim'));
export const PG_ADMIN_URL = process.env.FUWU_TEST_PG_URL || '';
export const PG_SKIP_REASON = 'FUWU_TEST_PG_URL not set';

export const DEMO_PASSWORD = 'Fuwu-demo-2026';
export const OPERATOR = 'operator@fuwu.demo';
export const CLIENT_ADMIN = 'admin@xingyun.demo';
export const EMPLOYEE = 'li.wei@xingyun.demo';
export const PROVIDER_ADMIN = 'admin@yuncheng.demo';
export const SUPPLIER_API = 'api@yunyi-air.demo';

// Fast password hashing (the debug binary is built with sanitizers) and a quiet stdout.
// Every test client is 127.0.0.1, so the per-address limits are raised; lifecycle.test.mjs
// checks them with low values.
export const FAST_SETTINGS = [
  '--set', 'auth.argon2_memory_kib=8192',
  '--set', 'auth.argon2_ops=1',
  '--set', 'server.access_log=false',
  '--set', 'limits.login_per_minute=100000',
  '--set', 'limits.application_starts_per_hour=100000',
];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolves with `promise`'s value, or with `fallback` after ms (the timer never outlives it).
export function within(promise, ms, fallback = null) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Temporary directories

const tempDirs = new Set();

export function makeTempDir(prefix = 'fuwu-it-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  if (!dir) return;
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
  tempDirs.delete(dir);
}

// ---------------------------------------------------------------------------------------------
// Processes

const liveProcesses = new Set();

function killAll() {
  for (const child of liveProcesses) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

// If the test process itself is interrupted, take the servers down with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

process.on('exit', () => {
  killAll();
  if (!process.env.FUWU_IT_KEEP_TMP) for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

// Spawns `bin` and retries a few times when the binary is being replaced by a build.
async function spawnBinary(bin, args, options = {}) {
  let lastError;
  for (let attempt = 0; attempt < 20; attempt++) {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const outcome = await new Promise((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (!outcome) return child;
    lastError = outcome;
    if (!['ETXTBSY', 'ENOENT', 'EACCES'].includes(outcome.code)) break;
    await sleep(500);
  }
  throw new Error(`cannot start ${bin}: ${lastError && lastError.message}`);
}

function spawnFuwu(args, options = {}) {
  return spawnBinary(FUWU_BIN, args, options);
}

function collect(child) {
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out.stderr += chunk;
  });
  return out;
}

function exitPromise(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Runs a fuwu command to completion: { code, signal, stdout, stderr }.
export async function runFuwu(args, { timeoutMs = 60_000, env } = {}) {
  const child = await spawnFuwu(args, { env: env ? { ...process.env, ...env } : process.env });
  liveProcesses.add(child);
  const out = collect(child);
  try {
    const result = await withTimeout(exitPromise(child), timeoutMs, `fuwu ${args.join(' ')}`);
    // Let the pipes drain.
    await sleep(20);
    return { ...result, stdout: out.stdout, stderr: out.stderr };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    liveProcesses.delete(child);
  }
}

// Runs any command to completion; rejects on a non-zero exit unless allowFailure.
export function run(command, args, { timeoutMs = 60_000, allowFailure = false, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, env: env ? { ...process.env, ...env } : process.env,
                              maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && !allowFailure)
          reject(new Error(`${command} ${args.join(' ')} failed (${error.message}):\n${stderr}`));
        else resolve({ code, stdout, stderr });
      });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

// One request: { status, headers, text, body (parsed JSON when the response is JSON) }.
// opts: token (Bearer), apiKey (X-Api-Key), body (sent as JSON), rawBody (sent as is),
// headers (extra), contentType (override), timeoutMs.
export async function request(baseUrl, method, urlPath, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  let body;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    // contentType: a string sets it, null sends none, absent means application/json.
    if (opts.contentType !== undefined) {
      if (opts.contentType !== null) headers['content-type'] = opts.contentType;
    } else if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const response = await fetch(baseUrl + urlPath, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let parsed;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json') && text.length) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

// ---------------------------------------------------------------------------------------------
// Servers

// Starts `fuwu serve` on a free port and waits until /readyz answers 200.
//   db: SQLite file path or postgresql:// URL (default: a file in the server's temp dir)
//   demo: pass --demo (default true); args: extra arguments; dir: working directory
// Uploaded files go to <dir>/data (storage.data_dir), never into the repository; a --set of
// storage.data_dir in args overrides it.
export async function startServer({ db, demo = true, args = [], dir, readyTimeoutMs = 60_000, env } = {}) {
  const workDir = dir || makeTempDir('fuwu-it-srv-');
  const database = db || path.join(workDir, 'fuwu.db');
  const dataDir = path.join(workDir, 'data');
  const portFile = path.join(workDir, `port-${randomBytes(4).toString('hex')}`);
  const argv = ['serve', '--db', database, '--listen', '127.0.0.1:0', '--port-file', portFile,
                ...FAST_SETTINGS, '--set', `storage.data_dir=${dataDir}`, ...(demo ? ['--demo'] : []), ...args];
  const child = await spawnFuwu(argv, { cwd: workDir, env: env ? { ...process.env, ...env } : process.env });
  liveProcesses.add(child);
  const out = collect(child);
  const exited = exitPromise(child).then((result) => {
    liveProcesses.delete(child);
    return result;
  });
  let exitResult = null;
  exited.then((result) => {
    exitResult = result;
  });

  const server = {
    child,
    pid: child.pid,
    dir: workDir,
    db: database,
    dataDir,
    port: 0,
    url: '',
    exited,
    get exitResult() {
      return exitResult;
    },
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    api(method, urlPath, opts) {
      return request(server.url, method, urlPath, opts);
    },
    login(email, password = DEMO_PASSWORD) {
      return login(server, email, password);
    },
    // SIGTERM, then SIGKILL after graceMs; resolves to { code, signal }.
    async stop(graceMs = 15_000) {
      if (exitResult) return exitResult;
      child.kill('SIGTERM');
      try {
        return await withTimeout(exited, graceMs, 'server stop');
      } catch {
        child.kill('SIGKILL');
        return exited;
      }
    },
    async kill() {
      if (exitResult) return exitResult;
      child.kill('SIGKILL');
      return exited;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  const describe = () => `fuwu ${argv.join(' ')}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`;
  try {
    // The port file appears once the server listens.
    for (;;) {
      if (exitResult) throw new Error(`server exited (${JSON.stringify(exitResult)}) before listening\n${describe()}`);
      if (existsSync(portFile)) {
        const text = readFileSync(portFile, 'utf8').trim();
        if (/^\d+$/.test(text) && Number(text) > 0) {
          server.port = Number(text);
          break;
        }
      }
      if (Date.now() > deadline) throw new Error(`no port file after ${readyTimeoutMs} ms\n${describe()}`);
      await sleep(25);
    }
    server.url = `http://127.0.0.1:${server.port}`;
    for (;;) {
      if (exitResult) throw new Error(`server exited (${JSON.stringify(exitResult)}) before ready\n${describe()}`);
      try {
        const r = await request(server.url, 'GET', '/readyz', { timeoutMs: 2_000 });
        if (r.status === 200) break;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`/readyz not 200 after ${readyTimeoutMs} ms\n${describe()}`);
      await sleep(50);
    }
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return server;
}

// Starts any binary that listens with `--listen 127.0.0.1:0 --port-file F` (appended to args),
// e.g. fuwu-supplier-sim, and waits for the port file and, when readyPath is given, for a 200 from
// it. Registered like startServer's servers: killed when the test process exits.
//   bin: the executable; args: its other arguments; dir: working directory (default: a new temp
//   dir); readyPath: e.g. '/healthz'; env: extra environment
// Returns { child, pid, dir, port, url, exited, exitResult, stdout, stderr, api(), stop(), kill() }.
export async function startListening({ bin, args = [], dir, readyPath = null, readyTimeoutMs = 30_000, env } = {}) {
  const workDir = dir || makeTempDir('fuwu-it-proc-');
  const portFile = path.join(workDir, `port-${randomBytes(4).toString('hex')}`);
  const argv = [...args, '--listen', '127.0.0.1:0', '--port-file', portFile];
  const child = await spawnBinary(bin, argv, { cwd: workDir, env: env ? { ...process.env, ...env } : process.env });
  liveProcesses.add(child);
  const out = collect(child);
  let exitResult = null;
  const exited = exitPromise(child).then((result) => {
    liveProcesses.delete(child);
    exitResult = result;
    return result;
  });
  const proc = {
    child,
    pid: child.pid,
    dir: workDir,
    port: 0,
    url: '',
    exited,
    get exitResult() {
      return exitResult;
    },
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    api(method, urlPath, opts) {
      return request(proc.url, method, urlPath, opts);
    },
    // SIGTERM, then SIGKILL after graceMs; resolves to { code, signal }.
    async stop(graceMs = 10_000) {
      if (exitResult) return exitResult;
      child.kill('SIGTERM');
      try {
        return await withTimeout(exited, graceMs, `${path.basename(bin)} stop`);
      } catch {
        child.kill('SIGKILL');
        return exited;
      }
    },
    async kill() {
      if (exitResult) return exitResult;
      child.kill('SIGKILL');
      return exited;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  const describe = () => `${bin} ${argv.join(' ')}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`;
  try {
    for (;;) {
      if (exitResult) throw new Error(`process exited (${JSON.stringify(exitResult)}) before listening\n${describe()}`);
      if (existsSync(portFile)) {
        const text = readFileSync(portFile, 'utf8').trim();
        if (/^\d+$/.test(text) && Number(text) > 0) {
          proc.port = Number(text);
          break;
        }
      }
      if (Date.now() > deadline) throw new Error(`no port file after ${readyTimeoutMs} ms\n${describe()}`);
      await sleep(25);
    }
    proc.url = `http://127.0.0.1:${proc.port}`;
    while (readyPath) {
      if (exitResult) throw new Error(`process exited (${JSON.stringify(exitResult)}) before ready\n${describe()}`);
      try {
        const r = await request(proc.url, 'GET', readyPath, { timeoutMs: 2_000 });
        if (r.status === 200) break;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`${readyPath} not 200 after ${readyTimeoutMs} ms\n${describe()}`);
      await sleep(50);
    }
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return proc;
}

// Logs in and returns the session token (asserts 200).
export async function login(server, email, password = DEMO_PASSWORD) {
  const r = await server.api('POST', '/api/v1/auth/login', { body: { email, password } });
  if (r.status !== 200 || !r.body || typeof r.body.token !== 'string')
    throw new Error(`login ${email} on ${server.url} failed: ${r.status} ${r.text}`);
  return r.body.token;
}

// Follows next_cursor through a listing and returns every item.
export async function listAll(server, urlPath, token) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 1000; page++) {
    const sep = urlPath.includes('?') ? '&' : '?';
    const r = await server.api('GET', `${urlPath}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (r.status !== 200) throw new Error(`GET ${urlPath} failed: ${r.status} ${r.text}`);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error(`GET ${urlPath}: too many pages`);
}

export async function countOrganizations(server, token) {
  return (await listAll(server, '/api/v1/organizations', token)).length;
}

export async function findUserByEmail(server, token, email) {
  const users = await listAll(server, `/api/v1/users?q=${encodeURIComponent(email)}`, token);
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

export async function findOrganizationByName(server, token, name) {
  const orgs = await listAll(server, '/api/v1/organizations', token);
  const org = orgs.find((o) => o.name === name);
  if (!org) throw new Error(`no organization ${name}`);
  return org;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function psqlArgs(url, sql) {
  return [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-t', '-A', '-c', sql];
}

export async function psql(url, sql) {
  const { stdout } = await run('psql', psqlArgs(url, sql), { timeoutMs: 30_000 });
  return stdout.trim();
}

// A fresh database on the admin server: { name, url, drop() }.
export async function createPgDatabase() {
  if (!PG_ADMIN_URL) throw new Error(PG_SKIP_REASON);
  const name = `fuwu_it_${randomBytes(6).toString('hex')}`;
  await psql(PG_ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await run('psql', psqlArgs(PG_ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
                { timeoutMs: 30_000, allowFailure: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Backends

// The storage backends a test can loop over. setup() returns { db, cleanup() }.
export const BACKENDS = [
  {
    name: 'sqlite',
    skipReason: null,
    async setup() {
      const dir = makeTempDir('fuwu-it-sqlite-');
      return { db: path.join(dir, 'fuwu.db'), dir, async cleanup() { removeTempDir(dir); } };
    },
  },
  {
    name: 'postgres',
    skipReason: PG_ADMIN_URL ? null : PG_SKIP_REASON,
    async setup() {
      const database = await createPgDatabase();
      return { db: database.url, dir: null, async cleanup() { await database.drop(); } };
    },
  },
];

// Starts a demo server on a fresh database of `backend`; registers cleanup on the test context.
export async function startOnBackend(t, backend, options = {}) {
  const storage = await backend.setup();
  let server = null;
  t.after(async () => {
    if (server) {
      await server.stop();
      removeTempDir(server.dir);
    }
    await storage.cleanup();
  });
  server = await startServer({ db: storage.db, ...options });
  return server;
}

export function migrationFiles(dialect) {
  return readdirSync(path.join(REPO_ROOT, 'migrations', dialect)).filter((f) => f.endsWith('.sql'));
}

export function uniqueName(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
