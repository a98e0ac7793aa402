// Shared by the browser tests: the real `fuwu` binary (FUWU_BIN) on a fresh database serving
// the built console, Chromium through playwright-core, and steps that each save a screenshot.
// (Not a test file itself: `node --test tests/` runs the *.test.mjs files.)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url))
export const DIST_DIR = path.join(WEB_DIR, 'dist')
export const OUTPUT_DIR = path.resolve(process.env.TEST_OUTPUT_DIR ?? path.join(WEB_DIR, 'test-output'))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const WAIT_MS = 15_000 // one wait for the page or the server
const SERVER_START_MS = 30_000 // migrations and demo data on a fresh database
const SERVER_STOP_MS = 5_000

export const DEMO_PASSWORD = 'Fuwu-demo-2026'

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function startServer(bin, tmpDir, logPath) {
  const portFile = path.join(tmpDir, 'port')
  const log = fs.openSync(logPath, 'w')
  const args = [
    'serve',
    '--demo',
    '--db',
    path.join(tmpDir, 'fuwu.db'),
    // Uploaded files (and the demo data's) stay in the temporary directory.
    '--set',
    `storage.data_dir=${path.join(tmpDir, 'data')}`,
    '--set',
    `storage.secret_key_file=${path.join(tmpDir, 'secret.key')}`,
    '--listen',
    '127.0.0.1:0',
    '--port-file',
    portFile,
    '--web-root',
    DIST_DIR,
  ]
  const proc = spawn(bin, args, { stdio: ['ignore', log, log] })
  fs.closeSync(log)
  let exited = null
  proc.on('exit', (code, signal) => (exited = { code, signal }))

  const deadline = Date.now() + SERVER_START_MS
  while (Date.now() < deadline) {
    if (exited) throw new Error(`fuwu exited early (${JSON.stringify(exited)}); see ${logPath}`)
    const port = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : ''
    if (/^\d+$/.test(port)) {
      const base = `http://127.0.0.1:${port}`
      try {
        const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) })
        if (res.status === 200) return { proc, base, exited: () => exited }
      } catch {
        // not listening yet
      }
    }
    await sleep(100)
  }
  proc.kill('SIGKILL')
  throw new Error(`fuwu was not ready within ${SERVER_START_MS} ms; see ${logPath}`)
}

// The demo's travel suppliers point at the supplier simulator on this address.
const SIMULATOR_LISTEN = '127.0.0.1:8091'

/** Starts fuwu-supplier-sim (next to FUWU_BIN unless FUWU_SIM_BIN says otherwise) on 8091. */
async function startSimulator(bin, tmpDir, logPath) {
  const simBin = process.env.FUWU_SIM_BIN ?? path.join(path.dirname(bin), 'fuwu-supplier-sim')
  if (!fs.existsSync(simBin)) throw new Error(`the supplier simulator ${simBin} is missing (set FUWU_SIM_BIN)`)
  const portFile = path.join(tmpDir, 'sim-port')
  const log = fs.openSync(logPath, 'w')
  const proc = spawn(simBin, ['--listen', SIMULATOR_LISTEN, '--port-file', portFile], { stdio: ['ignore', log, log] })
  fs.closeSync(log)
  let exited = null
  proc.on('exit', (code, signal) => (exited = { code, signal }))
  const deadline = Date.now() + SERVER_START_MS
  while (Date.now() < deadline) {
    if (exited) throw new Error(`fuwu-supplier-sim exited early (${JSON.stringify(exited)}; is ${SIMULATOR_LISTEN} in use?); see ${logPath}`)
    if (fs.existsSync(portFile)) return { proc, exited: () => exited }
    await sleep(50)
  }
  proc.kill('SIGKILL')
  throw new Error(`fuwu-supplier-sim was not ready within ${SERVER_START_MS} ms; see ${logPath}`)
}

async function stopServer(server) {
  if (!server || server.exited()) return
  const done = new Promise((resolve) => server.proc.once('exit', resolve))
  server.proc.kill('SIGTERM')
  const stopped = await Promise.race([done.then(() => true), sleep(SERVER_STOP_MS).then(() => false)])
  if (!stopped) {
    server.proc.kill('SIGKILL')
    await done
  }
}

/**
 * Runs `body({ page, base, step })` against a fresh server and browser, then cleans up. `name`
 * prefixes the log and screenshot files. Skips when FUWU_BIN is not set. With
 * `{ simulator: true }` the supplier simulator runs too (on 127.0.0.1:8091, where the demo's
 * travel suppliers point).
 */
export async function withConsole(t, name, body, options = {}) {
  const bin = process.env.FUWU_BIN
  if (!bin) {
    t.skip('FUWU_BIN is not set: point it at a built fuwu binary to run the browser tests')
    return
  }
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `npm run build` in web/ first')
  }
  fs.mkdirSync(OUTPUT_DIR, { recursive: true })

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `fuwu-${name}-`))
  const browserLog = []
  let server
  let simulator
  let browser
  try {
    if (options.simulator) simulator = await startSimulator(bin, tmpDir, path.join(OUTPUT_DIR, `${name}-simulator.log`))
    server = await startServer(bin, tmpDir, path.join(OUTPUT_DIR, `${name}-server.log`))
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    const page = await context.newPage()
    page.setDefaultTimeout(WAIT_MS)
    page.on('console', (msg) => browserLog.push(`[${msg.type()}] ${msg.text()}`))
    page.on('pageerror', (err) => browserLog.push(`[pageerror] ${err.message}`))

    let shot = 0
    let failed = false
    const shotPath = (label) => path.join(OUTPUT_DIR, `${name}-${String(shot).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`)

    // Each step runs only while the ones before it passed; each saves a screenshot.
    const step = (label, fn) =>
      t.test(label, async (st) => {
        if (failed) {
          st.skip('an earlier step failed')
          return
        }
        ++shot
        try {
          await fn()
          await page.screenshot({ path: shotPath(label), fullPage: true })
        } catch (err) {
          failed = true
          await page.screenshot({ path: shotPath(`${label}-FAILED`), fullPage: true }).catch(() => {})
          throw err
        }
      })
    /** An extra screenshot within the current step. */
    const snapshot = (label) => page.screenshot({ path: shotPath(label), fullPage: true })

    await body({ page, base: server.base, step, snapshot })
  } finally {
    if (browserLog.length) fs.writeFileSync(path.join(OUTPUT_DIR, `${name}-browser-console.log`), browserLog.join('\n') + '\n')
    await browser?.close().catch(() => {})
    await stopServer(server)
    await stopServer(simulator)
    fs.rmSync(tmpDir, { recursive: true, force: true })
  }
}

/** The visible option of an open Element Plus select dropdown (dropdowns are teleported to body). */
export function selectOption(page, text) {
  return page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
}

/** Waits until the element shows exactly this text. */
export async function waitForText(locator, text) {
  await locator.filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) }).first().waitFor({ timeout: WAIT_MS })
}

/** Signs in on the login page. */
export async function logIn(page, base, email, password = DEMO_PASSWORD) {
  await page.goto(`${base}/#/login`)
  await page.locator('[data-test=login-page]').waitFor()
  await page.locator('[data-test=login-email]').fill(email)
  await page.locator('[data-test=login-password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=dashboard]').waitFor()
}
