import { createHash } from 'node:crypto'
import { TLP2_IDS } from './tlp-ids.js'
import type { Tlp } from '../policy/types.js'

/** What a sighting bundle says: who saw which object, how often, when, under which TLP. */
export interface SightingInput {
  /** The reporting member's key and display name (its STIX identity). */
  sighterKey: string
  sighterName: string
  /** The sighted object's STIX id (`sighting_of_ref`). */
  sightingOf: string
  count: number
  firstSeen: string
  lastSeen: string
  /** The TLP of the policy the sighting is published under: its marking. */
  tlp: Tlp
  /** Creation time of the objects (STIX timestamp). */
  created: string
  /** A fresh RFC 4122 v4 UUID for the sighting object. */
  sightingUuid: string
}

/** Namespace of the identity ids made from member keys (a fixed random v4 UUID). */
const IDENTITY_NAMESPACE = Buffer.from('6f0b3f64c1c14d4e9a3e6b9c2f1d7a55', 'hex')

/**
 * The STIX identity id of a member: a name-based (v5) UUID of its member key,
 * so every sighting by the same member names the same identity.
 */
export function memberIdentityId (memberKey: string): string {
  const hash = createHash('sha1').update(IDENTITY_NAMESPACE).update(memberKey, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `identity--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * A STIX 2.1 bundle holding one `sighting` of `sightingOf` by the reporting
 * member's `identity` (created_by_ref and where_sighted_refs), both marked
 * with the TLP 2.0 marking of the policy. Pure: ids and times are inputs.
 */
export function sightingBundle (input: SightingInput): { type: 'bundle', id: string, objects: Array<Record<string, unknown>> } {
  const identity = memberIdentityId(input.sighterKey)
  const marking = TLP2_IDS[input.tlp.toLowerCase()]
  const markings = marking == null ? {} : { object_marking_refs: [marking] }
  return {
    type: 'bundle',
    id: `bundle--${input.sightingUuid}`,
    objects: [
      { type: 'identity', spec_version: '2.1', id: identity, created: input.created, modified: input.created, name: input.sighterName, identity_class: 'organization', ...markings },
      {
        type: 'sighting',
        spec_version: '2.1',
        id: `sighting--${input.sightingUuid}`,
        created: input.created,
        modified: input.created,
        created_by_ref: identity,
        sighting_of_ref: input.sightingOf,
        count: input.count,
        first_seen: input.firstSeen,
        last_seen: input.lastSeen,
        where_sighted_refs: [identity],
        ...markings
      }
    ]
  }
}

/** The sightings a decoded STIX bundle reports, as plain facts (anything malformed is skipped). */
export function sightingsIn (bundle: { objects?: unknown }): Array<{ sightingId: string, indicator: string, count: number, firstSeen?: string, lastSeen?: string }> {
  const objects = Array.isArray(bundle.objects) ? bundle.objects as Array<Record<string, unknown>> : []
  return objects.filter(o => o?.type === 'sighting' && typeof o.sighting_of_ref === 'string' && typeof o.id === 'string').map(o => ({
    sightingId: o.id as string,
    indicator: o.sighting_of_ref as string,
    // STIX: count absent means unknown; we show 1 (it was seen at least once).
    count: Number.isSafeInteger(o.count) ? o.count as number : 1,
    ...(typeof o.first_seen === 'string' ? { firstSeen: o.first_seen } : {}),
    ...(typeof o.last_seen === 'string' ? { lastSeen: o.last_seen } : {})
  }))
}
