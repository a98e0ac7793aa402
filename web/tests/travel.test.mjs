// Browser test of the travel policy page (差旅标准): the admin of 北京星云科技 raises the tier-1
// hotel cap of the staff class and saves (the version goes up), gives 李伟 grade P5, cannot drop
// grade P5 while he has it (409 grades_in_use names it), and checks a five-star hotel over the cap
// for grade P5 — the employee pays the excess (个人补差), with the reasons in Chinese and English.
// An operator then opens the same company's policy.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WAIT_MS, logIn, selectOption, sleep, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 180_000

const CLIENT_ADMIN = 'admin@xingyun.demo'
const OPERATOR = 'operator@fuwu.demo'
const COMPANY = '北京星云科技有限公司'
const EMPLOYEE = 'li.wei@xingyun.demo'

test('travel policy, employee grades and a policy check', { timeout: TEST_MS }, (t) => withConsole(t, 'travel', walkTravel))

async function walkTravel({ page, base, step, snapshot }) {
  const version = page.locator('[data-test=travel-policy-version]')
  const staff = page.locator('[data-test=rule-class][data-name=staff]')
  const tier1Cap = staff.locator('[data-test=hotel-cap-tier1] input')
  const employeeRow = page.locator('[data-test=travel-employees] .el-table__row', { hasText: EMPLOYEE })

  async function waitForValue(locator, want) {
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; await sleep(100)) if ((await locator.inputValue()) === want) return
    assert.equal(await locator.inputValue(), want)
  }

  /** Types a number into an el-input-number and commits it (its change fires on blur). */
  async function fillNumber(locator, value) {
    await locator.fill(String(value))
    await locator.press('Tab')
  }

  async function openPolicyPage() {
    await page.locator('[data-test=nav-travel-policy]').click()
    await page.locator('[data-test=travel-policy-page]').waitFor()
  }

  await step('client admin opens 差旅标准 with the default policy', async () => {
    await logIn(page, base, CLIENT_ADMIN)
    await waitForText(page.locator('[data-test=nav-travel-policy]'), '差旅标准')
    await openPolicyPage()
    await waitForText(page.locator('[data-test=travel-org-name]'), COMPANY)
    await waitForText(version, '版本 1')
    // The defaults: staff stays in ¥550 a night in tier-1 cities, over it the employee pays.
    await waitForValue(tier1Cap, '550.00')
    assert.equal(await staff.locator('[data-test=control-hotel]').getAttribute('data-value'), 'employee_pays_excess')
    assert.match(await staff.locator('[data-test=control-hotel]').innerText(), /个人补差/)
  })

  await step('raise the tier-1 hotel cap of staff to ¥600 and save', async () => {
    await fillNumber(tier1Cap, 600)
    await waitForValue(tier1Cap, '600.00')
    await page.locator('[data-test=travel-policy-save]').click()
    await waitForText(version, '版本 2')
    assert.equal(await version.getAttribute('data-version'), '2')
    await page.locator('.el-message--success', { hasText: '版本 2' }).waitFor()
    // What is shown is what the server stored.
    await waitForValue(tier1Cap, '600.00')
  })

  await step("give 李伟 grade P5 in the employees tab", async () => {
    await page.locator('#tab-employees').click()
    await employeeRow.waitFor()
    await employeeRow.locator('[data-test=employee-edit]').click()
    const form = page.locator('[data-test=employee-form]')
    await form.waitFor()
    // (The demo data may already have given him a grade and a department: both are set here.)
    await page.locator('[data-test=employee-form-grade]').click()
    await selectOption(page, 'P5').click()
    await page.locator('[data-test=employee-form-department]').click()
    await selectOption(page, '研发中心').click()
    await page.locator('[data-test=employee-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(employeeRow.locator('[data-test=employee-grade]'), 'P5')
    await waitForText(employeeRow.locator('[data-test=employee-rule-class]'), 'staff')
    await waitForText(employeeRow.locator('[data-test=employee-department]'), '研发中心')
    // Without its own, the employee has the department's cost centre.
    await waitForText(employeeRow.locator('[data-test=employee-cost-centre]'), 'BJ-300')
  })

  await step('dropping grade P5 while 李伟 has it is refused, naming P5', async () => {
    await page.locator('#tab-policy').click()
    await page.locator('[data-test=grade-remove-P5]').click()
    await page.locator('[data-test=grade-row][data-grade=P5]').waitFor({ state: 'detached' })
    await page.locator('[data-test=travel-policy-save]').click()
    const alert = page.locator('[data-test=problem-alert][data-code=grades_in_use]')
    await alert.waitFor()
    assert.match(await alert.innerText(), /以下职级仍有员工.*P5/)
    await snapshot('grades-in-use')
    assert.equal(await version.getAttribute('data-version'), '2')
    // Put it back as it was.
    await page.locator('[data-test=problem-restore-grades]').click()
    await page.locator('[data-test=grade-row][data-grade=P5]').waitFor()
  })

  await step('a five-star hotel over the cap: the employee pays the excess (个人补差)', async () => {
    await page.locator('#tab-check').click()
    await page.locator('[data-test=travel-check]').waitFor()
    await page.locator('[data-test=check-grade]').click()
    await selectOption(page, 'P5').click()
    await page.locator('[data-test=check-kind-hotel]').click()
    await page.locator('[data-test=check-city-tier]').click()
    await selectOption(page, '一线城市').click()
    await fillNumber(page.locator('[data-test=check-nightly] input'), 1280)
    await fillNumber(page.locator('[data-test=check-nights] input'), 2)
    await page.locator('[data-test=check-run]').click()
    const result = page.locator('[data-test=check-result]')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-outcome'), 'employee_pays_excess')
    await waitForText(page.locator('[data-test=check-outcome]'), '个人补差')
    await waitForText(page.locator('[data-test=check-rule-class]'), 'staff')
    // (¥1,280 − ¥600) × 2 nights.
    await waitForText(page.locator('[data-test=check-employee-pays]'), '个人补差 ¥1,360.00')
    const hotelRow = page.locator('[data-test=check-verdicts] .el-table__row', { has: page.locator('[data-test=verdict-rule][data-rule=hotel_cap]') })
    assert.match(await hotelRow.innerText(), /一线城市住宿标准每晚 600\.00 元；本酒店每晚 1,280\.00 元/)
    assert.match(await hotelRow.innerText(), /个人补差/)
  })

  await step('the reasons follow the language', async () => {
    await page.locator('[data-test=lang-en]').click()
    await waitForText(page.locator('[data-test=check-outcome]'), 'Employee pays excess')
    const reasons = page.locator('[data-test=verdict-reason]')
    await reasons.filter({ hasText: 'the nightly cap in a tier1 city is 600.00 yuan; this hotel is 1,280.00 yuan a night' }).waitFor()
    await snapshot('english')
    await page.locator('[data-test=lang-zh-CN]').click()
    await waitForText(page.locator('[data-test=check-outcome]'), '个人补差')
  })

  await step('an operator chooses the company and sees version 2', async () => {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, OPERATOR)
    await openPolicyPage()
    await page.locator('[data-test=travel-org]').click()
    await page.locator('[data-test=travel-org] input').fill('星云')
    await selectOption(page, COMPANY).click()
    await waitForText(version, '版本 2')
    await waitForValue(tier1Cap, '600.00')
  })
}
