import { eligible, maxTlp } from '../policy/index.js'
import { SightingRejectedError } from './delivery-errors.js'
import type { DirectoryView, JurisdictionGroups } from '../directory/types.js'
import type { Policy } from '../policy/types.js'
import type { BundleRecord } from '../store/types.js'
import type { SightRequest } from './types.js'

/** Largest `count` of a STIX sighting (STIX 2.1 §5.2). */
const MAX_COUNT = 999_999_999

/** How far in the future a sighting time may lie (clock skew). */
const FUTURE_SKEW_MS = 5 * 60_000

/** A sighting request checked against the bundle it reports on. */
export interface CheckedSighting {
  indicator: string
  count: number
  firstSeen: string
  lastSeen: string
  policy: Policy
}

/**
 * Checks a sighting request against our record of the sighted bundle and
 * builds the sighting's policy. Pure; throws SightingRejectedError naming
 * the problem. The policy names the origin only (or, with share
 * `recipients`, also the bundle's other recipients its own policy admits by
 * our directory: never wider than the original), at TLP AMBER+STRICT or the
 * original's TLP if stricter: a sighting reveals the sighter's telemetry.
 */
export function checkSighting (record: BundleRecord | undefined, id: string, request: SightRequest, ctx: { self: string, directory: DirectoryView, groups: JurisdictionGroups, now: number }): CheckedSighting {
  if (record == null) throw new SightingRejectedError('SIGHTING_UNKNOWN_BUNDLE', `no bundle ${id} is stored on this node; a sighting reports on a bundle this node received`, 'params.id')
  if (record.kind !== 'INTEL') throw new SightingRejectedError('SIGHTING_NOT_INTEL', `bundle ${id} is a ${record.kind}, not intelligence; only an intel bundle's indicators can be sighted`, 'params.id')
  if (record.origin === ctx.self) throw new SightingRejectedError('SIGHTING_OWN_BUNDLE', `bundle ${id} was published by this node; sightings are reported by its recipients to its origin`, 'params.id')
  const origin = ctx.directory.get(record.origin)
  if (origin == null || origin.status !== 'active') throw new SightingRejectedError('SIGHTING_ORIGIN_UNKNOWN', `the origin ${record.origin} of bundle ${id} is not an active member of this directory`, 'params.id')
  const indicator = pickIndicator(record, request.indicator)
  if (!Number.isSafeInteger(request.count) || request.count < 1 || request.count > MAX_COUNT) {
    throw new SightingRejectedError('SIGHTING_INVALID', `count must be an integer from 1 to ${MAX_COUNT}, got ${String(request.count)}`, 'body.count')
  }
  const nowIso = new Date(ctx.now).toISOString()
  const firstSeen = timestamp(request.firstSeen ?? request.seenAt, nowIso, request.firstSeen != null ? 'body.firstSeen' : 'body.seenAt', ctx.now)
  const lastSeen = timestamp(request.lastSeen ?? request.seenAt, nowIso, request.lastSeen != null ? 'body.lastSeen' : 'body.seenAt', ctx.now)
  if (Date.parse(firstSeen) > Date.parse(lastSeen)) throw new SightingRejectedError('SIGHTING_INVALID', `firstSeen ${firstSeen} is after lastSeen ${lastSeen}`, 'body.firstSeen')
  return { indicator, count: request.count, firstSeen, lastSeen, policy: sightingPolicy(record, request.share ?? 'origin', ctx) }
}

function pickIndicator (record: BundleRecord, requested: string | undefined): string {
  const indicators = record.objects.filter(o => o.type === 'indicator').map(o => o.id)
  if (requested != null) {
    if (!indicators.includes(requested)) throw new SightingRejectedError('SIGHTING_UNKNOWN_INDICATOR', `bundle ${record.id} holds no indicator ${requested}`, 'body.indicator')
    return requested
  }
  if (indicators.length === 0) throw new SightingRejectedError('SIGHTING_NO_INDICATOR', `bundle ${record.id} holds no indicator to sight`, 'params.id')
  if (indicators.length > 1) throw new SightingRejectedError('SIGHTING_INDICATOR_REQUIRED', `bundle ${record.id} holds ${indicators.length} indicators (${indicators.slice(0, 3).join(', ')}${indicators.length > 3 ? ', …' : ''}); name one`, 'body.indicator')
  return indicators[0]!
}

function timestamp (value: string | undefined, fallback: string, field: string, now: number): string {
  if (value == null) return fallback
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new SightingRejectedError('SIGHTING_INVALID', `${value.slice(0, 40)} is not an ISO 8601 time`, field)
  if (ms > now + FUTURE_SKEW_MS) throw new SightingRejectedError('SIGHTING_INVALID', `${new Date(ms).toISOString()} is in the future`, field)
  return new Date(ms).toISOString()
}

function sightingPolicy (record: BundleRecord, share: 'origin' | 'recipients', ctx: { self: string, directory: DirectoryView, groups: JurisdictionGroups }): Policy {
  const members = new Set([record.origin])
  if (share === 'recipients') {
    for (const key of record.recipients) {
      const member = ctx.directory.get(key)
      if (key === ctx.self || member == null) continue
      if (eligible(record.policy, member, { origin: record.origin, groups: ctx.groups }).ok) members.add(key)
    }
  }
  return {
    tlp: maxTlp(record.tlp, 'AMBER+STRICT'),
    allow: [],
    deny: [],
    groups: [],
    members: [...members].sort(),
    // Named members only: `authorities` cannot widen the audience, and an origin that is an authority must get its sighting.
    authorities: true,
    personalData: record.policy.personalData
  }
}
