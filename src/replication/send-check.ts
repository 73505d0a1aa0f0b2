import { holderOf } from '../directory/succession.js'
import { maySend } from '../policy/index.js'
import type { DirectoryView, JurisdictionGroups } from '../directory/types.js'
import type { Policy } from '../policy/types.js'

/** The facts about a stored bundle that decide whether it may be sent. */
export interface SendableBundle {
  id: string
  origin: string
  policy: Policy
  recipients: readonly string[]
}

/** A send decision and its reason. */
export interface SendDecision { ok: boolean, reason: string }

/**
 * Enforcement point 2 of DESIGN.md: before every send or relay, the target
 * must be an active member of THIS node's directory, listed in the signed
 * header, eligible under the policy by this node's view of it, and the
 * relay rule (TLP:RED only from the origin) must hold. A retired key counts as its holder
 * (docs/key-lifecycle.md); nothing whose origin is compromised is sent. Pure.
 */
export function maySendTo (bundle: SendableBundle, target: string, directory: DirectoryView, groups: JurisdictionGroups): SendDecision {
  const member = directory.get(target)
  if (member == null) return { ok: false, reason: `${target} is not in this node's directory` }
  if (directory.get(bundle.origin)?.status === 'compromised') return { ok: false, reason: `refused: origin ${bundle.origin} is marked compromised` }
  // After an accepted rotation a member holds its retired keys too: an old bundle listing its old
  // key goes to it under the new one, judged as the listed key (so naming in the policy holds).
  const listedAs = bundle.recipients.includes(target) ? target : bundle.recipients.find(key => holderOf(directory, key) === target)
  const self = directory.self.key
  const relay = holderOf(directory, bundle.origin) === self
    ? bundle.origin
    : bundle.recipients.includes(self) ? self : bundle.recipients.find(key => holderOf(directory, key) === self) ?? self
  const listedTarget = listedAs == null || listedAs === target ? member : { ...member, key: listedAs }
  return maySend(bundle.policy, { origin: bundle.origin, relay, target: listedTarget, recipients: bundle.recipients, groups })
}
