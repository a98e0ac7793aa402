// Browser tests of the console against the real `fuwu` binary (path in FUWU_BIN) serving the
// built console from web/dist. Run from the repository root as `node --test web/tests/`
// (or `npm run test:browser` in web/) after `npm run build`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 180_000

const OPERATOR = { email: 'operator@fuwu.demo', password: 'Fuwu-demo-2026' }

test('fuwu console in a browser', { timeout: TEST_MS }, (t) => withConsole(t, 'console', walkConsole))

async function walkConsole({ page, base, step, snapshot }) {
  const stamp = Date.now()
  const orgName = `测试组织${stamp}`
  const userEmail = `console-test-${stamp}@example.com`

  await step('log in and see the dashboard', async () => {
    await page.goto(`${base}/`)
    await page.locator('[data-test=login-page]').waitFor()
    await page.locator('[data-test=login-email]').fill(OPERATOR.email)
    await page.locator('[data-test=login-password]').fill(OPERATOR.password)
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=dashboard]').waitFor()
    assert.ok((await page.locator('[data-test=current-user]').innerText()).trim().length > 0)
    assert.ok((await page.locator('[data-test=dashboard-org]').innerText()).trim().length > 0)
    await waitForText(page.locator('[data-test=dashboard-roles]'), '运营管理员')
    // An operator sees the operator pages in the navigation.
    for (const item of ['dashboard', 'organizations', 'users', 'audit', 'admission-review', 'admission-programs']) {
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
    await snapshot('english')
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
    await page.goto(`${base}/#/users`)
    await page.locator('[data-test=login-page]').waitFor()
  })
}
