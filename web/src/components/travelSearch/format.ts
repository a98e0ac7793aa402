// Small formatting helpers of the travel booking pages.
const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** "¥1,234.00" for fen. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—'
  return `¥${money.format(fen / 100)}`
}

/** "14:03" of a supplier time "2026-12-14T14:03:00+08:00". */
export function clock(at: string | undefined): string {
  return at && at.length >= 16 ? at.slice(11, 16) : ''
}

/** "2026-12-14" of a supplier time. */
export function day(at: string | undefined): string {
  return at && at.length >= 10 ? at.slice(0, 10) : ''
}

/** Days the arrival is after the departure (overnight trains: 1). */
export function daysLater(from: string | undefined, to: string | undefined): number {
  const a = day(from)
  const b = day(to)
  if (!a || !b) return 0
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
}

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today on the business calendar (Asia/Shanghai), "YYYY-MM-DD"; `plusDays` later. */
export function shanghaiToday(plusDays = 0): string {
  return dayFormat.format(new Date(Date.now() + plusDays * 86_400_000))
}

/** The local calendar day of a Date (what a date picker shows), "YYYY-MM-DD". */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
