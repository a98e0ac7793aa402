// The signed-in user's own provider (provider_admin / provider_staff see their organization).
import { session } from '../stores/session'
import type { Role } from '../api/types'

/** The user's provider id, or null for platform staff and other organizations. */
export function ownProviderId(): number | null {
  const org = session.user.value?.organization
  return org && org.kind === 'provider' ? org.id : null
}

export function hasRole(...roles: Role[]): boolean {
  return roles.some((r) => session.roles.value.includes(r))
}
