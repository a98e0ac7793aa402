// Pre-trip approval (出差申请, docs/travel.md "Pre-trip approval", src/travel/request_api.cpp): a
// traveller — or the travel manager for an employee — asks to travel (purpose, planned itinerary,
// estimated budget); an approver of the traveller's department or of the whole company (with none
// listed: the company's client_admins) approves or denies it before the deadline, after which the
// policy's default outcome applies. The company's policy says which bookings need an approved
// request. Money is in fen, times in epoch ms. Calls whose refusal the page explains take `quiet`.
import { http } from './http'
import type { SearchKind } from './travelBookingTypes'

// --- approvers ---------------------------------------------------------------------------------

/** One approver: for a department, or (department_id null) for the whole company. */
export interface Approver {
  department_id: number | null
  department_name: string
  user_id: number
  name: string
}

export interface ApproverInput {
  user_id: number
  department_id?: number | null
}

const approvers = (organizationId: number) => `/organizations/${organizationId}/travel-approvers`

export async function listApprovers(organizationId: number): Promise<Approver[]> {
  return (await http.get<{ items: Approver[] }>(approvers(organizationId))).data.items
}

/** Replaces the list; 422 approvers[i].user_id / approvers[i].department_id / approvers[i] (listed twice). */
export async function putApprovers(organizationId: number, list: ApproverInput[]): Promise<Approver[]> {
  return (await http.put<{ items: Approver[] }>(approvers(organizationId), { approvers: list }, { quiet: true })).data.items
}

// --- requests ----------------------------------------------------------------------------------

export const REQUEST_KINDS = ['flight', 'hotel', 'train', 'transfer'] as const satisfies readonly SearchKind[]
export type RequestKind = (typeof REQUEST_KINDS)[number]

export const REQUEST_STATES = ['pending', 'approved', 'denied'] as const
export type RequestState = (typeof REQUEST_STATES)[number]

export type RequestScope = 'mine' | 'inbox' | 'company'

/** One planned segment (city codes: the server turns airports into their city). */
export interface ItineraryItem {
  kind: RequestKind
  /** YYYY-MM-DD, not in the past. */
  date: string
  /** Flights and trains. */
  origin?: string
  destination?: string
  /** Hotels and transfers. */
  city?: string
  /** Hotels, 1 to 30. */
  nights?: number
}

export interface TravelRequest {
  id: number
  organization_id: number
  traveller_id: number
  traveller_name: string
  /** Who asked: the traveller, or a travel manager for them. */
  created_by: number
  department_id: number | null
  department_name: string
  purpose: string
  itinerary: ItineraryItem[]
  budget_fen: number
  /** The policy standard that applies to the traveller. */
  rule_class: string
  state: RequestState
  deadline_at: number
  /** What the request becomes when nobody decides by the deadline. */
  default_outcome: 'approve' | 'deny'
  decided_by: number | null
  decided_by_name: string | null
  decided_at: number | null
  /** Decided by the deadline passing, not by a person. */
  decided_by_default: boolean
  decision_comment: string
  created_at: number
  /** Only when read one by one: the caller may approve or deny it now. */
  can_decide?: boolean
}

export interface NewTravelRequest {
  purpose: string
  budget_fen: number
  itinerary: ItineraryItem[]
  /** A travel manager (client_admin) asking for an employee of the company. */
  traveller_id?: number
}

/** A booking's refusals about its travel request (409): none given when one is needed, one pending, one denied. */
export const APPROVAL_CODES = ['approval_required', 'approval_pending', 'approval_denied'] as const

/** The most the lists ask for at once (the server's page limit). */
export const REQUESTS_LIMIT = 200

/** 422 per field (itinerary[i].field), 409 no_grade, 403 for someone else's request. */
export async function createTravelRequest(body: NewTravelRequest): Promise<TravelRequest> {
  return (await http.post<TravelRequest>('/travel/requests', body, { quiet: true })).data
}

/** mine: the caller's own (as traveller or creator); inbox: pending ones the caller may decide; company: client_admin. */
export async function listTravelRequests(scope: RequestScope, state: RequestState | null = null, limit = REQUESTS_LIMIT): Promise<TravelRequest[]> {
  return (await http.get<{ items: TravelRequest[] }>('/travel/requests', { scope, state, limit })).data.items
}

/** With can_decide. */
export async function getTravelRequest(id: number): Promise<TravelRequest> {
  return (await http.get<TravelRequest>(`/travel/requests/${id}`)).data
}

/** 403 own_request / not_an_approver, 409 approval_expired / already_decided: the caller explains them. */
export async function decideTravelRequest(id: number, decision: 'approve' | 'deny', comment: string): Promise<TravelRequest> {
  const body = comment.trim() ? { decision, comment: comment.trim() } : { decision }
  return (await http.post<TravelRequest>(`/travel/requests/${id}/decision`, body, { quiet: true })).data
}

/**
 * The approved requests a booking for this traveller may refer to: the caller's own (mine), or —
 * a travel manager booking for an employee — the company's, filtered by the traveller.
 */
export async function approvedRequestsOf(travellerId: number, forOther: boolean): Promise<TravelRequest[]> {
  const list = await listTravelRequests(forOther ? 'company' : 'mine', 'approved')
  return list.filter((r) => r.traveller_id === travellerId)
}
