// The reviewers' calls (roles reviewer and operator_admin, with the console session).
import { http, requestFile, type ApiResponse, type FileDownload } from './http'
import type { ApplicationState, ApplicationView, Approval, QueueItem } from './admissionTypes'
import type { Page } from './types'

export interface QueueQuery {
  /** Empty: the applications awaiting review (auto_checked and in_review). */
  state?: ApplicationState | ''
  program_id?: number | ''
  limit?: number
  cursor?: string | null
}

export type Decision = 'claim' | 'approve' | 'reject' | 'request_changes'

const base = (id: number) => `/admission/review/applications/${id}`

/** Sorted by due date (soonest first), each flagged overdue or not. */
export async function listQueue(query: QueueQuery): Promise<Page<QueueItem>> {
  return (await http.get<Page<QueueItem>>('/admission/review/applications', { ...query })).data
}

export function getReviewApplication(id: number): Promise<ApiResponse<ApplicationView>> {
  return http.get<ApplicationView>(base(id))
}

export function fetchReviewMaterial(id: number, materialId: number): Promise<FileDownload> {
  return requestFile(`${base(id)}/materials/${materialId}/file`)
}

/** Takes a decision; reject and request_changes need a reason, approve answers with the new login. */
export async function decide(id: number, decision: Decision, reason: string): Promise<ApplicationView | Approval> {
  const path = `${base(id)}/${decision === 'request_changes' ? 'request-changes' : decision}`
  return (await http.post<ApplicationView | Approval>(path, reason ? { reason } : undefined)).data
}
