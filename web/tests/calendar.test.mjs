// Browser test of the business calendar: the operator marks a holiday (国庆节) and a make-up
// working day on a Saturday (调休), sees both on the month grid and in the year's list, and clears
// the make-up working day again.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 120_000

const OPERATOR = 'operator@fuwu.demo'
const HOLIDAY = '2026-10-01' // a Thursday
const MAKEUP = '2026-10-10' // a Saturday

test('business calendar', { timeout: TEST_MS }, (t) => withConsole(t, 'calendar', walkCalendar))

async function walkCalendar({ page, base, step, snapshot }) {
  const cell = (day) => page.locator(`[data-test=calendar-cell-${day}]`)
  const mark = (day) => page.locator(`[data-test=calendar-mark-${day}]`)
  const listRow = (day) => page.locator('[data-test=calendar-list] .el-table__row', { has: page.locator(`[data-test=calendar-entry-${day}]`) })
  const form = page.locator('[data-test=calendar-form]')

  /** Opens a day's dialog from the grid, marks it and saves. */
  async function markDay(day, kind, name) {
    await cell(day).click()
    await form.waitFor()
    await page.locator(`[data-test=calendar-form-kind-${kind}]`).click()
    await page.locator('[data-test=calendar-form-name]').fill(name)
    await snapshot(`dialog-${day}`)
    await page.locator('[data-test=calendar-form-submit]').click()
    await form.waitFor({ state: 'detached' })
  }

  await step('operator opens October 2026', async () => {
    await logIn(page, base, OPERATOR)
    await page.locator('[data-test=nav-calendar]').click()
    await page.locator('[data-test=calendar-page]').waitFor()
    await page.locator('[data-test=calendar-year]').click()
    await selectOption(page, '2026').click()
    await page.locator('[data-test=calendar-month]').click()
    await selectOption(page, '10 月').click()
    await cell(HOLIDAY).waitFor()
    // Weekends are shaded, weekdays are not.
    assert.match(await cell(MAKEUP).getAttribute('class'), /\bweekend\b/)
    assert.match(await cell('2026-10-04').getAttribute('class'), /\bweekend\b/)
    assert.doesNotMatch(await cell(HOLIDAY).getAttribute('class'), /\bweekend\b/)
  })

  await step('mark 2026-10-01 as the holiday 国庆节', async () => {
    await markDay(HOLIDAY, 'holiday', '国庆节')
    await waitForText(mark(HOLIDAY), '国庆节')
    assert.match(await cell(HOLIDAY).getAttribute('class'), /\bholiday\b/)
    const row = listRow(HOLIDAY)
    await row.waitFor()
    assert.match(await row.innerText(), /节假日/)
    assert.match(await row.innerText(), /国庆节/)
    assert.match(await row.innerText(), /周四/)
  })

  await step('mark Saturday 2026-10-10 as a make-up working day', async () => {
    await markDay(MAKEUP, 'workday', '国庆节调休')
    await waitForText(mark(MAKEUP), '国庆节调休')
    assert.match(await cell(MAKEUP).getAttribute('class'), /\bworkday\b/)
    const row = listRow(MAKEUP)
    await row.waitFor()
    assert.match(await row.innerText(), /调休上班/)
    assert.match(await row.innerText(), /周六/)
    // Both are in the year's list, in date order.
    const days = await page.locator('[data-test=calendar-list] [data-test^=calendar-entry-]').allInnerTexts()
    assert.ok(days.indexOf(HOLIDAY) >= 0 && days.indexOf(HOLIDAY) < days.indexOf(MAKEUP), days.join(','))
  })

  await step('the server keeps both', async () => {
    const items = await page.evaluate(async () => {
      const headers = { Authorization: `Bearer ${localStorage.getItem('fuwu.token')}` }
      const res = await fetch('/api/v1/calendar/days?from=2026-10-01&to=2026-10-31', { headers })
      return (await res.json()).items
    })
    assert.deepEqual(
      items.filter((d) => d.day === HOLIDAY || d.day === MAKEUP),
      [
        { day: HOLIDAY, kind: 'holiday', name: '国庆节' },
        { day: MAKEUP, kind: 'workday', name: '国庆节调休' },
      ],
    )
  })

  await step('clear the make-up working day', async () => {
    await cell(MAKEUP).click()
    await form.waitFor()
    assert.equal(await page.locator('[data-test=calendar-form-name]').inputValue(), '国庆节调休')
    await page.locator('[data-test=calendar-form-clear]').click()
    await form.waitFor({ state: 'detached' })
    await mark(MAKEUP).waitFor({ state: 'detached' })
    await listRow(MAKEUP).waitFor({ state: 'detached' })
    assert.doesNotMatch(await cell(MAKEUP).getAttribute('class'), /\bworkday\b/)
    assert.match(await cell(MAKEUP).getAttribute('class'), /\bweekend\b/)
    // The holiday stays.
    await waitForText(mark(HOLIDAY), '国庆节')
    await listRow(HOLIDAY).waitFor()
  })
}
