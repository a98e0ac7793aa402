// The business calendar: holidays and make-up working days (调休) that drive working-day SLAs.
// Everyone signed in reads it; operator_admin marks and clears days.
import { http } from './http'
import type { CalendarDay, CalendarKind } from './types'

/** The marked days between two dates (YYYY-MM-DD, both included), in date order. */
export async function listCalendarDays(from: string, to: string): Promise<CalendarDay[]> {
  return (await http.get<{ items: CalendarDay[] }>('/calendar/days', { from, to })).data.items
}

/** Marks a day (creates or replaces its entry). */
export async function putCalendarDay(day: string, body: { kind: CalendarKind; name: string }): Promise<CalendarDay> {
  return (await http.put<CalendarDay>(`/calendar/days/${day}`, body)).data
}

export async function deleteCalendarDay(day: string): Promise<void> {
  await http.delete(`/calendar/days/${day}`)
}
