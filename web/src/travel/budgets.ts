// Helpers of the travel budgets tab (差旅预算): period keys as the server has them (2026-11,
// 2026Q4, 2026) from the pickers, the current period on the business calendar (China time, as
// the server decides which period a booking falls in), the newest period first, warning levels
// in % on screen and basis points on the wire, and a budget's state for its progress bar.
import type { BudgetPeriod, TravelBudget } from '../api/travelBudgets'

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's year and month (1–12) on the business calendar (Asia/Shanghai). */
export function shanghaiYearMonth(now = new Date()): { year: number; month: number } {
  const [y, m] = dayFormat.format(now).split('-')
  return { year: Number(y), month: Number(m) }
}

/** The key of the period of `kind` containing today (China time). */
export function currentPeriodKey(kind: BudgetPeriod, now = new Date()): string {
  const { year, month } = shanghaiYearMonth(now)
  if (kind === 'year') return String(year)
  if (kind === 'quarter') return `${year}Q${Math.floor((month - 1) / 3) + 1}`
  return `${year}-${String(month).padStart(2, '0')}`
}

/** "2026Q4" from a year picker's "2026" and a quarter 1–4; "" while either is missing. */
export function quarterKey(year: string | null | undefined, quarter: number | null | undefined): string {
  return year && quarter ? `${year}Q${quarter}` : ''
}

/** Whether a key has the form of its period (as the server checks it). */
export function keyFits(kind: BudgetPeriod, key: string): boolean {
  if (kind === 'year') return /^\d{4}$/.test(key)
  if (kind === 'quarter') return /^\d{4}Q[1-4]$/.test(key)
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(key)
}

/** The first month of a period as year × 12 + month − 1, for ordering. */
function startMonth(b: Pick<TravelBudget, 'period' | 'period_key'>): number {
  const year = Number(b.period_key.slice(0, 4)) || 0
  if (b.period === 'month') return year * 12 + (Number(b.period_key.slice(5, 7)) || 1) - 1
  if (b.period === 'quarter') return year * 12 + ((Number(b.period_key.slice(5)) || 1) - 1) * 3
  return year * 12
}

const SPAN: Record<BudgetPeriod, number> = { month: 0, quarter: 1, year: 2 }
const collator = new Intl.Collator('zh-CN', { numeric: true })

/** What a budget is for, as shown: the department's name or the project code. */
export function scopeName(b: Pick<TravelBudget, 'department_id' | 'department_name' | 'project_code'>): string {
  return b.department_id !== null ? b.department_name : b.project_code
}

/** Newest period first (by where it starts; a month before the quarter and year it ends), then by scope. */
export function sortBudgets(list: readonly TravelBudget[]): TravelBudget[] {
  return [...list].sort(
    (a, b) =>
      startMonth(b) - startMonth(a) ||
      SPAN[a.period] - SPAN[b.period] ||
      Number(a.department_id === null) - Number(b.department_id === null) ||
      collator.compare(scopeName(a), scopeName(b)) ||
      b.id - a.id,
  )
}

/** 60 (%) → 6000 (basis points); two decimals of a percent at most. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100)
}

export function bpToPercent(bp: number): number {
  return bp / 100
}

const percentFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

/** "75%", "75.34%" for basis points. */
export function formatBp(bp: number): string {
  return `${percentFormat.format(bp / 100)}%`
}

/**
 * What the progress bar shows: `ok` below every warning level, `warning` at a level below the
 * highest, `critical` at the highest level (of two or more), `over` past the amount.
 */
export type BudgetState = 'ok' | 'warning' | 'critical' | 'over'

export function budgetState(b: Pick<TravelBudget, 'over_budget' | 'warning_reached_bp' | 'warning_levels_bp'>): BudgetState {
  if (b.over_budget) return 'over'
  if (b.warning_reached_bp <= 0) return 'ok'
  const highest = Math.max(...b.warning_levels_bp)
  return b.warning_levels_bp.length > 1 && b.warning_reached_bp >= highest ? 'critical' : 'warning'
}

export const STATE_COLOURS: Record<BudgetState, string> = {
  ok: '#67c23a',
  warning: '#e6a23c',
  critical: '#f78a3d',
  over: '#f56c6c',
}

/** Rising levels of 1–100 % (at most five): the first fault found, or null. */
export function levelsFault(percents: readonly (number | null | undefined)[]): 'empty' | 'range' | 'rising' | null {
  for (const p of percents) if (p === null || p === undefined || Number.isNaN(p)) return 'empty'
  const bps = percents.map((p) => percentToBp(p as number))
  if (bps.some((bp) => bp < 1 || bp > 10_000)) return 'range'
  for (let i = 1; i < bps.length; ++i) if (bps[i] <= bps[i - 1]) return 'rising'
  return null
}
