import { versionOf } from './duplicates.js'
import type { BundleSummary, ObjectSummary, StixBundle } from './types.js'

function optionalString (value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * Types and objects of a validated bundle, for indexes and TAXII: one entry
 * per distinct (id, version), where version is `modified`, else `created`.
 */
export function summarizeBundle (bundle: StixBundle): BundleSummary {
  const types = new Set<string>()
  const seen = new Set<string>()
  const objects: ObjectSummary[] = []
  for (const object of bundle.objects) {
    types.add(object.type)
    const version = versionOf(object)
    const key = `${object.id} ${version ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const entry: ObjectSummary = { id: object.id, type: object.type }
    const created = optionalString(object.created)
    const modified = optionalString(object.modified)
    const specVersion = optionalString(object.spec_version)
    if (created !== undefined) entry.created = created
    if (modified !== undefined) entry.modified = modified
    if (specVersion !== undefined) entry.specVersion = specVersion
    if (version !== undefined) entry.version = version
    objects.push(entry)
  }
  return { types: [...types].sort(), objects }
}
