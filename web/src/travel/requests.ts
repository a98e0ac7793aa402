// Helpers of the travel request pages (出差申请): the planned itinerary in one line ("北京 → 上海
// 12-01 · 上海 酒店 2 晚"), the time left before the deadline, the state's colour, and the server's
// field errors of a new request by itinerary row.
import type { FieldError } from '../api/http'
import type { ItineraryItem, RequestState, TravelRequest } from '../api/travelRequests'
import { cityName } from '../components/travelSearch/cities'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** "12-01" of "2026-12-01". */
export function monthDay(date: string | undefined): string {
  return date && date.length >= 10 ? date.slice(5, 10) : (date ?? '')
}

/** One planned segment in words: "北京 → 上海 12-01", "上海 酒店 2 晚"… (messages under travelRequests.summary). */
export function itemSummary(item: ItineraryItem, t: Translate, english: boolean, fullDate = false): string {
  const date = fullDate ? item.date : monthDay(item.date)
  const name = (code: string | undefined) => cityName(code, english) || '?'
  switch (item.kind) {
    case 'flight':
      return t('travelRequests.summary.flight', { from: name(item.origin), to: name(item.destination), date })
    case 'train':
      return t('travelRequests.summary.train', { from: name(item.origin), to: name(item.destination), date })
    case 'hotel':
      return t('travelRequests.summary.hotel', { city: name(item.city), nights: item.nights ?? 1, date })
    case 'transfer':
      return t('travelRequests.summary.transfer', { city: name(item.city), date })
    default:
      return String((item as { kind?: string }).kind ?? '')
  }
}

/** The whole itinerary in one line, segments joined by " · ". */
export function itinerarySummary(items: readonly ItineraryItem[], t: Translate, english: boolean): string {
  return items.map((i) => itemSummary(i, t, english)).join(' · ')
}

export interface TimeLeft {
  expired: boolean
  days: number
  hours: number
  minutes: number
}

/** What is left until `deadline` at `now` (whole minutes, rounded up while any is left). */
export function timeLeft(deadline: number, now: number): TimeLeft {
  const ms = deadline - now
  if (ms <= 0) return { expired: true, days: 0, hours: 0, minutes: 0 }
  const total = Math.ceil(ms / 60_000)
  return { expired: false, days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 }
}

/** "剩余 1 天 3 小时", "剩余 5 小时 12 分", "剩余 8 分钟", or "已过期". */
export function countdown(deadline: number, now: number, t: Translate): string {
  const left = timeLeft(deadline, now)
  if (left.expired) return t('travelRequests.deadline.expired')
  if (left.days > 0) return t('travelRequests.deadline.days', { d: left.days, h: left.hours })
  if (left.hours > 0) return t('travelRequests.deadline.hours', { h: left.hours, m: left.minutes })
  return t('travelRequests.deadline.minutes', { m: left.minutes })
}

/** Pending, and the deadline passed: the default outcome applies at the next read. */
export function isOverdue(r: Pick<TravelRequest, 'state' | 'deadline_at'>, now: number): boolean {
  return r.state === 'pending' && r.deadline_at <= now
}

export const STATE_TYPES: Record<RequestState, 'warning' | 'success' | 'danger'> = {
  pending: 'warning',
  approved: 'success',
  denied: 'danger',
}

/**
 * The server's field errors of a new request: those of itinerary row i ("itinerary[1].city" →
 * rows[1].city; "itinerary[2]" → rows[2]._), and the others by their top-level field.
 */
export function splitRequestErrors(errors: readonly FieldError[]): { rows: Record<number, Record<string, string>>; fields: Record<string, string> } {
  const rows: Record<number, Record<string, string>> = {}
  const fields: Record<string, string> = {}
  const add = (into: Record<string, string>, key: string, message: string) => (into[key] = into[key] ? `${into[key]}; ${message}` : message)
  for (const e of errors) {
    const m = /^itinerary\[(\d+)\](?:\.(\w+))?/.exec(e.field)
    if (m) add((rows[Number(m[1])] ??= {}), m[2] ?? '_', e.message)
    else add(fields, e.field.split(/[.[]/)[0], e.message)
  }
  return { rows, fields }
}
