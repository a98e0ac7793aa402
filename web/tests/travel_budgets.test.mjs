// Browser test of travel budgets (差旅预算) against the real server and the supplier simulator.
// 周雅琴, the travel manager (client_admin) of 北京星云科技, sets a budget of ¥100 for this month
// (China time) for 李伟's department 华北销售 that blocks a booking going over, sees it listed at 0 %,
// and is told plainly when she sets it a second time (409 budget_exists). Booking a Shanghai hotel
// for 李伟 with a project code is refused: the budget does not cover the company's share (409
// budget_exceeded). She raises the amount — first meeting a change made meanwhile (If-Match, 412)
// — so that the booking uses about 75 % of it; the booking then goes through, the trip shows the
// project code and the budget's verdict, and the budgets tab shows what was consumed, with the
// first warning level reached.
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 120_000
const MANAGER = 'admin@xingyun.demo'
const DEPARTMENT = '华北销售'
const PROJECT = 'XY-PILOT'
const FIRST_AMOUNT_FEN = 10_000 // ¥100: less than any hotel's two nights in Shanghai

/** A regular expression matching `text` literally (for waitForText). */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The business calendar's date `days` from now, "YYYY-MM-DD" (Asia/Shanghai). */
function shanghaiDate(days) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date(Date.now() + days * 86_400_000))
}

/** "¥1,234.00" as the console shows fen. */
const yuan = (fen) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
/** The fen of "¥1,234.00". */
const fen = (text) => Math.round(Number(text.trim().replace(/[¥,]/g, '')) * 100)

test('travel budgets: set, refuse a booking over the budget, raise it, book, see it consumed', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-budgets', walkBudgets, { simulator: true }),
)

async function walkBudgets({ page, base, step, snapshot }) {
  const api = async (token, method, path, body, headers = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null }
  }
  const pageToken = () => page.evaluate(() => localStorage.getItem('fuwu.token'))

  const thisMonth = shanghaiDate(0).slice(0, 7)
  const offers = page.locator('[data-test=offer]')
  const best = page.locator('[data-test=offer][data-cheapest-compliant=true]')
  const confirmDialog = page.locator('[data-test=booking-dialog]')
  const budgetDialog = page.locator('[data-test=budget-dialog]')
  /** The budget's row in the budgets table. */
  const row = () => page.locator('[data-test=budgets-table] .el-table__row', { has: page.locator('[data-test=budget-scope-name]', { hasText: DEPARTMENT }) })

  async function choose(select, text) {
    await page.locator(`[data-test=${select}]`).click()
    await selectOption(page, text).click()
    // Wait until the dropdown has closed, so the next select's options are the only visible ones.
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' })
  }

  async function chooseDate(field, date) {
    const input = page.locator(`[data-test=${field}] input`)
    await input.click()
    await input.fill(date)
    await input.press('Enter')
    await page.keyboard.press('Escape')
    assert.equal(await input.inputValue(), date)
  }

  async function openBudgets() {
    await page.locator('[data-test=nav-travel-policy]').click()
    await page.locator('#tab-budgets').click()
    await page.locator('[data-test=travel-budgets]').waitFor()
  }

  /** 李伟's Shanghai hotel, three weeks ahead, searched by the travel manager. */
  async function searchHotel() {
    await page.locator('[data-test=nav-travel-search]').click()
    await page.locator('[data-test=travel-search-page]').waitFor()
    await choose('search-traveller-select', '李伟')
    await page.locator('#tab-hotel').click()
    await choose('search-city', '上海')
    await chooseDate('search-check-in', shanghaiDate(21))
    await chooseDate('search-check-out', shanghaiDate(23))
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/searches') && r.request().method() === 'POST')
    await page.locator('[data-test=search-submit]').click()
    const res = await answered
    assert.equal(res.status(), 201, await res.text())
    await offers.first().waitFor()
    await waitForText(page.locator('[data-test=search-booking-for]'), '为 李伟 代订')
  }

  /**
   * Books the cheapest compliant offer at its cheapest supplier with the project code, accepting a
   * changed price; returns the last answer and the total the company would pay (compliant: all).
   */
  async function book() {
    assert.equal(await best.count(), 1, 'exactly one offer is marked 最低合规价')
    await best.locator('[data-test=offer-price]').first().locator('[data-test=offer-book]').click()
    await confirmDialog.waitFor()
    let total = fen(await confirmDialog.locator('[data-test=booking-total]').innerText())
    await confirmDialog.locator('[data-test=booking-project-code]').fill(PROJECT)
    const answer = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/bookings') && r.request().method() === 'POST')
    let answered = answer()
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    let res = await answered
    assert.equal(res.request().postDataJSON().project_code, PROJECT)
    if (res.status() === 409 && (await res.json()).code === 'price_changed') {
      answered = answer()
      await page.locator('.travel-price-changed .el-button--primary').click()
      res = await answered
      total = res.request().postDataJSON().accept_total_fen
      assert.equal(res.request().postDataJSON().project_code, PROJECT, 'the project code is kept')
    }
    return { res, total }
  }

  let budgetId
  await step('the travel manager sets a ¥100 budget for 华北销售 this month that blocks going over', async () => {
    await logIn(page, base, MANAGER)
    await openBudgets()
    await page.locator('[data-test=budgets-table] .el-table__empty-text').waitFor()
    await page.locator('[data-test=budget-create]').click()
    await budgetDialog.waitFor()
    await choose('budget-form-department', DEPARTMENT)
    // This month (China time) is preselected, with the default warning levels.
    assert.equal(await budgetDialog.locator('[data-test=budget-form-key]').getAttribute('data-key'), thisMonth)
    const levels = budgetDialog.locator('[data-test=budget-form-level] input')
    assert.deepEqual(await levels.evaluateAll((els) => els.map((e) => e.value)), ['60.00', '90.00'])
    const amount = budgetDialog.locator('[data-test=budget-form-amount] input')
    await amount.fill(String(FIRST_AMOUNT_FEN / 100))
    await amount.press('Tab')
    await budgetDialog.locator('[data-test=budget-form-control-option][data-control=block]').click()
    await snapshot('new-budget')
    const created = page.waitForResponse((r) => r.url().endsWith('/travel-budgets') && r.request().method() === 'POST')
    await budgetDialog.locator('[data-test=budget-form-submit]').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    const sent = res.request().postDataJSON()
    assert.equal(typeof sent.department_id, 'number')
    assert.equal(sent.project_code, undefined)
    assert.deepEqual(
      { period: sent.period, period_key: sent.period_key, amount_fen: sent.amount_fen, warning_levels_bp: sent.warning_levels_bp, over_control: sent.over_control },
      { period: 'month', period_key: thisMonth, amount_fen: FIRST_AMOUNT_FEN, warning_levels_bp: [6000, 9000], over_control: 'block' },
    )
    budgetId = (await res.json()).id
    await budgetDialog.waitFor({ state: 'hidden' })

    await row().waitFor()
    const progress = row().locator('[data-test=budget-progress]')
    assert.equal(await progress.getAttribute('data-used-bp'), '0')
    assert.equal(await progress.getAttribute('data-state'), 'ok')
    await waitForText(progress.locator('.el-progress__text'), '0%')
    await waitForText(row().locator('[data-test=budget-amount]'), literal(yuan(FIRST_AMOUNT_FEN)))
    await waitForText(row().locator('[data-test=budget-consumed]'), literal(yuan(0)))
    await waitForText(row().locator('[data-test=budget-remaining]'), literal(yuan(FIRST_AMOUNT_FEN)))
    assert.equal(await row().locator('[data-test=budget-period]').getAttribute('data-key'), thisMonth)
    assert.equal(await row().locator('[data-test=budget-control]').getAttribute('data-control'), 'block')
    await waitForText(row().locator('[data-test=budget-control]'), '禁止超支')
    await waitForText(row().locator('[data-test=budget-levels]'), literal('60% / 90%'))
  })

  await step('setting it a second time is refused plainly (409 budget_exists)', async () => {
    await page.locator('[data-test=budget-create]').click()
    await budgetDialog.waitFor()
    await choose('budget-form-department', DEPARTMENT)
    const amount = budgetDialog.locator('[data-test=budget-form-amount] input')
    await amount.fill('500')
    await amount.press('Tab')
    const refused = page.waitForResponse((r) => r.url().endsWith('/travel-budgets') && r.request().method() === 'POST')
    await budgetDialog.locator('[data-test=budget-form-submit]').click()
    assert.equal((await refused).status(), 409)
    const problem = budgetDialog.locator('[data-test=problem-alert][data-code=budget_exists]')
    await problem.waitFor()
    assert.match(await problem.innerText(), new RegExp(`${DEPARTMENT} 在 ${thisMonth} 已有预算`))
    await snapshot('budget-exists')
    await budgetDialog.locator('[data-test=budget-form-cancel]').click()
    await budgetDialog.waitFor({ state: 'hidden' })
    assert.equal(await page.locator('[data-test=budgets-table] .el-table__row').count(), 1)
  })

  let share
  await step('a booking for 李伟 over the budget is refused: the budget does not cover it', async () => {
    await searchHotel()
    const { res, total } = await book()
    assert.equal(res.status(), 409, await res.text())
    assert.equal((await res.json()).code, 'budget_exceeded')
    assert.ok(total > FIRST_AMOUNT_FEN, `the company's share ${total} is over the budget`)
    share = total
    const box = page.locator('.travel-refusal--budget_exceeded')
    await box.waitFor()
    assert.match(await box.innerText(), /超出部门或项目差旅预算，无法预订/)
    await snapshot('budget-exceeded')
    await box.locator('.el-button--primary').click()
    await box.waitFor({ state: 'hidden' })
  })

  // About 75 % of the new amount: past the first warning level (60 %), short of the second.
  const raisedFen = () => Math.ceil((share * 4) / 3 / 100) * 100
  await step('she raises the amount, after meeting a change made meanwhile (412)', async () => {
    await openBudgets()
    await row().waitFor()
    await row().locator('[data-test=budget-edit]').click()
    await budgetDialog.waitFor()
    // Meanwhile someone else changes the budget.
    const token = await pageToken()
    const me = await api(token, 'GET', '/me')
    const path = `/organizations/${me.body.organization.id}/travel-budgets/${budgetId}`
    assert.equal((await api(token, 'PATCH', path, { amount_fen: 20_000 })).status, 428, 'If-Match is required')
    const other = await api(token, 'PATCH', path, { amount_fen: 20_000 }, { 'if-match': '"1"' })
    assert.equal(other.status, 200, JSON.stringify(other.body))
    assert.equal(other.etag, '"2"')

    const amount = budgetDialog.locator('[data-test=budget-form-amount] input')
    await amount.fill(String(raisedFen() / 100))
    await amount.press('Tab')
    const stale = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'PATCH')
    await budgetDialog.locator('[data-test=budget-form-submit]').click()
    const refused = await stale
    assert.equal(refused.status(), 412)
    assert.equal(refused.request().headers()['if-match'], '"1"')
    await page.locator('.el-message--warning', { hasText: '已被他人修改' }).waitFor()
    await budgetDialog.waitFor({ state: 'hidden' })
    await waitForText(row().locator('[data-test=budget-amount]'), literal(yuan(20_000)))
    await snapshot('stale-budget')

    // Edited again from what is stored now, the change goes through.
    await row().locator('[data-test=budget-edit]').click()
    await budgetDialog.waitFor()
    assert.equal(await amount.inputValue(), '200.00')
    await amount.fill(String(raisedFen() / 100))
    await amount.press('Tab')
    const saved = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'PATCH')
    await budgetDialog.locator('[data-test=budget-form-submit]').click()
    const res = await saved
    assert.equal(res.status(), 200, await res.text())
    assert.equal(res.request().headers()['if-match'], '"2"')
    assert.deepEqual(res.request().postDataJSON(), { amount_fen: raisedFen() })
    await budgetDialog.waitFor({ state: 'hidden' })
    await waitForText(row().locator('[data-test=budget-amount]'), literal(yuan(raisedFen())))
    assert.equal(await row().locator('[data-test=budget-progress]').getAttribute('data-used-bp'), '0')
  })

  await step('booked again, it goes through: the trip shows the project and the budget verdict', async () => {
    await searchHotel()
    const { res, total } = await book()
    assert.equal(res.status(), 201, await res.text())
    share = total
    await page.locator('[data-test=trip-page][data-trip-id]').waitFor()
    const segment = page.locator('[data-test=trip-segment]').first()
    await waitForText(segment.locator('[data-test=segment-project-code]'), PROJECT)
    await waitForText(segment.locator('[data-test=segment-company-pays]'), literal(yuan(share)))
    const verdict = segment.locator('[data-test=verdict][data-rule=budget]')
    assert.equal(await verdict.getAttribute('data-broken'), 'false')
    await waitForText(verdict.locator('.rule'), '预算')
    await snapshot('trip')
  })

  await step('the budgets tab shows what was consumed, past the first warning level', async () => {
    await openBudgets()
    await row().waitFor()
    const usedBp = Math.floor((share * 10_000) / raisedFen())
    assert.ok(usedBp >= 6000 && usedBp < 9000, `used ${usedBp} bp`)
    const progress = row().locator('[data-test=budget-progress]')
    await page.locator(`[data-test=budget-progress][data-used-bp="${usedBp}"]`).waitFor()
    assert.equal(await progress.getAttribute('data-state'), 'warning')
    assert.equal(await progress.getAttribute('data-warning-reached-bp'), '6000')
    await waitForText(row().locator('[data-test=budget-consumed]'), literal(yuan(share)))
    await waitForText(row().locator('[data-test=budget-remaining]'), literal(yuan(raisedFen() - share)))
    await waitForText(row().locator('[data-test=budget-state]'), literal('已达预警线 60%'))
    // The bar takes the warning colour.
    const colour = await progress.locator('.el-progress-bar__inner').evaluate((el) => getComputedStyle(el).backgroundColor)
    assert.equal(colour, 'rgb(230, 162, 60)')
    await snapshot('consumed')

    await page.locator('[data-test=lang-en]').click()
    await waitForText(page.locator('#tab-budgets'), 'Budgets')
    await waitForText(row().locator('[data-test=budget-state]'), literal('Warning level 60% reached'))
    await waitForText(row().locator('[data-test=budget-control]'), 'Block')
    await page.locator('[data-test=lang-zh-CN]').click()
  })
}
