// A capability application seen as a certificate: valid, expired or revoked once certified;
// otherwise its application state (applied, rejected).
import type { CapabilityApplication } from '../api/ratingTypes'

export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'applied' | 'rejected'

export function certificateStatus(a: CapabilityApplication, now = Date.now()): CertificateStatus {
  if (a.state === 'revoked' || a.revoked_at !== null) return 'revoked'
  if (a.state === 'certified') return a.valid && (a.expires_at === null || a.expires_at > now) ? 'valid' : 'expired'
  return a.state
}
