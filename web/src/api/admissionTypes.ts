// Shapes of the /api/v1/admission resources (programs, rule sets, applications, review).
import type { Organization, User } from './types'

/** Text the server gives in both languages (rule messages, verdict reasons). */
export interface LocalizedText {
  zh: string
  en: string
}

export const APPLICATION_STATES = [
  'draft',
  'auto_checked',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'withdrawn',
] as const
export type ApplicationState = (typeof APPLICATION_STATES)[number]

export type ApplicationAction =
  | 'edit'
  | 'submit'
  | 'resubmit'
  | 'claim'
  | 'approve'
  | 'reject'
  | 'request_changes'
  | 'withdraw'

export type ProgramStatus = 'open' | 'closed'

export interface Program {
  id: number
  code: string
  name_zh: string
  name_en: string
  description: string
  status: ProgramStatus
  rule_set_version: number
  review_sla_working_days: number
  version: number
  created_at: number
  updated_at: number
}

export type RuleKind =
  | 'numeric_min'
  | 'declaration'
  | 'text_length'
  | 'keyword_coverage'
  | 'regions_required'
  | 'materials_required'
  | 'list_backed_count'

export type RuleControl = 'must_pass' | 'warning'

export interface Rule {
  id: string
  kind: RuleKind
  control: RuleControl
  message: LocalizedText
  field?: string
  material?: string
  min?: number
  max?: number
  keywords?: string[]
}

export interface RuleSetVersion {
  program_id: number
  version: number
  note: string
  created_at: number
  created_by: number | null
  rules: Rule[]
}

export interface ProgramWithRules extends Program {
  rule_set: RuleSetVersion
}

export type Outcome = 'pass' | 'fail' | 'warn'

export interface Verdict {
  rule_id: string
  outcome: Outcome
  control: RuleControl
  reason: LocalizedText
}

export interface ListProblem {
  line: number
  message: string
}

/** What the server counted in an uploaded partner list (CSV). */
export interface ListStats {
  rows_total: number
  rows_well_formed: number
  rows_distinct: number
  encoding: string
  had_bom: boolean
  problems_total: number
  problems: ListProblem[]
}

export interface Material {
  id: number
  application_id: number
  material_type: string
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  list_stats: ListStats | null
  uploaded_at: number
}

export interface TimelineEvent {
  id: number
  at: number
  actor: string
  actor_user_id: number | null
  action: string
  from_state: ApplicationState | null
  to_state: ApplicationState | null
  note: string
}

/** The application's answers the rules read (application_fields() on the server). */
export interface Facts {
  registered_capital_fen?: number
  team_size?: number
  partner_merchants?: number
  partner_influencers?: number
  independent_legal_entity?: boolean
  no_debt_disputes?: boolean
  advantage_statement?: string
  business_scope?: string
  hq_region_code?: string
  resource_region_codes?: string[]
}

export type ProviderType = 'specialized' | 'full_agency' | 'travel'

export interface Application {
  id: number
  program_id: number
  rule_set_version: number
  state: ApplicationState
  contact_name: string
  contact_email: string
  contact_phone: string
  company_name: string
  credit_code: string | null
  provider_type: ProviderType
  service_categories: string[]
  facts: Facts
  /** The verdicts stored when it was submitted (null before). */
  verdicts: Verdict[] | null
  submitted_at: number | null
  due_at: number | null
  reviewer_user_id: number | null
  decided_at: number | null
  decision_reason: string
  provider_organization_id: number | null
  version: number
  created_at: number
  updated_at: number
}

export interface ApplicationView {
  application: Application
  overdue: boolean
  materials: Material[]
  timeline: TimelineEvent[]
  /** Every rule judged against the application as it is now. */
  live_verdicts: Verdict[]
  /** No must-pass rule fails: it can be submitted. */
  rules_met: boolean
  allowed_actions: ApplicationAction[]
  rule_set: { version: number; rules: Rule[] }
}

export interface StartedApplication extends ApplicationView {
  /** The applicant's only key to the application; the server keeps just its hash. */
  access_token: string
}

export interface ApplicationPatch {
  contact_name?: string
  contact_email?: string
  contact_phone?: string
  company_name?: string
  credit_code?: string | null
  provider_type?: ProviderType
  service_categories?: string[]
  facts?: { [K in keyof Facts]?: Facts[K] | null }
}

export interface QueueItem extends Application {
  overdue: boolean
}

export interface Approval extends ApplicationView {
  one_time_password: string
  provider_organization: Organization
  provider_admin: User
}
