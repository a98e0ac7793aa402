import { http, request, type ApiResponse } from './http'
import type { Program, ProgramStatus, ProgramWithRules, RuleSetVersion } from './admissionTypes'

export interface ProgramCreate {
  code: string
  name_zh: string
  name_en: string
  description: string
  review_sla_working_days: number
}

export interface ProgramPatch {
  name_zh?: string
  name_en?: string
  description?: string
  review_sla_working_days?: number
  status?: ProgramStatus
}

/** Every program (public; applicants see the open ones). */
export async function listPrograms(): Promise<Program[]> {
  return (await request<{ items: Program[] }>('GET', '/admission/programs', { anonymous: true })).data.items
}

/** A program with its current rule set; the ETag is the program's version. */
export function getProgram(id: number): Promise<ApiResponse<ProgramWithRules>> {
  return request<ProgramWithRules>('GET', `/admission/programs/${id}`, { anonymous: true })
}

export async function createProgram(body: ProgramCreate): Promise<Program> {
  return (await http.post<Program>('/admission/programs', body, { idempotent: true })).data
}

export function patchProgram(id: number, body: ProgramPatch, etag: string | null): Promise<ApiResponse<Program>> {
  return http.patch<Program>(`/admission/programs/${id}`, body, etag)
}

/** Every published version, newest first as the server lists them. */
export async function listRuleSets(programId: number): Promise<RuleSetVersion[]> {
  return (await http.get<{ items: RuleSetVersion[] }>(`/admission/programs/${programId}/rule-sets`)).data.items
}

/** Publishes a new version; validation errors name fields like rules[2].min (shown by the caller). */
export async function publishRuleSet(programId: number, rules: unknown, note: string): Promise<RuleSetVersion> {
  return (await http.post<RuleSetVersion>(`/admission/programs/${programId}/rule-sets`, { rules, note }, { quiet: true })).data
}
