import { InvalidMispEventError } from './errors.js'
import { label } from './labels.js'
import { observablesOf, patternOf } from './observable.js'
import { checkSlot, slotsOf } from './slots.js'
import type { StixObject } from '../stix/types.js'
import type { Observation } from './slots.js'
import type { MispAttribute } from './types.js'

/** What one attribute becomes: its main STIX object (the one reports and groupings reference) and the rest. */
export interface ConvertedAttribute {
  main: StixObject
  others: StixObject[]
  /** False when the type has no STIX mapping and travels as an `x-misp-attribute`. */
  mapped: boolean
}

/** Context an attribute is converted in. */
export interface AttributeContext {
  /** The attribute's path in the input, for errors (`Event.Object[0].Attribute[2]`). */
  path: string
  /** STIX timestamp used when the attribute has none of its own. */
  time: string
  /** Marking ids for its objects (its own TLP tag, else the event's). */
  markings: string[]
  createdBy?: string
  /** Its non-TLP, non-galaxy tags: labels of its main object. */
  tags: string[]
}

/** Attribute types that become a STIX domain object of their own, whatever `to_ids` says. */
const SDO_TYPES: Readonly<Record<string, string>> = {
  vulnerability: 'vulnerability',
  'threat-actor': 'threat-actor',
  'campaign-name': 'campaign'
}

/** MISP seconds → STIX timestamp. */
export function stixTime (seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

function isoToStix (value: string): string {
  return new Date(Date.parse(value)).toISOString()
}

function observation (a: MispAttribute, path: string): Observation | undefined {
  const slots = slotsOf(a.type)
  if (slots === undefined) return undefined
  const parts = slots.length === 1 ? [a.value] : a.value.split('|')
  if (parts.length !== slots.length) {
    throw new InvalidMispEventError(`${path}.value`, `a ${a.type} value has ${slots.length} parts separated by "|", got ${parts.length}`)
  }
  const o: Observation = {}
  slots.forEach((slot, i) => {
    const checked = checkSlot(slot, parts[i] as string)
    if ('reason' in checked) throw new InvalidMispEventError(`${path}.value`, `${checked.reason} (type ${a.type})`)
    o[slot] = checked.value
  })
  return o
}

function common (a: MispAttribute, ctx: AttributeContext): Record<string, unknown> {
  const created = a.timestamp === undefined ? ctx.time : stixTime(a.timestamp)
  const labels = [label('type', a.type)]
  if (a.category !== undefined) labels.push(label('category', a.category))
  if (a.to_ids) labels.push(label('to_ids', 'True'))
  if (a.object_relation !== undefined) labels.push(label('object-relation', a.object_relation))
  const out: Record<string, unknown> = { spec_version: '2.1', created, modified: created, labels: [...new Set([...labels, ...ctx.tags])] }
  if (ctx.createdBy !== undefined) out.created_by_ref = ctx.createdBy
  if (ctx.markings.length > 0) out.object_marking_refs = ctx.markings
  return out
}

function seen (a: MispAttribute, path: string, created: string): { first: string, last?: string } {
  const first = a.first_seen === undefined ? created : isoToStix(a.first_seen)
  if (a.last_seen === undefined) return { first }
  const last = isoToStix(a.last_seen)
  if (Date.parse(last) >= Date.parse(first)) return { first, last }
  if (a.first_seen !== undefined) throw new InvalidMispEventError(`${path}.last_seen`, 'must not be earlier than first_seen')
  // Only last_seen given, before the attribute's own time: it is also the earliest sighting we know of.
  return { first: last, last }
}

/**
 * One MISP attribute → STIX, ids built from its uuid so a round trip keeps
 * them: an observable type with `to_ids` → `indicator--<uuid>` with a STIX
 * pattern; without → `observed-data--<uuid>` and its cyber-observables;
 * vulnerability, threat-actor, campaign-name → that SDO; anything else → an
 * `x-misp-attribute--<uuid>` custom object that carries it unchanged
 * (`mapped: false`). Throws InvalidMispEventError for a value its type refuses.
 */
export function attributeToStix (a: MispAttribute, ctx: AttributeContext): ConvertedAttribute {
  const base = common(a, ctx)
  const created = base.created as string
  const sdo = SDO_TYPES[a.type]
  if (sdo !== undefined) {
    const main: StixObject = { type: sdo, id: `${sdo}--${a.uuid}`, ...base, name: a.value }
    if (a.comment !== undefined) main.description = a.comment
    if (sdo === 'vulnerability' && /^CVE-\d{4}-\d{4,}$/i.test(a.value)) main.external_references = [{ source_name: 'cve', external_id: a.value.toUpperCase() }]
    return { main, others: [], mapped: true }
  }
  const o = observation(a, ctx.path)
  if (o === undefined) {
    const main: StixObject = { type: 'x-misp-attribute', id: `x-misp-attribute--${a.uuid}`, ...base, x_misp_type: a.type, x_misp_value: a.value }
    if (a.category !== undefined) main.x_misp_category = a.category
    if (a.comment !== undefined) main.x_misp_comment = a.comment
    if (a.to_ids) main.x_misp_to_ids = true
    return { main, others: [], mapped: false }
  }
  const time = seen(a, ctx.path, created)
  if (a.to_ids) {
    const main: StixObject = {
      type: 'indicator',
      id: `indicator--${a.uuid}`,
      ...base,
      pattern: patternOf(o, slotsOf(a.type) ?? []),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: time.first
    }
    // valid_until must be later than valid_from (§4.7): a last_seen equal to first_seen is left out.
    if (time.last !== undefined && Date.parse(time.last) > Date.parse(time.first)) main.valid_until = time.last
    if (a.comment !== undefined) main.description = a.comment
    return { main, others: [], mapped: true }
  }
  const observables = observablesOf(o, a.uuid).map(sco => ctx.markings.length > 0 ? { ...sco, object_marking_refs: ctx.markings } : sco)
  const main: StixObject = {
    type: 'observed-data',
    id: `observed-data--${a.uuid}`,
    ...base,
    first_observed: time.first,
    last_observed: time.last ?? time.first,
    number_observed: 1,
    object_refs: observables.map(sco => sco.id)
  }
  // observed-data has no description property: the comment is carried as misp-stix does.
  if (a.comment !== undefined) main.x_misp_comment = a.comment
  return { main, others: observables, mapped: true }
}
