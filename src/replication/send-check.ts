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
 * relay rule (TLP:RED only from the origin) must hold. Pure.
 */
export function maySendTo (bundle: SendableBundle, target: string, directory: DirectoryView, groups: JurisdictionGroups): SendDecision {
  const member = directory.get(target)
  if (member == null) return { ok: false, reason: `${target} is not in this node's directory` }
  return maySend(bundle.policy, { origin: bundle.origin, relay: directory.self.key, target: member, recipients: bundle.recipients, groups })
}
