import { http } from './http'
import type { Me } from './types'

export interface LoginResult {
  token: string
  expires_at: number
  user: Me
}

export async function login(email: string, password: string): Promise<LoginResult> {
  const res = await http.post<LoginResult>('/auth/login', { email, password }, { expectUnauthorized: true })
  return res.data
}

export async function logout(): Promise<void> {
  await http.post<void>('/auth/logout')
}

export async function fetchMe(): Promise<Me> {
  // The contract names the body `user`; accept it bare or wrapped as { user }.
  const data = (await http.get<Me | { user: Me }>('/me')).data
  return 'user' in data ? data.user : data
}
