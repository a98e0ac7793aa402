// Shapes of corporate travel (docs/api.md "Corporate travel", src/travel/ on the server): a
// client company's travel policy (差旅标准), its employees' travel profiles and policy checks.
// Money is in fen; the console shows and edits yuan.

/** What breaking a rule leads to, from the least to the most strict. */
export const CONTROLS = ['allow', 'warn', 'needs_approval', 'employee_pays_excess', 'block'] as const
export type Control = (typeof CONTROLS)[number]

export const CABINS = ['economy', 'business', 'first'] as const
export type Cabin = (typeof CABINS)[number]

export const CITY_TIERS = ['tier1', 'new_tier1', 'tier2', 'other'] as const
export type CityTier = (typeof CITY_TIERS)[number]

export const SEAT_CLASSES = ['business', 'first', 'second', 'soft_sleeper', 'hard_sleeper', 'hard_seat'] as const
export type SeatClass = (typeof SEAT_CLASSES)[number]

export const CAR_TYPES = ['economy', 'comfort', 'business', 'van'] as const
export type CarType = (typeof CAR_TYPES)[number]

export const OFFER_KINDS = ['flight', 'hotel', 'train', 'car'] as const
export type OfferKind = (typeof OFFER_KINDS)[number]

/** The policy's rules; `budget` is the verdict of a travel budget, added when booking. */
export const RULES = ['advance_booking', 'flight_cabin', 'lowest_fare', 'hotel_cap', 'train_seat', 'car_type', 'budget'] as const
export type RuleName = (typeof RULES)[number]

/** One rule class as the server returns it (every section present). */
export interface RuleClass {
  name: string
  flight: {
    cabin_max: Cabin
    /** From this flight duration on, cabin_max_long applies; null: never. */
    long_flight_minutes: number | null
    cabin_max_long: Cabin
    control: Control
    lowest_fare: {
      window_minutes: number
      /** Basis points of the lowest fare (1000 = 10%). */
      tolerance_bp: number
      tolerance_fen: number
      control: Control
    }
  }
  advance_booking: { days: number; control: Control }
  hotel: { nightly_cap_fen: Record<CityTier, number>; control: Control }
  train: { high_speed_seats: SeatClass[]; conventional_seats: SeatClass[]; control: Control }
  car: { types: CarType[]; control: Control }
}

/** Which bookings need an approved travel request (出差申请): none, those outside the policy, or all. */
export const APPROVAL_MODES = ['none', 'out_of_policy', 'always'] as const
export type ApprovalMode = (typeof APPROVAL_MODES)[number]

export const APPROVAL_OUTCOMES = ['approve', 'deny'] as const
export type ApprovalOutcome = (typeof APPROVAL_OUTCOMES)[number]

/** The policy's approval section: what needs a request, how long approvers have, what nobody deciding gives. */
export interface ApprovalRules {
  mode: ApprovalMode
  /** 1 to 168 hours after the request is made. */
  deadline_hours: number
  default_outcome: ApprovalOutcome
}

export const DEFAULT_APPROVAL: ApprovalRules = { mode: 'none', deadline_hours: 24, default_outcome: 'deny' }

export interface TravelPolicy {
  rule_classes: RuleClass[]
  /** Grade → rule class name. */
  grades: Record<string, string>
  /** Pre-trip approval; the whole document is saved, so a PUT must carry it back. */
  approval: ApprovalRules
  /** 1: the defaults (nothing stored yet). */
  version: number
}

export type TravelPolicyInput = Omit<TravelPolicy, 'version'>

export interface TravelEmployee {
  user_id: number
  name: string
  email: string
  grade: string | null
  rule_class: string | null
  department_id: number | null
  department_name: string
  /** Its own cost centre, or its department's. */
  cost_centre: string
  /** 0: no profile yet. */
  version: number
}

/** The whole profile: left-out fields are cleared; an empty cost centre means the department's. */
export interface TravelEmployeeInput {
  grade: string
  department_id?: number
  cost_centre?: string
}

export interface TravelOffer {
  kind: OfferKind
  total_fen: number
  days_ahead?: number
  cabin?: Cabin
  duration_minutes?: number
  lowest_logical_fare_fen?: number
  city_tier?: CityTier
  nightly_fen?: number
  nights?: number
  high_speed?: boolean
  seat_class?: string
  car_type?: string
}

export interface PolicyVerdict {
  rule: RuleName
  broken: boolean
  /** The rule's control when broken, allow otherwise. */
  control: Control
  excess_fen: number
  reason_zh: string
  reason_en: string
}

export interface PolicyEvaluation {
  rule_class: string
  outcome: Control
  compliant: boolean
  employee_pays_fen: number
  verdicts: PolicyVerdict[]
}

/** One of the company's travel providers (差旅服务商): the default serves a booking that names none. */
export interface CompanyProvider {
  provider_id: number
  name: string
  is_default: boolean
  status: 'active' | 'suspended' | string
}

export interface CompanyProviderInput {
  provider_id: number
  is_default: boolean
}
