// The traveller's side of corporate travel (差旅预订): searches with every supplier's prices and
// the policy verdicts, bookings and trips. Field names are the server's (docs/api.md,
// "Corporate travel: search", and the booking routes of src/travel/api.cpp).

export type SearchKind = 'flight' | 'hotel' | 'train' | 'transfer'
export type Outcome = 'allow' | 'warn' | 'needs_approval' | 'employee_pays_excess' | 'block'

export interface FlightSearchRequest {
  kind: 'flight'
  origin: string
  destination: string
  date: string
  preferred_time?: string
}

export interface HotelSearchRequest {
  kind: 'hotel'
  city: string
  check_in: string
  check_out: string
}

export interface TrainSearchRequest {
  kind: 'train'
  origin: string
  destination: string
  date: string
}

/** A ride to or from an airport, a railway station, a hotel ("hotel:<id>") or the centre. */
export interface TransferSearchRequest {
  kind: 'transfer'
  city: string
  pickup: string
  dropoff: string
  date: string
  /** The pickup time, HH:MM. */
  preferred_time: string
}

/** With traveller_id a travel manager (client_admin) searches for that employee, under their policy. */
export type SearchRequest = (FlightSearchRequest | HotelSearchRequest | TrainSearchRequest | TransferSearchRequest) & {
  traveller_id?: number
}

export interface Verdict {
  rule: string
  broken: boolean
  control: Outcome
  excess_fen?: number
  reason_zh: string
  reason_en: string
}

export interface SupplierPrice {
  supplier_id: number
  supplier_name: string
  quote_id: string
  price_fen: number
  fee_fen: number
  total_fen: number
}

/** The supplier's product fields; which ones are present depends on the kind. */
export interface Product {
  offer_key: string
  // flights
  flight_number?: string
  carrier?: string
  carrier_name?: string
  cabin?: string
  origin_airport?: string
  destination_airport?: string
  // flights and trains
  departure_at?: string
  arrival_at?: string
  duration_minutes?: number
  origin_city?: string
  destination_city?: string
  seats_left?: number
  // trains
  train_number?: string
  train_type?: string
  seat_class?: string
  origin_station?: string
  destination_station?: string
  // hotels
  hotel_id?: string
  hotel_name?: string
  brand?: string
  stars?: number
  city?: string
  room_type?: string
  room_name?: string
  check_in?: string
  nights?: number
  nightly_fen?: number
  breakfast?: boolean
  free_cancellation?: boolean
  // transfers (city as for hotels; duration_minutes as for flights)
  /** An airport code, a station name, "hotel:<id>" or "centre". */
  pickup?: string
  dropoff?: string
  pickup_at?: string
  car_type?: string
  car_name?: string
  vehicle?: string
  seats?: number
  distance_km?: number
}

export interface Offer extends Product {
  prices: SupplierPrice[]
  outcome: Outcome
  compliant: boolean
  employee_pays_fen: number
  verdicts: Verdict[]
  cheapest_compliant: boolean
  lowest_logical: boolean
}

export type MissingReason =
  | 'timeout'
  | 'late'
  | 'connect_failed'
  | 'error_status'
  | 'too_large'
  | 'malformed'
  | 'circuit_open'
  | 'rate_limited'

export interface MissingSupplier {
  supplier_id: number
  supplier_name: string
  reason: MissingReason | string
  elapsed_ms: number
}

export interface SearchResult {
  id: number
  kind: SearchKind
  /** Whose policy applied: the caller, or the employee a travel manager searched for. */
  traveller_id: number
  traveller_name: string
  request: Record<string, string>
  rule_class: string
  suppliers_asked: number
  missing_suppliers: MissingSupplier[]
  lowest_logical_fare_fen: number | null
  offers: Offer[]
  created_at: number
}

export interface BookingRequest {
  search_id: number
  offer_key: string
  supplier_id: number
  reason_code?: string
  accept_total_fen?: number
  trip_id?: number
  purpose?: string
  /** One of the company's travel providers; without it the company's default serves. */
  provider_id?: number
  /** The project the booking is for: its travel budget is charged too (at most 40 characters). */
  project_code?: string
  /** The traveller's approved travel request (出差申请), when the company's approval rules ask for one. */
  travel_request_id?: number
}

export type SegmentStatus = 'booked' | 'cancelled'

/** What cancelling a segment gave back: the supplier's refund, shared as each party paid. */
export interface Cancellation {
  refund_fen: number
  employee_refund_fen: number
  /** What the supplier kept (total − refund). */
  fee_fen: number
  cancelled_at: number
  reason: string
  cancelled_by: number
}

export interface Segment {
  id: number
  kind: SearchKind
  search_id: number
  offer_key: string
  supplier_id: number
  supplier_name: string
  supplier_booking_id: string
  product: Product
  price_fen: number
  fee_fen: number
  total_fen: number
  employee_pays_fen: number
  company_pays_fen: number
  lowest_logical_fare_fen: number | null
  missed_saving_fen: number
  outcome: Outcome
  verdicts: Verdict[]
  reason_code: string
  booked_at: number
  trip_id: number
  /** The company's travel provider serving the segment (null: the company has none). */
  provider_id: number | null
  provider_name: string | null
  /** Who booked it (the traveller, or a travel manager for them). */
  booked_by: number | null
  /** The project the booking was for (its budget was charged), or empty. */
  project_code: string
  /** The approved travel request (出差申请) the booking referred to, or null. */
  travel_request_id: number | null
  status: SegmentStatus
  cancellation: Cancellation | null
}

export interface Trip {
  id: number
  organization_id: number
  traveller_id: number
  traveller_name: string
  purpose: string
  created_at: number
  /** Who made the trip: the traveller, or a travel manager booking for them. */
  created_by: number | null
  created_by_name: string | null
  /** A cancelled segment counts at its fee; the employee's refund is taken off what they pay. */
  total_fen: number
  employee_pays_fen: number
  company_pays_fen: number
  segments: Segment[]
  /** What happened to the segments after booking (行程动态), oldest first. */
  timeline: TripEvent[]
}

/**
 * What happened to a segment — a supplier's cancellation, delay or schedule change, a missed
 * departure — or (rebooked, retimed, hotel_told) what was done about it.
 */
export type TripEventType = 'cancellation' | 'delay' | 'schedule_change' | 'missed' | 'rebooked' | 'retimed' | 'hotel_told'

/**
 * What an event (or a replacement) means for a later segment: it still connects (fits), the hotel is
 * to be told of an arrival after 18:00 (late_arrival), the traveller arrives the next day
 * (first_night_lost), the connection is missed (breaks: a car is re-timed, a flight or train
 * rebooked), or it waits for the segment before it to be replaced (waits_for_replacement).
 */
export type ImpactStatus = 'fits' | 'late_arrival' | 'first_night_lost' | 'breaks' | 'waits_for_replacement'

export interface TripImpact {
  segment_id: number
  status: ImpactStatus
  /** When the traveller now gets there, if known. */
  arrival_at?: number | null
  /** Minutes to spare (negative: missing) against the minimum connection or the hotel's 18:00. */
  slack_minutes?: number
  reason_zh: string
  reason_en: string
}

export interface TripEvent {
  id: number
  trip_id: number
  segment_id: number
  type: TripEventType
  /** "supplier:<organization id>", or "trip" for what a person reported or the rebooking did. */
  source: string
  /** The supplier's event id. */
  external_id: string | null
  /** New times (epoch ms) when the event gives them. */
  departure_at: number | null
  arrival_at: number | null
  /** Every later segment that depends on this one, re-checked. */
  impacts: TripImpact[]
  created_at: number
  /** What was done, for people (the steps of a rebooking). */
  note: string
  /** The segment that replaced this one (a rebooked flight or train, a re-timed car). */
  replacement_segment_id: number | null
}

/** A replacement for a cancelled or missed flight or train: an offer of one of the re-shopping searches. */
export interface ReplacementOption extends Omit<Offer, 'verdicts'> {
  search_id: number
  /** The cheapest supplier of the offer and its total. */
  supplier_id: number
  total_fen: number
  /** What taking it would mean for every later segment. */
  impacts: TripImpact[]
}

export interface ReplacementOptions {
  event_id: number
  segment_id: number
  /** The stored searches the options come from (the rest of the day, the next morning). */
  searches: number[]
  /** Cheapest compliant first, at most 8; blocked offers left out. */
  options: ReplacementOption[]
}

/** Takes a replacement: like a booking, without the trip (it is the event's) or the provider. */
export interface RebookRequest {
  search_id: number
  offer_key: string
  supplier_id: number
  reason_code?: string
  accept_total_fen?: number
  travel_request_id?: number
}

/** One line of the trip list (GET /travel/trips): the totals over its segments. */
export interface TripSummary {
  id: number
  traveller_id: number
  traveller_name: string
  purpose: string
  created_at: number
  /** How many segments the trip has. */
  segments: number
  /** How many of them are cancelled. */
  cancelled_segments: number
  total_fen: number
  employee_pays_fen: number
}
