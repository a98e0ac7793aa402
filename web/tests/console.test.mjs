// Browser tests of the console against the real `fuwu` binary (path in FUWU_BIN) serving the
// built console from web/dist. Run from the repository root as `node --test web/tests/`
// (or `npm run test:browser` in web/) after `npm run build`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url))
const DIST_DIR = path.join(WEB_DIR, 'dist')
const OUTPUT_DIR = path.resolve(process.env.TEST_OUTPUT_DIR ?? path.join(WEB_DIR, 'test-output'))
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

const WAIT_MS = 15_000 // one wait for the page or the server
const SERVER_START_MS = 30_000 // migrations and demo data on a fresh database
const SERVER_STOP_MS = 5_000
const TEST_MS = 180_000

const OPERATOR = { email: 'operator@fuwu.demo', password: 'Fuwu-demo-2026' }

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function startServer(bin, tmpDir, logPath) {
  const portFile = path.join(tmpDir, 'port')
  const log = fs.openSync(logPath, 'w')
  const args = [
    'serve',
    '--demo',
    '--db',
    path.join(tmpDir, 'fuwu.db'),
    // Demo data uploads admission materials: keep the files in the temporary directory.
    '--set',
    `storage.data_dir=${path.join(tmpDir, 'data')}`,
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

/** The visible option of an open Element Plus select dropdown (dropdowns are teleported to body). */
function selectOption(page, text) {
  return page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
}

/** Waits until the element shows exactly this text. */
async function waitForText(locator, text) {
  await locator.filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) }).first().waitFor({ timeout: WAIT_MS })
}

test('fuwu console in a browser', { timeout: TEST_MS }, async (t) => {
  const bin = process.env.FUWU_BIN
  if (!bin) {
    t.skip('FUWU_BIN is not set: point it at a built fuwu binary to run the browser tests')
    return
  }
  assert.ok(fs.existsSync(path.join(DIST_DIR, 'index.html')), 'web/dist/index.html is missing: run `npm run build` in web/ first')
  fs.mkdirSync(OUTPUT_DIR, { recursive: true })

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-console-'))
  const browserLog = []
  let server
  let browser
  try {
    server = await startServer(bin, tmpDir, path.join(OUTPUT_DIR, 'server.log'))
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    const page = await context.newPage()
    page.setDefaultTimeout(WAIT_MS)
    page.on('console', (msg) => browserLog.push(`[${msg.type()}] ${msg.text()}`))
    page.on('pageerror', (err) => browserLog.push(`[pageerror] ${err.message}`))

    const stamp = Date.now()
    const orgName = `测试组织${stamp}`
    const userEmail = `console-test-${stamp}@example.com`
    let shot = 0
    let failed = false

    // Each step runs only while the ones before it passed; each saves a screenshot.
    const step = (name, fn) =>
      t.test(name, async (st) => {
        if (failed) {
          st.skip('an earlier step failed')
          return
        }
        const file = `${String(++shot).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}`
        try {
          await fn()
          await page.screenshot({ path: path.join(OUTPUT_DIR, `${file}.png`), fullPage: true })
        } catch (err) {
          failed = true
          await page.screenshot({ path: path.join(OUTPUT_DIR, `${file}-FAILED.png`), fullPage: true }).catch(() => {})
          throw err
        }
      })

    await step('log in and see the dashboard', async () => {
      await page.goto(`${server.base}/`)
      await page.locator('[data-test=login-page]').waitFor()
      await page.locator('[data-test=login-email]').fill(OPERATOR.email)
      await page.locator('[data-test=login-password]').fill(OPERATOR.password)
      await page.locator('[data-test=login-submit]').click()
      await page.locator('[data-test=dashboard]').waitFor()
      assert.ok((await page.locator('[data-test=current-user]').innerText()).trim().length > 0)
      assert.ok((await page.locator('[data-test=dashboard-org]').innerText()).trim().length > 0)
      await waitForText(page.locator('[data-test=dashboard-roles]'), '运营管理员')
      // An operator sees the operator pages in the navigation.
      for (const item of ['dashboard', 'organizations', 'users', 'audit']) {
        await page.locator(`[data-test=nav-${item}]`).waitFor()
      }
    })

    await step('switch language to English and back', async () => {
      const navDashboard = page.locator('[data-test=nav-dashboard]')
      await waitForText(navDashboard, '首页')
      await page.locator('[data-test=lang-en]').click()
      await waitForText(navDashboard, 'Dashboard')
      await waitForText(page.locator('[data-test=logout]'), 'Log out')
      // The choice survives a reload.
      await page.reload()
      await waitForText(page.locator('[data-test=nav-dashboard]'), 'Dashboard')
      await page.screenshot({ path: path.join(OUTPUT_DIR, `${String(shot).padStart(2, '0')}-english.png`), fullPage: true })
      await page.locator('[data-test=lang-zh-CN]').click()
      await waitForText(page.locator('[data-test=nav-dashboard]'), '首页')
    })

    await step('create an organization and see it listed', async () => {
      await page.locator('[data-test=nav-organizations]').click()
      await page.locator('[data-test=organizations-page]').waitFor()
      await page.locator('[data-test=org-create]').click()
      const form = page.locator('[data-test=org-form]')
      await form.waitFor()
      await page.locator('[data-test=org-form-name]').fill(orgName)
      await page.locator('[data-test=org-form-kind]').click()
      await selectOption(page, '企业客户').click()
      await page.locator('[data-test=org-form-region]').fill('310112')
      await page.locator('[data-test=org-form-submit]').click()
      await form.waitFor({ state: 'detached' })
      await page.locator('[data-test=org-search]').fill(orgName)
      await page.locator('[data-test=org-search-submit]').click()
      const row = page.locator('[data-test=org-table] .el-table__row', { hasText: orgName })
      await row.first().waitFor()
      await waitForText(row.first().locator('td').nth(1), '企业客户')
    })

    await step('create a user through the dialog and see it listed', async () => {
      await page.locator('[data-test=nav-users]').click()
      await page.locator('[data-test=users-page]').waitFor()
      await page.locator('[data-test=user-create]').click()
      const form = page.locator('[data-test=user-form]')
      await form.waitFor()
      await page.locator('[data-test=user-form-email]').fill(userEmail)
      await page.locator('[data-test=user-form-name]').fill('测试用户')
      await page.locator('[data-test=user-form-password]').fill('Console-test-2026!')
      await page.locator('[data-test=user-form-org]').click()
      await page.locator('[data-test=user-form-org] input').fill(orgName)
      await selectOption(page, orgName).click()
      await page.locator('[data-test=user-form-roles]').click()
      await selectOption(page, '员工').click()
      await page.locator('.el-dialog__title', { hasText: '新建用户' }).click() // closes the role dropdown
      await page.locator('[data-test=user-form-submit]').click()
      await form.waitFor({ state: 'detached' })
      await page.locator('[data-test=user-search]').fill(userEmail)
      await page.locator('[data-test=user-search-submit]').click()
      const row = page.locator('[data-test=user-table] .el-table__row', { hasText: userEmail })
      await row.first().waitFor()
      const text = await row.first().innerText()
      assert.match(text, new RegExp(orgName))
      assert.match(text, /员工/)
    })

    await step('log out returns to the login page', async () => {
      await page.locator('[data-test=logout]').click()
      await page.locator('[data-test=login-page]').waitFor()
      assert.equal(await page.evaluate(() => localStorage.getItem('fuwu.token')), null)
      // Operator pages need a session again.
      await page.goto(`${server.base}/#/users`)
      await page.locator('[data-test=login-page]').waitFor()
    })
  } finally {
    if (browserLog.length) fs.writeFileSync(path.join(OUTPUT_DIR, 'browser-console.log'), browserLog.join('\n') + '\n')
    await browser?.close().catch(() => {})
    await stopServer(server)
    fs.rmSync(tmpDir, { recursive: true, force: true })
  }
})
