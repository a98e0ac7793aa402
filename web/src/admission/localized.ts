// Picks the current language's side of the server's bilingual texts.
import { currentLocale } from '../i18n'
import type { LocalizedText, Program } from '../api/admissionTypes'

export function localized(text: LocalizedText | null | undefined): string {
  if (!text) return ''
  return currentLocale() === 'en' ? text.en || text.zh : text.zh || text.en
}

export function programName(program: Pick<Program, 'name_zh' | 'name_en'> | null | undefined): string {
  return program ? localized({ zh: program.name_zh, en: program.name_en }) : ''
}

/** Characters as people (and the server's rules) count them: Unicode code points, not UTF-16 units. */
export function countChars(text: string | null | undefined): number {
  return text ? [...text].length : 0
}
