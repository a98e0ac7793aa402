// Corporate travel of one client company: its travel policy (差旅标准, read by its members,
// replaced by its client_admin or an operator with If-Match), its employees' travel profiles
// (replaced with If-Match too), the policy check of an offer and its travel providers (差旅服务商).
// Calls whose failure the page explains itself take `quiet`.
import { http, type ApiResponse } from './http'
import type {
  CompanyProvider,
  CompanyProviderInput,
  PolicyEvaluation,
  TravelEmployee,
  TravelEmployeeInput,
  TravelOffer,
  TravelPolicy,
  TravelPolicyInput,
} from './travelTypes'

const org = (organizationId: number) => `/organizations/${organizationId}`

/** The policy with its ETag (the version) for a later PUT. */
export function getTravelPolicy(organizationId: number): Promise<ApiResponse<TravelPolicy>> {
  return http.get<TravelPolicy>(`${org(organizationId)}/travel-policy`)
}

/** 412 when someone saved first; 409 grades_in_use while employees have a grade it drops. */
export function putTravelPolicy(organizationId: number, body: TravelPolicyInput, etag: string | null): Promise<ApiResponse<TravelPolicy>> {
  return http.put<TravelPolicy>(`${org(organizationId)}/travel-policy`, body, { ifMatch: etag ?? undefined, quiet: true })
}

export async function evaluateTravelPolicy(organizationId: number, grade: string, offer: TravelOffer): Promise<PolicyEvaluation> {
  return (await http.post<PolicyEvaluation>(`${org(organizationId)}/travel-policy/evaluate`, { grade, offer }, { quiet: true })).data
}

export async function listTravelEmployees(organizationId: number): Promise<TravelEmployee[]> {
  return (await http.get<{ items: TravelEmployee[] }>(`${org(organizationId)}/travel-employees`)).data.items
}

/** With If-Match of the profile's version as read (0: none yet); 412 version_mismatch when stale. */
export async function putTravelEmployee(organizationId: number, userId: number, version: number, body: TravelEmployeeInput): Promise<TravelEmployee> {
  return (await http.put<TravelEmployee>(`${org(organizationId)}/travel-employees/${userId}`, body, { ifMatch: `"${version}"`, quiet: true })).data
}

/** The company's travel providers (any member may read them), the default first-class. */
export async function listCompanyProviders(organizationId: number): Promise<CompanyProvider[]> {
  return (await http.get<{ items: CompanyProvider[] }>(`${org(organizationId)}/travel-providers`)).data.items
}

/** Replaces the list (client_admin, operator_admin): one default unless empty; 422 per provider. */
export async function putCompanyProviders(organizationId: number, providers: CompanyProviderInput[]): Promise<CompanyProvider[]> {
  return (await http.put<{ items: CompanyProvider[] }>(`${org(organizationId)}/travel-providers`, { providers }, { quiet: true })).data.items
}
