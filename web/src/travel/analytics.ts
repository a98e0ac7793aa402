// Helpers of the travel dashboard (差旅分析): months on the business calendar, the percentages and
// days the server sends in basis points and tenths, every month of a range for the charts, and
// how each panel's keys read.
import type { AnalyticsDimension, AnalyticsRow, MonthRange } from '../api/travelAnalytics'
import { cityName } from '../components/travelSearch/cities'
import { shanghaiToday } from '../components/travelSearch/format'
import { i18n, tEnum } from '../i18n'

/** "2026-03" plus `months` (negative: earlier). */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number)
  const n = y * 12 + (m - 1) + months
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
}

/** The last twelve months on the business calendar (Asia/Shanghai), this one included. */
export function lastTwelveMonths(): MonthRange {
  const to = shanghaiToday().slice(0, 7)
  return { from: addMonths(to, -11), to }
}

/** Every month from `from` to `to`, both included (at most `max`, the latest last). */
export function monthsOf(range: MonthRange, max = 240): string[] {
  const out: string[] = []
  for (let m = range.from; m <= range.to && out.length < max; m = addMonths(m, 1)) out.push(m)
  return out
}

/** "87.5%" of basis points; "—" with no segments to measure. */
export function percent(row: Pick<AnalyticsRow, 'segments' | 'compliance_bp'>): string {
  if (!row.segments) return '—'
  return `${(row.compliance_bp / 100).toFixed(row.compliance_bp % 100 === 0 ? 0 : 1)}%`
}

/** "12.5" days of tenths; "—" with no segments. */
export function days(row: Pick<AnalyticsRow, 'segments' | 'average_days_ahead_tenths'>): string {
  if (!row.segments) return '—'
  return (row.average_days_ahead_tenths / 10).toFixed(1)
}

/** A row of zeros (a month without bookings, the total of an empty range). */
export function emptyRow(key: string): AnalyticsRow {
  return {
    key,
    name: key,
    segments: 0,
    cancelled: 0,
    spend_fen: 0,
    employee_fen: 0,
    compliance_bp: 0,
    missed_saving_fen: 0,
    realized_saving_fen: 0,
    average_days_ahead_tenths: 0,
  }
}

/** How a row's key reads in the language: translated codes, "none", cities in English. */
export function rowLabel(dimension: AnalyticsDimension, row: AnalyticsRow): string {
  const { t } = i18n.global
  const english = i18n.global.locale.value === 'en'
  switch (dimension) {
    case 'category':
      return tEnum('travelSearch.tabs', row.key)
    case 'rule':
      return tEnum('travel.rules', row.key)
    case 'reason':
      return tEnum('travelSearch.reasonCodes', row.key)
    case 'department':
      if (row.key === 'none') return t('travelAnalytics.noDepartment')
      break
    case 'provider':
      if (row.key === 'none') return t('travelAnalytics.noProvider')
      break
    case 'city':
      // (cityName gives the code back for a city the console does not know by name.)
      if (english && cityName(row.key, true) !== row.key) return cityName(row.key, true)
      break
    case 'route': {
      const [from, to] = row.key.split('-')
      if (english && from && to && cityName(from, true) !== from && cityName(to, true) !== to) return `${cityName(from, true)} → ${cityName(to, true)}`
      break
    }
    default:
      break
  }
  return row.name || t('travelAnalytics.unnamed', { key: row.key })
}
