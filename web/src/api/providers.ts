// The provider directory (any signed-in member; only operators see suspended providers) and the
// profile edits of operators and of the provider's own admin.
import { http, type ApiResponse } from './http'
import type { ProviderPatch, ProviderProfile, ProviderType } from './registryTypes'
import type { OrgStatus, Page } from './types'

export interface ProviderQuery {
  category?: string
  /** A province, city or county code: providers based or with resources anywhere inside it. */
  region_code?: string
  provider_type?: ProviderType | ''
  status?: OrgStatus | ''
  q?: string
  limit?: number
  cursor?: string | null
}

export async function listProviders(query: ProviderQuery): Promise<Page<ProviderProfile>> {
  return (await http.get<Page<ProviderProfile>>('/providers', { ...query })).data
}

export function getProvider(id: number): Promise<ApiResponse<ProviderProfile>> {
  return http.get<ProviderProfile>(`/providers/${id}`)
}

export function patchProvider(id: number, body: ProviderPatch, etag: string | null): Promise<ApiResponse<ProviderProfile>> {
  return http.patch<ProviderProfile>(`/providers/${id}`, body, etag)
}
