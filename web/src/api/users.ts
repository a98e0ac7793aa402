import { http, type ApiResponse } from './http'
import type { Page, Role, User, UserStatus } from './types'

export interface UserQuery {
  organization_id?: number | null
  q?: string
  limit?: number
  cursor?: string | null
}

export interface UserCreate {
  email: string
  name: string
  password: string
  organization_id: number
  roles: Role[]
}

export interface UserPatch {
  name?: string
  roles?: Role[]
  status?: UserStatus
}

export async function listUsers(query: UserQuery): Promise<Page<User>> {
  return (await http.get<Page<User>>('/users', { ...query })).data
}

export async function createUser(body: UserCreate): Promise<User> {
  return (await http.post<User>('/users', body, { idempotent: true })).data
}

export function getUser(id: number): Promise<ApiResponse<User>> {
  return http.get<User>(`/users/${id}`)
}

export function patchUser(id: number, body: UserPatch, etag: string | null): Promise<ApiResponse<User>> {
  return http.patch<User>(`/users/${id}`, body, etag)
}
