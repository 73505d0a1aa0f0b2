import { isRfc4122Uuid } from '../stix/identifiers.js'
import { MAX_ATTRIBUTES, MAX_EVENT_LENGTH, MAX_VALUE_LENGTH } from './constants.js'
import { InvalidMispEventError } from './errors.js'
import type { MispAttribute, MispEvent, MispGalaxy, MispGalaxyCluster, MispObject, MispOrg, MispTag } from './types.js'

type Json = Record<string, unknown>

const ATTRIBUTE_TYPE = /^[A-Za-z0-9][A-Za-z0-9|_-]{0,63}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function isRecord (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** MISP writes `null` for an absent optional field; both mean "not given". */
function absent (value: unknown): boolean {
  return value === undefined || value === null
}

function fail (field: string, message: string): never {
  throw new InvalidMispEventError(field, message)
}

function reqString (o: Json, key: string, at: string): string {
  const value = o[key]
  if (typeof value !== 'string' || value.trim() === '') fail(`${at}.${key}`, 'is required and must be a non-empty string')
  return value
}

function optString (o: Json, key: string, at: string): string | undefined {
  const value = o[key]
  if (absent(value)) return undefined
  if (typeof value !== 'string') fail(`${at}.${key}`, 'must be a string')
  return value
}

/** MISP writes small enumerations (`threat_level_id`, `distribution`) as digit strings, some tools as numbers. */
function optCode (o: Json, key: string, at: string, max: number): string | undefined {
  const value = o[key]
  if (absent(value)) return undefined
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^\d$/.test(text) || Number(text) > max) fail(`${at}.${key}`, `must be a digit from 0 to ${max}`)
  return text
}

function uuid (o: Json, at: string): string {
  const value = o.uuid
  if (typeof value !== 'string' || !isRfc4122Uuid(value)) fail(`${at}.uuid`, 'is required and must be an RFC 4122 UUID')
  return value.toLowerCase()
}

/** Seconds since the epoch, as a digit string (MISP) or an integer. */
function seconds (o: Json, key: string, at: string): number | undefined {
  const value = o[key]
  if (absent(value)) return undefined
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail(`${at}.${key}`, 'must be seconds since the Unix epoch (digits)')
  return n
}

function isoTime (o: Json, key: string, at: string): string | undefined {
  const value = optString(o, key, at)
  if (value === undefined) return undefined
  if (Number.isNaN(Date.parse(value))) fail(`${at}.${key}`, 'must be an ISO 8601 date and time')
  return value
}

function toIds (o: Json, at: string): boolean {
  const value = o.to_ids
  if (absent(value)) return false
  if (typeof value === 'boolean') return value
  if (value === 0 || value === '0') return false
  if (value === 1 || value === '1') return true
  return fail(`${at}.to_ids`, 'must be true or false')
}

function list (o: Json, key: string, at: string): unknown[] {
  const value = o[key]
  if (absent(value)) return []
  if (!Array.isArray(value)) fail(`${at}.${key}`, 'must be a list')
  return value
}

function records (o: Json, key: string, at: string): Array<[Json, string]> {
  return list(o, key, at).map((item, i) => {
    const path = `${at}.${key}[${i}]`
    if (!isRecord(item)) fail(path, 'must be an object')
    return [item, path]
  })
}

function tags (o: Json, at: string): MispTag[] {
  return records(o, 'Tag', at).map(([t, path]) => ({ name: reqString(t, 'name', path) }))
}

function cluster (c: Json, at: string): MispGalaxyCluster {
  const out: MispGalaxyCluster = { uuid: uuid(c, at), value: reqString(c, 'value', at) }
  const type = optString(c, 'type', at)
  if (type !== undefined) out.type = type
  const description = optString(c, 'description', at)
  if (description !== undefined) out.description = description
  if (!absent(c.meta)) {
    if (!isRecord(c.meta)) fail(`${at}.meta`, 'must be an object')
    const synonyms = c.meta.synonyms
    if (!absent(synonyms)) {
      if (!Array.isArray(synonyms) || !synonyms.every(s => typeof s === 'string' && s !== '')) fail(`${at}.meta.synonyms`, 'must be a list of strings')
      out.meta = { synonyms }
    }
  }
  return out
}

function galaxies (o: Json, at: string): MispGalaxy[] {
  return records(o, 'Galaxy', at).map(([g, path]) => {
    const galaxy: MispGalaxy = { type: reqString(g, 'type', path), GalaxyCluster: records(g, 'GalaxyCluster', path).map(([c, p]) => cluster(c, p)) }
    if (!absent(g.uuid)) galaxy.uuid = uuid(g, path)
    const name = optString(g, 'name', path)
    if (name !== undefined) galaxy.name = name
    const description = optString(g, 'description', path)
    if (description !== undefined) galaxy.description = description
    return galaxy
  })
}

function attribute (a: Json, at: string, inObject: boolean): MispAttribute {
  const type = reqString(a, 'type', at)
  if (!ATTRIBUTE_TYPE.test(type)) fail(`${at}.type`, 'is not a MISP attribute type name')
  const raw = a.value
  const value = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw
  if (typeof value !== 'string' || value.trim() === '') fail(`${at}.value`, 'is required and must be a non-empty string')
  if (value.length > MAX_VALUE_LENGTH) fail(`${at}.value`, `is longer than ${MAX_VALUE_LENGTH} characters`)
  const out: MispAttribute = { uuid: uuid(a, at), type, value, to_ids: toIds(a, at), Tag: tags(a, at), Galaxy: galaxies(a, at) }
  for (const key of ['category', 'comment'] as const) {
    const text = optString(a, key, at)
    if (text !== undefined && text !== '') out[key] = text
  }
  const timestamp = seconds(a, 'timestamp', at)
  if (timestamp !== undefined) out.timestamp = timestamp
  for (const key of ['first_seen', 'last_seen'] as const) {
    const time = isoTime(a, key, at)
    if (time !== undefined) out[key] = time
  }
  if (inObject) out.object_relation = reqString(a, 'object_relation', at)
  return out
}

function object (o: Json, at: string): MispObject {
  const attributes = records(o, 'Attribute', at)
  if (attributes.length === 0) fail(`${at}.Attribute`, 'an object needs at least one attribute')
  const out: MispObject = { uuid: uuid(o, at), name: reqString(o, 'name', at), Attribute: attributes.map(([a, path]) => attribute(a, path, true)) }
  for (const key of ['meta-category', 'comment'] as const) {
    const text = optString(o, key, at)
    if (text !== undefined && text !== '') out[key] = text
  }
  if (!absent(o.template_uuid)) out.template_uuid = uuid({ uuid: o.template_uuid }, `${at}.template`)
  const timestamp = seconds(o, 'timestamp', at)
  if (timestamp !== undefined) out.timestamp = timestamp
  return out
}

function org (o: Json, at: string): MispOrg | undefined {
  const value = o.Orgc
  if (absent(value)) return undefined
  if (!isRecord(value)) fail(`${at}.Orgc`, 'must be an object')
  const out: MispOrg = { name: reqString(value, 'name', `${at}.Orgc`) }
  if (!absent(value.uuid)) out.uuid = uuid(value, `${at}.Orgc`)
  return out
}

function parseText (text: string): unknown {
  if (text.length > MAX_EVENT_LENGTH) fail('(event)', `is longer than ${MAX_EVENT_LENGTH} characters`)
  try {
    return JSON.parse(text)
  } catch {
    // The parser's message quotes the input, which is intelligence: name the problem only.
    return fail('(event)', 'is not JSON text')
  }
}

/**
 * Parses and validates a MISP event in the MISP core format: `{"Event": {…}}`
 * (or the bare event object), as JSON text or an already parsed value.
 * Throws InvalidMispEventError (MISP_INVALID) naming the path of the first bad
 * field. Values are checked against their attribute type later, by `mispToStix`.
 */
export function parseMispEvent (input: unknown): MispEvent {
  const value = typeof input === 'string' ? parseText(input) : input
  if (!isRecord(value)) return fail('(event)', 'must be a JSON object holding "Event"')
  const wrapped = 'Event' in value
  const e = wrapped ? value.Event : value
  const at = 'Event'
  if (!isRecord(e)) return fail(at, 'must be an object')
  const event: MispEvent = {
    uuid: uuid(e, at),
    info: reqString(e, 'info', at),
    Attribute: records(e, 'Attribute', at).map(([a, path]) => attribute(a, path, false)),
    Object: records(e, 'Object', at).map(([o, path]) => object(o, path)),
    Galaxy: galaxies(e, at),
    Tag: tags(e, at)
  }
  const date = optString(e, 'date', at)
  if (date !== undefined) {
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) fail(`${at}.date`, 'must be a date, YYYY-MM-DD')
    event.date = date
  }
  for (const key of ['timestamp', 'publish_timestamp'] as const) {
    const time = seconds(e, key, at)
    if (time !== undefined) event[key] = time
  }
  if (!absent(e.published)) {
    if (typeof e.published !== 'boolean') fail(`${at}.published`, 'must be true or false')
    event.published = e.published
  }
  const threat = optCode(e, 'threat_level_id', at, 4)
  if (threat !== undefined) event.threat_level_id = threat
  const analysis = optCode(e, 'analysis', at, 2)
  if (analysis !== undefined) event.analysis = analysis
  const distribution = optCode(e, 'distribution', at, 5)
  if (distribution !== undefined) event.distribution = distribution
  const orgc = org(e, at)
  if (orgc !== undefined) event.Orgc = orgc
  checkCounts(event)
  return event
}

/** Attribute uuids become STIX ids: two attributes with one uuid would be one object. */
function checkCounts (event: MispEvent): void {
  const seen = new Set<string>()
  let count = 0
  const check = (a: MispAttribute, path: string): void => {
    if (++count > MAX_ATTRIBUTES) fail('Event.Attribute', `the event holds more than ${MAX_ATTRIBUTES} attributes`)
    if (seen.has(a.uuid)) fail(`${path}.uuid`, `${a.uuid} is used by another attribute or object of the event`)
    seen.add(a.uuid)
  }
  event.Attribute.forEach((a, i) => { check(a, `Event.Attribute[${i}]`) })
  event.Object.forEach((o, i) => {
    if (seen.has(o.uuid)) fail(`Event.Object[${i}].uuid`, `${o.uuid} is used by another attribute or object of the event`)
    seen.add(o.uuid)
    o.Attribute.forEach((a, j) => { check(a, `Event.Object[${i}].Attribute[${j}]`) })
  })
  if (count === 0 && event.Galaxy.length === 0) fail('Event.Attribute', 'the event holds no attribute, object or galaxy: nothing to share')
}
