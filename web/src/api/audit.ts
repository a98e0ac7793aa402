import { http } from './http'
import type { AuditEntry, Page } from './types'

export interface AuditQuery {
  entity_type?: string
  entity_id?: string
  actor_user_id?: number | null
  limit?: number
  cursor?: string | null
}

export async function listAudit(query: AuditQuery): Promise<Page<AuditEntry>> {
  return (await http.get<Page<AuditEntry>>('/audit', { ...query })).data
}
