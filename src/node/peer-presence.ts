import type { NetworkEvents } from '../network/types.js'

/** What the presence tracker needs: the network's connection events and a clock. */
export interface PeerPresenceComponents {
  network: {
    addEventListener<K extends keyof NetworkEvents>(type: K, listener: (event: NetworkEvents[K]) => void): void
    removeEventListener<K extends keyof NetworkEvents>(type: K, listener: (event: NetworkEvents[K]) => void): void
  }
  now: () => number
}

/** When a peer's current connection opened, and when it was last connected. */
export interface Presence {
  /** Opening time of the current connection (ms since epoch); absent while disconnected. */
  connectedSince?: number
  /** The last time this node had a connection to the peer: now while connected, else when it closed; absent if never since start. */
  lastSeen?: number
}

/**
 * Remembers, from the network's `peer:connected` and `peer:disconnected` events,
 * when each peer connected and was last seen. In memory only: it says what this
 * run of the node saw, which is what an admin checking a link needs.
 */
export class PeerPresence {
  private readonly components: PeerPresenceComponents
  private readonly since = new Map<string, number>()
  private readonly closed = new Map<string, number>()

  constructor (components: PeerPresenceComponents) {
    this.components = components
  }

  /** Starts listening (before the network starts, so the first connections are seen). */
  start (): void {
    this.components.network.addEventListener('peer:connected', this.onConnected)
    this.components.network.addEventListener('peer:disconnected', this.onDisconnected)
  }

  /** Stops listening. */
  stop (): void {
    this.components.network.removeEventListener('peer:connected', this.onConnected)
    this.components.network.removeEventListener('peer:disconnected', this.onDisconnected)
  }

  /** The presence of one peer; `connected` is the network's own answer, which wins over the events. */
  of (peer: string, connected: boolean): Presence {
    const since = this.since.get(peer)
    if (connected) return since == null ? { lastSeen: this.components.now() } : { connectedSince: since, lastSeen: this.components.now() }
    const closed = this.closed.get(peer) ?? since
    return closed == null ? {} : { lastSeen: closed }
  }

  private readonly onConnected = (event: NetworkEvents['peer:connected']): void => {
    this.since.set(event.detail.peer, this.components.now())
  }

  private readonly onDisconnected = (event: NetworkEvents['peer:disconnected']): void => {
    this.since.delete(event.detail.peer)
    this.closed.set(event.detail.peer, this.components.now())
  }
}
