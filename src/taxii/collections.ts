import { ApiError } from '../api/errors.js'
import { STIX_MEDIA_TYPE } from './constants.js'
import type { CollectionPreset } from '../config/types.js'
import type { IntelmeshNodeApi } from '../node/types.js'

/** A collection resource for a preset (every preset is readable and writable). */
export function collectionResource (preset: CollectionPreset): Record<string, unknown> {
  return {
    id: preset.id,
    title: preset.title,
    ...(preset.description == null ? {} : { description: preset.description }),
    can_read: true,
    can_write: true,
    media_types: [STIX_MEDIA_TYPE]
  }
}

/** The preset of a collection id, or a 404. */
export function findCollection (node: IntelmeshNodeApi, id: string): CollectionPreset {
  const preset = node.config.collections.find(c => c.id === id)
  if (preset == null) throw new ApiError('NOT_FOUND', `collection ${id} does not exist`)
  return preset
}
