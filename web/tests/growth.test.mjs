// Browser test of the growth module: an operator opens the tier board of the demo program
// 生活服务服务商 for cycle 2026Q4 and sees the Diamond, Gold and Silver columns; a provider's admin
// opens its growth page and sees the points chart and what it needs next; the program's formula
// page renders without signing in.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 120_000

const OPERATOR = 'operator@fuwu.demo'
const PROVIDER_ADMIN = 'admin@youpin.demo'
const PROVIDER = '广州优品电商代运营有限公司'
const PROGRAM = '生活服务服务商'
const CYCLE = '2026Q4'

test('growth and rating', { timeout: TEST_MS }, (t) => withConsole(t, 'growth', walkGrowth))

async function walkGrowth({ page, base, step }) {
  const column = (tier) => page.locator(`[data-test=board-tier-${tier}]`)

  async function logOut() {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
  }

  await step('operator opens the tier board of 2026Q4', async () => {
    await logIn(page, base, OPERATOR)
    await page.locator('[data-test=nav-rating-board]').click()
    await page.locator('[data-test=rating-board-page]').waitFor()
    await page.locator('[data-test=rating-program]').click()
    await selectOption(page, PROGRAM).click()
    await page.locator('[data-test=rating-cycle]').click()
    await selectOption(page, CYCLE).click()
    // 2026Q4 is the open cycle: its board is a live estimate.
    await waitForText(page.locator('[data-test=rating-cycle-state]'), '进行中')
    await page.locator('[data-test=board-provisional]').waitFor()
  })

  await step('the board shows Diamond, Gold and Silver with quotas', async () => {
    for (const [tier, name] of [
      ['diamond', '钻石'],
      ['gold', '金牌'],
      ['silver', '银牌'],
    ]) {
      await column(tier).waitFor()
      assert.match(await column(tier).locator('.el-card__header').innerText(), new RegExp(name))
    }
    // Default quotas: Diamond 6, Gold 12, Silver unlimited.
    assert.match(await page.locator('[data-test=board-quota-diamond]').innerText(), /^\s*\d+ \/ 6\s*$/)
    assert.match(await page.locator('[data-test=board-quota-gold]').innerText(), /^\s*\d+ \/ 12\s*$/)
    assert.match(await page.locator('[data-test=board-quota-silver]').innerText(), /不限名额/)
    // Every demo provider is either seated in a column or listed as untiered.
    await page.locator('[data-test=board-untiered]').waitFor()
    const seated = await page.locator('[data-test^=board-members-] .el-table__row').count()
    const untiered = await page.locator('[data-test=board-untiered] .el-table__row').count()
    assert.ok(seated + untiered >= 20, `seated ${seated} + untiered ${untiered}`)
    assert.ok(seated > 0)
  })

  await step("the provider's admin opens its growth page", async () => {
    await logOut()
    await logIn(page, base, PROVIDER_ADMIN)
    await page.locator('[data-test=nav-growth]').click()
    await page.locator('[data-test=growth-page]').waitFor()
    await page.locator('[data-test=growth-page] .el-card__header', { hasText: PROVIDER }).first().waitFor()
    // Providers see only their own organization: no provider picker.
    assert.equal(await page.locator('[data-test=growth-provider]').count(), 0)
    await page.locator('[data-test=growth-summary]').waitFor()
  })

  await step('it shows the points chart and the next step', async () => {
    await page.locator('[data-test=growth-chart-points] canvas').first().waitFor()
    await page.locator('[data-test=growth-chart-sources] canvas').first().waitFor()
    const next = page.locator('[data-test=growth-next-step]')
    await next.waitFor()
    // Either the points needed for the next star or tier, or the top already reached.
    assert.match(await next.innerText(), /再获得 \d+ 分|还需 \d+ 分|已达到最高/)
    await page.locator('[data-test=growth-tasks] .el-table__row').first().waitFor()
    await page.locator('[data-test=growth-entitlements]').waitFor()
  })

  await step('the formula page renders without signing in', async () => {
    const href = await page.locator('[data-test=growth-formula-link]').getAttribute('href')
    assert.match(href, /#\/formula\/\d+$/)
    await logOut()
    await page.goto(`${base}/${href.replace(/^\//, '')}`)
    await page.locator('[data-test=formula-page]').waitFor()
    await waitForText(page.locator('[data-test=formula-title]'), `${PROGRAM} 成长规则`)
    await page.locator('[data-test=formula-rules] li').first().waitFor()
    await page.locator('[data-test=formula-tier-diamond]').waitFor()
    await page.locator('[data-test=formula-tasks] .el-table__row').first().waitFor()
    await page.locator('[data-test=formula-violation-types] .el-table__row').first().waitFor()
    assert.notEqual((await page.locator('[data-test=formula-leaderboard]').innerText()).trim(), '')
    // Still signed out: no console navigation, the public header.
    assert.equal(await page.locator('[data-test=side-nav]').count(), 0)
    assert.equal(await page.evaluate(() => localStorage.getItem('fuwu.token')), null)
  })
}
