import { MAX_DEPTH, MAX_ISSUES, MAX_OBJECTS } from './constants.js'
import { isRecord, problem } from './checks.js'
import { StixLimitError } from './errors.js'
import { checkCommonProperties, checkVersioning } from './common.js'
import { CONSTRAINTS } from './constraints.js'
import { findConflictingDuplicates } from './duplicates.js'
import { identifierType, isStixType } from './identifiers.js'
import { classify, META_TYPES, SCO_TYPES, SDO_TYPES, SRO_TYPES } from './kinds.js'
import { checkMarkingDefinition } from './marking-definition.js'
import { REQUIRED, checkRequired } from './required.js'
import { checkSco } from './sco.js'
import { pathToField, walkObject } from './walk.js'
import type { Problem } from './checks.js'
import type { StixIssue } from './types.js'

/** Limits applied by validateBundle. */
export interface ValidateLimits {
  /** Nesting allowed below the bundle (default MAX_DEPTH). */
  maxDepth?: number
  /** Default MAX_OBJECTS. */
  maxObjects?: number
}

function checkIdentity (o: Record<string, unknown>): Problem | undefined {
  if (!('type' in o)) return problem('type', 'is required')
  if (!isStixType(o.type)) return problem('type', 'must be 3-250 characters of a-z, 0-9 and single hyphens, starting with a letter')
  if (!('id' in o)) return problem('id', 'is required')
  const idType = identifierType(o.id)
  if (idType === undefined) return problem('id', 'must be "<type>--<RFC 4122 UUID>"')
  if (idType !== o.type) return problem('id', `must start with "${o.type}--"`)
  return undefined
}

function checkTypeSpecific (type: string, o: Record<string, unknown>): Problem | undefined {
  if (type === 'marking-definition') return checkMarkingDefinition(o)
  if (SCO_TYPES.has(type)) return checkSco(type, o)
  const required = REQUIRED[type]
  const found = required === undefined ? undefined : checkRequired(o, required)
  return found ?? CONSTRAINTS[type]?.(o)
}

/**
 * The first problem of one object, cheapest and most basic checks first:
 * identity, versioning, JSON shape and refs, common properties, then the
 * rules of its type. Throws StixLimitError when the object nests too deeply.
 */
export function checkObject (value: unknown, maxDepth = MAX_DEPTH): Problem | undefined {
  if (!isRecord(value)) return problem('(object)', 'must be a JSON object')
  const o = value
  const basic = checkIdentity(o)
  if (basic !== undefined) return basic
  const type = o.type as string
  const known = SDO_TYPES.has(type) || SRO_TYPES.has(type) || SCO_TYPES.has(type) || META_TYPES.has(type)
  const versioning = checkVersioning(o, classify(type, o))
  if (versioning !== undefined) return versioning
  // Depth below the object: the bundle and its objects list take two levels.
  const finding = walkObject(o, maxDepth - 2)
  if (finding?.tooDeep === true) {
    throw new StixLimitError('depth', maxDepth, `${o.id as string}: field "${pathToField(finding.path)}" nests deeper than ${maxDepth} levels`)
  }
  if (finding !== undefined) return problem(pathToField(finding.path) || '(object)', finding.reason)
  return checkCommonProperties(o, known) ?? checkTypeSpecific(type, o)
}

function issueFor (o: unknown, index: number, found: Problem): StixIssue {
  const id = isRecord(o) && typeof o.id === 'string' ? o.id : undefined
  return id === undefined ? { index, ...found } : { objectId: id, index, ...found }
}

/**
 * Validates a parsed bundle: the envelope (type, id, non-empty objects), the
 * first problem of every object, and conflicting duplicates. Returns the
 * issues (empty = valid), at most MAX_ISSUES; throws StixLimitError past maxObjects.
 */
export function validateBundle (value: unknown, limits: ValidateLimits = {}): StixIssue[] {
  const maxDepth = limits.maxDepth ?? MAX_DEPTH
  const maxObjects = limits.maxObjects ?? MAX_OBJECTS
  if (!isRecord(value)) return [{ field: '(bundle)', reason: 'must be a JSON object' }]
  const bundleId = typeof value.id === 'string' ? value.id : undefined
  const at = bundleId === undefined ? {} : { objectId: bundleId }
  if (value.type !== 'bundle') return [{ ...at, field: 'type', reason: 'must be "bundle"' }]
  if (identifierType(value.id) !== 'bundle') return [{ ...at, field: 'id', reason: 'must be "bundle--<RFC 4122 UUID>"' }]
  const objects = value.objects
  if (!Array.isArray(objects) || objects.length === 0) return [{ ...at, field: 'objects', reason: 'must be a non-empty list' }]
  if (objects.length > maxObjects) {
    throw new StixLimitError('objects', maxObjects, `${bundleId ?? 'bundle'}: holds ${objects.length} objects, more than the limit of ${maxObjects}`)
  }
  const issues: StixIssue[] = []
  for (let i = 0; i < objects.length && issues.length < MAX_ISSUES; i++) {
    const found = checkObject(objects[i], maxDepth)
    if (found !== undefined) issues.push(issueFor(objects[i], i, found))
  }
  if (issues.length > 0) return issues
  return findConflictingDuplicates(objects as Array<Record<string, unknown>>).slice(0, MAX_ISSUES)
}
