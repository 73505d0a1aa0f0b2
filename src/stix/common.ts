import { isRecord, isIntegerIn, isStringList, problem } from './checks.js'
import { checkHashes } from './hashes.js'
import { identifierType, isStixType } from './identifiers.js'
import { EXTENSION_TYPES } from './kinds.js'
import { compareTimestamps, isMillisecondTimestamp, isStixTimestamp } from './timestamps.js'
import type { Problem } from './checks.js'
import type { ObjectClass } from './kinds.js'

/** Properties of the STIX 2.1 object model whose value is a timestamp. */
const TIMESTAMP_PROPERTIES: ReadonlySet<string> = new Set([
  'first_seen', 'last_seen', 'valid_from', 'valid_until', 'first_observed', 'last_observed',
  'published', 'start_time', 'stop_time', 'analysis_started', 'analysis_ended', 'submitted',
  'object_modified', 'ctime', 'mtime', 'atime', 'start', 'end', 'date', 'created_time',
  'modified_time', 'account_created', 'account_expires', 'credential_last_changed',
  'account_first_login', 'account_last_login', 'validity_not_before', 'validity_not_after'
])


/** `<name>-ext`, the key of a predefined (or custom, STIX 2.0-style) SCO extension. */
function isExtensionName (key: string): boolean {
  return key.endsWith('-ext') && isStixType(key)
}

/**
 * spec 3.1 / 11.1: ASCII letters, digits and underscore, 3–250 characters
 * (plus `id`), starting with a letter as the OASIS schemas and python-stix2
 * require. The schemas' own pattern is unanchored at the end and lets
 * `win-hook-type` through; hyphens are not allowed in any STIX version.
 */
function isPropertyName (key: string): boolean {
  if (key === 'id') return true
  if (key.length < 3 || key.length > 250) return false
  const first = key.charCodeAt(0) | 0x20
  if (first < 0x61 || first > 0x7a) return false
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    const lower = c | 0x20
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return false
  }
  return true
}

/** spec_version, created and modified, by object class. */
export function checkVersioning (object: Record<string, unknown>, cls: ObjectClass): Problem | undefined {
  const spec = object.spec_version
  if (spec === undefined) {
    if (cls !== 'sco') return problem('spec_version', 'is required')
  } else if (spec !== '2.1') {
    return problem('spec_version', 'must be "2.1"')
  }
  if (cls === 'sco') {
    for (const field of ['created', 'modified']) {
      if (field in object && !isStixTimestamp(object[field])) return problem(field, 'must be a STIX timestamp')
    }
    return undefined
  }
  const { created, modified } = object
  if (created === undefined) return problem('created', 'is required')
  // The schemas require millisecond precision of created/modified on every object but marking definitions.
  const valid = cls === 'marking' ? isStixTimestamp : isMillisecondTimestamp
  const format = cls === 'marking' ? 'must be a STIX timestamp (RFC 3339, UTC, Z)' : 'must be a STIX timestamp (RFC 3339, UTC, Z) with millisecond precision'
  if (!valid(created)) return problem('created', format)
  if (cls === 'marking') {
    return modified === undefined || isStixTimestamp(modified) ? undefined : problem('modified', format)
  }
  if (modified === undefined) return problem('modified', 'is required')
  if (!valid(modified)) return problem('modified', format)
  if (compareTimestamps(modified, created) < 0) return problem('modified', 'must not be earlier than created')
  return undefined
}

function checkExternalReference (ref: unknown, field: string): Problem | undefined {
  if (!isRecord(ref)) return problem(field, 'must be an external reference object')
  const { source_name: source, external_id: externalId } = ref
  if (typeof source !== 'string') return problem(`${field}.source_name`, 'is required')
  for (const key of ['description', 'url', 'external_id']) {
    if (key in ref && typeof ref[key] !== 'string') return problem(`${field}.${key}`, 'must be a string')
  }
  if (source === 'cve' || source === 'capec') {
    // spec 2.5: CVE and CAPEC references carry the canonical id.
    const ok = typeof externalId === 'string' &&
      (source === 'cve' ? /^CVE-\d{4}-(?:0\d{3}|[1-9]\d{3,})$/.test(externalId) : /^CAPEC-\d+$/.test(externalId))
    if (!ok) return problem(`${field}.external_id`, `must be a ${source.toUpperCase()} id`)
  } else if (!('external_id' in ref) && !('description' in ref) && !('url' in ref)) {
    return problem(field, 'needs at least one of description, url or external_id')
  }
  return 'hashes' in ref ? checkHashes(ref.hashes, `${field}.hashes`) : undefined
}

function checkGranularMarking (marking: unknown, field: string): Problem | undefined {
  if (!isRecord(marking)) return problem(field, 'must be a granular marking object')
  if (!isStringList(marking.selectors)) return problem(`${field}.selectors`, 'must be a non-empty list of selectors')
  const hasRef = 'marking_ref' in marking
  if (hasRef === ('lang' in marking)) return problem(`${field}.marking_ref`, 'needs exactly one of marking_ref or lang')
  if (hasRef && identifierType(marking.marking_ref) !== 'marking-definition') {
    return problem(`${field}.marking_ref`, 'must be a marking-definition id')
  }
  if (!hasRef && typeof marking.lang !== 'string') return problem(`${field}.lang`, 'must be a string')
  return undefined
}

function checkExtensions (extensions: unknown): Problem | undefined {
  if (!isRecord(extensions)) return problem('extensions', 'must be a dictionary')
  const keys = Object.keys(extensions)
  if (keys.length === 0) return problem('extensions', 'must not be empty')
  for (const key of keys) {
    const extension = extensions[key]
    const field = `extensions.${key}`
    if (!isRecord(extension) || Object.keys(extension).length === 0) return problem(field, 'must be a non-empty object')
    if (identifierType(key) === 'extension-definition') {
      if (typeof extension.extension_type !== 'string' || !EXTENSION_TYPES.has(extension.extension_type)) {
        return problem(`${field}.extension_type`, 'must be one of the extension-type values')
      }
    } else if (!isExtensionName(key)) {
      return problem(field, 'must be an extension-definition id or a "-ext" name')
    }
  }
  return undefined
}

function checkList (object: Record<string, unknown>, name: string, each: (item: unknown, field: string) => Problem | undefined): Problem | undefined {
  const list = object[name]
  if (list === undefined) return undefined
  if (!Array.isArray(list) || list.length === 0) return problem(name, 'must be a non-empty list')
  for (let i = 0; i < list.length; i++) {
    const found = each(list[i], `${name}[${i}]`)
    if (found !== undefined) return found
  }
  return undefined
}

function checkKillChainPhase (phase: unknown, field: string): Problem | undefined {
  if (!isRecord(phase)) return problem(field, 'must be a kill chain phase object')
  if (typeof phase.kill_chain_name !== 'string') return problem(`${field}.kill_chain_name`, 'is required')
  if (typeof phase.phase_name !== 'string') return problem(`${field}.phase_name`, 'is required')
  return undefined
}

function checkMarkingRef (ref: unknown, field: string): Problem | undefined {
  return identifierType(ref) === 'marking-definition' ? undefined : problem(field, 'must be a marking-definition id')
}

/** The rule of one common property, or undefined when `key` is not a common property. */
function checkCommonProperty (key: string, value: unknown, object: Record<string, unknown>): Problem | undefined {
  switch (key) {
    case 'created_by_ref': return identifierType(value) === 'identity' ? undefined : problem(key, 'must be an identity id')
    case 'labels': return isStringList(value) ? undefined : problem(key, 'must be a non-empty list of strings')
    case 'confidence': return isIntegerIn(value, 0, 100) ? undefined : problem(key, 'must be an integer from 0 to 100')
    case 'revoked':
    case 'defanged': return typeof value === 'boolean' ? undefined : problem(key, 'must be a boolean')
    case 'lang': return typeof value === 'string' ? undefined : problem(key, 'must be a string')
    case 'external_references': return checkList(object, key, checkExternalReference)
    case 'object_marking_refs': return checkList(object, key, checkMarkingRef)
    case 'granular_markings': return checkList(object, key, checkGranularMarking)
    case 'kill_chain_phases': return checkList(object, key, checkKillChainPhase)
    case 'extensions': return checkExtensions(value)
    case 'hashes': return checkHashes(value, key)
    default: return undefined
  }
}

/**
 * Property names and the common properties any object may carry, in one pass
 * over the keys. Timestamp properties are checked on STIX-defined types only
 * (`known`): a custom object's `date` is its own business.
 */
export function checkCommonProperties (object: Record<string, unknown>, known: boolean): Problem | undefined {
  for (const key of Object.keys(object)) {
    if (!isPropertyName(key)) return problem(key, 'is not a valid property name (letters, digits, _; 3 to 250 characters, starting with a letter)')
    const value = object[key]
    if (known && TIMESTAMP_PROPERTIES.has(key) && !isStixTimestamp(value)) {
      return problem(key, 'must be a STIX timestamp (RFC 3339, UTC, Z)')
    }
    const found = checkCommonProperty(key, value, object)
    if (found !== undefined) return found
  }
  return undefined
}
