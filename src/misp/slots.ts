import { canonicalIpv4, canonicalIpv6 } from '../stix/ip.js'
import { normalizeAs } from '../stix/normalize.js'

/**
 * What an observable attribute says, in parts: a composite MISP type
 * (`ip-dst|port`) is a list of slots, and both directions of the conversion go
 * through slots (attribute value ⇄ slots ⇄ STIX pattern or cyber-observables).
 */
export type Slot =
  | 'ip-src' | 'ip-dst' | 'port-src' | 'port-dst' | 'domain' | 'ip-resolved' | 'url'
  | 'email-from' | 'email-to' | 'email' | 'subject' | 'filename'
  | 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512' | 'asn' | 'mutex'

/** An observation: the value of each slot it has. */
export type Observation = Partial<Record<Slot, string>>

/** The STIX 2.1 hash algorithm names (hashing-algorithm-ov) the slots use. */
export const HASH_SLOTS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'] as const

/**
 * MISP attribute types with a STIX cyber-observable mapping, and their slots in
 * value order (`filename|sha256` → filename, SHA-256). The first type listed for
 * a slot set is the one an un-labelled STIX observable turns into (`domain`
 * before `hostname`, `ip-dst` before anything else holding one address).
 */
export const OBSERVABLE_TYPES: ReadonlyArray<readonly [string, readonly Slot[]]> = [
  ['ip-dst', ['ip-dst']],
  ['ip-src', ['ip-src']],
  ['ip-dst|port', ['ip-dst', 'port-dst']],
  ['ip-src|port', ['ip-src', 'port-src']],
  ['domain', ['domain']],
  ['hostname', ['domain']],
  ['domain|ip', ['domain', 'ip-resolved']],
  ['url', ['url']],
  ['link', ['url']],
  ['email-src', ['email-from']],
  ['email-dst', ['email-to']],
  ['email', ['email']],
  ['email-subject', ['subject']],
  ['filename', ['filename']],
  ['attachment', ['filename']],
  ['md5', ['MD5']],
  ['sha1', ['SHA-1']],
  ['sha256', ['SHA-256']],
  ['sha512', ['SHA-512']],
  ['filename|md5', ['filename', 'MD5']],
  ['filename|sha1', ['filename', 'SHA-1']],
  ['filename|sha256', ['filename', 'SHA-256']],
  ['filename|sha512', ['filename', 'SHA-512']],
  ['AS', ['asn']],
  ['mutex', ['mutex']]
]

const SLOTS_BY_TYPE: ReadonlyMap<string, readonly Slot[]> = new Map(OBSERVABLE_TYPES)

/** The slots of an observable MISP type, or undefined when it is not one. */
export function slotsOf (type: string): readonly Slot[] | undefined {
  return SLOTS_BY_TYPE.get(type)
}

/** The first MISP type whose slots are exactly `slots` (in any order). */
export function typeForSlots (slots: readonly Slot[]): string | undefined {
  const key = [...slots].sort().join(',')
  return OBSERVABLE_TYPES.find(([, s]) => [...s].sort().join(',') === key)?.[0]
}

function ip (raw: string): string | undefined {
  return canonicalIpv4(raw) ?? canonicalIpv6(raw)
}

/** An IP address is v6 when it has a colon (canonical forms only). */
export function isIpv6 (value: string): boolean {
  return value.includes(':')
}

/**
 * The checked value of one slot, or a reason it is not one. Values are kept as
 * written (trimmed), so a round trip gives them back; the node's index
 * normalises them for search. Ports and AS numbers become plain decimal.
 */
export function checkSlot (slot: Slot, raw: string): { value: string } | { reason: string } {
  const value = raw.trim()
  switch (slot) {
    case 'ip-src': case 'ip-dst': case 'ip-resolved': {
      // A network (198.51.100.0/24) is a valid MISP ip-* value and a valid ipv4-addr value (STIX 2.1 §6.4.1).
      return ip(value) === undefined ? { reason: `"${short(raw)}" is not an IPv4 or IPv6 address or network` } : { value }
    }
    case 'port-src': case 'port-dst':
      return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? { value: String(Number(value)) } : { reason: `"${short(raw)}" is not a port (0-65535)` }
    case 'domain': {
      return normalizeAs('domain', value) === undefined ? { reason: `"${short(raw)}" is not a domain name` } : { value }
    }
    case 'url':
      // MISP takes URLs without a scheme (`www.example.org/login.php`) and so do we, unchanged.
      return normalizeAs('url', value) === undefined && normalizeAs('url', `http://${value}`) === undefined ? { reason: `"${short(raw)}" is not a URL` } : { value }
    case 'email-from': case 'email-to': case 'email': {
      return normalizeAs('email', value) === undefined ? { reason: `"${short(raw)}" is not an e-mail address` } : { value }
    }
    case 'MD5': case 'SHA-1': case 'SHA-256': case 'SHA-512': {
      const kind = slot === 'MD5' ? 'md5' : slot === 'SHA-1' ? 'sha1' : slot === 'SHA-256' ? 'sha256' : 'sha512'
      return normalizeAs(kind, value) === undefined ? { reason: `"${short(raw)}" is not a ${slot} hash (hex digits of the right length)` } : { value }
    }
    case 'asn': {
      const digits = /^(?:AS)?(\d{1,10})$/i.exec(value)?.[1]
      return digits === undefined || Number(digits) > 4294967295 ? { reason: `"${short(raw)}" is not an AS number (AS174 or 174)` } : { value: String(Number(digits)) }
    }
    case 'subject': case 'filename': case 'mutex':
      return { value: raw }
  }
}

function short (text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
