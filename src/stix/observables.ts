import { MAX_PATTERN_LENGTH } from './constants.js'
import { isRecord } from './checks.js'
import { normalizeAs, normalizeObservable } from './normalize.js'
import { findEqualityComparisons } from './pattern.js'
import type { Comparison } from './pattern.js'
import type { Observable, ObservableKind, StixBundle } from './types.js'

/** SCO types whose `value` is indexed, and as what. */
const VALUE_KINDS: Readonly<Record<string, ObservableKind>> = {
  'ipv4-addr': 'ipv4', 'ipv6-addr': 'ipv6', 'domain-name': 'domain', url: 'url', 'email-addr': 'email'
}

/** SCO types whose `hashes` are indexed (file content hashes). */
const HASHED_TYPES = new Set(['file', 'artifact'])

/** Refs whose `.value` is indexed from patterns, and the kinds their targets can have (§6). */
const REF_VALUE_KINDS: Readonly<Record<string, readonly ObservableKind[]>> = {
  'network-traffic:src_ref': ['ipv4', 'ipv6', 'domain'],
  'network-traffic:dst_ref': ['ipv4', 'ipv6', 'domain'],
  'domain-name:resolves_to_refs': ['ipv4', 'ipv6', 'domain'],
  'email-message:from_ref': ['email'],
  'email-message:sender_ref': ['email'],
  'email-message:to_refs': ['email'],
  'email-message:cc_refs': ['email'],
  'email-message:bcc_refs': ['email']
}

/**
 * Hash kind of a `hashes` key. Producers write the vocabulary name (`SHA-256`)
 * but also `sha256` or `md5` (the elevator and apt1.json do), so the key is
 * matched without case and hyphen.
 */
export function hashKind (key: string): ObservableKind | undefined {
  switch (key.toLowerCase().replace('-', '')) {
    case 'md5': return 'md5'
    case 'sha1': return 'sha1'
    case 'sha256': return 'sha256'
    case 'sha512': return 'sha512'
    default: return undefined
  }
}

/** Collects observables of one object, without repeats. */
class Collector {
  private readonly seen = new Set<string>()
  constructor (private readonly objectId: string, private readonly out: Observable[]) {}

  add (kind: ObservableKind, raw: unknown): void {
    if (typeof raw !== 'string') return
    const value = normalizeAs(kind, raw)
    if (value === undefined) return
    const key = `${kind} ${value}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.out.push({ kind, value, objectId: this.objectId })
    if (kind === 'url') this.addUrlHost(value)
  }

  /** A URL's host is indexed too, so searching a domain or IP finds the URLs on it (as MISP correlates). */
  private addUrlHost (url: string): void {
    let host: string
    try {
      host = new URL(url).hostname
    } catch {
      return
    }
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
    if (host !== '') this.addDetected(['ipv4', 'ipv6', 'domain'], host)
  }

  /** A value whose kind is one of `kinds`, told apart by its form. */
  addDetected (kinds: readonly ObservableKind[], raw: string): void {
    const detected = normalizeObservable(raw)
    if (detected !== undefined && kinds.includes(detected.kind)) this.add(detected.kind, raw)
  }
}

function fromSco (sco: Record<string, unknown>, collect: Collector): void {
  const type = sco.type
  if (typeof type !== 'string') return
  const kind = VALUE_KINDS[type]
  if (kind !== undefined) collect.add(kind, sco.value)
  if (HASHED_TYPES.has(type) && isRecord(sco.hashes)) {
    for (const [key, hash] of Object.entries(sco.hashes)) {
      const hk = hashKind(key)
      if (hk !== undefined) collect.add(hk, hash)
    }
  }
}

function fromComparison (c: Comparison, collect: Collector): void {
  const [first, second, third] = c.steps
  if (c.steps.length === 1 && first === 'value') {
    const kind = VALUE_KINDS[c.objectType]
    if (kind !== undefined) collect.add(kind, c.value)
    return
  }
  if (c.steps.length === 2 && first === 'hashes' && HASHED_TYPES.has(c.objectType)) {
    const kind = hashKind(second as string)
    if (kind !== undefined) collect.add(kind, c.value)
    return
  }
  // `x_ref.value` or `x_refs[*].value`
  const isList = second === '[*]'
  const last = isList ? third : second
  if (c.steps.length !== (isList ? 3 : 2) || last !== 'value') return
  const kinds = REF_VALUE_KINDS[`${c.objectType}:${first as string}`]
  if (kinds !== undefined) collect.addDetected(kinds, c.value)
}

/**
 * Searchable values of a validated bundle: the `value` of IP, domain, URL and
 * e-mail observables, file hashes, the same inside the deprecated
 * observed-data `objects`, and the simple equality comparisons of STIX
 * indicator patterns. Values are normalised; each (kind, value) appears once
 * per object.
 */
export function extractObservables (bundle: StixBundle): Observable[] {
  const out: Observable[] = []
  for (const object of bundle.objects) {
    const collect = new Collector(object.id, out)
    fromSco(object, collect)
    if (object.type === 'observed-data' && isRecord(object.objects)) {
      for (const embedded of Object.values(object.objects)) {
        if (isRecord(embedded)) fromSco(embedded, collect)
      }
    }
    const pattern = object.pattern
    if (object.type === 'indicator' && object.pattern_type === 'stix' &&
        typeof pattern === 'string' && pattern.length <= MAX_PATTERN_LENGTH) {
      for (const comparison of findEqualityComparisons(pattern)) fromComparison(comparison, collect)
    }
  }
  return out
}
