import type { CollectionPreset } from '../config/types.js'
import type { Policy } from '../policy/types.js'

/**
 * The full policy a collection preset publishes with: fields the preset leaves
 * out are empty lists and `false`, written explicitly so the stored policy does
 * not depend on the node's defaults and matches the preset again on reading.
 */
export function presetPolicy (preset: CollectionPreset): Policy {
  const p = preset.policy
  return {
    tlp: p.tlp,
    allow: [...(p.allow ?? [])],
    deny: [...(p.deny ?? [])],
    groups: [...(p.groups ?? [])],
    members: [...(p.members ?? [])],
    authorities: p.authorities ?? false,
    personalData: p.personalData ?? false
  }
}

/**
 * The matching rule of collections: a bundle belongs to a collection when its
 * signed policy equals the preset's full policy — same TLP, same allow, deny,
 * groups and members as sets (jurisdiction codes compared
 * upper-case, sharing groups lower-case), same `authorities` and `personalData`. So every bundle is in at
 * most one collection, and what a client POSTs to a collection it reads back there.
 */
export function policyMatchesPreset (policy: Policy, preset: CollectionPreset): boolean {
  const want = presetPolicy(preset)
  return policy.tlp === want.tlp &&
    sameSet(policy.allow, want.allow, upper) &&
    sameSet(policy.deny, want.deny, upper) &&
    sameSet(policy.groups, want.groups, lower) &&
    sameSet(policy.members, want.members, same) &&
    Boolean(policy.authorities) === want.authorities &&
    Boolean(policy.personalData) === want.personalData
}

function upper (value: string): string { return value.toUpperCase() }
function lower (value: string): string { return value.toLowerCase() }
function same (value: string): string { return value }

function sameSet (a: string[] | undefined, b: string[], norm: (v: string) => string): boolean {
  const left = new Set((a ?? []).map(norm))
  const right = new Set(b.map(norm))
  if (left.size !== right.size) return false
  for (const value of left) if (!right.has(value)) return false
  return true
}
