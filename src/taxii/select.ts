import { encodeCursor, normalizeTimestamp } from './filters.js'
import type { ObjectFilter } from './filters.js'

/** One version of one STIX object in a collection: a manifest entry and where it is stored. */
export interface ObjectVersion {
  id: string
  type: string
  /** The object's `modified` (or, lacking one, its date added), as text. */
  version: string
  /** STIX specification version of the object. */
  specVersion: string
  /** When this node stored the bundle holding it (ms since epoch): TAXII's date_added. */
  dateAdded: number
  bundleId: string
  origin: string
  /** Local log position of the bundle, then index of the object in it: the date-added order. */
  pos: number
  index: number
}

/** One page of versions. */
export interface Selection { items: ObjectVersion[], more: boolean, next?: string }

/**
 * Applies TAXII filters to a collection's versions (in date-added order) and cuts
 * one page. Order of application: id, type, spec_version; then match[version]
 * among what is left of each object; then added_after; then the cursor and limit.
 */
export function selectVersions (all: ObjectVersion[], filter: ObjectFilter): Selection {
  let entries = all.filter(e =>
    (filter.ids == null || filter.ids.has(e.id)) &&
    (filter.types == null || filter.types.has(e.type)) &&
    (filter.specVersions == null || filter.specVersions.has(e.specVersion)))
  entries = pickVersions(entries, filter)
  if (filter.addedAfter != null) {
    const addedAfter = filter.addedAfter
    entries = entries.filter(e => e.dateAdded > addedAfter)
  }
  const after = filter.after
  if (after != null) entries = entries.filter(e => e.pos > after.pos || (e.pos === after.pos && e.index > after.index))
  const items = entries.slice(0, filter.limit)
  const last = items[items.length - 1]
  const more = entries.length > items.length
  return more && last != null ? { items, more, next: encodeCursor(last.pos, last.index) } : { items, more: false }
}

/** Keeps, for each object id, the versions `match[version]` asks for; order is preserved. */
function pickVersions (entries: ObjectVersion[], filter: ObjectFilter): ObjectVersion[] {
  if (filter.versions.includes('all')) return entries
  const byId = new Map<string, ObjectVersion[]>()
  for (const e of entries) {
    const list = byId.get(e.id)
    if (list == null) byId.set(e.id, [e])
    else list.push(e)
  }
  const keep = new Set<ObjectVersion>()
  for (const versions of byId.values()) {
    const sorted = [...versions].sort((a, b) => compareVersion(a, b))
    for (const selector of filter.versions) {
      if (selector === 'first' && sorted[0] != null) keep.add(sorted[0])
      else if (selector === 'last' && sorted[sorted.length - 1] != null) keep.add(sorted[sorted.length - 1] as ObjectVersion)
      else if (typeof selector === 'object') {
        for (const v of sorted) if (versionKey(v) === selector.at) keep.add(v)
      }
    }
  }
  return entries.filter(e => keep.has(e))
}

function versionKey (v: ObjectVersion): string {
  return normalizeTimestamp(v.version) ?? v.version
}

/** By version timestamp, then by date added: of two copies of one version the earlier stored wins "first". */
function compareVersion (a: ObjectVersion, b: ObjectVersion): number {
  const ka = versionKey(a)
  const kb = versionKey(b)
  if (ka !== kb) return ka < kb ? -1 : 1
  return a.pos - b.pos || a.index - b.index
}

/** ISO text of a date added, as TAXII prints it. */
export function isoDate (ms: number): string {
  return new Date(ms).toISOString()
}
