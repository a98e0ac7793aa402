// Display forms of admission values.
import { i18n } from '../i18n'

/** "¥500,000.00" from fen. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  return `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function formatDeclaration(value: boolean | null | undefined): string {
  const t = i18n.global.t
  if (value === true) return t('common.yes')
  if (value === false) return t('common.no')
  return t('admission.notGiven')
}
