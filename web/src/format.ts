// Times are stored as UTC milliseconds; the console shows them on the business calendar's
// clock (Asia/Shanghai) so every operator sees the same time, wherever the browser is.
const formatter = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** "2026-01-31 09:05:00" (Asia/Shanghai) for a UTC millisecond time; "" for none. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return ''
  return formatter.format(new Date(ms))
}
