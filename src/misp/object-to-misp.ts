import { defaultCategory } from './categories.js'
import { readLabels } from './labels.js'
import { attributesOf, observationOfObservable, observationsOfPattern } from './observable.js'
import { uuidV5 } from './uuid.js'
import type { StixObject } from '../stix/types.js'
import type { TypedValue } from './observable.js'

/** A MISP attribute as the export writes it. */
export type MispAttributeJson = Record<string, unknown>

/** STIX SDOs that are attribute types of their own when they are no galaxy cluster. */
const SDO_ATTRIBUTE: Readonly<Record<string, string>> = {
  vulnerability: 'vulnerability',
  'threat-actor': 'threat-actor',
  campaign: 'campaign-name'
}

/** Indicator pattern languages (pattern-type-ov) → the MISP attribute type holding such a rule. */
const PATTERN_TYPES: Readonly<Record<string, string>> = {
  stix: 'stix2-pattern',
  snort: 'snort',
  suricata: 'snort',
  yara: 'yara',
  sigma: 'sigma'
}

/** The uuid part of a STIX id. */
export function uuidOf (id: string): string {
  return id.slice(id.length - 36)
}

/** STIX timestamp → MISP seconds (as MISP writes them, a digit string). */
export function seconds (time: unknown): string | undefined {
  if (typeof time !== 'string') return undefined
  const ms = Date.parse(time)
  return Number.isNaN(ms) ? undefined : String(Math.floor(ms / 1000))
}

/** SCO ids referenced by other SCOs of `ids` (network-traffic → address, …): what is left are the roots. */
export function referencedWithin (ids: readonly string[], byId: ReadonlyMap<string, StixObject>): Set<string> {
  const inner = new Set<string>()
  for (const id of ids) {
    const sco = byId.get(id)
    if (sco === undefined) continue
    for (const [key, value] of Object.entries(sco)) {
      if (key.endsWith('_ref') && typeof value === 'string') inner.add(value)
      if (key.endsWith('_refs') && Array.isArray(value)) for (const v of value) if (typeof v === 'string') inner.add(v)
    }
  }
  return inner
}

function typedValues (o: StixObject, byId: ReadonlyMap<string, StixObject>, hint: string | undefined): TypedValue[] {
  if (o.type === 'indicator') {
    const pattern = typeof o.pattern === 'string' ? o.pattern : ''
    const found = o.pattern_type === 'stix' ? observationsOfPattern(pattern).flatMap(ob => attributesOf(ob, hint)) : []
    // A pattern we cannot read is still an indicator MISP can hold as it is.
    return found.length > 0 ? found : [{ type: PATTERN_TYPES[String(o.pattern_type)] ?? 'text', value: pattern }]
  }
  if (o.type === 'observed-data') {
    const refs = Array.isArray(o.object_refs) ? o.object_refs.filter((r): r is string => typeof r === 'string') : []
    const inner = referencedWithin(refs, byId)
    return refs.filter(r => !inner.has(r)).flatMap(ref => {
      const sco = byId.get(ref)
      const ob = sco === undefined ? undefined : observationOfObservable(sco, byId)
      return ob === undefined ? [] : attributesOf(ob, hint)
    })
  }
  const observation = observationOfObservable(o, byId)
  return observation === undefined ? [] : attributesOf(observation, hint)
}

/**
 * The MISP attributes one STIX object stands for (indicator, observed-data,
 * a cyber-observable, an `x-misp-attribute`, or a vulnerability / threat-actor /
 * campaign that is no galaxy cluster), empty when it is none of those. The
 * first attribute keeps the object's uuid; more (an observable with several
 * values) get uuids derived from it. `extraTags` are added to each.
 */
export function attributesOfObject (o: StixObject, byId: ReadonlyMap<string, StixObject>, extraTags: string[]): MispAttributeJson[] {
  const { misp, tags } = readLabels(o.labels)
  const made: Array<TypedValue & { toIds: boolean, comment?: string, category?: string }> = []
  if (o.type === 'x-misp-attribute') {
    if (typeof o.x_misp_type !== 'string' || typeof o.x_misp_value !== 'string') return []
    made.push({ type: o.x_misp_type, value: o.x_misp_value, toIds: o.x_misp_to_ids === true, ...(typeof o.x_misp_comment === 'string' ? { comment: o.x_misp_comment } : {}), ...(typeof o.x_misp_category === 'string' ? { category: o.x_misp_category } : {}) })
  } else if (SDO_ATTRIBUTE[o.type] !== undefined) {
    if (typeof o.name !== 'string') return []
    made.push({ type: misp.type ?? SDO_ATTRIBUTE[o.type] as string, value: o.name, toIds: misp.to_ids === 'True', ...(typeof o.description === 'string' ? { comment: o.description } : {}) })
  } else {
    const toIds = o.type === 'indicator'
    const comment = o.type === 'indicator' ? (o.description ?? o.name) : o.x_misp_comment
    for (const tv of typedValues(o, byId, misp.type)) made.push({ ...tv, toIds, ...(typeof comment === 'string' ? { comment } : {}) })
  }
  const timestamp = seconds(o.modified ?? o.created)
  const created = o.created
  const firstSeen = o.type === 'indicator' ? o.valid_from : o.first_observed
  const lastSeen = o.type === 'indicator' ? o.valid_until : o.last_observed
  return made.map((m, i) => {
    const attribute: MispAttributeJson = {
      uuid: i === 0 ? uuidOf(o.id) : uuidV5(`${o.id}#${i}`),
      type: m.type,
      category: m.category ?? misp.category ?? defaultCategory(m.type),
      value: m.value,
      to_ids: m.toIds,
      distribution: '5',
      disable_correlation: false
    }
    if (m.comment !== undefined && m.comment !== '') attribute.comment = m.comment
    if (timestamp !== undefined) attribute.timestamp = timestamp
    // first/last seen are written only when they say more than the creation time did.
    if (typeof firstSeen === 'string' && firstSeen !== created) attribute.first_seen = firstSeen
    if (typeof lastSeen === 'string' && lastSeen !== firstSeen) attribute.last_seen = lastSeen
    if (misp['object-relation'] !== undefined) attribute.object_relation = misp['object-relation']
    const allTags = [...new Set([...tags, ...extraTags])]
    if (allTags.length > 0) attribute.Tag = allTags.map(name => ({ name }))
    return attribute
  })
}
