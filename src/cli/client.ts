import { readApiToken, readNodeConfig } from '../config/data-folder.js'
import { ApiRequestError, ApiUnreachableError } from './errors.js'

/** How long the CLI waits for the node API before giving up. */
const REQUEST_TIMEOUT_MS = 30_000

/** A running node's HTTP API, found through its data folder (config for the address, api-token for the token). */
export class ApiClient {
  readonly baseUrl: string
  private readonly token: string

  constructor (components: { baseUrl: string, token: string }) {
    this.baseUrl = components.baseUrl
    this.token = components.token
  }

  /** Reads the API address and the token from a data folder. */
  static async fromDataDir (dataDir: string, env: Record<string, string | undefined> = process.env): Promise<ApiClient> {
    const config = await readNodeConfig(dataDir, env)
    const token = await readApiToken(dataDir)
    return new ApiClient({ baseUrl: `http://${connectHost(config.api.host)}:${config.api.port}`, token })
  }

  /** GET with query parameters (undefined ones left out). */
  async get<T> (path: string, query: Record<string, string | number | boolean | undefined> = {}, init: { timeoutMs?: number } = {}): Promise<T> {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v))
    const qs = params.toString()
    return this.request<T>('GET', qs === '' ? path : `${path}?${qs}`, undefined, init.timeoutMs)
  }

  /** POST a JSON body. */
  async post<T> (path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  /** PATCH a JSON body. */
  async patch<T> (path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  /** DELETE. */
  async delete (path: string): Promise<void> {
    await this.request<unknown>('DELETE', path)
  }

  /**
   * POST a JSON body and return the response's byte stream (a backup): the
   * timeout covers the answer's headers only, not a long body.
   */
  async postStream (path: string, body: unknown = {}): Promise<{ headers: Headers, body: ReadableStream<Uint8Array> }> {
    const controller = new AbortController()
    const timer = setTimeout(() => { controller.abort() }, REQUEST_TIMEOUT_MS)
    let res: Response
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/octet-stream, application/json', 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal
      })
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new ApiUnreachableError(`cannot reach the node API at ${this.baseUrl} (${cause}): is "intelmesh start" running for this data folder?`, { cause: err })
    } finally {
      clearTimeout(timer)
    }
    if (!res.ok || res.body == null) {
      const error = parseError(await res.text())
      throw new ApiRequestError(error?.code ?? `HTTP_${res.status}`, res.status, error?.message ?? `POST ${path} failed with HTTP ${res.status}`, error?.field)
    }
    return { headers: res.headers, body: res.body }
  }

  private async request<T> (method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    const url = `${this.baseUrl}${path}`
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new ApiUnreachableError(`cannot reach the node API at ${this.baseUrl} (${cause}): is "intelmesh start" running for this data folder?`, { cause: err })
    }
    const text = await res.text()
    if (!res.ok) {
      const error = parseError(text)
      throw new ApiRequestError(error?.code ?? `HTTP_${res.status}`, res.status, error?.message ?? `${method} ${path} failed with HTTP ${res.status}`, error?.field)
    }
    return (text === '' ? undefined : JSON.parse(text)) as T
  }
}

function parseError (text: string): { code: string, message: string, field?: string } | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown, message?: unknown, field?: unknown } }
    const e = body.error
    if (typeof e?.code !== 'string' || typeof e.message !== 'string') return undefined
    return { code: e.code, message: e.message, ...(typeof e.field === 'string' ? { field: e.field } : {}) }
  } catch {
    return undefined
  }
}

/** A wildcard listen address is reached through the loopback of the same family. */
function connectHost (host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
