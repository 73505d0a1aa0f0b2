import type { StixIssue } from './types.js'

/** Key-order-independent JSON text, to compare two objects by content. */
function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).sort()
    return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The version of a validated object: `modified`, else `created` (marking definitions), else none. */
export function versionOf (object: Record<string, unknown>): string | undefined {
  const version = object.modified ?? object.created
  return typeof version === 'string' ? version : undefined
}

/**
 * Objects sharing `id` and version but not content. STIX 2.1 §3.6: id plus
 * `modified` identify one version, so two different objects under the same
 * pair contradict each other, and an index or a TAXII server keyed on them
 * would keep one at random. JSON schemas check objects one at a time and
 * cannot see this. Exact repeats are harmless and pass. Unversioned objects
 * (cyber-observables) are skipped: their deterministic ids cover only
 * id-contributing properties, so two observations may share an id.
 * Runs on already validated objects (depth is bounded).
 */
export function findConflictingDuplicates (objects: Array<Record<string, unknown>>): StixIssue[] {
  const first = new Map<string, number>()
  const issues: StixIssue[] = []
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i] as Record<string, unknown>
    const version = versionOf(object)
    if (version === undefined) continue
    const key = `${object.id as string} ${version}`
    const earlier = first.get(key)
    if (earlier === undefined) {
      first.set(key, i)
    } else if (canonicalJson(objects[earlier]) !== canonicalJson(object)) {
      issues.push({
        objectId: object.id as string,
        index: i,
        field: 'id',
        reason: `repeats objects[${earlier}] (same id and version ${version}) with different content`
      })
    }
  }
  return issues
}
