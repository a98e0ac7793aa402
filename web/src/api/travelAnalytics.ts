// The travel manager's dashboard (差旅分析): one panel of a client company's travel — spend,
// compliance, violations and savings grouped by a dimension over a range of months — as JSON or
// as a CSV download (GET /organizations/{id}/travel-analytics/{dimension}, src/travel/analytics_api.cpp).
// Panels are loaded quietly: each explains its own failure.
import { request, requestFile, type FileDownload } from './http'

export const ANALYTICS_DIMENSIONS = [
  'total',
  'month',
  'department',
  'employee',
  'category',
  'route',
  'city',
  'supplier',
  'provider',
  'rule',
  'reason',
] as const
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number]

/** One row of a panel. Money in fen. */
export interface AnalyticsRow {
  /**
   * The dimension's value: a department, user, supplier or provider id ("none": no department or
   * provider), a category (flight, hotel, train, transfer), a route "1101-3101", a city code, a
   * rule, a reason code or a month "YYYY-MM"; "" for `total`.
   */
  key: string
  /** The department's, employee's or organization's name, the city or route in Chinese, else the key. */
  name: string
  segments: number
  /** Of the segments, cancelled since. */
  cancelled: number
  /** What was paid (a cancelled segment at its fee). */
  spend_fen: number
  /** Of it, what employees paid. */
  employee_fen: number
  /** Segments booked within the policy, in basis points of the segments. */
  compliance_bp: number
  /** Paid above the lowest logical fare. */
  missed_saving_fen: number
  /** The searches' median offer minus their lowest compliant offer, for compliant segments. */
  realized_saving_fen: number
  /** Average advance-booking days, in tenths of a day. */
  average_days_ahead_tenths: number
}

export interface AnalyticsPanel {
  dimension: AnalyticsDimension
  from: string
  to: string
  items: AnalyticsRow[]
}

/** The months of the panel, "YYYY-MM", both included. */
export interface MonthRange {
  from: string
  to: string
}

/** The server's largest page. */
export const ANALYTICS_LIMIT_MAX = 200

const path = (organizationId: number, dimension: AnalyticsDimension) => `/organizations/${organizationId}/travel-analytics/${dimension}`

export async function getAnalyticsPanel(organizationId: number, dimension: AnalyticsDimension, range: MonthRange, limit: number): Promise<AnalyticsPanel> {
  const query = { from: range.from, to: range.to, limit }
  return (await request<AnalyticsPanel>('GET', path(organizationId, dimension), { query, quiet: true })).data
}

/** The same panel as text/csv (with the session token, so fetched into a blob). */
export function getAnalyticsCsv(organizationId: number, dimension: AnalyticsDimension, range: MonthRange, limit: number): Promise<FileDownload> {
  return requestFile(path(organizationId, dimension), { query: { from: range.from, to: range.to, limit, format: 'csv' } })
}
