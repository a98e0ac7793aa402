// Calendar dates as the API writes them (YYYY-MM-DD), without time zones: a date is a date.

/** 0 (Sunday) … 6 (Saturday) of a YYYY-MM-DD date. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

export function isWeekend(day: string): boolean {
  const w = weekdayOf(day)
  return w === 0 || w === 6
}

const pad = (n: number) => String(n).padStart(2, '0')

/** YYYY-MM-DD of a year, month (1–12) and day. */
export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`
}
