// Shapes of the growth & rating resources (docs/growth.md, "Objects"): ids are integers, times
// UTC milliseconds, money in fen, rates in basis points.

export const TIERS = ['diamond', 'gold', 'silver'] as const
export type Tier = (typeof TIERS)[number]

export const CYCLE_STATES = ['open', 'computing', 'published'] as const
export type CycleState = (typeof CYCLE_STATES)[number]

export const SOURCE_KINDS = ['task', 'violation', 'adjustment', 'reversal'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export const TASK_KINDS = ['basic', 'additional'] as const
export type TaskKind = (typeof TASK_KINDS)[number]

export const COMPLETIONS = ['metric', 'evidence'] as const
export type Completion = (typeof COMPLETIONS)[number]

export const METRICS = ['orders_served', 'flagship_stores_served', 'gmv_after_returns_fen', 'satisfaction_bp', 'training_finished'] as const
export type MetricName = (typeof METRICS)[number]

export const SEVERITIES = ['minor', 'major', 'serious'] as const
export type Severity = (typeof SEVERITIES)[number]

export const EVIDENCE_STATES = ['submitted', 'accepted', 'rejected'] as const
export type EvidenceState = (typeof EVIDENCE_STATES)[number]

export const VIOLATION_STATES = ['recorded', 'under_appeal', 'upheld', 'overturned'] as const
export type ViolationState = (typeof VIOLATION_STATES)[number]

export const OVERRIDE_STATES = ['proposed', 'approved', 'rejected'] as const
export type OverrideState = (typeof OVERRIDE_STATES)[number]

export const APPLICATION_STATES = ['applied', 'certified', 'rejected', 'revoked'] as const
export type CapabilityApplicationState = (typeof APPLICATION_STATES)[number]

export interface Benefits {
  campaign_access: boolean
  directory_weight: number
  dispatch_weight: number
  commission_bps: number
}

export interface PolicyTier {
  name: Tier
  star_floor: number
  /** null = unlimited */
  quota: number | null
  benefits: Benefits
}

export interface Policy {
  program_id: number
  star_thresholds: number[]
  tie_breaker_metric: string
  tiers: PolicyTier[]
  untiered: Benefits
  version: number
}

/** What PUT /policy takes: the policy without program_id and version. */
export type PolicyInput = Omit<Policy, 'program_id' | 'version'>

export interface Cycle {
  id: number
  program_id: number
  code: string
  period: string
  window_start_ms: number
  window_end_ms: number
  decision_date: string
  state: CycleState
  published_at: number | null
  computed_at: number | null
  version: number
}

export interface CycleCreate {
  code: string
  period: string
  window_start_ms: number
  window_end_ms: number
  decision_date: string
}

export interface Entry {
  id: number
  cycle_id: number
  provider_id: number
  points: number
  source_kind: SourceKind
  source_ref: string
  capability: string
  source_event: string
  reverses_entry_id: number | null
  reversed_by_entry_id: number | null
  actor_user_id: number | null
  note: string
  created_at: number
}

export interface Task {
  id: number
  program_id: number
  code: string
  name_zh: string
  name_en: string
  kind: TaskKind
  points: number
  cap: number
  capability: string
  completion: Completion
  metric: string
  target: number
  active: boolean
}

export type TaskCreate = Omit<Task, 'id' | 'program_id' | 'active'>

export interface TaskStatus {
  task: Task
  completions: number
  points_earned: number
  done: boolean
  evidence_pending: number
}

export interface Metric {
  cycle_id: number
  provider_id: number
  metric: string
  value: number
  source_event: string
  updated_at: number
}

export interface Evidence {
  id: number
  task_id: number
  task_code: string
  cycle_id: number
  provider_id: number
  provider_name: string
  description: string
  state: EvidenceState
  submitted_at: number
  decided_at: number | null
  decision_note: string
  ledger_entry_id: number | null
}

export interface ViolationType {
  id: number
  program_id: number
  code: string
  name_zh: string
  name_en: string
  severity: Severity
  points: number
  tier_cap: '' | Tier
  appeal_days: number
}

export type ViolationTypeCreate = Omit<ViolationType, 'id' | 'program_id'>

export interface Violation {
  id: number
  type_id: number
  type_code: string
  type_name_zh: string
  type_name_en: string
  severity: Severity
  points: number
  tier_cap: '' | Tier
  provider_id: number
  provider_name: string
  cycle_id: number
  cycle_code: string
  state: ViolationState
  evidence: string
  recorded_at: number
  appeal_deadline_ms: number
  appeal_reason: string
  decided_at: number | null
  decision_note: string
  ledger_entry_id: number
  correction_entry_id: number | null
}

export interface Override {
  id: number
  cycle_id: number
  provider_id: number
  provider_name: string
  from_tier: Tier | null
  to_tier: Tier | null
  reason: string
  state: OverrideState
  proposed_by: number
  proposed_at: number
  decided_by: number | null
  decided_at: number | null
  decision_note: string
}

export interface WaitlistPlace {
  tier: Tier
  position: number
}

export interface Standing {
  provider_id: number
  provider_name: string
  points: number
  stars: number
  /** 0 = not rated */
  rank: number
  rated: boolean
  tier: Tier | null
  at_risk: boolean
  overridden: boolean
  tier_cap: '' | Tier
  waitlist: WaitlistPlace[]
}

export interface BoardTier {
  name: Tier
  quota: number | null
  seated: number
  members: Standing[]
  waitlist: { provider_id: number; provider_name: string; points: number; position: number }[]
}

export interface Board {
  cycle: Cycle
  provisional: boolean
  tiers: BoardTier[]
  untiered: Standing[]
}

export interface ComputeResult {
  cycle: Cycle
  summary: {
    providers: number
    rated: number
    /** Tiers with nobody seated may be missing. */
    tiers: Partial<Record<Tier, number>>
    waitlisted: number
    at_risk: number
  }
}

export interface Campaign {
  id: number
  program_id: number
  name: string
  description: string
  eligible_tiers: Tier[]
  slots: number
  registered: number
  registration_closes_ms: number
  created_at: number
}

export interface CampaignCreate {
  name: string
  description: string
  eligible_tiers: Tier[]
  slots: number
  registration_closes_ms: number
}

export interface Registration {
  campaign_id: number
  provider_id: number
  provider_name: string
  tier: Tier | null
  registered_at: number
}

export interface Capability {
  program_id: number
  code: string
  name_zh: string
  name_en: string
}

export interface CapabilityApplication {
  id: number
  program_id: number
  provider_id: number
  provider_name: string
  capability: string
  evidence: string
  state: CapabilityApplicationState
  score: number | null
  review_note: string
  applied_at: number
  reviewed_at: number | null
  expires_at: number | null
  revoked_at: number | null
  revoke_reason: string
  /** certified, not revoked, not expired now */
  valid: boolean
}

export interface Entitlements {
  provider_id: number
  program_id: number
  cycle_id: number | null
  cycle_code: string | null
  tier: Tier | null
  benefits: Benefits
}

/** Sources without entries may be missing. */
export type BySource = Partial<Record<SourceKind, number>>

export interface ExplanationTier {
  name: Tier
  star_floor: number
  floor_met: boolean
  quota: number | null
  seated: number
  eligible: boolean
  capped: boolean
  at_risk: boolean
  seat: boolean
  waitlist_position: number | null
  lowest_seated_points: number | null
}

export interface Explanation {
  cycle_id: number
  cycle_code: string
  cycle_state: CycleState
  provider_id: number
  provider_name: string
  provisional: boolean
  points: number
  by_source: BySource
  by_capability: Record<string, number>
  entries: Entry[]
  basic_tasks: { task_id: number; code: string; name_zh: string; name_en: string; done: boolean }[]
  rated: boolean
  stars: number
  star_thresholds: { stars: number; points: number; met: boolean }[]
  tiers: ExplanationTier[]
  rank: number
  ranked: boolean
  tier: Tier | null
  at_risk: boolean
  overridden: boolean
  tier_cap: '' | Tier
  next_star: { stars: number; points_needed: number; reason_zh?: string; reason_en?: string } | null
  next_tier: { tier: Tier; points_needed: number; reason_zh: string; reason_en: string } | null
}

export interface WhatIf extends Explanation {
  added: { task_id: number; count: number; points: number }[]
}

export interface GrowthCycle {
  cycle_id: number
  code: string
  state: CycleState
  points: number
  by_source: BySource
  stars: number
  tier: Tier | null
  at_risk: boolean
}

export interface Growth {
  provider_id: number
  provider_name: string
  program_id: number
  open_cycle_id: number | null
  history: GrowthCycle[]
}

export interface Formula {
  program_id: number
  program_name: string
  /** Sent by the server besides the contract's program_name (Chinese). */
  program_name_en?: string
  policy: Policy
  rules_zh: string[]
  rules_en: string[]
  leaderboard_formula_zh: string
  leaderboard_formula_en: string
  tasks: Task[]
  violation_types: ViolationType[]
}

export interface LeaderboardRow {
  rank: number
  provider_id: number
  provider_name: string
  score: number
  review_score: number
  capability_points: number
}

export interface Leaderboard {
  cycle_id: number
  capability: string
  provisional: boolean
  formula_zh: string
  formula_en: string
  items: LeaderboardRow[]
}
