// Suppliers (operator_admin): profiles, and credentials that are written but never read back.
import { http, type ApiResponse } from './http'
import type { Supplier, SupplierCategory } from './registryTypes'
import type { OrgStatus, Page } from './types'

export interface SupplierQuery {
  category?: SupplierCategory | ''
  limit?: number
  cursor?: string | null
}

export interface SupplierCreate {
  name: string
  category: SupplierCategory
  region_code: string
  api_endpoint: string
}

export interface SupplierPatch {
  category?: SupplierCategory
  api_endpoint?: string
  status?: OrgStatus
}

export async function listSuppliers(query: SupplierQuery): Promise<Page<Supplier>> {
  return (await http.get<Page<Supplier>>('/suppliers', { ...query })).data
}

export async function createSupplier(body: SupplierCreate): Promise<Supplier> {
  return (await http.post<Supplier>('/suppliers', body, { idempotent: true })).data
}

export function getSupplier(id: number): Promise<ApiResponse<Supplier>> {
  return http.get<Supplier>(`/suppliers/${id}`)
}

export function patchSupplier(id: number, body: SupplierPatch, etag: string | null): Promise<ApiResponse<Supplier>> {
  return http.patch<Supplier>(`/suppliers/${id}`, body, etag)
}

/** Replaces all stored credentials; the answer only says that some are configured, and when. */
export async function setSupplierCredentials(id: number, credentials: Record<string, string>): Promise<Supplier> {
  return (await http.put<Supplier>(`/suppliers/${id}/credentials`, { credentials })).data
}
