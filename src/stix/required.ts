import { isRecord, isStringList, problem } from './checks.js'
import { identifierType, isIdentifier } from './identifiers.js'
import { isStixTimestamp } from './timestamps.js'
import type { Expect, Problem, RequiredTable } from './checks.js'

/** Required properties of SDOs, SROs and meta objects (STIX 2.1 §4–§7, as the OASIS schemas list them). */
export const REQUIRED: RequiredTable = {
  'attack-pattern': [['name', 'string']],
  campaign: [['name', 'string']],
  'course-of-action': [['name', 'string']],
  grouping: [['context', 'string'], ['object_refs', 'identifiers']],
  identity: [['name', 'string']],
  incident: [['name', 'string']],
  indicator: [['pattern', 'string'], ['pattern_type', 'string'], ['valid_from', 'timestamp']],
  infrastructure: [['name', 'string']],
  'intrusion-set': [['name', 'string']],
  location: [],
  malware: [['is_family', 'boolean']],
  'malware-analysis': [['product', 'string']],
  note: [['content', 'string'], ['object_refs', 'identifiers']],
  'observed-data': [['first_observed', 'timestamp'], ['last_observed', 'timestamp'], ['number_observed', 'integer']],
  opinion: [['object_refs', 'identifiers'], ['opinion', 'string']],
  report: [['name', 'string'], ['published', 'timestamp'], ['object_refs', 'identifiers']],
  'threat-actor': [['name', 'string']],
  tool: [['name', 'string']],
  vulnerability: [['name', 'string']],
  relationship: [['relationship_type', 'string'], ['source_ref', 'any'], ['target_ref', 'any']],
  sighting: [['sighting_of_ref', 'any']],
  'extension-definition': [['name', 'string'], ['schema', 'string'], ['version', 'string'], ['extension_types', 'strings']],
  'language-content': [['object_ref', 'any'], ['contents', 'object']]
}

function hasType (value: unknown, expect: Expect): boolean {
  switch (expect) {
    case 'string': return typeof value === 'string'
    case 'boolean': return typeof value === 'boolean'
    case 'integer': return typeof value === 'number' && Number.isInteger(value)
    case 'timestamp': return isStixTimestamp(value)
    case 'strings': return isStringList(value)
    case 'identifiers': return Array.isArray(value) && value.length > 0 && value.every(isIdentifier)
    case 'object': return isRecord(value)
    case 'any': return true
  }
}

const DESCRIBE: Readonly<Record<Expect, string>> = {
  string: 'must be a string',
  boolean: 'must be a boolean',
  integer: 'must be an integer',
  timestamp: 'must be a STIX timestamp (RFC 3339, UTC, Z)',
  strings: 'must be a non-empty list of strings',
  identifiers: 'must be a non-empty list of identifiers',
  object: 'must be an object',
  any: 'is required'
}

/** Checks that every listed property is present with the expected value type. */
export function checkRequired (object: Record<string, unknown>, list: ReadonlyArray<readonly [string, Expect]>): Problem | undefined {
  for (const [field, expect] of list) {
    if (!(field in object)) return problem(field, 'is required')
    if (!hasType(object[field], expect)) return problem(field, DESCRIBE[expect])
  }
  return undefined
}

/** A ref property (when present) points at one of `types`, or (with `exclude`) at none of them. */
export function checkRefType (object: Record<string, unknown>, field: string, types: ReadonlySet<string>, exclude: boolean): Problem | undefined {
  const value = object[field]
  if (value === undefined) return undefined
  const list = Array.isArray(value) ? value : [value]
  for (let i = 0; i < list.length; i++) {
    const type = identifierType(list[i])
    const at = Array.isArray(value) ? `${field}[${i}]` : field
    if (type === undefined) return problem(at, 'must be an identifier')
    if (types.has(type) === exclude) {
      return problem(at, exclude ? `must not point at a ${type}` : `must point at one of: ${[...types].join(', ')}`)
    }
  }
  return undefined
}
