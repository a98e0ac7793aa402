// Shapes of the /api/v1 resources the console uses (ids are integers, times UTC milliseconds).

export const ROLES = [
  'operator_admin',
  'reviewer',
  'finance',
  'client_admin',
  'employee',
  'provider_admin',
  'provider_staff',
  'desk_agent',
  'supplier_api',
] as const
export type Role = (typeof ROLES)[number]

export const ORG_KINDS = ['platform', 'client', 'provider', 'supplier'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export const ORG_STATUSES = ['active', 'suspended'] as const
export type OrgStatus = (typeof ORG_STATUSES)[number]

export const USER_STATUSES = ['active', 'disabled'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface Me {
  id: number
  email: string
  name: string
  status: UserStatus
  roles: Role[]
  organization: { id: number; name: string; kind: OrgKind }
}

export interface Organization {
  id: number
  name: string
  kind: OrgKind
  region_code: string
  status: OrgStatus
  version: number
  created_at: number
}

export interface User {
  id: number
  email: string
  name: string
  status: UserStatus
  roles: Role[]
  organization_id: number
  organization_name: string
  version: number
  created_at: number
}

export interface AuditEntry {
  id: number
  at: number
  actor_user_id: number | null
  actor_name: string | null
  organization_id: number | null
  action: string
  entity_type: string
  entity_id: string | number
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  request_id: string | null
}

/** A marked day of the business calendar: a holiday on a weekday, or a make-up working day (调休). */
export const CALENDAR_KINDS = ['holiday', 'workday'] as const
export type CalendarKind = (typeof CALENDAR_KINDS)[number]

export interface CalendarDay {
  /** YYYY-MM-DD */
  day: string
  kind: CalendarKind
  name: string
}
