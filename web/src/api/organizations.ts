import { http, type ApiResponse } from './http'
import type { OrgKind, OrgStatus, Organization, Page } from './types'

export interface OrganizationQuery {
  kind?: OrgKind | ''
  q?: string
  limit?: number
  cursor?: string | null
}

export interface OrganizationCreate {
  name: string
  kind: OrgKind
  region_code: string
}

export interface OrganizationPatch {
  name?: string
  region_code?: string
  status?: OrgStatus
}

export async function listOrganizations(query: OrganizationQuery): Promise<Page<Organization>> {
  return (await http.get<Page<Organization>>('/organizations', { ...query })).data
}

export async function createOrganization(body: OrganizationCreate): Promise<Organization> {
  return (await http.post<Organization>('/organizations', body, { idempotent: true })).data
}

export function getOrganization(id: number): Promise<ApiResponse<Organization>> {
  return http.get<Organization>(`/organizations/${id}`)
}

export function patchOrganization(
  id: number,
  body: OrganizationPatch,
  etag: string | null,
): Promise<ApiResponse<Organization>> {
  return http.patch<Organization>(`/organizations/${id}`, body, etag)
}
