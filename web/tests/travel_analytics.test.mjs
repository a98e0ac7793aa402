// Browser test of the travel manager's dashboard (差旅分析) against the real server and the
// supplier simulator. The demo starts with no bookings, so 周雅琴, the travel manager (client_admin)
// of 北京星云科技, first books through the API for 李伟: the cheapest compliant Beijing → Shanghai
// flight and a Shanghai hotel over his nightly cap (个人补差, with the reason 靠近会议/客户地点), on
// one trip. She then opens 差旅分析 (next to 差旅标准 in the navigation): the headline spend is what
// was booked, the month chart draws, the panels list the categories, the route, the employee, the
// broken rule and the reason; the provider scorecards (服务商评分卡) show the demo's travel provider
// with its two segments, provisional (fewer than five), and the measures the server sent; a panel
// exports as CSV (text/csv with its header line), a range of months without bookings empties every
// panel (the provider stays on its scorecard, with no segments), and the labels follow the
// language. Last, an operator chooses the company and sees the same spend.
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { DEMO_PASSWORD, logIn, selectOption, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 120_000
const MANAGER = 'admin@xingyun.demo'
const EMPLOYEE = 'li.wei@xingyun.demo'
const OPERATOR = 'operator@fuwu.demo'
const COMPANY = '北京星云科技有限公司'
const PROVIDER = '杭州云程差旅服务有限公司'
const CSV_HEADER = 'key,name,segments,cancelled,spend_fen,employee_fen,compliance_bp,missed_saving_fen,realized_saving_fen,average_days_ahead'

/** A regular expression matching `text` literally (for waitForText). */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The business calendar's date `days` from now, "YYYY-MM-DD" (Asia/Shanghai). */
function shanghaiDate(days) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date(Date.now() + days * 86_400_000))
}

/** "¥1,234.00" as the console shows fen. */
const yuan = (fen) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

test('the travel dashboard shows what was booked, by month, category, rule and reason, and exports CSV', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-analytics', walkAnalytics, { simulator: true }),
)

async function walkAnalytics({ page, base, step, snapshot }) {
  const api = async (token, method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    const type = res.headers.get('content-type') ?? ''
    return { status: res.status, type, headers: res.headers, text, body: text && type.includes('json') ? JSON.parse(text) : null }
  }

  /**
   * Books the first of `candidates` ({offer, price}) the supplier confirms: a changed price is
   * accepted, a sold-out offer skipped. Returns the trip.
   */
  async function bookFirst(token, searchId, candidates, extra) {
    const refusals = []
    for (const { offer, price } of candidates) {
      const body = { search_id: searchId, offer_key: offer.offer_key, supplier_id: price.supplier_id, ...extra }
      let res = await api(token, 'POST', '/travel/bookings', body)
      if (res.status === 409 && res.body?.code === 'price_changed') {
        const now = /now (\d+) fen/.exec(JSON.stringify(res.body.errors ?? []))
        if (now) res = await api(token, 'POST', '/travel/bookings', { ...body, accept_total_fen: Number(now[1]) })
      }
      if (res.status === 201 || res.status === 200) return res.body
      refusals.push(`${res.status} ${res.text}`)
    }
    assert.fail(`no offer could be booked: ${refusals.join('; ')}`)
  }

  const kpi = (name) => page.locator(`[data-test=kpi-${name}]`)
  const panel = (dimension) => page.locator(`[data-test=analytics-${dimension}]`)
  const rowName = (dimension, key) => panel(dimension).locator(`[data-test=analytics-row-name][data-key="${key}"]`)
  /** The scorecards table's row of a provider. */
  const scorecardRow = (providerId) =>
    panel('scorecards').locator('.el-table__body-wrapper .el-table__row', { has: page.locator(`[data-test=scorecard-name][data-key="${providerId}"]`) })

  let managerToken
  let trip
  let pageRange
  await step('the travel manager books a flight and a hotel over the cap for 李伟 (API)', async () => {
    const login = await api(null, 'POST', '/auth/login', { email: MANAGER, password: DEMO_PASSWORD })
    assert.equal(login.status, 200, login.text)
    managerToken = login.body.token
    const organizationId = login.body.user.organization.id
    const employees = await api(managerToken, 'GET', `/organizations/${organizationId}/travel-employees`)
    assert.equal(employees.status, 200, employees.text)
    const liWei = employees.body.items.find((e) => e.email === EMPLOYEE)
    assert.ok(liWei, EMPLOYEE)

    const flights = await api(managerToken, 'POST', '/travel/searches', {
      kind: 'flight',
      origin: '1101',
      destination: '3101',
      date: shanghaiDate(21),
      traveller_id: liWei.user_id,
    })
    assert.equal(flights.status, 201, flights.text)
    const compliant = flights.body.offers.filter((o) => o.outcome === 'allow')
    assert.ok(compliant.length > 0, 'a compliant flight is offered')
    compliant.sort((a, b) => Number(b.cheapest_compliant) - Number(a.cheapest_compliant))
    trip = await bookFirst(
      managerToken,
      flights.body.id,
      compliant.flatMap((offer) => offer.prices.map((price) => ({ offer, price }))),
      { purpose: '上海客户拜访' },
    )

    const hotels = await api(managerToken, 'POST', '/travel/searches', {
      kind: 'hotel',
      city: '3101',
      check_in: shanghaiDate(21),
      check_out: shanghaiDate(23),
      traveller_id: liWei.user_id,
    })
    assert.equal(hotels.status, 201, hotels.text)
    // Over the nightly cap of his class, the employee pays the excess: bookable with a reason.
    const over = hotels.body.offers.filter((o) => o.outcome === 'employee_pays_excess')
    assert.ok(over.length > 0, 'a hotel over the cap is offered')
    trip = await bookFirst(
      managerToken,
      hotels.body.id,
      over.flatMap((offer) => offer.prices.map((price) => ({ offer, price }))),
      { trip_id: trip.id, reason_code: 'venue_nearby' },
    )
    assert.equal(trip.segments.length, 2)
    assert.deepEqual(trip.segments.map((s) => s.kind).sort(), ['flight', 'hotel'])
    assert.ok(trip.segments.find((s) => s.kind === 'hotel').employee_pays_fen > 0, 'the employee pays the excess')
  })

  const spendFen = () => trip.segments.reduce((sum, s) => sum + s.total_fen, 0)
  const employeeFen = () => trip.segments.reduce((sum, s) => sum + s.employee_pays_fen, 0)

  await step('she opens 差旅分析: the headline figures are what was booked', async () => {
    await logIn(page, base, MANAGER)
    // Right after 差旅标准 in the navigation.
    await waitForText(page.locator('[data-test=nav-travel-policy] + [data-test=nav-travel-analytics]'), '差旅分析')
    const totalAsked = page.waitForResponse((r) => r.url().includes('/travel-analytics/total'))
    // The scorecards follow the page's months.
    const scorecardsAsked = page.waitForResponse((r) => r.url().includes('/travel-provider-scorecards'))
    await page.locator('[data-test=nav-travel-analytics]').click()
    await page.locator('[data-test=travel-analytics-page]').waitFor()
    // The last twelve months by default.
    const asked = new URL((await totalAsked).url())
    const thisMonth = shanghaiDate(0).slice(0, 7)
    assert.equal(asked.searchParams.get('to'), thisMonth)
    const [y, m] = thisMonth.split('-').map(Number)
    const first = y * 12 + m - 1 - 11
    assert.equal(asked.searchParams.get('from'), `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`)
    pageRange = { from: asked.searchParams.get('from'), to: thisMonth }
    const scorecardsUrl = new URL((await scorecardsAsked).url())
    assert.equal(scorecardsUrl.searchParams.get('from'), pageRange.from)
    assert.equal(scorecardsUrl.searchParams.get('to'), pageRange.to)

    await waitForText(page.locator('[data-test=analytics-org-name]'), COMPANY)
    await panel('total').and(page.locator('[data-state=ready]')).waitFor()
    await waitForText(kpi('spend'), literal(yuan(spendFen())))
    assert.equal(await kpi('spend').getAttribute('data-value'), String(spendFen()))
    assert.match(await page.locator('[data-test=kpi-spend-card]').innerText(), new RegExp(`其中个人支付 ${literal(yuan(employeeFen()))}`))
    await waitForText(kpi('segments'), '2')
    // One of the two broke the policy.
    await waitForText(kpi('compliance'), '50%')
    await waitForText(kpi('cancelled'), '0')
    assert.match(await kpi('days-ahead').innerText(), /^2[01]\.\d 天$/)
  })

  await step('the month chart draws and the panels list what was booked', async () => {
    const chart = panel('month').locator('[data-test=analytics-month-chart]')
    await chart.locator('canvas').first().waitFor()
    const box = await chart.boundingBox()
    assert.ok(box && box.width > 200 && box.height > 200, 'the chart has a size')

    await waitForText(rowName('category', 'flight'), '机票')
    await waitForText(rowName('category', 'hotel'), '酒店')
    await panel('category').locator('[data-test=analytics-chart-category] canvas').first().waitFor()
    const hotel = trip.segments.find((s) => s.kind === 'hotel')
    const hotelRow = panel('category').locator('.el-table__row', { has: page.locator('[data-test=analytics-row-name][data-key=hotel]') })
    await waitForText(hotelRow.locator('[data-test=analytics-row-spend]'), literal(yuan(hotel.total_fen)))

    await waitForText(rowName('employee', String(trip.traveller_id)), '李伟')
    await waitForText(rowName('route', '1101-3101'), '北京 → 上海')
    await waitForText(rowName('city', '3101'), '上海')
    for (const s of trip.segments) await waitForText(rowName('supplier', String(s.supplier_id)), literal(s.supplier_name))
    const provider = trip.segments[0].provider_id
    await waitForText(rowName('provider', provider === null ? 'none' : String(provider)), literal(trip.segments[0].provider_name ?? '未经差旅服务商'))
    await panel('department').and(page.locator('[data-state=ready]')).waitFor()
    // The hotel broke the nightly cap; the reason given is counted.
    await waitForText(rowName('rule', 'hotel_cap'), '住宿标准')
    await waitForText(rowName('reason', 'venue_nearby'), '靠近会议/客户地点')
    await snapshot('dashboard')
  })

  await step('the provider scorecards show the demo provider with its segments and its band', async () => {
    const provider = trip.segments[0].provider_id
    assert.ok(provider !== null, 'the segments were booked through a travel provider')
    assert.equal(trip.segments[0].provider_name, PROVIDER)
    const served = trip.segments.filter((s) => s.provider_id === provider).length
    assert.equal(served, 2)
    // What the server measured over the page's months (the last twelve, as the page asked).
    const { from, to } = pageRange
    const cards = await api(managerToken, 'GET', `/organizations/${trip.organization_id}/travel-provider-scorecards?from=${from}&to=${to}`)
    assert.equal(cards.status, 200, cards.text)
    const card = cards.body.items.find((c) => c.provider_id === provider)
    assert.ok(card, cards.text)
    assert.equal(card.segments, 2)
    assert.equal(card.band, 'provisional', 'fewer than five segments')

    await panel('scorecards').and(page.locator('[data-state=ready]')).waitFor()
    await waitForText(panel('scorecards').locator('.card-title'), '服务商评分卡')
    const row = scorecardRow(provider)
    await waitForText(row.locator('[data-test=scorecard-name]'), PROVIDER)
    await waitForText(row.locator('[data-test=scorecard-segments]'), '2')
    const band = row.locator('[data-test=scorecard-band]')
    assert.equal(await band.getAttribute('data-band'), 'provisional')
    await waitForText(band, '数据不足')
    assert.equal(await row.locator('[data-test=scorecard-score]').getAttribute('data-value'), String(card.score))
    await waitForText(row.locator('[data-test=scorecard-spend]'), literal(yuan(card.spend_fen)))
    const price = card.price_over_market_bp === null ? '—' : `${card.price_over_market_bp < 0 ? '−' : '+'}${(Math.abs(card.price_over_market_bp) / 100).toFixed(1)}%`
    await waitForText(row.locator('[data-test=scorecard-price]'), literal(price))
    const confirm = card.average_confirm_ms === null ? '—' : `${(card.average_confirm_ms / 1000).toFixed(1)} 秒`
    await waitForText(row.locator('[data-test=scorecard-confirm]'), literal(confirm))
    await waitForText(row.locator('[data-test=scorecard-reaccommodated]'), `${card.reaccommodated}/${card.disruptions}`)
    await waitForText(row.locator('[data-test=scorecard-complaints]'), '客服上线后统计')
    await waitForText(row.locator('[data-test=scorecard-price-score]'), card.price_score === null ? '—' : String(card.price_score))
    // The legend explains the bands and the measures.
    const legend = panel('scorecards').locator('[data-test=scorecards-legend]')
    await legend.locator('li', { hasText: '低于 30 分，暂停该服务商的新预订' }).waitFor()
    await legend.locator('li', { hasText: '少于 5 个行程段' }).waitFor()
    await legend.locator('li', { hasText: '同一产品最低报价' }).waitFor()
    if (card.price_score !== null || card.confirmation_score !== null || card.reaccommodation_score !== null) {
      await panel('scorecards').locator('[data-test=scorecards-chart] canvas').first().waitFor()
    }
    await panel('scorecards').scrollIntoViewIfNeeded()
    await snapshot('scorecards')
  })

  await step('a panel exports as CSV: text/csv with its header line', async () => {
    const exported = page.waitForResponse((r) => r.url().includes('/travel-analytics/category') && r.url().includes('format=csv'))
    const download = page.waitForEvent('download')
    await page.locator('[data-test=analytics-export-category]').click()
    const res = await exported
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'], /^text\/csv/)
    assert.ok(res.request().headers().authorization?.startsWith('Bearer '), 'the token is sent')
    // What was saved is the server's CSV, under its own name.
    const saved = await download
    assert.match(saved.suggestedFilename(), /^travel-category-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/)
    const text = fs.readFileSync(await saved.path(), 'utf8')
    assert.ok(text.startsWith('\uFEFF'), 'a byte order mark, so spreadsheets read UTF-8')
    const lines = text.slice(1).split('\r\n')
    assert.equal(lines[0], CSV_HEADER)
    const hotel = trip.segments.find((s) => s.kind === 'hotel')
    assert.ok(lines.some((l) => l.startsWith(`hotel,hotel,1,0,${hotel.total_fen},${hotel.employee_pays_fen},0,`)), lines.join('\n'))

    // The same download with the token, outside the page.
    const csv = await api(managerToken, 'GET', `/organizations/${trip.organization_id}/travel-analytics/employee?format=csv&limit=10`)
    assert.equal(csv.status, 200, csv.text)
    assert.match(csv.type, /^text\/csv/)
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="travel-employee-/)
    const rows = csv.text.split('\r\n')
    assert.equal(rows[0], CSV_HEADER)
    assert.ok(rows[1].startsWith(`${trip.traveller_id},李伟,2,0,${spendFen()},${employeeFen()},5000,`), rows[1])
  })

  await step('months without bookings empty every panel; the default range comes back', async () => {
    const picker = page.locator('[data-test=analytics-range]')
    const inputs = picker.locator('input')
    const reloaded = page.waitForResponse((r) => r.url().includes('/travel-analytics/total') && r.url().includes('to=2020-12'))
    await inputs.nth(0).click()
    await inputs.nth(0).fill('2020-01')
    await inputs.nth(0).press('Enter')
    await inputs.nth(1).click()
    await inputs.nth(1).fill('2020-12')
    await inputs.nth(1).press('Enter')
    await page.keyboard.press('Escape')
    const asked = new URL((await reloaded).url())
    assert.equal(asked.searchParams.get('from'), '2020-01')
    await waitForText(kpi('spend'), literal('¥0.00'))
    await waitForText(kpi('compliance'), '—')
    await panel('total').locator('[data-test=analytics-empty]').waitFor()
    for (const d of ['month', 'category', 'department', 'supplier', 'provider', 'employee', 'route', 'city', 'rule', 'reason']) {
      await panel(d).and(page.locator('[data-state=empty]')).waitFor()
    }
    // The provider serving the company keeps its scorecard, with nothing booked: too little data.
    const idle = scorecardRow(trip.segments[0].provider_id)
    await waitForText(idle.locator('[data-test=scorecard-segments]'), '0')
    await waitForText(idle.locator('[data-test=scorecard-band]'), '数据不足')
    await waitForText(idle.locator('[data-test=scorecard-score]'), '—')
    await snapshot('no-bookings')

    await page.locator('[data-test=analytics-range-reset]').click()
    await waitForText(kpi('spend'), literal(yuan(spendFen())))
    await waitForText(rowName('category', 'flight'), '机票')
  })

  await step('the labels follow the language', async () => {
    await page.locator('[data-test=lang-en]').click()
    await waitForText(page.locator('[data-test=nav-travel-analytics]'), 'Travel analytics')
    await waitForText(rowName('category', 'flight'), 'Flights')
    await waitForText(rowName('route', '1101-3101'), 'Beijing → Shanghai')
    await waitForText(rowName('rule', 'hotel_cap'), 'Hotel cap')
    await waitForText(page.locator('[data-test=analytics-export-category]'), 'Export CSV')
    const row = scorecardRow(trip.segments[0].provider_id)
    await waitForText(panel('scorecards').locator('.card-title'), 'Provider scorecards')
    await waitForText(row.locator('[data-test=scorecard-band]'), 'Provisional')
    await waitForText(row.locator('[data-test=scorecard-complaints]'), 'Measured once the service desk exists')
    await panel('scorecards').scrollIntoViewIfNeeded()
    await snapshot('english-scorecards')
    await snapshot('english')
    await page.locator('[data-test=lang-zh-CN]').click()
    await waitForText(page.locator('[data-test=nav-travel-analytics]'), '差旅分析')
  })

  await step('an operator chooses the company and sees the same spend', async () => {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
    await logIn(page, base, OPERATOR)
    await page.locator('[data-test=nav-travel-analytics]').click()
    await page.locator('[data-test=travel-analytics-page]').waitFor()
    await page.locator('[data-test=analytics-org]').click()
    await page.locator('[data-test=analytics-org] input').fill('星云')
    await selectOption(page, COMPANY).click()
    await waitForText(kpi('spend'), literal(yuan(spendFen())))
    await waitForText(rowName('category', 'hotel'), '酒店')
  })
}
