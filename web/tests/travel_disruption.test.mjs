// Browser test of disruption on the trip page (行程动态, 误机, 替代方案) against the real server and the
// supplier simulator. 李伟 of 北京星云科技 books through the API, as tests/integration/
// travel_disruption.test.mjs does, a Beijing → Shanghai morning flight about 20 days ahead, two
// nights in a Shanghai hotel, a car from the flight's arrival airport to the hotel 40 minutes after
// landing and a Shanghai → Hangzhou train two days later. On the trip page he reports the flight
// missed (误机, confirmed): the timeline shows the event with its three later segments waiting for a
// replacement. He opens the replacement options (slowed down here, so that the loading shows),
// sees each with what it means for the hotel, the car and the train, and takes the next morning's
// flight if there is one (else the first option; a changed price is accepted). The trip then shows
// the new flight, the missed one cancelled, the car re-timed, and the rebooked / retimed /
// hotel_told entries. The labels follow the language; a departure reported meanwhile by someone
// else is explained.
// Needs FUWU_BIN (with fuwu-supplier-sim next to it, or FUWU_SIM_BIN) and a built web/dist; the
// simulator listens on 127.0.0.1:8091, where the demo's suppliers point.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, sleep, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 150_000
const EMPLOYEE = 'li.wei@xingyun.demo'
const OPTIONS_DELAY_MS = 1_500

/** A regular expression matching `text` literally (for waitForText). */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The business calendar's date `days` from now, "YYYY-MM-DD" (Asia/Shanghai). */
function shanghaiDate(days) {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date(Date.now() + days * 86_400_000))
}

/** "¥1,234.00" as the console shows fen. */
const yuan = (fen) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

test('a missed flight on the trip page: the timeline, the replacement options, rebooking', { timeout: TEST_MS }, (t) =>
  withConsole(t, 'travel-disruption', walkDisruption, { simulator: true }),
)

async function walkDisruption({ page, base, step, snapshot }) {
  const api = async (token, method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, text, body: text ? JSON.parse(text) : null }
  }

  const segment = (id) => page.locator(`[data-test=trip-segment][data-segment-id="${id}"]`)
  const events = page.locator('[data-test=trip-event]')
  const eventOf = (type) => page.locator(`[data-test=trip-event][data-type=${type}]`)
  const dialog = page.locator('[data-test=replacement-dialog]')

  let token
  let trip = null
  const day1 = shanghaiDate(20)
  const day3 = shanghaiDate(22)

  /**
   * Books the first of `candidates` ({offer, price}) the supplier confirms into the trip (a new
   * one the first time): a changed price is accepted, a sold-out offer skipped. The new segment.
   */
  async function book(searchId, candidates) {
    const refusals = []
    for (const { offer, price } of candidates) {
      const body = { search_id: searchId, offer_key: offer.offer_key, supplier_id: price.supplier_id }
      if (trip) body.trip_id = trip.id
      else body.purpose = '拜访上海客户，再去杭州'
      let res = await api(token, 'POST', '/travel/bookings', body)
      if (res.status === 409 && res.body?.code === 'price_changed') {
        const now = /now (\d+) fen/.exec(JSON.stringify(res.body.errors ?? []))
        if (now) res = await api(token, 'POST', '/travel/bookings', { ...body, accept_total_fen: Number(now[1]) })
      }
      if (res.status === 201) {
        trip = res.body
        return trip.segments.at(-1)
      }
      refusals.push(`${res.status} ${res.text}`)
    }
    assert.fail(`no offer could be booked: ${refusals.join('; ')}`)
  }
  const search = async (body) => {
    const res = await api(token, 'POST', '/travel/searches', body)
    assert.equal(res.status, 201, res.text)
    return res.body
  }
  /** The compliant offers, cheapest compliant first, each at every supplier (cheapest first). */
  const compliant = (offers) =>
    offers
      .filter((o) => o.compliant)
      .sort((a, b) => Number(b.cheapest_compliant) - Number(a.cheapest_compliant))
      .flatMap((offer) => offer.prices.map((price) => ({ offer, price })))

  let flight, hotel, car, train
  await step('李伟 signs in and books a flight, a hotel, a car and a train (API)', async () => {
    await logIn(page, base, EMPLOYEE)
    token = await page.evaluate(() => localStorage.getItem('fuwu.token'))
    assert.ok(token)

    const flights = await search({ kind: 'flight', origin: '1101', destination: '3101', date: day1, preferred_time: '08:00' })
    const mornings = flights.offers
      .filter((o) => o.compliant && Number(o.departure_at.slice(11, 13)) < 12)
      .sort((a, b) => a.departure_at.localeCompare(b.departure_at))
    assert.ok(mornings.length > 0, 'a compliant morning flight')
    flight = await book(
      flights.id,
      mornings.flatMap((offer) => offer.prices.map((price) => ({ offer, price }))),
    )
    const hotels = await search({ kind: 'hotel', city: '3101', check_in: day1, check_out: day3 })
    hotel = await book(hotels.id, compliant(hotels.offers))

    const arrival = flight.product.arrival_at // "YYYY-MM-DDTHH:MM:00+08:00"
    const pickup = Number(arrival.slice(11, 13)) * 60 + Number(arrival.slice(14, 16)) + 40
    const hhmm = `${String(Math.floor(pickup / 60)).padStart(2, '0')}:${String(pickup % 60).padStart(2, '0')}`
    const cars = await search({
      kind: 'transfer',
      city: '3101',
      pickup: flight.product.destination_airport,
      dropoff: `hotel:${hotel.product.hotel_id}`,
      date: day1,
      preferred_time: hhmm,
    })
    car = await book(cars.id, compliant(cars.offers))
    const trains = await search({ kind: 'train', origin: '3101', destination: '3301', date: day3, preferred_time: '09:00' })
    train = await book(trains.id, compliant(trains.offers))
    assert.deepEqual(
      trip.segments.map((s) => s.kind),
      ['flight', 'hotel', 'transfer', 'train'],
    )
    assert.deepEqual(trip.timeline, [])
  })

  await step('the trip page: nothing has changed yet, 误机 on the flight and the train only', async () => {
    await page.goto(`${base}/#/travel/trips/${trip.id}`)
    await page.locator(`[data-test=trip-page][data-trip-id="${trip.id}"]`).waitFor()
    await segment(train.id).waitFor()
    await waitForText(page.locator('[data-test=trip-timeline-title]'), '行程动态')
    await page.locator('[data-test=trip-timeline-empty]').waitFor()
    assert.equal(await events.count(), 0)
    await waitForText(segment(flight.id).locator('[data-test=segment-missed]'), '误机')
    await waitForText(segment(train.id).locator('[data-test=segment-missed]'), '误机')
    assert.equal(await page.locator('[data-test=segment-missed]').count(), 2, 'not for the hotel or the car')
  })

  let missedEvent
  await step('he reports the flight missed: the timeline lists it with three segments waiting', async () => {
    await segment(flight.id).locator('[data-test=segment-missed]').click()
    const box = page.locator('.trip-missed-confirm')
    await box.waitFor()
    assert.match(await box.innerText(), new RegExp(literal(flight.product.flight_number)))
    await snapshot('missed-confirm')
    const reported = page.waitForResponse((r) => r.url().endsWith(`/segments/${flight.id}/missed`) && r.request().method() === 'POST')
    await box.locator('.el-button--primary').click()
    const res = await reported
    assert.equal(res.status(), 201, await res.text())
    missedEvent = await res.json()

    const missed = eventOf('missed')
    await missed.waitFor()
    assert.equal(await events.count(), 1)
    assert.equal(await missed.getAttribute('data-segment-id'), String(flight.id))
    await waitForText(missed.locator('[data-test=event-type]'), '误机')
    await waitForText(missed.locator('[data-test=event-source]'), '来源：行程')
    await waitForText(missed.locator('[data-test=event-segment] [data-test=product-number]'), literal(flight.product.flight_number))
    const impacts = missed.locator('[data-test=impact]')
    assert.equal(await impacts.count(), 3)
    const ids = await impacts.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-segment-id'))))
    assert.deepEqual(ids.sort(), [hotel.id, car.id, train.id].sort())
    for (const impact of missedEvent.impacts) {
      const row = missed.locator(`[data-test=impact][data-segment-id="${impact.segment_id}"]`)
      assert.equal(impact.status, 'waits_for_replacement')
      await waitForText(row.locator('[data-test=impact-status]'), '待替换')
      await waitForText(row.locator('[data-test=impact-reason]'), literal(impact.reason_zh))
    }
    await waitForText(missed.locator(`[data-test=impact][data-segment-id="${hotel.id}"] [data-test=segment-brief]`), `酒店.*${literal(hotel.product.hotel_name)}.*`)
    // Reported once: the flight now says so instead of offering 误机 again.
    await waitForText(segment(flight.id).locator('[data-test=segment-missed-reported]'), '已报告误机')
    assert.equal(await segment(flight.id).locator('[data-test=segment-missed]').count(), 0)
    await waitForText(missed.locator('[data-test=event-options]'), '查看替代方案')
  })

  let answer
  await step('the replacement options load (a few seconds), each with what it means', async () => {
    // Slowed down, so that the dialog is seen waiting for the re-shopping.
    await page.route('**/api/v1/travel/trips/*/events/*/options', async (route) => {
      const response = await route.fetch()
      await sleep(OPTIONS_DELAY_MS)
      await route.fulfill({ response })
    })
    const answered = page.waitForResponse((r) => r.url().endsWith(`/events/${missedEvent.id}/options`))
    await eventOf('missed').locator('[data-test=event-options]').click()
    await dialog.waitFor()
    await dialog.locator('[data-test=replacement-options][data-loading=true]').waitFor()
    await dialog.locator('.el-loading-mask', { hasText: '正在向各供应商查询替代方案' }).waitFor()
    await snapshot('options-loading')
    const res = await answered
    assert.equal(res.status(), 200, await res.text())
    answer = await res.json()
    await page.unroute('**/api/v1/travel/trips/*/events/*/options')
    assert.ok(answer.options.length > 0, 'at least one replacement')
    await dialog.locator('[data-test=replacement-options][data-loading=false]').waitFor()
    await waitForText(dialog.locator('[data-test=replacement-for] [data-test=segment-brief]'), `机票.*${literal(flight.product.flight_number)}.*`)

    const options = dialog.locator('[data-test=replacement-option]')
    assert.equal(await options.count(), answer.options.length)
    for (const [i, o] of answer.options.entries()) {
      const row = options.nth(i)
      assert.equal(await row.getAttribute('data-offer-key'), o.offer_key)
      await waitForText(row.locator('[data-test=product-number]'), literal(o.flight_number))
      await waitForText(row.locator('[data-test=option-total]'), literal(yuan(o.total_fen)))
      await waitForText(row.locator('[data-test=option-compliant]'), o.compliant ? '符合差旅标准' : '不符合差旅标准')
      assert.equal(await row.locator('[data-test=impact]').count(), 3)
      for (const impact of o.impacts) {
        const item = row.locator(`[data-test=impact][data-segment-id="${impact.segment_id}"]`)
        assert.equal(await item.getAttribute('data-status'), impact.status)
        await waitForText(item.locator('[data-test=impact-reason]'), literal(impact.reason_zh))
      }
    }
    await snapshot('options')
  })

  let chosen
  let rebooked
  await step('he takes the next morning’s flight (else the first option)', async () => {
    const options = dialog.locator('[data-test=replacement-option]')
    const nextMorning = answer.options.findIndex((o) => o.departure_at.startsWith(shanghaiDate(21)))
    const first = nextMorning >= 0 ? nextMorning : 0
    // Another option only if the supplier sold out the one chosen meanwhile.
    const order = [first, ...answer.options.keys()].filter((i, n, all) => all.indexOf(i) === n)
    const refusals = []
    for (const i of order) {
      const o = answer.options[i]
      await options.nth(i).locator('[data-test=option-choose]').click()
      const confirmView = dialog.locator(`[data-test=rebook-confirm-view][data-offer-key="${o.offer_key}"]`)
      await confirmView.waitFor()
      if (!o.compliant) await confirmView.locator('[data-test=reason-code][data-code=schedule]').click()
      if (i === first) await snapshot('rebook-confirm')
      let answered = page.waitForResponse((r) => r.url().endsWith(`/events/${missedEvent.id}/rebook`))
      await dialog.locator('[data-test=rebook-confirm]').click()
      let res = await answered
      if (res.status() === 409 && (await res.json()).code === 'price_changed') {
        const changed = dialog.locator('[data-test=rebook-price-changed]')
        await changed.waitFor()
        await snapshot('price-changed')
        answered = page.waitForResponse((r) => r.url().endsWith(`/events/${missedEvent.id}/rebook`))
        await dialog.locator('[data-test=rebook-accept-price]').click()
        res = await answered
        assert.equal(res.request().postDataJSON().accept_total_fen, Number(await changed.getAttribute('data-total-fen')))
      }
      if (res.status() === 200) {
        chosen = o
        rebooked = await res.json()
        const sent = res.request().postDataJSON()
        assert.equal(sent.search_id, o.search_id)
        assert.equal(sent.offer_key, o.offer_key)
        assert.equal(sent.supplier_id, o.supplier_id)
        assert.equal(sent.reason_code, o.compliant ? undefined : 'schedule')
        break
      }
      refusals.push(`${res.status()} ${await res.text()}`)
      await dialog.locator('[data-test=rebook-problem]').waitFor()
      await dialog.locator('[data-test=rebook-back]').click()
    }
    assert.ok(chosen, `no option could be taken: ${refusals.join('; ')}`)
    await dialog.waitFor({ state: 'hidden' })
  })

  await step('the trip shows the new flight, the old one cancelled, the car re-timed and each step', async () => {
    const replacement = rebooked.segments.find((s) => s.kind === 'flight' && s.id !== flight.id)
    const newCar = rebooked.segments.find((s) => s.kind === 'transfer' && s.id !== car.id)
    assert.ok(replacement, 'the replacement flight')
    assert.ok(newCar, 'a re-timed car')
    assert.equal(replacement.offer_key, chosen.offer_key)

    await page.locator(`[data-test=trip-segment][data-segment-id="${replacement.id}"][data-status=booked]`).waitFor()
    await waitForText(segment(replacement.id).locator('[data-test=product-number]'), literal(chosen.flight_number))
    await page.locator(`[data-test=trip-segment][data-segment-id="${flight.id}"][data-status=cancelled]`).waitFor()
    await waitForText(segment(flight.id).locator('[data-test=segment-status]'), '已取消')
    await page.locator(`[data-test=trip-segment][data-segment-id="${car.id}"][data-status=cancelled]`).waitFor()
    await page.locator(`[data-test=trip-segment][data-segment-id="${newCar.id}"][data-status=booked]`).waitFor()
    await waitForText(segment(newCar.id).locator('[data-test=product-pickup]'), `.*${literal(replacement.product.destination_airport)}`)
    assert.equal(await segment(hotel.id).getAttribute('data-status'), 'booked')
    assert.equal(await segment(train.id).getAttribute('data-status'), 'booked')

    // The timeline: the missed flight, then what the rebooking did.
    const done = eventOf('rebooked')
    await done.waitFor()
    assert.equal(await done.getAttribute('data-segment-id'), String(flight.id))
    assert.equal(await done.getAttribute('data-replacement-id'), String(replacement.id))
    await waitForText(done.locator('[data-test=event-type]'), '已改签')
    await waitForText(done.locator('[data-test=event-replacement] [data-test=segment-brief]'), `机票.*${literal(chosen.flight_number)}.*`)
    await done.locator('[data-test=event-note]').waitFor()
    await done.locator('[data-test=event-times] [data-test=event-arrival]').waitFor()
    assert.equal(await done.locator('[data-test=impact]').count(), 3)
    for (const impact of chosen.impacts)
      assert.equal(await done.locator(`[data-test=impact][data-segment-id="${impact.segment_id}"]`).getAttribute('data-status'), impact.status)

    const retimed = eventOf('retimed')
    assert.equal(await retimed.count(), 1)
    assert.equal(await retimed.getAttribute('data-segment-id'), String(car.id))
    assert.equal(await retimed.getAttribute('data-replacement-id'), String(newCar.id))
    await waitForText(retimed.locator('[data-test=event-type]'), '用车改时')

    const hotelImpact = chosen.impacts.find((i) => i.segment_id === hotel.id).status
    const told = eventOf('hotel_told')
    if (hotelImpact === 'late_arrival' || hotelImpact === 'first_night_lost') {
      assert.equal(await told.count(), 1)
      assert.equal(await told.getAttribute('data-segment-id'), String(hotel.id))
      await waitForText(told.locator('[data-test=event-type]'), '已通知酒店')
    } else {
      assert.equal(await told.count(), 0)
    }
    if (chosen.departure_at.startsWith(shanghaiDate(21))) {
      assert.equal(hotelImpact, 'first_night_lost')
      await waitForText(done.locator(`[data-test=impact][data-segment-id="${hotel.id}"] [data-test=impact-status]`), '首晚无法入住')
    }
    const types = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))
    assert.deepEqual(types, rebooked.timeline.map((e) => e.type))
    assert.equal(types[0], 'missed')
    // Resolved: no more options for the missed flight.
    assert.equal(await eventOf('missed').locator('[data-test=event-options]').count(), 0)
    await snapshot('rebooked')
  })

  await step('the labels follow the language', async () => {
    await page.locator('[data-test=lang-en]').click()
    await waitForText(page.locator('[data-test=trip-timeline-title]'), 'Timeline')
    const missed = eventOf('missed')
    await waitForText(missed.locator('[data-test=event-type]'), 'Missed')
    await waitForText(missed.locator('[data-test=event-source]'), 'Source: trip')
    const waiting = missed.locator(`[data-test=impact][data-segment-id="${train.id}"]`)
    await waitForText(waiting.locator('[data-test=impact-status]'), 'Waits for replacement')
    await waitForText(waiting.locator('[data-test=impact-reason]'), literal(missedEvent.impacts.find((i) => i.segment_id === train.id).reason_en))
    await waitForText(eventOf('rebooked').locator('[data-test=event-type]'), 'Rebooked')
    await waitForText(eventOf('retimed').locator('[data-test=event-type]'), 'Car re-timed')
    await waitForText(segment(train.id).locator('[data-test=segment-missed]'), 'Missed')
    await snapshot('english')
    await page.locator('[data-test=lang-zh-CN]').click()
    await waitForText(page.locator('[data-test=trip-timeline-title]'), '行程动态')
  })

  await step('a departure reported meanwhile is explained and the trip read again', async () => {
    await segment(train.id).locator('[data-test=segment-missed]').click()
    const box = page.locator('.trip-missed-confirm')
    await box.waitFor()
    // Meanwhile it is reported (by him, elsewhere).
    const other = await api(token, 'POST', `/travel/trips/${trip.id}/segments/${train.id}/missed`, {})
    assert.equal(other.status, 201, other.text)
    const refused = page.waitForResponse((r) => r.url().endsWith(`/segments/${train.id}/missed`))
    await box.locator('.el-button--primary').click()
    assert.equal((await refused).status(), 409)
    const error = page.locator('[data-test=missed-error][data-code=already_reported]')
    await error.waitFor()
    assert.match(await error.innerText(), /该行程段已报告过误机/)
    // Read again: the train's event is on the timeline, 误机 is no longer offered.
    await page.locator(`[data-test=trip-event][data-type=missed][data-segment-id="${train.id}"]`).waitFor()
    await waitForText(segment(train.id).locator('[data-test=segment-missed-reported]'), '已报告误机')
    assert.equal(await page.locator('[data-test=segment-missed]').count(), 1, 'only the replacement flight')
    await snapshot('already-reported')
  })
}
