// A client organization's departments: listed by its members and operators, changed by its
// client_admin or an operator. The list carries each department's version, so a change sends
// If-Match built from it (the server's ETag is the quoted version).
import { http } from './http'
import type { Department } from './registryTypes'

export interface DepartmentCreate {
  name: string
  parent_id?: number
  cost_centre?: string
}

/** Fields left out keep their value; `parent_id: null` moves the department to the top. */
export interface DepartmentPatch {
  name?: string
  parent_id?: number | null
  cost_centre?: string
}

export function departmentEtag(d: Pick<Department, 'version'>): string {
  return `"${d.version}"`
}

export async function listDepartments(organizationId: number): Promise<Department[]> {
  return (await http.get<{ items: Department[] }>(`/organizations/${organizationId}/departments`)).data.items
}

export async function createDepartment(organizationId: number, body: DepartmentCreate): Promise<Department> {
  return (await http.post<Department>(`/organizations/${organizationId}/departments`, body, { idempotent: true })).data
}

export async function patchDepartment(d: Department, body: DepartmentPatch): Promise<Department> {
  return (await http.patch<Department>(`/departments/${d.id}`, body, departmentEtag(d))).data
}

/** Answers 409 while the department has sub-departments. */
export async function deleteDepartment(id: number): Promise<void> {
  await http.delete(`/departments/${id}`)
}
