import { ApiError } from '../api/errors.js'
import { ALL_INTEL_COLLECTION_ID, STIX_MEDIA_TYPE } from './constants.js'
import type { CollectionPreset } from '../config/types.js'
import type { IntelmeshNodeApi } from '../node/types.js'

/** The built-in read-only collection of all intel this node holds (its policy is never used). */
export const ALL_INTEL_COLLECTION: CollectionPreset = {
  id: ALL_INTEL_COLLECTION_ID,
  title: 'All intelligence',
  description: 'Every STIX object of the intelligence this node holds, whatever its distribution policy (read only)',
  policy: { tlp: 'RED' }
}

/** True for the built-in read-only collection. */
export function isAllIntel (preset: CollectionPreset): boolean {
  return preset.id === ALL_INTEL_COLLECTION_ID
}

/** Every collection: the read-only "All intelligence", then the node's presets. */
export function listCollections (node: IntelmeshNodeApi): CollectionPreset[] {
  return [ALL_INTEL_COLLECTION, ...node.config.collections.filter(c => c.id !== ALL_INTEL_COLLECTION_ID)]
}

/** A collection resource: presets are readable and writable, "All intelligence" only readable. */
export function collectionResource (preset: CollectionPreset): Record<string, unknown> {
  return {
    id: preset.id,
    title: preset.title,
    ...(preset.description == null ? {} : { description: preset.description }),
    can_read: true,
    can_write: !isAllIntel(preset),
    media_types: [STIX_MEDIA_TYPE]
  }
}

/** The collection of an id, or a 404. */
export function findCollection (node: IntelmeshNodeApi, id: string): CollectionPreset {
  const preset = listCollections(node).find(c => c.id === id)
  if (preset == null) throw new ApiError('NOT_FOUND', `collection ${id} does not exist`)
  return preset
}

/** The collection of an id if it accepts writes; 403 for "All intelligence", 404 for unknown ids. */
export function findWritableCollection (node: IntelmeshNodeApi, id: string): CollectionPreset {
  const preset = findCollection(node, id)
  if (isAllIntel(preset)) throw new ApiError('FORBIDDEN', `collection ${id} (${preset.title}) is read only: publish through a preset collection, which sets the distribution policy`)
  return preset
}
