import { isIntegerIn, isRecord, problem } from './checks.js'
import { EXTENSION_TYPES, NOT_RELATABLE } from './kinds.js'
import { checkRefType } from './required.js'
import { compareTimestamps, isStixTimestamp } from './timestamps.js'
import type { Problem } from './checks.js'

type Constraint = (object: Record<string, unknown>) => Problem | undefined

const OPINIONS = new Set(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'])
const MAX_COUNT = 999_999_999

/** `later` (when both are present) is not before `earlier`; with `strict`, strictly after. */
function ordered (object: Record<string, unknown>, earlier: string, later: string, strict = false): Problem | undefined {
  const a = object[earlier]
  const b = object[later]
  if (!isStixTimestamp(a) || !isStixTimestamp(b)) return undefined
  const cmp = compareTimestamps(b, a)
  if (strict ? cmp <= 0 : cmp < 0) return problem(later, `must be ${strict ? 'later than' : 'no earlier than'} ${earlier}`)
  return undefined
}

const seen: Constraint = o => ordered(o, 'first_seen', 'last_seen')

function isLowerTypeWord (value: string): boolean {
  // relationship_type: "MUST be in ASCII and limited to a–z, 0–9 and hyphen" (spec 5.1).
  if (value.length === 0) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false
  }
  return true
}

function location (o: Record<string, unknown>): Problem | undefined {
  const hasLat = 'latitude' in o
  if (hasLat !== ('longitude' in o)) return problem(hasLat ? 'longitude' : 'latitude', 'must be given together with the other coordinate')
  if (!hasLat && !('region' in o) && !('country' in o)) return problem('region', 'one of region, country or latitude/longitude is required')
  if ('precision' in o && !hasLat) return problem('precision', 'requires latitude and longitude')
  if (hasLat && !(typeof o.latitude === 'number' && o.latitude >= -90 && o.latitude <= 90)) return problem('latitude', 'must be a number from -90 to 90')
  if (hasLat && !(typeof o.longitude === 'number' && o.longitude >= -180 && o.longitude <= 180)) return problem('longitude', 'must be a number from -180 to 180')
  return undefined
}

function observedData (o: Record<string, unknown>): Problem | undefined {
  if (('objects' in o) === ('object_refs' in o)) return problem('object_refs', 'exactly one of object_refs or objects is required')
  if ('objects' in o && !isRecord(o.objects)) return problem('objects', 'must be a dictionary of observables')
  if (!isIntegerIn(o.number_observed, 1, MAX_COUNT)) return problem('number_observed', `must be an integer from 1 to ${MAX_COUNT}`)
  return ordered(o, 'first_observed', 'last_observed')
}

function relationship (o: Record<string, unknown>): Problem | undefined {
  if (!isLowerTypeWord(o.relationship_type as string)) return problem('relationship_type', 'must contain only a-z, 0-9 and hyphen')
  return checkRefType(o, 'source_ref', NOT_RELATABLE, true) ??
    checkRefType(o, 'target_ref', NOT_RELATABLE, true) ??
    ordered(o, 'start_time', 'stop_time', true)
}

function sighting (o: Record<string, unknown>): Problem | undefined {
  if ('count' in o && !isIntegerIn(o.count, 0, MAX_COUNT)) return problem('count', `must be an integer from 0 to ${MAX_COUNT}`)
  return checkRefType(o, 'sighting_of_ref', NOT_RELATABLE, true) ??
    checkRefType(o, 'observed_data_refs', new Set(['observed-data']), false) ??
    checkRefType(o, 'where_sighted_refs', new Set(['identity', 'location']), false) ??
    ordered(o, 'first_seen', 'last_seen')
}

function extensionDefinition (o: Record<string, unknown>): Problem | undefined {
  const types = o.extension_types as string[]
  const bad = types.findIndex(t => !EXTENSION_TYPES.has(t))
  if (bad >= 0) return problem(`extension_types[${bad}]`, 'must be one of the extension-type values')
  if ('extension_properties' in o && !types.includes('toplevel-property-extension')) {
    return problem('extension_properties', 'is only allowed for a toplevel-property-extension')
  }
  return undefined
}

/** Co-constraints beyond required properties, per type (spec wording in the reasons). */
export const CONSTRAINTS: Readonly<Record<string, Constraint>> = {
  campaign: seen,
  'intrusion-set': seen,
  'threat-actor': seen,
  infrastructure: seen,
  indicator: o => ordered(o, 'valid_from', 'valid_until', true),
  malware: o => {
    if (o.is_family === true && typeof o.name !== 'string') return problem('name', 'is required when is_family is true')
    return seen(o)
  },
  'malware-analysis': o => {
    if (!('result' in o) && !('analysis_sco_refs' in o)) return problem('result', 'one of result or analysis_sco_refs is required')
    return checkRefType(o, 'sample_ref', new Set(['file', 'artifact', 'network-traffic']), false) ??
      ordered(o, 'analysis_started', 'analysis_ended')
  },
  location,
  'observed-data': observedData,
  opinion: o => OPINIONS.has(o.opinion as string) ? undefined : problem('opinion', 'must be one of the opinion-enum values'),
  relationship,
  sighting,
  'extension-definition': extensionDefinition,
  'language-content': o => checkRefType(o, 'object_ref', new Set(['bundle', 'language-content']), true)
}
