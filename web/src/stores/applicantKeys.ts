// The applicant's keys: {id, token} of each application started in this browser, kept in
// localStorage so the applicant can come back (the server cannot show a token again).
import { ref } from 'vue'

const KEYS_KEY = 'fuwu.applications'

export interface ApplicantKey {
  id: number
  token: string
  program_id: number | null
  saved_at: number
}

function read(): ApplicantKey[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEYS_KEY) ?? '[]')
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (k): k is ApplicantKey => typeof k?.id === 'number' && typeof k?.token === 'string' && k.token.length > 0,
    )
  } catch {
    return []
  }
}

const keys = ref<ApplicantKey[]>(read())

function write(list: ApplicantKey[]): void {
  keys.value = list
  localStorage.setItem(KEYS_KEY, JSON.stringify(list))
}

export const applicantKeys = {
  list: keys,

  find(id: number): ApplicantKey | undefined {
    return keys.value.find((k) => k.id === id)
  },

  save(id: number, token: string, programId: number | null = null): void {
    const others = keys.value.filter((k) => k.id !== id)
    const kept = keys.value.find((k) => k.id === id)
    write([{ id, token, program_id: programId ?? kept?.program_id ?? null, saved_at: Date.now() }, ...others])
  },

  forget(id: number): void {
    write(keys.value.filter((k) => k.id !== id))
  },
}

/** The link that opens the application with its token (the token stays in this browser after). */
export function applicationLink(id: number, token: string): string {
  const { origin, pathname } = window.location
  return `${origin}${pathname}#/apply/${id}?token=${encodeURIComponent(token)}`
}
