import { findEqualityComparisons } from '../stix/pattern.js'
import { HASH_SLOTS, isIpv6, slotsOf, typeForSlots } from './slots.js'
import type { StixObject } from '../stix/types.js'
import type { Observation, Slot } from './slots.js'

/** A pattern string literal: `'` and `\` escaped (STIX 2.1 §9.3). */
function literal (value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** Object path of each slot in a STIX pattern; every slot of one MISP type shares the object type. */
const PATTERN_PATH: Readonly<Record<Slot, string>> = {
  'ip-src': 'network-traffic:src_ref.value',
  'ip-dst': 'network-traffic:dst_ref.value',
  'port-src': 'network-traffic:src_port',
  'port-dst': 'network-traffic:dst_port',
  domain: 'domain-name:value',
  'ip-resolved': 'domain-name:resolves_to_refs[*].value',
  url: 'url:value',
  'email-from': 'email-message:from_ref.value',
  'email-to': 'email-message:to_refs[*].value',
  subject: 'email-message:subject',
  email: 'email-addr:value',
  filename: 'file:name',
  MD5: 'file:hashes.MD5',
  'SHA-1': "file:hashes.'SHA-1'",
  'SHA-256': "file:hashes.'SHA-256'",
  'SHA-512': "file:hashes.'SHA-512'",
  asn: 'autonomous-system:number',
  mutex: 'mutex:name'
}

/** Integer-valued slots: compared to a number, not a string. */
const NUMERIC: ReadonlySet<Slot> = new Set(['port-src', 'port-dst', 'asn'])

/** The STIX pattern of an observation: one observation expression, its comparisons joined by AND. */
export function patternOf (observation: Observation, slots: readonly Slot[]): string {
  const parts = slots.map(slot => {
    const value = observation[slot] as string
    return `${PATTERN_PATH[slot]} = ${NUMERIC.has(slot) ? value : literal(value)}`
  })
  return `[${parts.join(' AND ')}]`
}

function ipObject (value: string, uuid: string): StixObject {
  return { type: isIpv6(value) ? 'ipv6-addr' : 'ipv4-addr', spec_version: '2.1', id: `${isIpv6(value) ? 'ipv6-addr' : 'ipv4-addr'}--${uuid}`, value }
}

/**
 * The cyber-observables of an observation, every id built from the attribute's
 * uuid (one object per type, so the ids never collide): the first is the root,
 * the one the others hang from.
 */
export function observablesOf (o: Observation, uuid: string): StixObject[] {
  const base = (type: string): StixObject => ({ type, spec_version: '2.1', id: `${type}--${uuid}` })
  if (o['ip-src'] !== undefined || o['ip-dst'] !== undefined || o['port-src'] !== undefined || o['port-dst'] !== undefined) {
    const traffic = base('network-traffic')
    const ips: StixObject[] = []
    for (const side of ['src', 'dst'] as const) {
      const address = o[`ip-${side}`]
      if (address !== undefined) {
        const ip = ipObject(address, uuid)
        traffic[`${side}_ref`] = ip.id
        ips.push(ip)
      }
      const port = o[`port-${side}`]
      if (port !== undefined) traffic[`${side}_port`] = Number(port)
    }
    traffic.protocols = [ips.some(ip => ip.type === 'ipv6-addr') ? 'ipv6' : 'ipv4']
    // network-traffic needs src_ref or dst_ref (§6.12): a bare port names the destination side.
    if (ips.length === 0) return [{ ...traffic, protocols: ['tcp'] }]
    return [traffic, ...ips]
  }
  if (o.domain !== undefined) {
    const domain = { ...base('domain-name'), value: o.domain }
    if (o['ip-resolved'] === undefined) return [domain]
    const ip = ipObject(o['ip-resolved'], uuid)
    return [{ ...domain, resolves_to_refs: [ip.id] }, ip]
  }
  if (o.url !== undefined) return [{ ...base('url'), value: o.url }]
  if (o['email-from'] !== undefined || o['email-to'] !== undefined || o.subject !== undefined) {
    const message: StixObject = { ...base('email-message'), is_multipart: false }
    const address = o['email-from'] ?? o['email-to']
    if (o.subject !== undefined) message.subject = o.subject
    if (address === undefined) return [message]
    const addr = { ...base('email-addr'), value: address }
    if (o['email-from'] !== undefined) message.from_ref = addr.id
    else message.to_refs = [addr.id]
    return [message, addr]
  }
  if (o.email !== undefined) return [{ ...base('email-addr'), value: o.email }]
  if (o.asn !== undefined) return [{ ...base('autonomous-system'), number: Number(o.asn) }]
  if (o.mutex !== undefined) return [{ ...base('mutex'), name: o.mutex }]
  const file = base('file')
  if (o.filename !== undefined) file.name = o.filename
  const hashes: Record<string, string> = {}
  for (const slot of HASH_SLOTS) if (o[slot] !== undefined) hashes[slot] = o[slot] as string
  if (Object.keys(hashes).length > 0) file.hashes = hashes
  return [file]
}

/** `hashes` keys as tools write them (`md5`, `SHA256`, `sha-256`) → our slots. */
function hashSlot (key: string): Slot | undefined {
  const k = key.replace(/['"-]/g, '').toUpperCase()
  return k === 'MD5' ? 'MD5' : k === 'SHA1' ? 'SHA-1' : k === 'SHA256' ? 'SHA-256' : k === 'SHA512' ? 'SHA-512' : undefined
}

/** Pattern path (object type and steps) → slot, for the paths we write and a few common others. */
function slotOfPath (objectType: string, steps: string[]): Slot | undefined {
  const path = `${objectType}:${steps.join('.')}`
  switch (path) {
    case 'network-traffic:src_ref.value': return 'ip-src'
    case 'network-traffic:dst_ref.value': case 'ipv4-addr:value': case 'ipv6-addr:value': return 'ip-dst'
    case 'domain-name:value': return 'domain'
    case 'domain-name:resolves_to_refs.[*].value': return 'ip-resolved'
    case 'url:value': return 'url'
    case 'email-message:from_ref.value': return 'email-from'
    case 'email-message:to_refs.[*].value': return 'email-to'
    case 'email-message:subject': return 'subject'
    case 'email-addr:value': return 'email'
    case 'file:name': return 'filename'
    case 'mutex:name': return 'mutex'
  }
  return objectType === 'file' && steps.length === 2 && steps[0] === 'hashes' ? hashSlot(steps[1] ?? '') : undefined
}

/**
 * What a STIX pattern states, as observations: its `path = 'value'`
 * comparisons (and integer ports and AS numbers) that have a slot. A slot met
 * twice starts a new observation, so `[a = 'x'] OR [a = 'y']` gives two.
 */
export function observationsOfPattern (pattern: string): Observation[] {
  const found: Array<[Slot, string]> = []
  for (const c of findEqualityComparisons(pattern)) {
    const slot = slotOfPath(c.objectType, c.steps)
    if (slot !== undefined) found.push([slot, c.value])
  }
  for (const m of pattern.matchAll(/network-traffic:(src|dst)_port\s*=\s*(\d{1,5})(?!\d)/g)) found.push([`port-${m[1] as 'src' | 'dst'}`, m[2] as string])
  for (const m of pattern.matchAll(/autonomous-system:number\s*=\s*(\d{1,10})(?!\d)/g)) found.push(['asn', m[1] as string])
  const out: Observation[] = []
  let current: Observation = {}
  for (const [slot, value] of found) {
    if (current[slot] !== undefined) { out.push(current); current = {} }
    current[slot] = value
  }
  if (Object.keys(current).length > 0) out.push(current)
  return out
}

function refValue (ref: unknown, byId: ReadonlyMap<string, StixObject>): string | undefined {
  const target = typeof ref === 'string' ? byId.get(ref) : undefined
  return typeof target?.value === 'string' ? target.value : undefined
}

/** The observation one cyber-observable (with what it references) states, or undefined for types without slots. */
export function observationOfObservable (sco: StixObject, byId: ReadonlyMap<string, StixObject>): Observation | undefined {
  const o: Observation = {}
  const set = (slot: Slot, value: unknown): void => { if (typeof value === 'string' && value !== '') o[slot] = value }
  switch (sco.type) {
    case 'network-traffic':
      set('ip-src', refValue(sco.src_ref, byId))
      set('ip-dst', refValue(sco.dst_ref, byId))
      if (typeof sco.src_port === 'number') o['port-src'] = String(sco.src_port)
      if (typeof sco.dst_port === 'number') o['port-dst'] = String(sco.dst_port)
      break
    case 'ipv4-addr': case 'ipv6-addr': set('ip-dst', sco.value); break
    case 'domain-name':
      set('domain', sco.value)
      if (Array.isArray(sco.resolves_to_refs)) set('ip-resolved', refValue(sco.resolves_to_refs[0], byId))
      break
    case 'url': set('url', sco.value); break
    case 'email-addr': set('email', sco.value); break
    case 'email-message':
      set('email-from', refValue(sco.from_ref, byId))
      if (Array.isArray(sco.to_refs)) set('email-to', refValue(sco.to_refs[0], byId))
      set('subject', sco.subject)
      break
    case 'file':
      set('filename', sco.name)
      if (typeof sco.hashes === 'object' && sco.hashes !== null) {
        for (const [key, value] of Object.entries(sco.hashes)) {
          const slot = hashSlot(key)
          if (slot !== undefined) set(slot, value)
        }
      }
      break
    case 'autonomous-system': if (typeof sco.number === 'number') o.asn = String(sco.number); break
    case 'mutex': set('mutex', sco.name); break
    default: return undefined
  }
  return Object.keys(o).length === 0 ? undefined : o
}

/** One MISP attribute's type and value. */
export interface TypedValue { type: string, value: string }

function valueOf (o: Observation, slots: readonly Slot[]): string {
  return slots.map(slot => slot === 'asn' ? `AS${o[slot] as string}` : o[slot] as string).join('|')
}

/**
 * The MISP attributes an observation becomes: one of `hint` (the `misp:type`
 * label) when its slots are exactly the observation's, else the first type
 * with exactly those slots, else one attribute per slot.
 */
export function attributesOf (o: Observation, hint?: string): TypedValue[] {
  const present = Object.keys(o) as Slot[]
  const hinted = hint === undefined ? undefined : slotsOf(hint)
  if (hint !== undefined && hinted !== undefined && hinted.length === present.length && hinted.every(s => o[s] !== undefined)) {
    return [{ type: hint, value: valueOf(o, hinted) }]
  }
  const exact = typeForSlots(present)
  if (exact !== undefined) return [{ type: exact, value: valueOf(o, slotsOf(exact) ?? present) }]
  return present.map(slot => {
    const single = slot === 'ip-resolved' ? 'ip-dst' : slot === 'port-src' ? 'port' : typeForSlots([slot]) ?? 'text'
    return { type: single, value: valueOf(o, [slot]) }
  })
}
