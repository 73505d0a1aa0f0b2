import type { DirectoryView } from '../directory/types.js'
import type { Membership } from '../network/types.js'
import type { PeerPenalties } from '../replication/penalties.js'

/**
 * Adapts the directory (and the penalty box) to what the network's gater and
 * reconnect loop ask: a peer may connect only while it is an active member
 * and not serving a penalty.
 */
export function membershipOf (directory: DirectoryView, penalties: PeerPenalties, now: () => number): Membership {
  return {
    isActiveMember (peer: string): boolean {
      if (peer === directory.self.key) return false
      const member = directory.get(peer)
      return member != null && member.status === 'active' && !penalties.isPenalised(peer, now())
    },
    activeMembers (): Array<{ key: string, addresses: string[] }> {
      const self = directory.self.key
      return directory.list()
        .filter(m => m.key !== self && m.status === 'active' && !penalties.isPenalised(m.key, now()))
        .map(m => ({ key: m.key, addresses: [...m.addresses] }))
    }
  }
}
