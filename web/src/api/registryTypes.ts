// Shapes of the registry resources: provider profiles (the directory), suppliers and client
// departments (src/registry/model.cpp on the server).
import type { ProviderType } from './admissionTypes'
import type { OrgStatus } from './types'

export type { ProviderType }

/** supplier_categories() on the server. */
export const SUPPLIER_CATEGORIES = ['airline', 'hotel', 'rail', 'car'] as const
export type SupplierCategory = (typeof SUPPLIER_CATEGORIES)[number]

export const CAPABILITY_STATUSES = ['claimed', 'certified'] as const
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number]

/** A region code with its full name ("广东省 广州市 天河区"). */
export interface NamedRegion {
  code: string
  name: string
}

export interface ProviderProfile {
  /** The provider's organization; `id` is the same number. */
  organization_id: number
  id: number
  name: string
  provider_type: ProviderType
  program_id: number | null
  application_id: number | null
  hq_region: NamedRegion
  resource_regions: NamedRegion[]
  team_size: number
  summary: string
  categories: string[]
  capabilities: { capability: string; status: CapabilityStatus }[]
  status: OrgStatus
  version: number
  created_at: number
  updated_at: number
}

/** What a provider's own admin may change; operators may also change status and type. */
export interface ProviderPatch {
  summary?: string
  team_size?: number
  hq_region_code?: string
  resource_region_codes?: string[]
  categories?: string[]
  status?: OrgStatus
  provider_type?: ProviderType
}

export interface Supplier {
  organization_id: number
  id: number
  name: string
  category: SupplierCategory
  api_endpoint: string
  /** The credentials themselves are write-only: never returned. */
  credentials_configured: boolean
  credentials_updated_at: number | null
  status: OrgStatus
  version: number
  created_at: number
  updated_at: number
}

export interface Department {
  id: number
  organization_id: number
  parent_id: number | null
  name: string
  cost_centre: string
  version: number
  created_at: number
  updated_at: number
}
