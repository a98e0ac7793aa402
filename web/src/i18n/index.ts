// vue-i18n set-up: Chinese by default, English on request; the choice is kept in localStorage.
import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elEn from 'element-plus/es/locale/lang/en'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import zhCN from './zh-CN'
import en from './en'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const LOCALE_KEY = 'fuwu.locale'

function storedLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY)
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(LOCALE_KEY, locale)
  document.documentElement.lang = locale
}

/** Element Plus's own strings (table "no data", pagination…) follow the console language. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn))

/** Translate a value of a known enumeration, falling back to the raw value for unknown ones. */
export function tEnum(prefix: string, value: string): string {
  const key = `${prefix}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : value
}
