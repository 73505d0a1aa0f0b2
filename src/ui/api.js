// Calls to this node's /v1 API with the bearer token. Same origin only: the
// page's Content-Security-Policy (connect-src 'self') refuses anything else.

const TOKEN_KEY = 'intelmesh.apiToken'

/** The node refused the token (401): the page goes back to the token form. */
export class UnauthorizedError extends Error {
  constructor () {
    super('the node refused this API token')
    this.name = 'UnauthorizedError'
  }
}

/** An API answer other than 2xx, with the stable error code of the body. */
export class ApiError extends Error {
  constructor (status, code, message) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

/** The token of this tab's session, or null. */
export function storedToken () {
  return sessionStorage.getItem(TOKEN_KEY)
}

/** Keeps the token for this tab's session only. */
export function storeToken (token) {
  sessionStorage.setItem(TOKEN_KEY, token)
}

/** Forgets the token. */
export function forgetToken () {
  sessionStorage.removeItem(TOKEN_KEY)
}

/** Headers carrying the token. */
export function authHeaders () {
  return { authorization: `Bearer ${storedToken() ?? ''}` }
}

/** GET a JSON route; throws UnauthorizedError on 401 and ApiError on any other failure. */
export async function getJson (path) {
  const res = await fetch(path, { headers: { ...authHeaders(), accept: 'application/json' }, cache: 'no-store' })
  if (res.status === 401) throw new UnauthorizedError()
  const body = await res.json().catch(() => undefined)
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'HTTP_' + res.status, body?.error?.message ?? res.statusText)
  return body
}
