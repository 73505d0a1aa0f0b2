import type { Membership } from './types.js'

/**
 * The membership the reconnector dials from: only the active members `wants`
 * accepts (a bounded mesh keeps connections to a few of them). The gater and
 * the stream guard keep using the full membership, so any active member may
 * still connect to us.
 */
export function dialingMembership (membership: Membership, wants: (peer: string) => boolean): Membership {
  return {
    isActiveMember: peer => membership.isActiveMember(peer) && wants(peer),
    activeMembers: () => membership.activeMembers().filter(m => wants(m.key))
  }
}
