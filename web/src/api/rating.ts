// The growth & rating API (docs/growth.md, routes under /api/v1/rating): policy and formula,
// cycles and boards, the points ledger, tasks and metrics, evidence, violations and appeals,
// overrides, explanations and what-if, campaigns, capabilities and leaderboards.
// Calls that a page explains itself (a 409 shown next to the button) take `quiet`.
import { http, request, type ApiResponse } from './http'
import type {
  Board,
  Campaign,
  CampaignCreate,
  Capability,
  CapabilityApplication,
  CapabilityApplicationState,
  ComputeResult,
  Cycle,
  CycleCreate,
  Entitlements,
  Entry,
  Evidence,
  EvidenceState,
  Explanation,
  Formula,
  Growth,
  Leaderboard,
  Metric,
  Override,
  Policy,
  PolicyInput,
  Registration,
  Task,
  TaskCreate,
  TaskStatus,
  Tier,
  Violation,
  ViolationState,
  ViolationType,
  ViolationTypeCreate,
  WhatIf,
} from './ratingTypes'

const R = '/rating'

async function items<T>(path: string, query?: Record<string, string | number | null | undefined>): Promise<T[]> {
  return (await http.get<{ items: T[] }>(path, query)).data.items
}

async function create<T>(path: string, body: unknown, quiet = false): Promise<T> {
  return (await http.post<T>(path, body, { idempotent: true, quiet })).data
}

async function post<T>(path: string, body: unknown, quiet = false): Promise<T> {
  return (await http.post<T>(path, body, { quiet })).data
}

// Policy and the public formula page.

/** The policy with its ETag (the version) for a later PUT. */
export function getPolicy(programId: number): Promise<ApiResponse<Policy>> {
  return http.get<Policy>(`${R}/programs/${programId}/policy`)
}

export function putPolicy(programId: number, body: PolicyInput, etag: string | null): Promise<ApiResponse<Policy>> {
  return http.put<Policy>(`${R}/programs/${programId}/policy`, body, { ifMatch: etag ?? undefined, quiet: true })
}

/** Public: no session needed. */
export async function getFormula(programId: number): Promise<Formula> {
  return (await request<Formula>('GET', `${R}/programs/${programId}/formula`, { anonymous: true })).data
}

// Cycles and boards.

export const listCycles = (programId: number) => items<Cycle>(`${R}/programs/${programId}/cycles`)
export const createCycle = (programId: number, body: CycleCreate) => create<Cycle>(`${R}/programs/${programId}/cycles`, body, true)
export async function getCycle(id: number): Promise<Cycle> {
  return (await http.get<Cycle>(`${R}/cycles/${id}`)).data
}
export const computeCycle = (id: number) => post<ComputeResult>(`${R}/cycles/${id}/compute`, {})
export const reopenCycle = (id: number) => post<Cycle>(`${R}/cycles/${id}/reopen`, {})
export const publishCycle = (id: number) => post<Cycle>(`${R}/cycles/${id}/publish`, {}, true)
export async function getBoard(cycleId: number): Promise<Board> {
  return (await http.get<Board>(`${R}/cycles/${cycleId}/board`)).data
}

// The ledger.

export const listEntries = (cycleId: number, providerId: number) => items<Entry>(`${R}/cycles/${cycleId}/providers/${providerId}/entries`)
export const addAdjustment = (cycleId: number, body: { provider_id: number; points: number; note: string }) =>
  create<Entry>(`${R}/cycles/${cycleId}/adjustments`, body, true)
export const reverseEntry = (entryId: number, note: string) => create<Entry>(`${R}/entries/${entryId}/reversal`, { note })

// Tasks, metrics and evidence.

export const listTasks = (programId: number) => items<Task>(`${R}/programs/${programId}/tasks`)
export const createTask = (programId: number, body: TaskCreate) => create<Task>(`${R}/programs/${programId}/tasks`, body, true)
export async function setTaskActive(taskId: number, active: boolean): Promise<Task> {
  return (await request<Task>('PATCH', `${R}/tasks/${taskId}`, { body: { active } })).data
}
export const reportMetric = (cycleId: number, body: { provider_id: number; metric: string; value: number; source_event: string }) =>
  post<{ metric: Metric; entries: Entry[] }>(`${R}/cycles/${cycleId}/metrics`, body, true)
export const listMetrics = (cycleId: number, providerId: number) => items<Metric>(`${R}/cycles/${cycleId}/providers/${providerId}/metrics`)
export const listTaskStatus = (cycleId: number, providerId: number) => items<TaskStatus>(`${R}/cycles/${cycleId}/providers/${providerId}/tasks`)
export const submitEvidence = (taskId: number, body: { cycle_id: number; description: string }) =>
  create<Evidence>(`${R}/tasks/${taskId}/evidence`, body, true)
export const listEvidence = (query: { state?: EvidenceState | ''; cycle_id?: number | null; provider_id?: number | null } = {}) =>
  items<Evidence>(`${R}/evidence`, query)
export const decideEvidence = (id: number, accept: boolean, note: string) => post<Evidence>(`${R}/evidence/${id}/decision`, { accept, note }, true)

// Violations and appeals.

export const listViolationTypes = (programId: number) => items<ViolationType>(`${R}/programs/${programId}/violation-types`)
export const createViolationType = (programId: number, body: ViolationTypeCreate) =>
  create<ViolationType>(`${R}/programs/${programId}/violation-types`, body, true)
export const recordViolation = (body: { type_id: number; provider_id: number; cycle_id: number; evidence: string }) =>
  create<Violation>(`${R}/violations`, body, true)
export const listViolations = (query: { cycle_id?: number | null; provider_id?: number | null; state?: ViolationState | '' } = {}) =>
  items<Violation>(`${R}/violations`, query)
export const appealViolation = (id: number, reason: string) => post<Violation>(`${R}/violations/${id}/appeal`, { reason }, true)
export const decideViolation = (id: number, overturn: boolean, note: string) =>
  post<Violation>(`${R}/violations/${id}/decision`, { overturn, note }, true)

// Overrides.

export const listOverrides = (cycleId: number) => items<Override>(`${R}/cycles/${cycleId}/overrides`)
export const proposeOverride = (cycleId: number, body: { provider_id: number; tier: Tier | null; reason: string }) =>
  create<Override>(`${R}/cycles/${cycleId}/overrides`, body, true)
export const decideOverride = (id: number, approve: boolean, note: string) => post<Override>(`${R}/overrides/${id}/decision`, { approve, note }, true)

// A provider's standing.

export async function getExplanation(cycleId: number, providerId: number): Promise<Explanation> {
  return (await http.get<Explanation>(`${R}/cycles/${cycleId}/providers/${providerId}/explanation`)).data
}
export const whatIf = (cycleId: number, providerId: number, completions: { task_id: number; count: number }[]) =>
  post<WhatIf>(`${R}/cycles/${cycleId}/providers/${providerId}/what-if`, { completions })
export async function getGrowth(providerId: number): Promise<Growth> {
  return (await http.get<Growth>(`${R}/providers/${providerId}/growth`)).data
}
export async function getEntitlements(providerId: number): Promise<Entitlements> {
  return (await http.get<Entitlements>(`${R}/providers/${providerId}/entitlements`)).data
}

// Campaigns.

export const listCampaigns = (programId: number) => items<Campaign>(`${R}/programs/${programId}/campaigns`)
export const createCampaign = (programId: number, body: CampaignCreate) => create<Campaign>(`${R}/programs/${programId}/campaigns`, body, true)
export async function getCampaign(id: number): Promise<Campaign> {
  return (await http.get<Campaign>(`${R}/campaigns/${id}`)).data
}
export const registerForCampaign = (id: number) => create<Registration>(`${R}/campaigns/${id}/registrations`, {}, true)
export const listRegistrations = (id: number) => items<Registration>(`${R}/campaigns/${id}/registrations`)

// Capabilities and leaderboards.

export const listCapabilities = (programId: number) => items<Capability>(`${R}/programs/${programId}/capabilities`)
export const createCapability = (programId: number, body: { code: string; name_zh: string; name_en: string }) =>
  create<Capability>(`${R}/programs/${programId}/capabilities`, body, true)
export const applyForCapability = (body: { capability: string; evidence: string }) =>
  create<CapabilityApplication>(`${R}/capability-applications`, body, true)
export const listCapabilityApplications = (query: { state?: CapabilityApplicationState | ''; capability?: string; provider_id?: number | null } = {}) =>
  items<CapabilityApplication>(`${R}/capability-applications`, query)
export const reviewCapabilityApplication = (id: number, body: { certify: boolean; score: number; note: string; valid_months: number }) =>
  post<CapabilityApplication>(`${R}/capability-applications/${id}/review`, body, true)
export const revokeCapability = (id: number, reason: string) =>
  post<CapabilityApplication>(`${R}/capability-applications/${id}/revocation`, { reason }, true)
export async function getLeaderboard(cycleId: number, capability: string): Promise<Leaderboard> {
  return (await http.get<Leaderboard>(`${R}/cycles/${cycleId}/leaderboards/${encodeURIComponent(capability)}`)).data
}
