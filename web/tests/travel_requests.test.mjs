// Browser test of pre-trip approval (出差申请) against the real server and the supplier simulator.
// 周雅琴, the travel manager (client_admin) of 北京星云科技, asks on the policy page (审批) for an
// approved travel request before any booking outside the policy, with a 48-hour deadline; saving
// the rule classes afterwards keeps that section. Listing an approver twice is refused on its row;
// with none listed, the travel managers decide. 李伟 asks to fly Beijing → Shanghai and stay two
// nights (a segment without a destination is marked on its row first); the manager finds it in
// 待我审批 and approves it, and a second request decided meanwhile is explained. 李伟 then books a
// Shanghai hotel over the staff cap: without a request he is told one is needed, with the approved
// one it is booked, and the trip links the request; 新建出差申请 from the refusal starts from the
// search, and 按此申请预订 preselects the request. The policy goes back to no approval at the end.
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 150_000
const MANAGER = 'admin@xingyun.demo'
const EMPLOYEE = 'li.wei@xingyun.demo'

/** A regular expression matching `text` literally (for waitForText). */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The business calendar's date `days` from now, "YYYY-MM-DD" (Asia/Shanghai). */
function shanghaiDate(days) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date(Date.now() + days * 86_400_000))
}

test('travel requests: approval rules, a request approved, a booking that needs it', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-requests', walkRequests, { simulator: true }),
)

async function walkRequests({ page, base, step, snapshot }) {
  const api = async (token, method, path, body, headers = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null }
  }
  const tokenOf = async (email) => (await api(null, 'POST', '/auth/login', { email, password: DEMO_PASSWORD })).body.token
  const isPolicyPut = (r) => r.url().endsWith('/travel-policy') && r.request().method() === 'PUT'

  const version = page.locator('[data-test=travel-policy-version]')
  const drawer = page.locator('[data-test=request-drawer]')
  const detail = page.locator('[data-test=request-detail]')
  const confirmDialog = page.locator('[data-test=booking-dialog]')

  async function choose(select, text, scope = page) {
    await scope.locator(`[data-test=${select}]`).click()
    await selectOption(page, text).click()
    // Wait until the dropdown has closed, so the next select's options are the only visible ones.
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' })
  }

  /** Types a date into a date picker; `closeBy` is clicked to close its panel (Escape would close a dialog too). */
  async function chooseDate(input, date, closeBy = null) {
    await input.click()
    await input.fill(date)
    await input.press('Enter')
    if (closeBy) await closeBy.click()
    else await page.keyboard.press('Escape')
    await page.locator('.el-picker__popper:visible').first().waitFor({ state: 'hidden' })
    assert.equal(await input.inputValue(), date)
  }

  async function fillNumber(locator, value) {
    await locator.fill(String(value))
    await locator.press('Tab')
  }

  async function switchUser(email) {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, email)
  }

  /** Searches Shanghai hotels for the request's two nights and opens the confirmation of one over the cap. */
  async function searchOverCapHotel(viaNav = true) {
    if (viaNav) await page.locator('[data-test=nav-travel-search]').click()
    await page.locator('[data-test=travel-search-page]').waitFor()
    await page.locator('#tab-hotel').click()
    await choose('search-city', '上海')
    await chooseDate(page.locator('[data-test=search-check-in] input'), flightDate)
    await chooseDate(page.locator('[data-test=search-check-out] input'), shanghaiDate(23))
    const searched = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/searches') && r.request().method() === 'POST')
    await page.locator('[data-test=search-submit]').click()
    assert.equal((await searched).status(), 201)
    const over = page.locator('[data-test=offer][data-outcome=employee_pays_excess]').first()
    await over.waitFor()
    await over.locator('[data-test=offer-book]').first().click()
    await confirmDialog.waitFor()
  }

  async function openRequests() {
    await page.locator('[data-test=nav-travel-requests]').click()
    await page.locator('[data-test=travel-requests-page]').waitFor()
  }

  await step('the travel manager asks for a request before bookings outside the policy', async () => {
    await logIn(page, base, MANAGER)
    await page.locator('[data-test=nav-travel-policy]').click()
    await page.locator('[data-test=travel-policy-page]').waitFor()
    await waitForText(version, '版本 1')
    await waitForText(page.locator('#tab-approval'), '审批')
    await page.locator('#tab-approval').click()
    const rules = page.locator('[data-test=approval-rules]')
    await rules.waitFor()
    assert.equal(await rules.getAttribute('data-mode'), 'none')
    await waitForText(page.locator('[data-test=approvers-none] .el-alert__title'), '未指定审批人：所有出差申请由公司的差旅管理员审批。')
    assert.ok(await page.locator('[data-test=approval-save]').isDisabled(), 'nothing to save yet')

    await page.locator('[data-test=approval-mode-out_of_policy]').click()
    await fillNumber(page.locator('[data-test=approval-deadline-hours] input'), 48)
    await waitForText(page.locator('[data-test=approval-unsaved]'), '未保存')
    const saved = page.waitForResponse(isPolicyPut)
    await page.locator('[data-test=approval-save]').click()
    const res = await saved
    assert.equal(res.status(), 200, await res.text())
    assert.equal(res.request().headers()['if-match'], '"1"')
    const sent = res.request().postDataJSON()
    assert.deepEqual(sent.approval, { mode: 'out_of_policy', deadline_hours: 48, default_outcome: 'deny' })
    assert.ok(sent.rule_classes.length >= 1 && Object.keys(sent.grades).length >= 1, 'the whole policy document is sent')
    await page.locator('.el-message--success', { hasText: '审批规则已保存' }).waitFor()
    await page.locator('[data-test=approval-rules][data-mode=out_of_policy]').waitFor()
    await waitForText(page.locator('[data-test=approval-version]'), '版本 2')
    assert.equal(await page.locator('[data-test=approval-unsaved]').count(), 0)
  })

  await step('saving the rule classes keeps the approval section', async () => {
    await page.locator('#tab-policy').click()
    await waitForText(version, '版本 2')
    const saved = page.waitForResponse(isPolicyPut)
    await page.locator('[data-test=travel-policy-save]').click()
    const res = await saved
    assert.equal(res.status(), 200, await res.text())
    assert.deepEqual(res.request().postDataJSON().approval, { mode: 'out_of_policy', deadline_hours: 48, default_outcome: 'deny' })
    assert.equal((await res.json()).approval.mode, 'out_of_policy')
    await waitForText(version, '版本 3')
  })

  await step('an approver listed twice is refused on its row; with none, the travel managers decide', async () => {
    await page.locator('#tab-approval').click()
    const card = page.locator('[data-test=approvers]')
    await card.waitFor()
    const rows = card.locator('[data-test=approver-row]')
    for (let i = 0; i < 2; i++) {
      await card.locator('[data-test=approver-add]').click()
      await waitForText(rows.nth(i).locator('[data-test=approver-scope] .el-select__placeholder'), '全公司')
      await choose('approver-user', '王芳', rows.nth(i))
    }
    const refused = page.waitForResponse((r) => r.url().endsWith('/travel-approvers') && r.request().method() === 'PUT')
    await card.locator('[data-test=approvers-save]').click()
    const res = await refused
    assert.equal(res.status(), 422)
    const sent = res.request().postDataJSON()
    assert.equal(sent.approvers.length, 2)
    assert.equal(sent.approvers[0].department_id, null)
    await card.locator('[data-test=problem-alert][data-code=validation_failed]').waitFor()
    await waitForText(rows.nth(1).locator('[data-test=approver-row-error]'), 'is listed twice')
    assert.equal(await rows.nth(0).locator('[data-test=approver-row-error]').count(), 0)
    await snapshot('approver-listed-twice')
    // Dropped again: nothing to save, the travel managers decide.
    await rows.nth(1).locator('[data-test=approver-remove]').click()
    await rows.nth(0).locator('[data-test=approver-remove]').click()
    await rows.first().waitFor({ state: 'detached' })
    assert.ok(await card.locator('[data-test=approvers-save]').isDisabled())
    await card.locator('[data-test=approvers-none]').waitFor()
  })

  let requestId
  let flightDate
  await step('李伟 asks to fly to Shanghai and stay two nights; a segment left unfinished is marked', async () => {
    await switchUser(EMPLOYEE)
    await waitForText(page.locator('[data-test=nav-travel-requests]'), '出差申请')
    await openRequests()
    await page.locator('[data-test=requests-mode-hint][data-mode=out_of_policy]').waitFor()
    // An employee sees his own requests and his inbox, not the company's.
    assert.equal(await page.locator('#tab-company').count(), 0)
    await page.locator('[data-test=requests-new]').click()
    const dialog = page.locator('[data-test=request-dialog]')
    await dialog.waitFor()
    assert.equal(await dialog.locator('[data-test=request-form-traveller]').count(), 0, 'an employee asks for himself')
    await dialog.locator('[data-test=request-form-purpose]').fill('上海客户拜访（出差申请）')
    await fillNumber(dialog.locator('[data-test=request-form-budget] input'), 6000)
    const rows = dialog.locator('[data-test=request-form-row]')
    flightDate = shanghaiDate(21)
    await choose('request-row-origin', '北京', rows.nth(0))
    await choose('request-row-destination', '上海', rows.nth(0))
    await chooseDate(rows.nth(0).locator('[data-test=request-row-date] input'), flightDate, dialog.locator('.el-dialog__title'))
    // The next segment follows the flight: a hotel where it lands, that day.
    await dialog.locator('[data-test=request-row-add]').click()
    assert.equal(await rows.nth(1).getAttribute('data-kind'), 'hotel')
    await waitForText(rows.nth(1).locator('[data-test=request-row-city] .el-select__placeholder'), '上海')
    assert.equal(await rows.nth(1).locator('[data-test=request-row-date] input').inputValue(), flightDate)
    await fillNumber(rows.nth(1).locator('[data-test=request-row-nights] input'), 2)
    // A third, a flight on from Shanghai, left without a destination: the server marks it.
    await dialog.locator('[data-test=request-row-add]').click()
    assert.equal(await rows.nth(2).getAttribute('data-kind'), 'flight')
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/requests') && r.request().method() === 'POST')
    await dialog.locator('[data-test=request-form-submit]').click()
    assert.equal((await refused).status(), 422)
    await dialog.locator('[data-test=problem-alert][data-code=validation_failed]').waitFor()
    const destinationItem = rows.nth(2).locator('.el-form-item', { has: page.locator('[data-test=request-row-destination]') })
    await waitForText(destinationItem.locator('.el-form-item__error'), 'is not a known city')
    assert.equal(await rows.nth(0).locator('.el-form-item__error').count(), 0)
    await snapshot('row-error')

    await rows.nth(2).locator('[data-test=request-row-remove]').click()
    await rows.nth(2).waitFor({ state: 'detached' })
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/requests') && r.request().method() === 'POST')
    await dialog.locator('[data-test=request-form-submit]').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    assert.deepEqual(res.request().postDataJSON(), {
      purpose: '上海客户拜访（出差申请）',
      budget_fen: 600000,
      itinerary: [
        { kind: 'flight', date: flightDate, origin: '1101', destination: '3101' },
        { kind: 'hotel', date: flightDate, city: '3101', nights: 2 },
      ],
    })
    requestId = (await res.json()).id
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.el-message--success', { hasText: `出差申请 #${requestId} 已提交` }).waitFor()

    const row = page.locator('[data-test=requests-table][data-scope=mine] .el-table__row', {
      has: page.locator(`[data-test=request-row-link][data-request-id="${requestId}"]`),
    })
    await row.waitFor()
    await waitForText(row.locator('[data-test=request-row-purpose]'), literal('上海客户拜访（出差申请）'))
    await waitForText(row.locator('[data-test=request-row-itinerary]'), literal(`北京 → 上海 ${flightDate.slice(5)} · 上海 酒店 2 晚`))
    await waitForText(row.locator('[data-test=request-row-budget]'), literal('¥6,000.00'))
    await waitForText(row.locator('[data-test=request-row-rule-class]'), 'staff')
    await waitForText(row.locator('[data-test=request-row-state]'), '待审批')
    // 48 hours to decide.
    await waitForText(row.locator('[data-test=request-row-countdown]'), '剩余 (2 天 0|1 天 23) 小时')
    await waitForText(row.locator('[data-test=request-row-decided-by]'), '—')
  })

  await step('the travel manager finds it in 待我审批 and approves it', async () => {
    await switchUser(MANAGER)
    await openRequests()
    const badge = page.locator('[data-test=requests-inbox-count]')
    await badge.waitFor()
    assert.equal(await badge.getAttribute('data-count'), '1')
    await page.locator('#tab-inbox').click()
    const row = page.locator('[data-test=requests-table][data-scope=inbox] .el-table__row', {
      has: page.locator(`[data-test=request-row-link][data-request-id="${requestId}"]`),
    })
    const link = row.locator('[data-test=request-row-link]')
    await waitForText(row.locator('[data-test=request-row-traveller]'), '李伟')
    await snapshot('inbox')
    await link.click()
    await page.locator(`[data-test=request-detail][data-request-id="${requestId}"][data-can-decide=true]`).waitFor()
    await waitForText(detail.locator('[data-test=request-detail-traveller]'), '李伟')
    assert.equal(await detail.locator('[data-test=request-detail-item]').count(), 2)
    await detail.locator('[data-test=request-decide-comment]').fill('同意，住宿请尽量控制在标准内')
    const decided = page.waitForResponse((r) => r.url().endsWith(`/travel/requests/${requestId}/decision`))
    await detail.locator('[data-test=request-approve]').click()
    const res = await decided
    assert.equal(res.status(), 200, await res.text())
    assert.deepEqual(res.request().postDataJSON(), { decision: 'approve', comment: '同意，住宿请尽量控制在标准内' })
    await page.locator('[data-test=request-detail][data-state=approved]').waitFor()
    await waitForText(detail.locator('[data-test=request-detail-decided-by]'), '周雅琴')
    await waitForText(detail.locator('[data-test=request-detail-comment]'), '同意，住宿请尽量控制在标准内')
    assert.equal(await detail.locator('[data-test=request-decide]').count(), 0)
    await snapshot('approved')
    await drawer.locator('.el-drawer__close-btn').click()
    await drawer.waitFor({ state: 'hidden' })
    // Out of the inbox; in the company's list, approved.
    await row.waitFor({ state: 'detached' })
    assert.equal(await badge.count(), 0)
    await page.locator('#tab-company').click()
    const all = page.locator('[data-test=requests-table][data-scope=company] .el-table__row', {
      has: page.locator(`[data-test=request-row-link][data-request-id="${requestId}"]`),
    })
    await waitForText(all.locator('[data-test=request-row-state]'), '已批准')
    await waitForText(all.locator('[data-test=request-row-decided-by]'), '周雅琴')
  })

  await step('a request decided meanwhile is explained and read again', async () => {
    const employee = await tokenOf(EMPLOYEE)
    const second = await api(employee, 'POST', '/travel/requests', {
      purpose: '广州展会',
      budget_fen: 300000,
      itinerary: [{ kind: 'train', date: shanghaiDate(30), origin: '1101', destination: '4401' }],
    })
    assert.equal(second.status, 201, JSON.stringify(second.body))
    await page.locator('#tab-inbox').click()
    await page.locator('[data-test=requests-refresh]').click()
    const link = page.locator(`[data-test=requests-table][data-scope=inbox] [data-test=request-row-link][data-request-id="${second.body.id}"]`)
    await link.click()
    await page.locator(`[data-test=request-detail][data-request-id="${second.body.id}"][data-can-decide=true]`).waitFor()
    // Meanwhile it is denied (another session of a travel manager).
    const manager = await tokenOf(MANAGER)
    const denied = await api(manager, 'POST', `/travel/requests/${second.body.id}/decision`, { decision: 'deny', comment: '展会取消' })
    assert.equal(denied.status, 200, JSON.stringify(denied.body))
    const answered = page.waitForResponse((r) => r.url().endsWith(`/travel/requests/${second.body.id}/decision`))
    await detail.locator('[data-test=request-approve]').click()
    assert.equal((await answered).status(), 409)
    const error = detail.locator('[data-test=request-decision-error][data-code=already_decided]')
    await error.waitFor()
    await page.locator('[data-test=request-detail][data-state=denied]').waitFor()
    assert.match(await error.innerText(), /此申请已被处理（已拒绝）/)
    await waitForText(detail.locator('[data-test=request-detail-comment]'), '展会取消')
    assert.equal(await detail.locator('[data-test=request-decide]').count(), 0)
    await snapshot('already-decided')
    await drawer.locator('.el-drawer__close-btn').click()
    await drawer.waitFor({ state: 'hidden' })
    await link.waitFor({ state: 'detached' })
  })

  await step('李伟 books a hotel over the cap without a request: an approved one is needed', async () => {
    await switchUser(EMPLOYEE)
    await searchOverCapHotel()
    await waitForText(confirmDialog.locator('[data-test=booking-approval-hint]'), '此产品不符合差旅标准：按公司规定，预订须先有已批准的出差申请。')
    await confirmDialog.locator(`[data-test=booking-travel-request][data-count="1"]`).waitFor()
    await confirmDialog.locator('[data-test=reason-code][data-code=customer_request]').click()
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/bookings') && r.request().method() === 'POST')
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    const res = await refused
    assert.equal(res.status(), 409)
    assert.equal((await res.json()).code, 'approval_required')
    assert.equal(res.request().postDataJSON().travel_request_id, undefined)
    const problem = confirmDialog.locator('[data-test=booking-approval-problem][data-code=approval_required]')
    await problem.waitFor()
    await waitForText(problem.locator('.el-alert__title'), '需要已批准的出差申请')
    await problem.locator('[data-test=booking-new-request]').waitFor()
    // What was chosen stays.
    assert.match(await confirmDialog.locator('[data-test=reason-code][data-code=customer_request]').getAttribute('class'), /is-checked/)
    await snapshot('approval-required')
  })

  await step('新建出差申请 from there starts from what was searched', async () => {
    await confirmDialog.locator('[data-test=booking-new-request]').click()
    await page.locator('[data-test=travel-requests-page]').waitFor()
    const dialog = page.locator('[data-test=request-dialog]')
    await dialog.waitFor()
    const row = dialog.locator('[data-test=request-form-row]')
    assert.equal(await row.count(), 1)
    assert.equal(await row.getAttribute('data-kind'), 'hotel')
    await waitForText(row.locator('[data-test=request-row-city] .el-select__placeholder'), '上海')
    assert.equal(await row.locator('[data-test=request-row-date] input').inputValue(), flightDate)
    assert.equal(await row.locator('[data-test=request-row-nights] input').inputValue(), '2')
    await snapshot('prefilled')
    await dialog.locator('[data-test=request-form-cancel]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.waitForURL((url) => !url.hash.includes('new=1'))
  })

  let tripId
  await step('with the approved request it is booked, and the trip links the request', async () => {
    await searchOverCapHotel()
    await confirmDialog.locator('[data-test=reason-code][data-code=customer_request]').click()
    await confirmDialog.locator('[data-test=booking-travel-request]').click()
    await page.locator(`.el-select-dropdown__item:visible[data-request-id="${requestId}"]`).click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' })
    await confirmDialog.locator('[data-test=booking-approval-problem]').waitFor({ state: 'detached' })
    const booked = page.waitForResponse((r) => r.url().endsWith('/api/v1/travel/bookings') && r.request().method() === 'POST')
    await confirmDialog.locator('[data-test=booking-confirm]').click()
    const sent = (await booked).request().postDataJSON()
    assert.equal(sent.travel_request_id, requestId)
    assert.equal(sent.reason_code, 'customer_request')
    // A new trip without a purpose of its own takes the request's.
    assert.equal(sent.purpose, '上海客户拜访（出差申请）')
    const priceChanged = page.locator('.travel-price-changed')
    const trip = page.locator('[data-test=trip-page][data-trip-id]')
    await Promise.race([trip.waitFor(), priceChanged.waitFor()])
    if (await priceChanged.isVisible()) {
      await priceChanged.locator('.el-button--primary').click()
      await trip.waitFor()
    }
    tripId = await trip.getAttribute('data-trip-id')
    const segment = page.locator('[data-test=trip-segment]').first()
    assert.equal(await segment.getAttribute('data-outcome'), 'employee_pays_excess')
    await waitForText(segment.locator('[data-test=segment-reason]'), '客户指定')
    const link = segment.locator('[data-test=segment-travel-request]')
    await waitForText(link, `#${requestId}`)
    await snapshot('trip')
    await link.click()
    await page.locator('[data-test=travel-requests-page]').waitFor()
    await page.locator(`[data-test=request-detail][data-request-id="${requestId}"][data-state=approved]`).waitFor()
    await waitForText(detail.locator('[data-test=request-detail-state]'), '已批准')
    assert.ok(tripId)
    await drawer.locator('.el-drawer__close-btn').click()
    await drawer.waitFor({ state: 'hidden' })

    await page.locator('[data-test=lang-en]').click()
    const row = page.locator('[data-test=requests-table][data-scope=mine] .el-table__row', {
      has: page.locator(`[data-test=request-row-link][data-request-id="${requestId}"]`),
    })
    await waitForText(row.locator('[data-test=request-row-state]'), 'Approved')
    await waitForText(row.locator('[data-test=request-row-itinerary]'), literal(`Beijing → Shanghai ${flightDate.slice(5)} · Shanghai hotel, 2 night(s)`))
    await page.locator('[data-test=lang-zh-CN]').click()
    await waitForText(row.locator('[data-test=request-row-state]'), '已批准')
  })

  await step('按此申请预订 opens the booking page with the request preselected', async () => {
    await page.locator(`[data-test=request-row-link][data-request-id="${requestId}"]`).first().click()
    await page.locator(`[data-test=request-detail][data-request-id="${requestId}"][data-state=approved]`).waitFor()
    await detail.locator('[data-test=request-book]').click()
    await page.waitForURL((url) => url.hash.includes(`travel_request_id=${requestId}`))
    await searchOverCapHotel(false)
    await waitForText(confirmDialog.locator('[data-test=booking-travel-request] .el-select__placeholder'), literal(`#${requestId} 上海客户拜访（出差申请）`))
    await waitForText(confirmDialog.locator('[data-test=booking-trip-purpose]'), literal('（上海客户拜访（出差申请））'))
    assert.equal(await confirmDialog.locator('[data-test=booking-approval-hint]').count(), 0)
    await confirmDialog.locator('[data-test=booking-cancel]').click()
    await confirmDialog.waitFor({ state: 'hidden' })
  })

  await step('the policy goes back to no approval', async () => {
    const manager = await tokenOf(MANAGER)
    const me = await api(manager, 'GET', '/me')
    const path = `/organizations/${me.body.organization.id}/travel-policy`
    const current = await api(manager, 'GET', path)
    const { version: _, ...doc } = current.body
    const put = await api(manager, 'PUT', path, { ...doc, approval: { ...doc.approval, mode: 'none' } }, { 'if-match': current.etag })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.equal(put.body.approval.mode, 'none')
  })
}
