import { eligible } from './eligible.js'
import { tlpForbidsRelay } from './tlp.js'
import type { JurisdictionGroups, Member } from '../directory/types.js'
import type { Decision, Policy } from './types.js'

/** Who is passing which envelope to whom, with the recipients of its signed header. */
export interface RelayContext {
  /** Member key of the bundle's origin. */
  origin: string
  /** Member key of the node about to send (the origin itself, or a relay). */
  relay: string
  /** Member key of the node it would send to. */
  target: string
  /** Recipients listed in the signed header. */
  recipients: readonly string[]
}

/** What `maySend` needs: the relay context with the target's entry in this node's directory. */
export interface SendContext extends Omit<RelayContext, 'target'> {
  /** The target's entry in this node's own directory. */
  target: Member
  /** This node's jurisdiction groups. */
  groups: JurisdictionGroups
}

/**
 * May `relay` pass this envelope to `target`, by the header alone? TLP:RED is never relayed by
 * anyone but the origin; the target must be a listed recipient; a relay that is not the origin must
 * itself be listed. The target's eligibility by this node's directory is `eligible`'s job (`maySend`).
 */
export function mayRelay (policy: Policy, ctx: RelayContext): Decision {
  const fromOrigin = ctx.relay === ctx.origin
  if (!fromOrigin && tlpForbidsRelay(policy.tlp)) {
    return refused(`TLP:${policy.tlp} is never relayed by anyone but the origin`)
  }
  if (!fromOrigin && !ctx.recipients.includes(ctx.relay)) {
    return refused('the relay is not a listed recipient')
  }
  if (!ctx.recipients.includes(ctx.target)) {
    return refused('the target is not a listed recipient')
  }
  return {
    ok: true,
    reason: fromOrigin ? 'allowed: the origin sends to a listed recipient' : 'allowed: a listed recipient relays to a listed recipient'
  }
}

/**
 * The check before every send or relay: `mayRelay` by the header, then `eligible` by this node's
 * own directory entry for the target. Returns the first refusal, else the target's inclusion.
 */
export function maySend (policy: Policy, ctx: SendContext): Decision {
  const relay = mayRelay(policy, { origin: ctx.origin, relay: ctx.relay, target: ctx.target.key, recipients: ctx.recipients })
  if (!relay.ok) {
    return relay
  }
  return eligible(policy, ctx.target, { origin: ctx.origin, groups: ctx.groups })
}

function refused (reason: string): Decision {
  return { ok: false, reason: `refused: ${reason}` }
}
