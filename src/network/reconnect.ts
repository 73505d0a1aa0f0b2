import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { attemptAfterDisconnect, backoffDelay } from './backoff.js'
import { PeerUnreachableError } from './errors.js'
import type { Backoff } from './backoff.js'
import type { Membership } from './types.js'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Logger } from 'pino'

/** The parts of libp2p the reconnector uses. */
export type DialingLibp2p = Pick<Libp2p, 'dial' | 'getPeers' | 'peerStore' | 'peerRouting'>

/** Components of the reconnector. */
export interface ReconnectorComponents {
  libp2p: DialingLibp2p
  membership: Membership
  logger: Logger
}

/** Settings of the reconnector (resolved by the Network). */
export interface ReconnectorInit extends Backoff {
  /** One attempt (DHT lookup and dial) may take this long (ms). */
  dialTimeoutMs: number
  /** A connection that lasted this long resets the member's backoff (ms). */
  stableAfterMs: number
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number
}

interface MemberState {
  /** Attempts since the last stable connection; drives the backoff. */
  attempt: number
  /** When the current connection opened (ms since epoch), if connected. */
  connectedAt?: number
  /** The one pending timer of this member, if any. */
  timer?: NodeJS.Timeout
  /** An attempt is in flight. */
  dialing: boolean
  /** The last attempt failed for want of an address and of a member to ask the DHT. */
  waitingForRoute: boolean
}

/**
 * Keeps a connection to every active member. A member is dialled at its known
 * addresses (added to the peer store), else, once some member is connected,
 * looked up in the private DHT. Failures back off exponentially with jitter,
 * per member; a connection that stays up resets the backoff. At most one
 * timer per member.
 */
export class Reconnector {
  private readonly libp2p: DialingLibp2p
  private readonly membership: Membership
  private readonly log: Logger
  private readonly backoff: Backoff
  private readonly dialTimeoutMs: number
  private readonly stableAfterMs: number
  private readonly random: () => number
  private readonly members = new Map<string, MemberState>()
  private controller: AbortController | undefined

  constructor (components: ReconnectorComponents, init: ReconnectorInit) {
    this.libp2p = components.libp2p
    this.membership = components.membership
    this.log = components.logger
    this.backoff = { initialDelayMs: init.initialDelayMs, maxDelayMs: init.maxDelayMs, factor: init.factor }
    this.dialTimeoutMs = init.dialTimeoutMs
    this.stableAfterMs = init.stableAfterMs
    this.random = init.random ?? Math.random
  }

  /** Starts dialling every active member that is not connected. */
  start (): void {
    this.controller = new AbortController()
    this.sync()
  }

  /** Cancels every timer and in-flight attempt. */
  stop (): void {
    this.controller?.abort()
    this.controller = undefined
    for (const state of this.members.values()) {
      clearTimeout(state.timer)
    }
    this.members.clear()
  }

  /**
   * Re-reads membership: forgets members that left, and dials at once every
   * unconnected member (new ones, and old ones whose address may have changed).
   */
  sync (): void {
    if (this.controller == null) {
      return
    }
    const active = new Set(this.membership.activeMembers().map(m => m.key))
    for (const [peer, state] of this.members) {
      if (!active.has(peer)) {
        clearTimeout(state.timer)
        this.members.delete(peer)
      }
    }
    const connected = this.connectedSet()
    for (const peer of active) {
      if (!connected.has(peer)) {
        this.state(peer).attempt = 0
        this.schedule(peer, 0)
      }
    }
  }

  /** A member connected: stop its timer, and retry members that waited for a DHT route. */
  onConnected (peer: string): void {
    const state = this.members.get(peer)
    if (state != null) {
      clearTimeout(state.timer)
      state.timer = undefined
      state.connectedAt = Date.now()
    }
    // a member known by key alone can now be looked up in the DHT through this one
    for (const [other, otherState] of this.members) {
      if (otherState.waitingForRoute && !otherState.dialing) {
        otherState.waitingForRoute = false
        this.schedule(other, 0)
      }
    }
  }

  /** A member's last connection closed: redial it after the backoff delay (reset only after a stable connection). */
  onDisconnected (peer: string): void {
    if (this.controller == null || !this.membership.isActiveMember(peer)) {
      return
    }
    const state = this.state(peer)
    state.attempt = attemptAfterDisconnect(state.attempt, state.connectedAt, Date.now(), this.stableAfterMs)
    state.connectedAt = undefined
    const delayMs = backoffDelay(state.attempt, this.backoff, this.random())
    state.attempt++
    this.schedule(peer, delayMs)
  }

  private state (peer: string): MemberState {
    let state = this.members.get(peer)
    if (state == null) {
      state = { attempt: 0, dialing: false, waitingForRoute: false }
      this.members.set(peer, state)
    }
    return state
  }

  private schedule (peer: string, delayMs: number): void {
    const state = this.state(peer)
    clearTimeout(state.timer)
    state.timer = setTimeout(() => {
      state.timer = undefined
      void this.attempt(peer, state)
    }, delayMs)
    state.timer.unref()
  }

  private async attempt (peer: string, state: MemberState): Promise<void> {
    const controller = this.controller
    if (controller == null || state.dialing || this.members.get(peer) !== state) {
      return
    }
    if (!this.membership.isActiveMember(peer) || this.connectedSet().has(peer)) {
      return
    }
    state.dialing = true
    state.waitingForRoute = false
    try {
      await this.dialMember(peer, controller.signal)
      this.log.info({ peer }, 'connected to member')
    } catch (err) {
      if (controller.signal.aborted) {
        return
      }
      state.waitingForRoute = err instanceof PeerUnreachableError
      const delayMs = backoffDelay(state.attempt, this.backoff, this.random())
      state.attempt++
      this.log.debug({ peer, attempt: state.attempt, delayMs, err: (err as Error).message }, 'member dial failed, backing off')
      if (this.members.get(peer) === state && !this.connectedSet().has(peer)) {
        this.schedule(peer, delayMs)
      }
    } finally {
      state.dialing = false
    }
  }

  /** Dials known addresses first; falls back to a DHT lookup through connected members. */
  private async dialMember (peer: string, stopSignal: AbortSignal): Promise<void> {
    const peerId = peerIdFromString(peer)
    const signal = AbortSignal.any([stopSignal, AbortSignal.timeout(this.dialTimeoutMs)])
    const known = this.knownAddresses(peer)
    if (known.length > 0) {
      await this.libp2p.peerStore.merge(peerId, { multiaddrs: known }, { signal })
    }
    let dialError: unknown
    if (known.length > 0 || await this.hasStoredAddresses(peerId)) {
      try {
        await this.libp2p.dial(peerId, { signal })
        return
      } catch (err) {
        dialError = err
      }
    }
    if (!this.hasMemberConnection()) {
      throw dialError ?? new PeerUnreachableError(`member ${peer} has no known address and no member is connected to ask the DHT`)
    }
    // useCache: false, or kad-dht answers with the stale addresses already in our peer store
    await this.libp2p.peerRouting.findPeer(peerId, { signal, useCache: false })
    await this.libp2p.dial(peerId, { signal })
  }

  private knownAddresses (peer: string): Multiaddr[] {
    const member = this.membership.activeMembers().find(m => m.key === peer)
    const addresses: Multiaddr[] = []
    for (const text of member?.addresses ?? []) {
      try {
        addresses.push(multiaddr(text))
      } catch (err) {
        this.log.warn({ peer, address: text, err: (err as Error).message }, 'member address is not a multiaddr, skipped')
      }
    }
    return addresses
  }

  private async hasStoredAddresses (peerId: PeerId): Promise<boolean> {
    if (!await this.libp2p.peerStore.has(peerId)) {
      return false
    }
    const stored = await this.libp2p.peerStore.get(peerId)
    return stored.addresses.length > 0
  }

  private hasMemberConnection (): boolean {
    return this.libp2p.getPeers().some(p => this.membership.isActiveMember(p.toString()))
  }

  private connectedSet (): Set<string> {
    return new Set(this.libp2p.getPeers().map(p => p.toString()))
  }
}
