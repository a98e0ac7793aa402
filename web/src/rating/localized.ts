// The current language's side of the rating module's bilingual texts (task, violation type and
// capability names, the server's reasons and formula text).
import { currentLocale } from '../i18n'
import { localized } from '../admission/localized'
import type { Capability } from '../api/ratingTypes'

export function zhEn(zh: string | null | undefined, en: string | null | undefined): string {
  return localized({ zh: zh ?? '', en: en ?? '' })
}

/** Anything with name_zh / name_en: tasks, violation types, capabilities, basic tasks. */
export function nameOf(item: { name_zh: string; name_en: string } | null | undefined): string {
  return item ? zhEn(item.name_zh, item.name_en) : ''
}

/** A capability's name from its code ("" stays ""; unknown codes show as they are). */
export function capabilityName(code: string, capabilities: readonly Capability[]): string {
  if (!code) return ''
  const c = capabilities.find((x) => x.code === code)
  return c ? nameOf(c) : code
}

/** The server's zh/en list pair (the formula page's rules). */
export function localizedList(zh: readonly string[], en: readonly string[]): readonly string[] {
  if (currentLocale() === 'en') return en.length ? en : zh
  return zh.length ? zh : en
}

/** A violation's deduction (stored as the positive number of points taken off) as "-20". */
export function deduction(points: number): string {
  return points === 0 ? '0' : `-${Math.abs(points)}`
}
