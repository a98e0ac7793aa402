// Admission vocabularies the server defines (model.cpp, rules.cpp); their labels are in i18n.
import type { ProviderType } from '../api/admissionTypes'

/** material_types() on the server, in the order the wizard asks for them. */
export const MATERIAL_TYPES = ['business_licence', 'case_study', 'merchant_list', 'influencer_list'] as const

/** Partner lists: CSV files the server parses and counts (list_stats). */
export const LIST_MATERIALS: readonly string[] = ['merchant_list', 'influencer_list']

export const SERVICE_CATEGORIES = [
  'store_operation',
  'live_stream_operation',
  'short_video_operation',
  'traffic_ads',
  'influencer_services',
  'video_creative',
  'training',
  'marketing_planning',
  'customer_service_outsourcing',
  'data_analysis',
] as const

export const PROVIDER_TYPES: readonly ProviderType[] = ['specialized', 'full_agency', 'travel']

/** What the file picker offers per material (the server checks the bytes anyway). */
export function acceptedFiles(materialType: string): string {
  return LIST_MATERIALS.includes(materialType) ? '.csv,text/csv' : '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'
}
