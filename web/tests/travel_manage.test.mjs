// Browser test of the travel manager's side of corporate travel against the real server and the
// supplier simulator. An operator first makes 广州优品 a travel provider of the registry; 周雅琴,
// the travel manager (client_admin) of 北京星云科技, adds it to the company's travel providers
// (差旅服务商) on the policy page, and meets an employee profile changed meanwhile (If-Match, 412).
// She then books a Shanghai hotel for 李伟 (his policy applies, the trip is his, "由 周雅琴 代订")
// and adds a transfer (接送机) from Pudong airport to that hotel, served by the provider she picks.
// 李伟 finds the trip, cancels the transfer (refunded in full, the trip total drops), and a segment
// cancelled meanwhile is explained when he tries again. Last, a provider suspended while the
// manager edits the list is named in the refusal (422).
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 180_000
const MANAGER = 'admin@xingyun.demo'
const EMPLOYEE = 'li.wei@xingyun.demo'
const OPERATOR = 'operator@fuwu.demo'
const DEFAULT_PROVIDER = '杭州云程差旅服务有限公司'
const SECOND_PROVIDER = '广州优品电商代运营有限公司'

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

test('the travel manager books for an employee, travel providers, cancelling a segment', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-manage', walkManage, { simulator: true }),
)

async function walkManage({ page, base, step, snapshot }) {
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

  const offers = page.locator('[data-test=offer]')
  const best = page.locator('[data-test=offer][data-cheapest-compliant=true]')
  const segments = page.locator('[data-test=trip-segment]')
  const confirmDialog = page.locator('[data-test=booking-dialog]')

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

  async function search() {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/searches') && r.request().method() === 'POST')
    await page.locator('[data-test=search-submit]').click()
    const res = await answered
    assert.equal(res.status(), 201, await res.text())
    await page.locator('[data-test=search-results]').waitFor()
    await offers.first().waitFor()
    return res.request().postDataJSON()
  }

  /** Books the cheapest compliant offer at its cheapest supplier; `inDialog` acts in the confirmation. */
  async function bookCheapestCompliant(inDialog) {
    assert.equal(await best.count(), 1, 'exactly one offer is marked 最低合规价')
    const offerKey = await best.getAttribute('data-offer-key')
    const cheapest = best.locator('[data-test=offer-price]').first()
    await cheapest.locator('[data-test=offer-book]').click()
    await confirmDialog.waitFor()
    await inDialog()
    const booked = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/bookings') && r.request().method() === 'POST')
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    const request = (await booked).request().postDataJSON()
    const priceChanged = page.locator('.travel-price-changed')
    const trip = page.locator('[data-test=trip-page][data-trip-id]')
    await Promise.race([trip.waitFor(), priceChanged.waitFor()])
    if (await priceChanged.isVisible()) {
      await priceChanged.locator('.el-button--primary').click()
      await trip.waitFor()
    }
    return { offerKey, request }
  }

  let secondProviderId
  let operatorToken
  await step('an operator makes 广州优品 a travel provider of the registry', async () => {
    const login = await api(null, 'POST', '/auth/login', { email: OPERATOR, password: DEMO_PASSWORD })
    assert.equal(login.status, 200)
    const token = login.body.token
    operatorToken = token
    const found = await api(token, 'GET', `/providers?q=${encodeURIComponent('优品')}`)
    assert.equal(found.status, 200)
    const provider = found.body.items.find((p) => p.name === SECOND_PROVIDER)
    assert.ok(provider, SECOND_PROVIDER)
    secondProviderId = provider.id
    const patched = await api(token, 'PATCH', `/providers/${provider.id}`, { provider_type: 'travel' }, { 'if-match': `"${provider.version}"` })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
  })

  await step('the travel manager adds it to the company’s travel providers', async () => {
    await logIn(page, base, MANAGER)
    await page.locator('[data-test=nav-travel-policy]').click()
    const card = page.locator('[data-test=travel-providers]')
    await card.waitFor()
    const listed = card.locator('[data-test=travel-provider]')
    await listed.first().waitFor()
    assert.equal(await listed.count(), 1)
    await waitForText(listed.first().locator('[data-test=travel-provider-name]'), DEFAULT_PROVIDER)
    assert.equal(await listed.first().getAttribute('data-default'), 'true')
    await waitForText(listed.first().locator('[data-test=travel-provider-default]'), '默认')

    await card.locator('[data-test=travel-providers-edit]').click()
    const dialog = page.locator('[data-test=travel-providers-dialog]')
    await dialog.waitFor()
    const use = dialog.locator(`[data-test=travel-provider-use][data-provider-id="${secondProviderId}"]`)
    await use.waitFor()
    await use.click()
    await snapshot('edit-providers')
    const saved = page.waitForResponse((r) => r.url().endsWith('/travel-providers') && r.request().method() === 'PUT')
    await dialog.locator('[data-test=travel-providers-save]').click()
    const res = await saved
    assert.equal(res.status(), 200, await res.text())
    // The default stays the one it was.
    assert.deepEqual(res.request().postDataJSON().providers.map((p) => [p.provider_id !== secondProviderId, p.is_default]).sort(), [
      [false, false],
      [true, true],
    ])
    await dialog.waitFor({ state: 'hidden' })
    await card.locator(`[data-test=travel-provider][data-provider-id="${secondProviderId}"]`).waitFor()
    assert.equal(await listed.count(), 2)
    assert.equal(await card.locator('[data-test=travel-provider][data-default=true] [data-test=travel-provider-name]').innerText(), DEFAULT_PROVIDER)
  })

  await step('an employee profile changed meanwhile is refused (412) and reloaded', async () => {
    await page.locator('#tab-employees').click()
    const row = page.locator('[data-test=travel-employees] .el-table__row', { hasText: 'wang.fang@xingyun.demo' })
    await row.waitFor()
    await row.locator('[data-test=employee-edit]').click()
    const form = page.locator('[data-test=employee-form]')
    await form.waitFor()
    // Meanwhile someone else saves 王芳's profile.
    const token = await pageToken()
    const me = await api(token, 'GET', '/me')
    const list = await api(token, 'GET', `/organizations/${me.body.organization.id}/travel-employees`)
    const wang = list.body.items.find((e) => e.email === 'wang.fang@xingyun.demo')
    const body = { grade: wang.grade, department_id: wang.department_id, cost_centre: 'BJ-399' }
    const path = `/organizations/${me.body.organization.id}/travel-employees/${wang.user_id}`
    assert.equal((await api(token, 'PUT', path, body)).status, 428, 'If-Match is required')
    const other = await api(token, 'PUT', path, body, { 'if-match': `"${wang.version}"` })
    assert.equal(other.status, 200, JSON.stringify(other.body))
    assert.equal(other.etag, `"${wang.version + 1}"`)

    await page.locator('[data-test=employee-form-cost-centre]').fill('BJ-388')
    const refused = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'PUT')
    await page.locator('[data-test=employee-form-submit]').click()
    const res = await refused
    assert.equal(res.status(), 412)
    assert.equal(res.request().headers()['if-match'], `"${wang.version}"`)
    await page.locator('.el-message--warning', { hasText: '已被他人修改，请刷新' }).waitFor()
    await form.waitFor({ state: 'detached' })
    await waitForText(row.locator('[data-test=employee-cost-centre]'), 'BJ-399')
    await snapshot('stale-profile')

    // Edited again from what is stored now, the save goes through.
    await row.locator('[data-test=employee-edit]').click()
    await form.waitFor()
    assert.equal(await page.locator('[data-test=employee-form-cost-centre]').inputValue(), 'BJ-399')
    await page.locator('[data-test=employee-form-cost-centre]').fill('BJ-388')
    await page.locator('[data-test=employee-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(row.locator('[data-test=employee-cost-centre]'), 'BJ-388')
  })

  await step('she searches a Shanghai hotel for 李伟: his policy applies', async () => {
    await page.locator('[data-test=nav-travel-search]').click()
    await page.locator('[data-test=travel-search-page]').waitFor()
    const traveller = page.locator('[data-test=search-traveller-select]')
    await waitForText(traveller.locator('.el-select__placeholder'), '周雅琴（本人）')
    await choose('search-traveller-select', '李伟')
    await page.locator('#tab-hotel').click()
    await choose('search-city', '上海')
    await chooseDate('search-check-in', shanghaiDate(21))
    await chooseDate('search-check-out', shanghaiDate(23))
    await page.locator('[data-test=search-purpose]').fill('上海客户拜访（代订）')
    const sent = await search()
    assert.equal(typeof sent.traveller_id, 'number')
    await waitForText(page.locator('[data-test=search-policy-of]'), literal('按 李伟 的差旅标准（staff）'))
    assert.equal(await page.locator('[data-test=search-policy-of]').getAttribute('data-traveller-id'), String(sent.traveller_id))
    await waitForText(page.locator('[data-test=search-booking-for]'), '为 李伟 代订')
  })

  let tripId
  let hotelName
  await step('she books it for him: the trip is his, "由 周雅琴 代订"', async () => {
    const { request } = await bookCheapestCompliant(async () => {
      await waitForText(confirmDialog.locator('[data-test=booking-traveller]'), '李伟')
      await waitForText(confirmDialog.locator('[data-test=booking-for-other]'), '由你代订')
      // Two providers: a choice, the default preselected.
      await waitForText(confirmDialog.locator('[data-test=booking-provider] .el-select__placeholder'), DEFAULT_PROVIDER)
      await snapshot('confirm-for-employee')
    })
    assert.ok(request.provider_id, 'the provider chosen is sent')
    tripId = await page.locator('[data-test=trip-page]').getAttribute('data-trip-id')
    await waitForText(page.locator('[data-test=trip-traveller]'), '李伟')
    await waitForText(page.locator('[data-test=trip-booked-by]'), '由 周雅琴 代订')
    const hotel = segments.first()
    assert.equal(await hotel.getAttribute('data-kind'), 'hotel')
    await waitForText(hotel.locator('[data-test=segment-provider]'), DEFAULT_PROVIDER)
    await waitForText(hotel.locator('[data-test=segment-booked-by]'), '由 周雅琴 代订')
    hotelName = (await hotel.locator('[data-test=product-number]').innerText()).trim()
  })

  await step('she adds a transfer from Pudong airport to his hotel, served by the other provider', async () => {
    await page.locator('[data-test=trip-add-segment]').click()
    await page.locator('[data-test=adding-to-trip]').waitFor()
    // The trip fixes the traveller.
    const traveller = page.locator('[data-test=search-traveller-select]')
    await waitForText(traveller.locator('.el-select__placeholder'), '李伟')
    assert.ok((await traveller.locator('.is-disabled').count()) > 0, 'the traveller cannot change')
    await page.locator('#tab-transfer').click()
    // The hotel's city comes preselected.
    await waitForText(page.locator('[data-test=search-transfer-city] .el-select__placeholder'), '上海')
    await choose('search-pickup', '浦东机场 PVG')
    await page.locator('[data-test=search-dropoff]').click()
    await page.locator('.el-select-group__title:visible', { hasText: '本行程的酒店' }).waitFor()
    await selectOption(page, hotelName).click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' })
    await chooseDate('search-date', shanghaiDate(21))
    const sent = await search()
    assert.equal(sent.kind, 'transfer')
    assert.equal(sent.pickup, 'PVG')
    assert.match(sent.dropoff, /^hotel:H3101-\d+$/)
    assert.equal(sent.preferred_time, '09:00')
    assert.equal(typeof sent.traveller_id, 'number')

    // Every car type, each with both car suppliers' prices.
    assert.equal(await offers.count(), 4)
    const economy = page.locator('[data-test=offer]', { has: page.locator('[data-test=product-number][data-car-type=economy]') })
    await waitForText(economy.locator('[data-test=product-number]'), '经济型')
    assert.match(await economy.locator('[data-test=product-vehicle]').innerText(), /或同级/)
    await waitForText(economy.locator('[data-test=product-pickup]'), '浦东机场 PVG')
    await waitForText(economy.locator('[data-test=product-dropoff]'), literal(hotelName))
    assert.match(await economy.locator('[data-test=product-distance]').innerText(), /约 \d+ 公里/)
    assert.equal(await economy.locator('[data-test=offer-price]').count(), 2)
    await waitForText(economy.locator('[data-test=outcome-badge]'), '合规')
    // staff may ride economy and comfort: a business car breaks the car-type rule.
    const business = page.locator('[data-test=offer]', { has: page.locator('[data-test=product-number][data-car-type=business]') })
    assert.notEqual(await business.getAttribute('data-outcome'), 'allow')
    await snapshot('transfer-offers')

    const { request } = await bookCheapestCompliant(async () => {
      await choose('booking-provider', SECOND_PROVIDER)
    })
    assert.equal(request.provider_id, secondProviderId)
    assert.equal(request.trip_id, Number(tripId))
    assert.equal(await page.locator('[data-test=trip-page]').getAttribute('data-trip-id'), tripId)
    await segments.nth(1).waitFor()
    const transfer = segments.nth(1)
    assert.equal(await transfer.getAttribute('data-kind'), 'transfer')
    await waitForText(transfer.locator('[data-test=product-number]'), '经济型')
    await waitForText(transfer.locator('[data-test=product-pickup]'), '浦东机场 PVG')
    await waitForText(transfer.locator('[data-test=product-dropoff]'), literal(hotelName))
    await waitForText(transfer.locator('[data-test=segment-provider]'), SECOND_PROVIDER)
    await waitForText(transfer.locator('[data-test=segment-booked-by]'), '由 周雅琴 代订')
  })

  await step('李伟 finds the trip and cancels the transfer: the total drops by its refund', async () => {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, EMPLOYEE)
    await page.locator('[data-test=nav-travel-trips]').click()
    const link = page.locator(`[data-test=trip-row-link][data-trip-id="${tripId}"]`)
    await link.click()
    await page.locator(`[data-test=trip-page][data-trip-id="${tripId}"]`).waitFor()
    await waitForText(page.locator('[data-test=trip-booked-by]'), '由 周雅琴 代订')
    const transfer = page.locator('[data-test=trip-segment][data-kind=transfer]')
    await transfer.waitFor()
    const paid = fen(await transfer.locator('[data-test=segment-total]').innerText())
    const before = fen(await page.locator('[data-test=trip-total]').innerText())

    await transfer.locator('[data-test=segment-cancel]').click()
    const dialog = page.locator('[data-test=cancel-dialog]')
    await dialog.waitFor()
    await dialog.locator('[data-test=cancel-reason]').fill('航班改期')
    await snapshot('cancel-dialog')
    const cancelled = page.waitForResponse((r) => /\/segments\/\d+\/cancel$/.test(r.url()))
    await dialog.locator('[data-test=cancel-confirm]').click()
    const res = await cancelled
    assert.equal(res.status(), 200, await res.text())
    assert.deepEqual(res.request().postDataJSON(), { reason: '航班改期' })
    await dialog.waitFor({ state: 'hidden' })

    await page.locator('[data-test=trip-segment][data-kind=transfer][data-status=cancelled]').waitFor()
    await waitForText(transfer.locator('[data-test=segment-status]'), '已取消')
    // Cars are refunded in full: no fee, the employee paid nothing and gets nothing back.
    await waitForText(transfer.locator('[data-test=segment-refund]'), literal(yuan(paid)))
    await waitForText(transfer.locator('[data-test=segment-cancel-fee]'), literal('¥0.00'))
    await waitForText(transfer.locator('[data-test=segment-employee-refund]'), literal('¥0.00'))
    await waitForText(transfer.locator('[data-test=segment-cancel-reason]'), '航班改期')
    await waitForText(transfer.locator('[data-test=segment-cancelled-by]'), '李伟')
    // The booked figures stay; the trip counts the segment at its fee.
    await waitForText(transfer.locator('[data-test=segment-total]'), literal(yuan(paid)))
    await waitForText(page.locator('[data-test=trip-total]'), literal(yuan(before - paid)))
    assert.equal(await transfer.locator('[data-test=segment-cancel]').count(), 0)
    await snapshot('cancelled')

    await page.locator('[data-test=trip-all-trips]').click()
    const row = page.locator('[data-test=trips-table] .el-table__row', { has: page.locator(`[data-test=trip-row-link][data-trip-id="${tripId}"]`) })
    await waitForText(row.locator('[data-test=trip-row-segments]'), '2')
    await waitForText(row.locator('[data-test=trip-row-cancelled]'), '已取消 1')
    await waitForText(row.locator('[data-test=trip-row-total]'), literal(yuan(before - paid)))
  })

  await step('a segment cancelled meanwhile is explained and the trip read again', async () => {
    await page.locator(`[data-test=trip-row-link][data-trip-id="${tripId}"]`).click()
    const hotel = page.locator('[data-test=trip-segment][data-kind=hotel]')
    await hotel.waitFor()
    await hotel.locator('[data-test=segment-cancel]').click()
    const dialog = page.locator('[data-test=cancel-dialog]')
    await dialog.waitFor()
    // Meanwhile the travel manager cancels it.
    const manager = await api(null, 'POST', '/auth/login', { email: MANAGER, password: DEMO_PASSWORD })
    const segmentId = await hotel.getAttribute('data-segment-id')
    const other = await api(manager.body.token, 'POST', `/travel/trips/${tripId}/segments/${segmentId}/cancel`, {})
    assert.equal(other.status, 200, JSON.stringify(other.body))
    await dialog.locator('[data-test=cancel-confirm]').click()
    const error = dialog.locator('[data-test=cancel-error][data-code=already_cancelled]')
    await error.waitFor()
    assert.match(await error.innerText(), /该行程段已被取消/)
    assert.equal(await dialog.locator('[data-test=cancel-confirm]').count(), 0, 'nothing left to confirm')
    // Read again: both segments cancelled, nothing left to pay.
    await page.locator('[data-test=trip-segment][data-kind=hotel][data-status=cancelled]').waitFor()
    await waitForText(page.locator('[data-test=trip-total]'), literal('¥0.00'))
    await waitForText(hotel.locator('[data-test=segment-cancelled-by]'), '周雅琴')
    await snapshot('already-cancelled')
    await dialog.locator('[data-test=cancel-back]').click()
    await dialog.waitFor({ state: 'hidden' })

    await page.locator('[data-test=lang-en]').click()
    await waitForText(hotel.locator('[data-test=segment-status]'), 'Cancelled')
    await waitForText(page.locator('[data-test=trip-booked-by]'), 'Booked by 周雅琴')
    await waitForText(page.locator('[data-test=trip-segment][data-kind=transfer] [data-test=product-pickup]'), 'Pudong Airport PVG')
    await page.locator('[data-test=lang-zh-CN]').click()
  })

  await step('a provider suspended meanwhile is named when the list is saved', async () => {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, MANAGER)
    await page.locator('[data-test=nav-travel-policy]').click()
    const card = page.locator('[data-test=travel-providers]')
    await card.locator(`[data-test=travel-provider][data-provider-id="${secondProviderId}"]`).waitFor()
    await card.locator('[data-test=travel-providers-edit]').click()
    const dialog = page.locator('[data-test=travel-providers-dialog]')
    await dialog.waitFor()
    await dialog.locator(`[data-test=travel-provider-default-radio][data-provider-id="${secondProviderId}"]`).click()
    // Meanwhile the operator suspends it.
    const current = await api(operatorToken, 'GET', `/providers/${secondProviderId}`)
    const suspended = await api(operatorToken, 'PATCH', `/providers/${secondProviderId}`, { status: 'suspended' }, { 'if-match': current.etag })
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body))
    const refused = page.waitForResponse((r) => r.url().endsWith('/travel-providers') && r.request().method() === 'PUT')
    await dialog.locator('[data-test=travel-providers-save]').click()
    assert.equal((await refused).status(), 422)
    const problem = dialog.locator('[data-test=travel-providers-problem][data-code=validation_failed]')
    await problem.waitFor()
    assert.match(await problem.innerText(), new RegExp(`${SECOND_PROVIDER}：is suspended`))
    await waitForText(dialog.locator('[data-test=travel-provider-error]'), 'is suspended')
    await snapshot('provider-suspended')
    // Dropped from the list, the default moves back and the save goes through.
    await dialog.locator(`[data-test=travel-provider-use][data-provider-id="${secondProviderId}"]`).click()
    await dialog.locator('[data-test=travel-providers-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    await card.locator(`[data-test=travel-provider][data-provider-id="${secondProviderId}"]`).waitFor({ state: 'detached' })
    await waitForText(card.locator('[data-test=travel-provider][data-default=true] [data-test=travel-provider-name]'), DEFAULT_PROVIDER)
  })
}
