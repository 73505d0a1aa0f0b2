import { tokenMatches } from '../config/data-folder.js'
import { ApiError } from './errors.js'
import { isUiAssetRequest } from './ui-assets.js'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** Path prefix under which TAXII clients may also use HTTP Basic auth. */
export const TAXII_PREFIX = '/taxii2'

/**
 * The credential a request presents: the bearer token, or for TAXII paths the
 * password of HTTP Basic auth (many TAXII clients only speak Basic).
 */
function presentedToken (request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header == null) return undefined
  const space = header.indexOf(' ')
  if (space < 0) return undefined
  const scheme = header.slice(0, space).toLowerCase()
  const value = header.slice(space + 1).trim()
  if (scheme === 'bearer') return value
  if (scheme === 'basic' && isTaxiiPath(request.url)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon < 0 ? undefined : decoded.slice(colon + 1)
  }
  return undefined
}

/**
 * The probe routes answered without a token (liveness and readiness probes of
 * systemd, Kubernetes or a container engine cannot hold one). Exactly these
 * paths, GET or HEAD, with or without a query string; nothing else — not a
 * trailing slash, not a longer path, not another method.
 */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz'])

/** True for a GET or HEAD of exactly one of PROBE_PATHS. */
export function isProbeRequest (request: Pick<FastifyRequest, 'method' | 'url'>): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const query = request.url.indexOf('?')
  return PROBE_PATHS.has(query < 0 ? request.url : request.url.slice(0, query))
}

/** True for `/taxii2` and everything below it. */
export function isTaxiiPath (url: string): boolean {
  return url === TAXII_PREFIX || url.startsWith(`${TAXII_PREFIX}/`) || url.startsWith(`${TAXII_PREFIX}?`)
}

/** An onRequest hook refusing every request without the API token (compared in constant time). */
export function requireToken (token: string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    if (isProbeRequest(request)) return
    // The admin page's static files hold no secret; the page sends the token on every data call.
    if (isUiAssetRequest(request.method, request.url)) return
    const presented = presentedToken(request)
    if (presented != null && tokenMatches(token, presented)) return
    reply.header('www-authenticate', isTaxiiPath(request.url) ? 'Basic realm="intelmesh", Bearer' : 'Bearer realm="intelmesh"')
    throw new ApiError('UNAUTHORIZED', presented == null ? 'missing credentials: send Authorization: Bearer <api token>' : 'the API token presented is not valid')
  }
}
