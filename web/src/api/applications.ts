// The applicant's calls: no account, the application token in X-Application-Token opens it.
import { request, requestFile, type ApiResponse, type FileDownload, type RequestOptions } from './http'
import type { ApplicationPatch, ApplicationView, Material, StartedApplication } from './admissionTypes'

export interface ApplicationStart {
  program_id: number
  contact_name: string
  contact_email: string
  contact_phone: string
}

function withToken(token: string, opts: RequestOptions = {}): RequestOptions {
  // A wrong token is a 401 about this application, not a lost console session.
  return { ...opts, anonymous: true, expectUnauthorized: true, headers: { 'X-Application-Token': token } }
}

const base = (id: number) => `/admission/applications/${id}`

export async function startApplication(body: ApplicationStart): Promise<StartedApplication> {
  return (await request<StartedApplication>('POST', '/admission/applications', { body, anonymous: true })).data
}

export function getApplication(id: number, token: string, quiet = false): Promise<ApiResponse<ApplicationView>> {
  return request<ApplicationView>('GET', base(id), withToken(token, { quiet }))
}

/** Saves a draft; quiet because the autosave marks the fields it could not save. */
export function patchApplication(
  id: number,
  token: string,
  body: ApplicationPatch,
  etag: string | null,
): Promise<ApiResponse<ApplicationView>> {
  return request<ApplicationView>('PATCH', base(id), withToken(token, { body, ifMatch: etag ?? undefined, quiet: true }))
}

/** Submits (or resubmits); quiet so a rules_not_met answer can be shown on the rules. */
export function submitApplication(id: number, token: string): Promise<ApiResponse<ApplicationView>> {
  return request<ApplicationView>('POST', `${base(id)}/submit`, withToken(token, { quiet: true }))
}

export function withdrawApplication(id: number, token: string, note: string): Promise<ApiResponse<ApplicationView>> {
  return request<ApplicationView>('POST', `${base(id)}/withdraw`, withToken(token, { body: note ? { note } : undefined }))
}

export async function uploadMaterial(id: number, token: string, materialType: string, file: File): Promise<Material> {
  const query = { material_type: materialType, file_name: file.name }
  return (await request<Material>('POST', `${base(id)}/materials`, withToken(token, { query, raw: file }))).data
}

export async function removeMaterial(id: number, token: string, materialId: number): Promise<void> {
  await request<void>('DELETE', `${base(id)}/materials/${materialId}`, withToken(token))
}

export function fetchMaterialFile(id: number, token: string, materialId: number): Promise<FileDownload> {
  return requestFile(`${base(id)}/materials/${materialId}/file`, withToken(token))
}
