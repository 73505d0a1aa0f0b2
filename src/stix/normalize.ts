import { domainToASCII } from 'node:url'
import { MAX_OBSERVABLE_LENGTH } from './constants.js'
import { canonicalIpv4, canonicalIpv6, parseIpv4 } from './ip.js'
import type { ObservableKind } from './types.js'

/** Hash kind by hex length, for values given without an algorithm. */
const HASH_BY_LENGTH: Readonly<Record<number, ObservableKind>> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' }
const HASH_LENGTH: Readonly<Partial<Record<ObservableKind, number>>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 }

/** Schemes whose empty path means "/" and whose default port is implied (RFC 3986 §6.2.3). */
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' }

function hasControlOrSpace (value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c <= 0x20 || c === 0x7f) return true
  }
  return false
}

function isAscii (value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7e) return false
  return true
}

function isLowerHex (value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false
  }
  return true
}

/** One DNS label as found in the wild: letters, digits, hyphen, underscore (SRV/DMARC names); no edge hyphen. */
function isLabel (label: string): boolean {
  if (label.length < 1 || label.length > 63) return false
  if (label.startsWith('-') || label.endsWith('-')) return false
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i)
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f
    if (!ok) return false
  }
  return true
}

/**
 * Lowercase A-label form of a host name without the trailing dot. `minLabels`
 * is 2 for a domain-name value (a bare word is not searchable as a domain),
 * 1 for a URL host (`http://intranet/`). The last label must start with a
 * letter, as every top-level domain does: `1.2.3.4` and `1.2.3.0x1` are
 * (mistyped) addresses, not domains.
 */
function canonicalHost (raw: string, minLabels: number): string | undefined {
  let host = raw.endsWith('.') ? raw.slice(0, -1) : raw
  // IDNA only for non-ASCII input: WHATWG's host parser also rewrites
  // ASCII oddities ("0x7f.1" becomes 127.0.0.1), which is not ours to do.
  host = isAscii(host) ? host.toLowerCase() : domainToASCII(host)
  if (host.length === 0 || host.length > 253) return undefined
  const labels = host.split('.')
  if (labels.length < minLabels || !labels.every(isLabel)) return undefined
  const first = (labels[labels.length - 1] as string).charCodeAt(0)
  return first >= 0x61 && first <= 0x7a ? host : undefined
}

function canonicalEmail (raw: string): string | undefined {
  const at = raw.lastIndexOf('@')
  if (at < 1 || at > 64 || hasControlOrSpace(raw)) return undefined
  const local = raw.slice(0, at)
  if (local.includes('<') || local.includes('>')) return undefined
  const domain = canonicalHost(raw.slice(at + 1), 2)
  return domain === undefined ? undefined : `${local.toLowerCase()}@${domain}`
}

function isSchemeName (scheme: string): boolean {
  if (scheme.length === 0) return false
  const first = scheme.charCodeAt(0) | 0x20
  if (first < 0x61 || first > 0x7a) return false
  for (let i = 1; i < scheme.length; i++) {
    const c = scheme.charCodeAt(i)
    const lower = c | 0x20
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false
  }
  return true
}

/** `host[:port]` of a URL authority, canonical, or undefined. */
function canonicalHostPort (hostPort: string, scheme: string): string | undefined {
  let host = hostPort
  let port = ''
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']')
    if (close < 0) return undefined
    const v6 = canonicalIpv6(hostPort.slice(1, close))
    if (v6 === undefined || v6.includes('/')) return undefined
    host = `[${v6}]`
    port = hostPort.slice(close + 1)
    if (port !== '' && !port.startsWith(':')) return undefined
    port = port.slice(1)
  } else {
    const colon = hostPort.lastIndexOf(':')
    if (colon >= 0) {
      port = hostPort.slice(colon + 1)
      host = hostPort.slice(0, colon)
    }
    const v4 = parseIpv4(host)
    const name = v4 === undefined ? canonicalHost(host, 1) : v4.join('.')
    if (name === undefined) return undefined
    host = name
  }
  for (let i = 0; i < port.length; i++) if (port.charCodeAt(i) < 0x30 || port.charCodeAt(i) > 0x39) return undefined
  if (port === '' || port === DEFAULT_PORTS[scheme]) return host
  return `${host}:${port}`
}

/**
 * `scheme://authority/rest` with scheme and host lowercased (host canonical:
 * A-label, IPv4 dotted decimal, IPv6 RFC 5952), the default port and an empty
 * path of http(s)/ws(s)/ftp normalised. User info, path, query and fragment
 * are kept byte for byte: they are case-sensitive.
 */
function canonicalUrl (raw: string): string | undefined {
  if (hasControlOrSpace(raw)) return undefined
  const colon = raw.indexOf(':')
  const scheme = raw.slice(0, colon).toLowerCase()
  if (colon < 1 || !isSchemeName(scheme) || raw.slice(colon + 1, colon + 3) !== '//') return undefined
  const start = colon + 3
  let end = raw.length
  for (const stop of ['/', '?', '#']) {
    const i = raw.indexOf(stop, start)
    if (i >= 0 && i < end) end = i
  }
  const authority = raw.slice(start, end)
  const at = authority.lastIndexOf('@')
  const userInfo = at >= 0 ? authority.slice(0, at + 1) : ''
  const hostPort = canonicalHostPort(authority.slice(at + 1), scheme)
  if (hostPort === undefined) return undefined
  let rest = raw.slice(end)
  if (rest === '' && DEFAULT_PORTS[scheme] !== undefined) rest = '/'
  else if (DEFAULT_PORTS[scheme] !== undefined && (rest.startsWith('?') || rest.startsWith('#'))) rest = `/${rest}`
  return `${scheme}://${userInfo}${hostPort}${rest}`
}

/** The canonical text of `raw` as an observable of `kind`, or undefined when it is not a valid one. */
export function normalizeAs (kind: ObservableKind, raw: string): string | undefined {
  const value = raw.trim()
  if (value.length === 0 || value.length > MAX_OBSERVABLE_LENGTH) return undefined
  switch (kind) {
    case 'ipv4': return canonicalIpv4(value)
    case 'ipv6': return canonicalIpv6(value)
    case 'domain': return hasControlOrSpace(value) ? undefined : canonicalHost(value, 2)
    case 'url': return canonicalUrl(value)
    case 'email': return canonicalEmail(value)
    default: {
      const hex = value.toLowerCase()
      return hex.length === HASH_LENGTH[kind] && isLowerHex(hex) ? hex : undefined
    }
  }
}

/** The kind `raw` most plausibly is, judged by its form alone. */
function detectKind (value: string): ObservableKind | undefined {
  const byLength = HASH_BY_LENGTH[value.length]
  if (byLength !== undefined && isLowerHex(value.toLowerCase())) return byLength
  if (value.includes('://')) return 'url'
  if (value.includes('@')) return 'email'
  if (value.includes(':')) return 'ipv6'
  const slash = value.indexOf('/')
  if (parseIpv4(slash < 0 ? value : value.slice(0, slash)) !== undefined) return 'ipv4'
  return 'domain'
}

/** Detects the kind of a search query and normalises it as the index does; undefined when it is none of the kinds. */
export function normalizeObservable (raw: string): { kind: ObservableKind, value: string } | undefined {
  const trimmed = raw.trim()
  if (trimmed.length === 0 || trimmed.length > MAX_OBSERVABLE_LENGTH) return undefined
  const kind = detectKind(trimmed)
  if (kind === undefined) return undefined
  const value = normalizeAs(kind, trimmed)
  return value === undefined ? undefined : { kind, value }
}
