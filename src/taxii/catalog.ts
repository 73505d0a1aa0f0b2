import { SCAN_PAGE_SIZE, STIX_SPEC_VERSION } from './constants.js'
import { isAllIntel } from './collections.js'
import { policyMatchesPreset } from './matching.js'
import { isoDate } from './select.js'
import type { ObjectVersion } from './select.js'
import type { CollectionPreset } from '../config/types.js'
import type { BundleView, IntelmeshNodeApi } from '../node/types.js'

/**
 * All object versions of a collection, in date-added order: every STIX object of
 * the active (stored, unexpired, unretracted) INTEL bundles whose policy matches
 * the preset (any policy, for "All intelligence"). Reads only bundle metadata: nothing is decrypted to list.
 * A version held by two bundles is listed once, from the earlier one.
 */
export async function collectionVersions (node: IntelmeshNodeApi, preset: CollectionPreset, now: number): Promise<ObjectVersion[]> {
  const out: ObjectVersion[] = []
  const seen = new Set<string>()
  let after: number | undefined
  do {
    const page = await node.listBundles({ kind: 'INTEL', limit: SCAN_PAGE_SIZE, ...(after == null ? {} : { after }) })
    for (const view of page.items) {
      if (!isActive(view, now) || !(isAllIntel(preset) || policyMatchesPreset(view.policy, preset))) continue
      view.objects.forEach((object, index) => {
        const version = object.modified ?? isoDate(view.receivedAt)
        const key = `${object.id}\u0000${version}`
        if (seen.has(key)) return
        seen.add(key)
        out.push({
          id: object.id,
          type: object.type,
          version,
          specVersion: STIX_SPEC_VERSION,
          dateAdded: view.receivedAt,
          bundleId: view.id,
          origin: view.origin,
          pos: view.pos,
          index
        })
      })
    }
    after = page.next
  } while (after != null)
  return out
}

function isActive (view: BundleView, now: number): boolean {
  return view.kind === 'INTEL' && (view.expires === 0 || view.expires > now)
}

/** Loads the STIX objects of the given versions, decrypting each bundle once. */
export async function loadObjects (node: IntelmeshNodeApi, versions: ObjectVersion[]): Promise<Array<Record<string, unknown>>> {
  const bundles = new Map<string, Array<Record<string, unknown>>>()
  for (const id of new Set(versions.map(v => v.bundleId))) {
    bundles.set(id, (await node.getBundle(id)).stix?.objects ?? [])
  }
  const out: Array<Record<string, unknown>> = []
  for (const v of versions) {
    const objects = bundles.get(v.bundleId) ?? []
    const atIndex = objects[v.index]
    const object = atIndex?.id === v.id ? atIndex : objects.find(o => o.id === v.id)
    if (object != null) out.push(object)
  }
  return out
}
