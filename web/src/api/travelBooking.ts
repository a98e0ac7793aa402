// The traveller's travel calls: search every supplier at once, book one supplier's price of an
// offer (the server re-confirms the price: 409 price_changed / sold_out / policy_blocked, 422 when
// a reason code is needed, 503 supplier_unavailable), list and read trips, cancel a segment, and
// the reason codes; and what happens after booking (行程变动): a missed flight or train reported,
// the replacements for a cancelled or missed one, and taking one.
import { ApiError, http, request } from './http'
import type {
  BookingRequest,
  RebookRequest,
  ReplacementOptions,
  SearchRequest,
  SearchResult,
  Trip,
  TripEvent,
  TripSummary,
} from './travelBookingTypes'

export async function searchTravel(body: SearchRequest): Promise<SearchResult> {
  return (await http.post<SearchResult>('/travel/searches', body, { quiet: true })).data
}

export async function getSearch(id: number): Promise<SearchResult> {
  return (await http.get<SearchResult>(`/travel/searches/${id}`)).data
}

/** The caller explains every refusal itself (quiet). */
export async function bookOffer(body: BookingRequest): Promise<Trip> {
  return (await http.post<Trip>('/travel/bookings', body, { quiet: true })).data
}

/** The most the trip list asks for at once (the server's page limit). */
export const TRIPS_LIMIT = 200

/**
 * Trips, newest first: a traveller's own; a travel manager's (client_admin) the whole company's,
 * or one traveller's with `travellerId`.
 */
export async function listTrips(travellerId: number | null = null, limit = TRIPS_LIMIT): Promise<TripSummary[]> {
  return (await http.get<{ items: TripSummary[] }>('/travel/trips', { limit, traveller_id: travellerId })).data.items
}

export async function getTrip(id: number): Promise<Trip> {
  return (await http.get<Trip>(`/travel/trips/${id}`)).data
}

/**
 * Cancels one booked segment through its supplier and returns the trip. The caller explains the
 * refusals itself: 409 already_cancelled / segment_started, 503 supplier_unavailable.
 */
export async function cancelSegment(tripId: number, segmentId: number, reason: string): Promise<Trip> {
  const body = reason ? { reason } : {}
  return (await http.post<Trip>(`/travel/trips/${tripId}/segments/${segmentId}/cancel`, body, { quiet: true })).data
}

/**
 * Reports a booked flight or train missed: the event, with every later segment waiting for a
 * replacement. The caller explains the refusals itself: 409 already_reported / not_a_departure /
 * segment_cancelled, 404.
 */
export async function reportMissed(tripId: number, segmentId: number): Promise<TripEvent> {
  return (await http.post<TripEvent>(`/travel/trips/${tripId}/segments/${segmentId}/missed`, {}, { quiet: true })).data
}

/**
 * The replacements for the flight or train a cancellation or missed departure took away, re-shopped
 * with every supplier (takes a few seconds). The caller explains the refusals itself (409
 * nothing_to_replace / no_grade, 503).
 */
export async function getReplacementOptions(tripId: number, eventId: number): Promise<ReplacementOptions> {
  return (await request<ReplacementOptions>('GET', `/travel/trips/${tripId}/events/${eventId}/options`, { quiet: true })).data
}

/**
 * Takes a replacement into the trip (price re-confirmed, policy, budgets, approval), cancels what it
 * replaces, re-times cars, tells hotels: the trip. Refusals as for a booking (409 price_changed…,
 * 422 reason_code) and 409 already_rebooked; the caller explains them itself.
 */
export async function rebook(tripId: number, eventId: number, body: RebookRequest): Promise<Trip> {
  return (await http.post<Trip>(`/travel/trips/${tripId}/events/${eventId}/rebook`, body, { quiet: true })).data
}

export async function listReasonCodes(): Promise<string[]> {
  return (await http.get<{ items: string[] }>('/travel/reason-codes')).data.items
}

/** The new total of a 409 price_changed ("the price is now N fen"), or null. */
export function changedPrice(err: ApiError): number | null {
  for (const e of err.problem.errors ?? []) {
    const m = /now (\d+) fen/.exec(e.message)
    if (m) return Number(m[1])
  }
  const m = /to (\d+) fen/.exec(err.problem.detail ?? '')
  return m ? Number(m[1]) : null
}

/** A 422 that asks for a reason code (the offer breaks the policy softly). */
export function needsReasonCode(err: ApiError): boolean {
  return err.status === 422 && (err.problem.errors ?? []).some((e) => e.field === 'reason_code')
}
