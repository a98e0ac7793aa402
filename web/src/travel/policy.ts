// Helpers of the travel policy pages: money in yuan on screen and fen on the wire, grades in a
// natural order, a new rule class, and what a refused save names.
import type { Problem } from '../api/http'
import type { Department } from '../api/registryTypes'
import { DEFAULT_APPROVAL, type RuleClass, type TravelPolicy, type TravelPolicyInput } from '../api/travelTypes'

export function fenToYuan(fen: number): number {
  return fen / 100
}

/** Whole fen: yuan are edited with two decimals. */
export function yuanToFen(yuan: number | null | undefined): number {
  return yuan === null || yuan === undefined || Number.isNaN(yuan) ? 0 : Math.round(yuan * 100)
}

const collator = new Intl.Collator('en', { numeric: true })

/** P1, P2 … P10, then M1 …: letters first, numbers by value. */
export function sortGrades(grades: Iterable<string>): string[] {
  return [...grades].sort(collator.compare)
}

/** An editable copy of the stored policy (what a PUT sends: the whole document, its approval section too). */
export function editablePolicy(p: TravelPolicy): TravelPolicyInput {
  return structuredClone({ rule_classes: p.rule_classes, grades: p.grades, approval: p.approval ?? DEFAULT_APPROVAL })
}

/** Whether two policies have the same rule classes and grades (the approval section aside). */
export function sameRules(a: Pick<TravelPolicy, 'rule_classes' | 'grades'>, b: Pick<TravelPolicy, 'rule_classes' | 'grades'>): boolean {
  return JSON.stringify([a.rule_classes, a.grades]) === JSON.stringify([b.rule_classes, b.grades])
}

/** A new class starting from the rules of `like` (the first class), under a name not yet used. */
export function newRuleClass(like: RuleClass | undefined, taken: readonly string[]): RuleClass {
  let n = taken.length + 1
  while (taken.includes(`class${n}`)) ++n
  const base: RuleClass = like
    ? structuredClone(like)
    : {
        name: '',
        flight: {
          cabin_max: 'economy',
          long_flight_minutes: null,
          cabin_max_long: 'economy',
          control: 'block',
          lowest_fare: { window_minutes: 120, tolerance_bp: 0, tolerance_fen: 0, control: 'warn' },
        },
        advance_booking: { days: 0, control: 'warn' },
        hotel: { nightly_cap_fen: { tier1: 0, new_tier1: 0, tier2: 0, other: 0 }, control: 'employee_pays_excess' },
        train: { high_speed_seats: [], conventional_seats: [], control: 'needs_approval' },
        car: { types: [], control: 'warn' },
      }
  return { ...base, name: `class${n}` }
}

/** The grades a 409 grades_in_use names (`errors[].field` = `grades.<grade>`). */
export function gradesInUse(problem: Problem | null): string[] {
  if (problem?.code !== 'grades_in_use') return []
  return (problem.errors ?? []).filter((e) => e.field.startsWith('grades.')).map((e) => e.field.slice('grades.'.length))
}

/** "销售部 / 华北销售": a department with the names of its parents. */
export function departmentPath(d: Department, byId: ReadonlyMap<number, Department>): string {
  const names = [d.name]
  const seen = new Set([d.id])
  for (let p = d.parent_id !== null ? byId.get(d.parent_id) : undefined; p && !seen.has(p.id); p = p.parent_id !== null ? byId.get(p.parent_id) : undefined) {
    names.unshift(p.name)
    seen.add(p.id)
  }
  return names.join(' / ')
}
