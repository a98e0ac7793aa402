// Cycle windows are UTC milliseconds; people pick them as days of the business calendar
// (Asia/Shanghai, UTC+8, no daylight saving). A window is [first day 00:00, day after last 00:00).
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000

/** "2026-10-01" → the UTC millisecond of 2026-10-01 00:00 in Shanghai. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS
}

/** The exclusive end of a window whose last day is `day`. */
export function dayEndMs(day: string): number {
  return dayStartMs(day) + DAY_MS
}

/** The Shanghai day of a UTC millisecond time, "YYYY-MM-DD". */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** The window as days: "2026-10-01 – 2026-12-31" (the end is exclusive, so its previous day). */
export function windowDays(startMs: number, endMs: number): string {
  return `${shanghaiDay(startMs)} – ${shanghaiDay(endMs - 1)}`
}

/** "2027-02-01 10:00:00" on the business calendar's clock → UTC milliseconds. */
export function shanghaiDateTimeMs(dateTime: string): number {
  return Date.parse(`${dateTime.replace(' ', 'T')}Z`) - SHANGHAI_OFFSET_MS
}
