// The one HTTP client of the console: adds the session token, sends JSON (or raw bytes for
// uploads), and turns every non-2xx answer into an ApiError carrying the server's
// application/problem+json body.

export const API_BASE = '/api/v1'

export interface FieldError {
  field: string
  message: string
}

export interface Problem {
  type: string
  title: string
  status: number
  code: string
  detail: string
  request_id?: string
  errors?: FieldError[]
}

export class ApiError extends Error {
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail || problem.title || problem.code)
    this.name = 'ApiError'
    this.problem = problem
  }

  get status(): number {
    return this.problem.status
  }

  get code(): string {
    return this.problem.code
  }

  /** Field errors keyed by the top-level field name ("roles[1]" and "roles.1" become "roles"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) {
      const key = e.field.split(/[.[]/)[0]
      out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message
    }
    return out
  }
}

export type Query = Record<string, string | number | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  /** Send a fresh Idempotency-Key (creates). */
  idempotent?: boolean
  /** Sent as If-Match (the ETag from a previous GET). */
  ifMatch?: string
  /** A 401 is the answer itself (login), not a lost session. */
  expectUnauthorized?: boolean
  /** Bytes sent as they are (uploads) instead of a JSON body. */
  raw?: Blob
  /** Send no session token: the applicant pages carry their application token instead. */
  anonymous?: boolean
  /** The caller explains the failure itself (autosave marks fields): no error message. */
  quiet?: boolean
}

export interface ApiResponse<T> {
  data: T
  etag: string | null
}

type TokenSource = () => string | null

let tokenSource: TokenSource = () => null
let onUnauthorized: () => void = () => {}
let onError: (err: ApiError) => void = () => {}

/** Wired once at start-up (main.ts) so this module needs neither the router nor the UI. */
export function configureHttp(hooks: {
  token: TokenSource
  unauthorized: () => void
  error: (err: ApiError) => void
}): void {
  tokenSource = hooks.token
  onUnauthorized = hooks.unauthorized
  onError = hooks.error
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

async function readProblem(res: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    code: `http_${res.status}`,
    detail: res.statusText || `HTTP ${res.status}`,
  }
  const type = res.headers.get('Content-Type') ?? ''
  if (!type.includes('json')) return fallback
  try {
    const body = (await res.json()) as Partial<Problem>
    return { ...fallback, ...body, status: body.status ?? res.status }
  } catch {
    return fallback
  }
}

/** Sends a request and returns the 2xx response; anything else becomes an ApiError. */
async function send(method: string, path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...opts.headers }
  const token = opts.anonymous ? null : tokenSource()
  if (token) headers.Authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.raw.type || 'application/octet-stream'
    body = opts.raw
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (opts.idempotent) headers['Idempotency-Key'] = crypto.randomUUID()
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body })
  } catch (cause) {
    const err = new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network_error',
      detail: cause instanceof Error ? cause.message : String(cause),
    })
    if (!opts.quiet) onError(err)
    throw err
  }

  if (!res.ok) {
    const err = new ApiError(await readProblem(res))
    if (res.status === 401 && !opts.expectUnauthorized) onUnauthorized()
    else if (!opts.quiet) onError(err)
    throw err
  }
  return res
}

export async function request<T>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const res = await send(method, path, opts, 'application/json')
  const etag = res.headers.get('ETag')
  if (res.status === 204) return { data: undefined as T, etag }
  const text = await res.text()
  return { data: (text ? JSON.parse(text) : undefined) as T, etag }
}

/** The file name of an RFC 6266 Content-Disposition (filename* in UTF-8 or plain filename). */
function dispositionName(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      return star[1]
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1] : null
}

export interface FileDownload {
  blob: Blob
  fileName: string | null
}

/** GETs a file (material previews and downloads) with the same headers and errors as JSON calls. */
export async function requestFile(path: string, opts: RequestOptions = {}): Promise<FileDownload> {
  const res = await send('GET', path, opts, '*/*')
  return { blob: await res.blob(), fileName: dispositionName(res.headers.get('Content-Disposition')) }
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, ifMatch: string | null) =>
    request<T>('PATCH', path, { body, ifMatch: ifMatch ?? undefined }),
  put: <T>(path: string, body: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  delete: (path: string) => request<void>('DELETE', path),
}
