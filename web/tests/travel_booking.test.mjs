// Browser test of the traveller's booking pages (差旅预订, 行程) against the real server and the
// supplier simulator: 李伟 of 北京星云科技 searches Beijing → Shanghai flights three weeks ahead,
// sees every supplier's price side by side with the policy badges and the marks, books the
// cheapest compliant offer at its cheapest supplier (confirming it, with the company's one travel
// provider shown), reads the itinerary (who pays what, the verdicts, the provider), finds it in his
// trip list (行程列表) and opens it again, then adds a train back to the same trip. The company's travel manager then finds the trip in the company's list, filtered by
// traveller.
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WAIT_MS, logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 180_000
const EMPLOYEE = 'li.wei@xingyun.demo'
const MANAGER = 'admin@xingyun.demo'
const PROVIDER = '杭州云程差旅服务有限公司'

/** A regular expression matching `text` literally (for waitForText). */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The business calendar's date `days` from now, "YYYY-MM-DD" (Asia/Shanghai). */
function shanghaiDate(days) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date(Date.now() + days * 86_400_000))
}

test('search flights, book the cheapest compliant offer, read the itinerary', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-booking', walkBooking, { simulator: true }),
)

async function walkBooking({ page, base, step, snapshot }) {
  const offers = page.locator('[data-test=offer]')
  const best = page.locator('[data-test=offer][data-cheapest-compliant=true]')
  const segments = page.locator('[data-test=trip-segment]')
  const tripRows = page.locator('[data-test=trips-table] .el-table__row')
  const tripRow = (id) => tripRows.filter({ has: page.locator(`[data-test=trip-row-link][data-trip-id="${id}"]`) })

  async function chooseCity(select, name) {
    await page.locator(`[data-test=${select}]`).click()
    const option = selectOption(page, name)
    await option.click()
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

  async function search() {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/searches') && r.request().method() === 'POST')
    await page.locator('[data-test=search-submit]').click()
    const res = await answered
    assert.equal(res.status(), 201, await res.text())
    await page.locator('[data-test=search-results]').waitFor()
    await offers.first().waitFor()
  }

  const confirmDialog = page.locator('[data-test=booking-dialog]')

  /** Books the cheapest compliant offer at its cheapest supplier (confirmed); accepts a changed price. */
  async function bookCheapestCompliant(onConfirm = async () => {}) {
    assert.equal(await best.count(), 1, 'exactly one offer is marked 最低合规价')
    const offerKey = await best.getAttribute('data-offer-key')
    const cheapest = best.locator('[data-test=offer-price]').first()
    const supplier = (await cheapest.locator('.supplier').innerText()).trim()
    await cheapest.locator('[data-test=offer-book]').click()
    await confirmDialog.waitFor()
    await waitForText(confirmDialog.locator('[data-test=booking-supplier]'), literal(supplier))
    await onConfirm()
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    const priceChanged = page.locator('.travel-price-changed')
    const trip = page.locator('[data-test=trip-page][data-trip-id]')
    await Promise.race([trip.waitFor(), priceChanged.waitFor()])
    if (await priceChanged.isVisible()) {
      await snapshot('price-changed')
      await priceChanged.locator('.el-button--primary').click()
      await trip.waitFor()
    }
    return { offerKey, supplier }
  }

  await step('李伟 opens 差旅预订', async () => {
    await logIn(page, base, EMPLOYEE)
    await waitForText(page.locator('[data-test=nav-travel-search]'), '差旅预订')
    await page.locator('[data-test=nav-travel-search]').click()
    await page.locator('[data-test=travel-search-page]').waitFor()
  })

  await step('search Beijing → Shanghai flights three weeks ahead', async () => {
    await chooseCity('search-origin', '北京')
    await chooseCity('search-destination', '上海')
    await chooseDate('search-date', shanghaiDate(21))
    await page.locator('[data-test=search-purpose]').fill('上海客户拜访')
    await search()
  })

  await step('offers carry several suppliers’ prices, policy badges and the marks', async () => {
    assert.ok((await offers.count()) > 5, 'several offers')
    await waitForText(page.locator('[data-test=search-summary]'), '已向 3 家供应商询价.*')
    assert.equal(await page.locator('[data-test=missing-suppliers]').count(), 0)
    // The first (cheapest) offer is quoted by more than one supplier, cheapest first and highlighted.
    const first = offers.first()
    const prices = first.locator('[data-test=offer-price]')
    assert.ok((await prices.count()) >= 2, 'several suppliers price the first offer')
    const totals = await prices.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-total-fen'))))
    assert.deepEqual(totals, [...totals].sort((a, b) => a - b))
    assert.match(await prices.first().getAttribute('class'), /cheapest/)
    // Badges: economy fares are compliant (合规), business and first class blocked (禁止) and not bookable.
    await waitForText(page.locator('[data-test=offer][data-outcome=allow] [data-test=outcome-badge]').first(), '合规')
    const blocked = page.locator('[data-test=offer][data-outcome=block]').first()
    await waitForText(blocked.locator('[data-test=outcome-badge]'), '禁止')
    assert.ok(await blocked.locator('[data-test=offer-book]').first().isDisabled())
    assert.match(await blocked.locator('[data-test=offer-blocked-reason]').innerText(), /经济舱/)
    await waitForText(best.locator('[data-test=mark-cheapest-compliant]'), '最低合规价')
    assert.equal(await page.locator('[data-test=mark-lowest-logical]').count(), 1)
    // The reasons open over the badge.
    await best.locator('[data-test=outcome-badge]').hover()
    const popover = page.locator('.el-popover:visible', { hasText: '差旅政策检查' })
    await popover.waitFor()
    assert.match(await popover.innerText(), /提前预订/)
    await snapshot('reasons')
    await page.mouse.move(0, 0)
  })

  let booked
  let tripId
  await step('book the cheapest compliant offer and see the itinerary', async () => {
    booked = await bookCheapestCompliant(async () => {
      // The company has one travel provider: shown, not chosen. No reason is asked for.
      await waitForText(confirmDialog.locator('[data-test=booking-traveller]'), '李伟')
      assert.equal(await confirmDialog.locator('[data-test=booking-for-other]').count(), 0)
      await waitForText(confirmDialog.locator('[data-test=booking-provider-name]'), PROVIDER)
      assert.equal(await confirmDialog.locator('[data-test=booking-provider]').count(), 0)
      assert.equal(await confirmDialog.locator('[data-test=reason-codes]').count(), 0)
      await snapshot('confirm')
    })
    await segments.first().waitFor()
    assert.equal(await segments.count(), 1)
    const segment = segments.first()
    assert.equal(await segment.getAttribute('data-offer-key'), booked.offerKey)
    assert.equal(await segment.getAttribute('data-outcome'), 'allow')
    await waitForText(segment.locator('[data-test=segment-supplier]'), booked.supplier)
    await waitForText(segment.locator('[data-test=segment-provider]'), PROVIDER)
    // Booked by the traveller himself: no 代订 mark.
    assert.equal(await page.locator('[data-test=trip-booked-by]').count(), 0)
    assert.equal(await segment.locator('[data-test=segment-booked-by]').count(), 0)
    await waitForText(segment.locator('[data-test=segment-employee-pays]'), '¥0.00')
    const paid = (await segment.locator('[data-test=segment-total]').innerText()).trim()
    await waitForText(page.locator('[data-test=trip-total]'), paid.replace(/[.$]/g, '\\$&'))
    await waitForText(page.locator('[data-test=trip-company-pays]'), paid.replace(/[.$]/g, '\\$&'))
    await waitForText(page.locator('[data-test=trip-summary]').getByText('上海客户拜访'), '上海客户拜访')
    assert.ok((await segment.locator('[data-test=verdict]').count()) >= 2, 'the verdicts are listed')
    tripId = await page.locator('[data-test=trip-page]').getAttribute('data-trip-id')
  })

  await step('the trip list shows the booked trip with its total and opens it', async () => {
    const total = (await page.locator('[data-test=trip-total]').innerText()).trim()
    await waitForText(page.locator('[data-test=trip-all-trips]'), '全部行程')
    await page.locator('[data-test=trip-all-trips]').click()
    await page.locator('[data-test=trips-page]').waitFor()
    await waitForText(page.locator('[data-test=nav-travel-trips]'), '行程列表')
    assert.match(await page.locator('[data-test=nav-travel-trips]').getAttribute('class'), /is-active/)
    const row = tripRow(tripId)
    await row.waitFor()
    // Newest first: the trip just booked heads the list.
    assert.equal(await tripRows.first().locator('[data-test=trip-row-link]').getAttribute('data-trip-id'), tripId)
    await waitForText(row.locator('[data-test=trip-row-link]'), `#${tripId}`)
    await waitForText(row.locator('[data-test=trip-row-total]'), literal(total))
    await waitForText(row.locator('[data-test=trip-row-employee-pays]'), literal('¥0.00'))
    await waitForText(row.locator('[data-test=trip-row-segments]'), '1')
    await waitForText(row.locator('[data-test=trip-row-purpose]'), '上海客户拜访')
    // A traveller's own list has no traveller column and no traveller filter.
    assert.equal(await page.locator('[data-test=trip-row-traveller]').count(), 0)
    assert.equal(await page.locator('[data-test=trips-traveller-filter]').count(), 0)
    await row.locator('[data-test=trip-row-link]').click()
    await page.locator(`[data-test=trip-page][data-trip-id="${tripId}"]`).waitFor()
    await waitForText(page.locator('[data-test=trip-total]'), literal(total))
    assert.equal(await segments.count(), 1)
  })

  await step('add a train back to Beijing to the same trip', async () => {
    await page.locator('[data-test=trip-add-segment]').click()
    await page.locator('[data-test=adding-to-trip]').waitFor()
    await page.locator('#tab-train').click()
    await chooseCity('search-origin', '上海')
    await chooseCity('search-destination', '北京')
    await chooseDate('search-date', shanghaiDate(23))
    await search()
    await bookCheapestCompliant()
    assert.equal(await page.locator('[data-test=trip-page]').getAttribute('data-trip-id'), tripId)
    await segments.nth(1).waitFor({ timeout: WAIT_MS })
    assert.equal(await segments.count(), 2)
    assert.equal(await segments.nth(1).getAttribute('data-kind'), 'train')
  })

  await step('a hotel over the cap needs a reason code and the employee pays the excess', async () => {
    await page.locator('[data-test=trip-add-segment]').click()
    await page.locator('[data-test=adding-to-trip]').waitFor()
    await page.locator('#tab-hotel').click()
    await chooseCity('search-city', '上海')
    await chooseDate('search-check-in', shanghaiDate(21))
    await chooseDate('search-check-out', shanghaiDate(23))
    await search()
    const over = page.locator('[data-test=offer][data-outcome=employee_pays_excess]').first()
    await waitForText(over.locator('[data-test=outcome-badge]'), '个人补差')
    await over.locator('[data-test=offer-book]').first().click()
    const dialog = confirmDialog
    await dialog.waitFor()
    await dialog.locator('[data-test=booking-confirm]').click()
    await dialog.getByText('请选择原因').waitFor()
    await dialog.locator('[data-test=reason-code][data-code=customer_request]').click()
    await snapshot('reason-code')
    await dialog.locator('[data-test=booking-confirm]').click()
    const priceChanged = page.locator('.travel-price-changed')
    await Promise.race([segments.nth(2).waitFor(), priceChanged.waitFor()])
    if (await priceChanged.isVisible()) await priceChanged.locator('.el-button--primary').click()
    await segments.nth(2).waitFor()
    const hotel = segments.nth(2)
    assert.equal(await hotel.getAttribute('data-outcome'), 'employee_pays_excess')
    await waitForText(hotel.locator('[data-test=segment-reason]'), '客户指定')
    assert.notEqual((await hotel.locator('[data-test=segment-employee-pays]').innerText()).trim(), '¥0.00')
    assert.notEqual((await page.locator('[data-test=trip-employee-pays]').innerText()).trim(), '¥0.00')
  })

  await step('a changed price is shown and booked only when accepted', async () => {
    // Find a quote the simulator reprices at booking (天航商旅 reprices some of its quotes).
    const token = await page.evaluate(() => localStorage.getItem('fuwu.token'))
    let found = null
    for (let days = 22; days <= 45 && !found; days++) {
      const date = shanghaiDate(days)
      const res = await fetch(`${base}/api/v1/travel/searches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'flight', origin: '3101', destination: '1101', date }),
      })
      assert.equal(res.status, 201)
      for (const offer of (await res.json()).offers) {
        if (offer.outcome !== 'allow' || found) continue
        for (const price of offer.prices) {
          if (!price.quote_id.startsWith('q.tianhang-air.')) continue
          const answer = await fetch('http://127.0.0.1:8091/suppliers/tianhang-air/quotes/confirm', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ quote_id: price.quote_id }),
          }).then((r) => r.json())
          if (answer.status === 'price_changed') {
            found = { date, offerKey: offer.offer_key, supplierId: price.supplier_id, now: answer.total_fen }
            break
          }
        }
      }
    }
    assert.ok(found, 'the simulator reprices some quote within 45 days')
    await page.locator('[data-test=trip-add-segment]').click()
    await page.locator('[data-test=adding-to-trip]').waitFor()
    await chooseCity('search-origin', '上海')
    await chooseCity('search-destination', '北京')
    await chooseDate('search-date', found.date)
    await search()
    const offer = page.locator(`[data-test=offer][data-offer-key="${found.offerKey}"]`)
    await offer.locator(`[data-test=offer-price][data-supplier-id="${found.supplierId}"] [data-test=offer-book]`).click()
    await confirmDialog.waitFor()
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    const box = page.locator('.travel-price-changed')
    await box.waitFor()
    const yuanNow = `¥${(found.now / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`
    assert.ok((await box.innerText()).includes(yuanNow), `the new price ${yuanNow} is shown`)
    await snapshot('price-changed')
    await box.locator('.el-button--primary').click()
    // Dearer now, the fare may break the lowest-fare rule: then a reason is asked for.
    const dialog = confirmDialog
    const reasons = dialog.locator('[data-test=reason-codes]')
    await Promise.race([segments.nth(3).waitFor(), reasons.waitFor()])
    if (await reasons.isVisible()) {
      await dialog.locator('[data-test=reason-code][data-code=schedule]').click()
      await dialog.locator('[data-test=booking-confirm]').click()
    }
    await segments.nth(3).waitFor()
    assert.equal(await segments.nth(3).getAttribute('data-offer-key'), found.offerKey)
    await waitForText(segments.nth(3).locator('[data-test=segment-total]'), yuanNow.replace(/[.$]/g, '\\$&'))
  })

  await step("the travel manager finds 李伟's trip in the company's list and filters by traveller", async () => {
    const total = (await page.locator('[data-test=trip-total]').innerText()).trim()
    const employeePays = (await page.locator('[data-test=trip-employee-pays]').innerText()).trim()
    const segmentCount = await segments.count()
    const filter = page.locator('[data-test=trips-traveller-filter]')

    async function filterBy(name) {
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/travel/trips?') && r.url().includes('traveller_id='))
      await filter.click()
      await selectOption(page, name).click()
      await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' })
      assert.equal((await answered).status(), 200)
    }

    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, MANAGER)
    await page.locator('[data-test=nav-travel-trips]').click()
    await page.locator('[data-test=trips-page]').waitFor()
    const row = tripRow(tripId)
    await row.waitFor()
    await waitForText(row.locator('[data-test=trip-row-traveller]'), '李伟')
    await waitForText(row.locator('[data-test=trip-row-total]'), literal(total))
    await waitForText(row.locator('[data-test=trip-row-employee-pays]'), literal(employeePays))
    await waitForText(row.locator('[data-test=trip-row-segments]'), String(segmentCount))
    await snapshot('company-trips')

    // 王芳 has booked nothing: the empty state offers the booking page.
    await filterBy('王芳')
    await page.locator('[data-test=trips-empty]').waitFor()
    await waitForText(page.locator('[data-test=trips-empty] .el-empty__description'), '该出行人还没有行程')
    await page.locator('[data-test=trips-empty-book]').waitFor()

    await filterBy('李伟')
    await row.waitFor()
    const travellers = await page.locator('[data-test=trip-row-traveller]').allInnerTexts()
    assert.ok(travellers.length >= 1 && travellers.every((name) => name.trim() === '李伟'), travellers.join(', '))

    // Clearing the filter lists the whole company again.
    const all = page.waitForResponse((r) => r.url().includes('/api/v1/travel/trips?') && !r.url().includes('traveller_id='))
    await filter.hover()
    await filter.locator('.el-select__clear').click()
    assert.equal((await all).status(), 200)
    await row.waitFor()

    await row.locator('[data-test=trip-row-link]').click()
    await page.locator(`[data-test=trip-page][data-trip-id="${tripId}"]`).waitFor()
    await waitForText(page.locator('[data-test=trip-total]'), literal(total))
    assert.equal(await segments.count(), segmentCount)
  })
}
