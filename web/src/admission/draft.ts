// The wizard's form model of an application and the PATCH that saves what changed in it.
import type { Application, ApplicationPatch, Facts, ProviderType } from '../api/admissionTypes'
import { creditCodeProblem, normalizeCreditCode } from './creditCode'

export interface Draft {
  contact_name: string
  contact_email: string
  contact_phone: string
  company_name: string
  credit_code: string
  provider_type: ProviderType
  service_categories: string[]
  /** Entered in yuan, stored in fen (registered_capital_fen). */
  registered_capital_yuan: number | null
  team_size: number | null
  partner_merchants: number | null
  partner_influencers: number | null
  independent_legal_entity: boolean | null
  no_debt_disputes: boolean | null
  hq_region_code: string
  resource_region_codes: string[]
  advantage_statement: string
  business_scope: string
}

export type DraftKey = keyof Draft

const TOP_LEVEL: DraftKey[] = [
  'contact_name',
  'contact_email',
  'contact_phone',
  'company_name',
  'credit_code',
  'provider_type',
  'service_categories',
]

/** Draft keys saved under facts, with the facts name they go to. */
const FACT_OF: Partial<Record<DraftKey, keyof Facts>> = {
  registered_capital_yuan: 'registered_capital_fen',
  team_size: 'team_size',
  partner_merchants: 'partner_merchants',
  partner_influencers: 'partner_influencers',
  independent_legal_entity: 'independent_legal_entity',
  no_debt_disputes: 'no_debt_disputes',
  hq_region_code: 'hq_region_code',
  resource_region_codes: 'resource_region_codes',
  advantage_statement: 'advantage_statement',
  business_scope: 'business_scope',
}

export function draftFromApplication(a: Application): Draft {
  const f = a.facts ?? {}
  return {
    contact_name: a.contact_name,
    contact_email: a.contact_email,
    contact_phone: a.contact_phone,
    company_name: a.company_name,
    credit_code: a.credit_code ?? '',
    provider_type: a.provider_type,
    service_categories: [...a.service_categories],
    registered_capital_yuan: f.registered_capital_fen === undefined ? null : f.registered_capital_fen / 100,
    team_size: f.team_size ?? null,
    partner_merchants: f.partner_merchants ?? null,
    partner_influencers: f.partner_influencers ?? null,
    independent_legal_entity: f.independent_legal_entity ?? null,
    no_debt_disputes: f.no_debt_disputes ?? null,
    hq_region_code: f.hq_region_code ?? '',
    resource_region_codes: [...(f.resource_region_codes ?? [])],
    advantage_statement: f.advantage_statement ?? '',
    business_scope: f.business_scope ?? '',
  }
}

/** The draft key a server field error ("facts.team_size", "credit_code") belongs to. */
export function draftKeyOfField(field: string): DraftKey | null {
  const name = field.replace(/^facts\./, '').split(/[.[]/)[0]
  if ((TOP_LEVEL as string[]).includes(name)) return name as DraftKey
  for (const [key, fact] of Object.entries(FACT_OF)) if (fact === name) return key as DraftKey
  return null
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Roughly what the server accepts; it has the last word. */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim())
}

/** The value sent for one key, or undefined when it cannot be sent as it is. */
function wireValue(key: DraftKey, draft: Draft): unknown {
  const v = draft[key]
  switch (key) {
    case 'contact_name':
    case 'company_name':
      return (v as string).trim() || undefined // the server needs at least one character
    case 'contact_email':
      return looksLikeEmail(v as string) ? (v as string).trim() : undefined
    case 'contact_phone':
      return (v as string).trim()
    case 'credit_code': {
      const code = (v as string).trim()
      if (!code) return null // clears it
      return creditCodeProblem(code) ? undefined : normalizeCreditCode(code)
    }
    case 'registered_capital_yuan':
      return v === null ? null : Math.round((v as number) * 100)
    case 'hq_region_code':
    case 'advantage_statement':
    case 'business_scope':
      return (v as string).trim() ? (v as string).trim() : null
    case 'resource_region_codes':
      return (v as string[]).length ? v : null
    default:
      return v
  }
}

export interface PendingPatch {
  patch: ApplicationPatch
  /** The keys in the patch and the values sent, to mark them saved once it succeeds. */
  sent: Partial<Record<DraftKey, unknown>>
}

/**
 * What to send so the server holds `draft`: the keys whose wire value differs from `saved`,
 * leaving out `skip` (keys the server refused with these very values). Null when nothing changed.
 */
export function pendingPatch(
  draft: Draft,
  saved: Partial<Record<DraftKey, unknown>>,
  skip: Partial<Record<DraftKey, unknown>> = {},
): PendingPatch | null {
  const sent: Partial<Record<DraftKey, unknown>> = {}
  for (const key of Object.keys(draft) as DraftKey[]) {
    const value = wireValue(key, draft)
    if (value === undefined || sameValue(value, saved[key])) continue
    if (key in skip && sameValue(value, skip[key])) continue
    sent[key] = value
  }
  return buildPatch(sent)
}

function buildPatch(sent: Partial<Record<DraftKey, unknown>>): PendingPatch | null {
  if (!Object.keys(sent).length) return null
  const patch: ApplicationPatch = {}
  const facts: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(sent) as [DraftKey, unknown][]) {
    const fact = FACT_OF[key]
    if (fact) facts[fact] = value
    else (patch as Record<string, unknown>)[key] = value
  }
  if (Object.keys(facts).length) patch.facts = facts as ApplicationPatch['facts']
  return { patch, sent }
}

/** The wire values of a freshly loaded application: what the server already holds. */
export function savedValues(draft: Draft): Partial<Record<DraftKey, unknown>> {
  const out: Partial<Record<DraftKey, unknown>> = {}
  for (const key of Object.keys(draft) as DraftKey[]) out[key] = wireValue(key, draft)
  return out
}

/** Keys whose value is again the one the server holds (their old field errors no longer apply). */
export function keysAsSaved(draft: Draft, saved: Partial<Record<DraftKey, unknown>>, keys: DraftKey[]): DraftKey[] {
  return keys.filter((key) => {
    const value = wireValue(key, draft)
    return value !== undefined && sameValue(value, saved[key])
  })
}

/** Drops keys from a patch (the ones the server refused), keeping the rest to save now. */
export function withoutKeys(pending: PendingPatch, keys: DraftKey[]): PendingPatch | null {
  const sent = { ...pending.sent }
  for (const k of keys) delete sent[k]
  return buildPatch(sent)
}
