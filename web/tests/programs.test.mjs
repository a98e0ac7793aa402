// Browser test of the programs page: an operator creates a program, closes it to applications,
// and publishes a new rule-set version after fixing the error the server reports per field.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 120_000

test('admission programs and rule sets', { timeout: TEST_MS }, (t) => withConsole(t, 'programs', walkPrograms))

async function walkPrograms({ page, base, step }) {
  const code = `test_${Date.now() % 100000}`

  await step('create a program', async () => {
    await logIn(page, base, 'operator@fuwu.demo')
    await page.locator('[data-test=nav-admission-programs]').click()
    await page.locator('[data-test=programs-page]').waitFor()
    await page.locator('[data-test=programs-table]', { hasText: '生活服务服务商' }).waitFor()
    await page.locator('[data-test=program-create]').click()
    const form = page.locator('[data-test=program-form]')
    await form.waitFor()
    await page.locator('[data-test=program-form-code]').fill(code)
    await page.locator('[data-test=program-form-name-zh]').fill('测试服务商')
    await page.locator('[data-test=program-form-name-en]').fill('Test providers')
    await page.locator('[data-test=program-form-description]').fill('浏览器测试创建的计划。')
    await page.locator('[data-test=program-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(page.locator(`[data-test=program-status-${code}]`), '开放中')
  })

  await step('close it to applications', async () => {
    await page.locator(`[data-test=program-toggle-${code}]`).click()
    await waitForText(page.locator(`[data-test=program-status-${code}]`), '已关闭')
  })

  await step('a rule-set error is shown on its field', async () => {
    await page.locator(`[data-test=program-rules-${code}]`).click()
    await page.locator('[data-test=rule-set-drawer]').waitFor()
    await page.locator('[data-test=rule-set-history] .el-table__row').first().waitFor()
    const editor = page.locator('[data-test=rule-set-editor]')
    const rules = JSON.parse(await editor.inputValue())
    const at = rules.findIndex((r) => r.kind === 'regions_required')
    assert.ok(at >= 0)
    rules[at].min = 0
    await editor.fill(JSON.stringify(rules, null, 2))
    await page.locator('[data-test=rule-set-publish]').click()
    const row = page.locator('[data-test=rule-set-errors] .el-table__row').first()
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, new RegExp(`rules\\[${at}\\]\\.min`))
    assert.match(text, new RegExp(rules[at].id))
  })

  await step('publish the fixed rules as version 2', async () => {
    const editor = page.locator('[data-test=rule-set-editor]')
    const rules = JSON.parse(await editor.inputValue())
    for (const r of rules) if (r.kind === 'regions_required') r.min = 2
    await editor.fill(JSON.stringify(rules, null, 2))
    await page.locator('[data-test=rule-set-note]').fill('资源地域至少两个')
    await page.locator('[data-test=rule-set-publish]').click()
    await page.locator('[data-test=rule-set-history] .el-table__row', { hasText: '资源地域至少两个' }).waitFor()
    assert.equal(await page.locator('[data-test=rule-set-errors]').count(), 0)
  })
}
