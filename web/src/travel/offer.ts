// The offer of a policy check as the form edits it (yuan) and as the API takes it (fen): only
// the fields of the chosen kind are sent; a hotel's total is its nightly price times the nights.
import type { Cabin, CarType, CityTier, OfferKind, SeatClass, TravelOffer } from '../api/travelTypes'
import { yuanToFen } from './policy'

export interface OfferForm {
  kind: OfferKind
  days_ahead: number
  total_yuan: number
  cabin: Cabin
  duration_minutes: number
  /** Empty: the lowest-fare rule is not checked. */
  lowest_fare_yuan: number | null
  city_tier: CityTier
  nightly_yuan: number
  nights: number
  high_speed: boolean
  seat_class: SeatClass
  car_type: CarType
}

export function newOfferForm(): OfferForm {
  return {
    kind: 'hotel',
    days_ahead: 7,
    total_yuan: 1000,
    cabin: 'economy',
    duration_minutes: 130,
    lowest_fare_yuan: null,
    city_tier: 'tier1',
    nightly_yuan: 500,
    nights: 1,
    high_speed: true,
    seat_class: 'second',
    car_type: 'comfort',
  }
}

export function toOffer(f: OfferForm): TravelOffer {
  const common = { kind: f.kind, days_ahead: f.days_ahead }
  switch (f.kind) {
    case 'flight':
      return {
        ...common,
        total_fen: yuanToFen(f.total_yuan),
        cabin: f.cabin,
        duration_minutes: f.duration_minutes,
        ...(f.lowest_fare_yuan !== null ? { lowest_logical_fare_fen: yuanToFen(f.lowest_fare_yuan) } : {}),
      }
    case 'hotel':
      return { ...common, total_fen: yuanToFen(f.nightly_yuan) * f.nights, city_tier: f.city_tier, nightly_fen: yuanToFen(f.nightly_yuan), nights: f.nights }
    case 'train':
      return { ...common, total_fen: yuanToFen(f.total_yuan), high_speed: f.high_speed, seat_class: f.seat_class }
    case 'car':
      return { ...common, total_fen: yuanToFen(f.total_yuan), car_type: f.car_type }
  }
}
