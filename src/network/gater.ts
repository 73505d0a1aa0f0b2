import { peerIdFromString } from '@libp2p/peer-id'
import type { Membership } from './types.js'
import type { ConnectionGater, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The gater hooks that refuse non-members; each has its own refusal counter. */
export const GATER_HOOKS = [
  'denyDialPeer',
  'denyDialMultiaddr',
  'denyOutboundConnection',
  'denyInboundEncryptedConnection',
  'denyOutboundEncryptedConnection',
  'denyInboundUpgradedConnection',
  'denyOutboundUpgradedConnection'
] as const

/** Name of one gater hook that counts refusals. */
export type GaterHook = typeof GATER_HOOKS[number]

/** Components of the membership gater. */
export interface MembershipGaterComponents {
  membership: Membership
}

/**
 * A libp2p connection gater that refuses every peer that is not an active
 * directory member, inbound and outbound, at every hook that knows the peer id.
 * Inbound, the first hook with an id runs after the Noise handshake (only then
 * is the remote key proven), so an outsider's TCP dial and handshake complete
 * before it is dropped: its `dial()` may even resolve, but no stream opens.
 */
export class MembershipGater implements ConnectionGater {
  private readonly membership: Membership
  private readonly counts: Record<GaterHook, number>

  constructor (components: MembershipGaterComponents) {
    this.membership = components.membership
    this.counts = Object.fromEntries(GATER_HOOKS.map(hook => [hook, 0])) as Record<GaterHook, number>
  }

  /** Refusals so far, per hook. */
  refusals (): Record<GaterHook, number> {
    return { ...this.counts }
  }

  /** Refusals so far, all hooks together. */
  totalRefusals (): number {
    return GATER_HOOKS.reduce((sum, hook) => sum + this.counts[hook], 0)
  }

  denyDialPeer (peerId: PeerId): boolean {
    return this.deny('denyDialPeer', peerId)
  }

  /** A multiaddr naming its peer (`/p2p/<id>`) is refused unless that peer is a member. */
  denyDialMultiaddr (multiaddr: Multiaddr): boolean {
    const id = peerIdOf(multiaddr)
    if (id == null) {
      // bare addresses come from dial(peerId) after denyDialPeer already passed
      return false
    }
    if (this.membership.isActiveMember(id)) {
      return false
    }
    this.counts.denyDialMultiaddr++
    return true
  }

  denyOutboundConnection (peerId: PeerId): boolean {
    return this.deny('denyOutboundConnection', peerId)
  }

  denyInboundEncryptedConnection (peerId: PeerId): boolean {
    return this.deny('denyInboundEncryptedConnection', peerId)
  }

  denyOutboundEncryptedConnection (peerId: PeerId): boolean {
    return this.deny('denyOutboundEncryptedConnection', peerId)
  }

  denyInboundUpgradedConnection (peerId: PeerId): boolean {
    return this.deny('denyInboundUpgradedConnection', peerId)
  }

  denyOutboundUpgradedConnection (peerId: PeerId): boolean {
    return this.deny('denyOutboundUpgradedConnection', peerId)
  }

  private deny (hook: GaterHook, peerId: PeerId): boolean {
    if (this.membership.isActiveMember(peerId.toString())) {
      return false
    }
    this.counts[hook]++
    return true
  }
}

/** The peer id string of the last `/p2p/` component, or undefined when the address names none. */
function peerIdOf (multiaddr: Multiaddr): string | undefined {
  const id = multiaddr.getComponents().findLast(c => c.name === 'p2p')?.value
  if (id == null) {
    return undefined
  }
  // normalise (a CIDv1 form and a base58 form name the same peer)
  try {
    return peerIdFromString(id).toString()
  } catch {
    return id
  }
}
