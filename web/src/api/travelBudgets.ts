// Travel budgets (差旅预算) of one client company: a department's or a project's amount for a
// month, quarter or year, with warning levels and the control of a booking that would go over
// (docs/travel.md "Budgets", the TravelBudget schema of docs/openapi.json). Travel managers
// (client_admin) of the company and operators read, set and change them; a change carries
// If-Match with the version read (412 version_mismatch when someone changed it meanwhile).
import { http, request } from './http'

export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number]

/** What a booking that would go over the budget gets (its verdict joins the policy's). */
export const BUDGET_CONTROLS = ['allow', 'needs_approval', 'block'] as const
export type BudgetControl = (typeof BUDGET_CONTROLS)[number]

export interface TravelBudget {
  id: number
  organization_id: number
  /** The department whose budget it is, or null for a project's. */
  department_id: number | null
  department_name: string
  /** The project whose budget it is, or empty. */
  project_code: string
  period: BudgetPeriod
  /** "2026-11", "2026Q4" or "2026". */
  period_key: string
  amount_fen: number
  /** The company's share of the bookings in the period, less what cancellations gave back. */
  consumed_fen: number
  remaining_fen: number
  /** Consumed, in basis points of the amount. */
  used_bp: number
  warning_levels_bp: number[]
  /** The highest warning level reached, 0 for none. */
  warning_reached_bp: number
  over_budget: boolean
  over_control: BudgetControl
  version: number
  created_at: number
  updated_at: number
}

/** One of department_id and project_code; warning levels default to [6000, 9000]. */
export interface TravelBudgetCreate {
  department_id?: number
  project_code?: string
  period: BudgetPeriod
  period_key: string
  amount_fen: number
  warning_levels_bp?: number[]
  over_control: BudgetControl
}

/** What may change: what was consumed stays. */
export interface TravelBudgetPatch {
  amount_fen?: number
  warning_levels_bp?: number[]
  over_control?: BudgetControl
}

const budgets = (organizationId: number) => `/organizations/${organizationId}/travel-budgets`

export async function listTravelBudgets(organizationId: number): Promise<TravelBudget[]> {
  return (await http.get<{ items: TravelBudget[] }>(budgets(organizationId))).data.items
}

/** 409 budget_exists when the department or project has one for the period; 422 per field. */
export async function createTravelBudget(organizationId: number, body: TravelBudgetCreate): Promise<TravelBudget> {
  return (await http.post<TravelBudget>(budgets(organizationId), body, { quiet: true })).data
}

/** With If-Match of the version read: 412 version_mismatch when stale; 422 per field. */
export async function patchTravelBudget(organizationId: number, budget: Pick<TravelBudget, 'id' | 'version'>, body: TravelBudgetPatch): Promise<TravelBudget> {
  return (await request<TravelBudget>('PATCH', `${budgets(organizationId)}/${budget.id}`, { body, ifMatch: `"${budget.version}"`, quiet: true })).data
}
