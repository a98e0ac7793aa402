// The signed-in user: the bearer token lives in localStorage, the user in memory (reloaded
// from /me when the page is opened again).
import { computed, reactive } from 'vue'
import * as authApi from '../api/auth'
import type { Me, Role } from '../api/types'

const TOKEN_KEY = 'fuwu.token'

const state = reactive<{ token: string | null; user: Me | null }>({
  token: localStorage.getItem(TOKEN_KEY),
  user: null,
})

function setToken(token: string | null): void {
  state.token = token
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

export const session = {
  token: () => state.token,
  user: computed(() => state.user),
  roles: computed<Role[]>(() => state.user?.roles ?? []),
  isSignedIn: () => state.token !== null,

  async login(email: string, password: string): Promise<void> {
    const res = await authApi.login(email, password)
    setToken(res.token)
    state.user = res.user
  },

  /** Loads the user for a token kept from an earlier visit; false when there is none. */
  async ensureUser(): Promise<boolean> {
    if (!state.token) return false
    if (state.user) return true
    try {
      state.user = await authApi.fetchMe()
      return true
    } catch {
      return false
    }
  },

  /** Re-reads /me, e.g. after an operator edited their own user. */
  async refreshUser(): Promise<void> {
    if (state.token) state.user = await authApi.fetchMe()
  },

  async logout(): Promise<void> {
    try {
      if (state.token) await authApi.logout()
    } catch {
      // The session ends locally whatever the server says.
    } finally {
      session.clear()
    }
  },

  /** Forget the session without asking the server (it already said 401). */
  clear(): void {
    setToken(null)
    state.user = null
  },
}
