import { DIRECTORY_SETTLE_MS, FEED_PROTOCOL, FEED_RETRY_DELAY_MS, FETCH_PROTOCOL } from './constants.js'
import { FeedClient } from './feed-client.js'
import { FeedServer } from './feed-server.js'
import { FetchScheduler } from './fetch-scheduler.js'
import { FetchServer } from './fetch-server.js'
import { SendAudit } from './send-audit.js'
import type { FeedProgress, FeedRecovery } from './feed-client.js'
import type { LogNotifier } from './log-notifier.js'
import type { ReceiveOutcome, ReceivePipeline } from './receive-pipeline.js'
import type { Sends } from './send-audit.js'
import type { DirectoryView } from '../directory/types.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** The part of the network layer replication uses. */
export interface ReplicationNetwork extends EventTarget {
  handle: (protocol: string, handler: (stream: Stream, peer: string) => void | Promise<void>, opts?: { maxInboundStreams?: number, maxOutboundStreams?: number, idleTimeoutMs?: number }) => Promise<void>
  openStream: (peer: string, protocol: string, opts?: { signal?: AbortSignal, idleTimeoutMs?: number }) => Promise<Stream>
  connectedPeers: () => string[]
}

/** Collaborators of the replicator. */
export interface ReplicatorComponents {
  network: ReplicationNetwork
  store: Store
  directory: DirectoryView
  pipeline: ReceivePipeline
  notifier: LogNotifier
  groups: () => JurisdictionGroups
  groupsFingerprint: () => string
  localEpoch: () => string
  logger: Logger
  now: () => number
  /** Every pipeline outcome: the node audits rejections, emits events, updates metrics. */
  onOutcome: (outcome: ReceiveOutcome, from: string) => Promise<void>
  /** A peer broke the protocol. */
  penalise: (peer: string, code: string, reason: string) => void
  onSent?: (count: number) => void
  onLag?: (peer: string, lag: number) => void
  /** After a restore from a backup: echo feeds, learn our seqs back, and hear when each peer's feed was read to its end. */
  recovery?: FeedRecovery & { caughtUp: (peer: string) => void }
  /**
   * A bounded mesh's links: which connected members to subscribe to unasked.
   * Any other member is subscribed to once it subscribes to us (it links to us
   * on purpose); a connection only the DHT made carries no feeds. All when absent.
   */
  subscribeTo?: (peer: string) => boolean
  /**
   * A bounded mesh's neighbours: the members whose feeds relay other origins'
   * bundles to us. From any other linked member (a direct link, or a follow)
   * we read its own publications only. All when absent.
   */
  relaysFrom?: (peer: string) => boolean
}

/** Settings of the replicator (defaults in constants.ts). */
export interface ReplicatorInit {
  maxFrameBytes: number
  feedBatchSize?: number
  fetchBatchSize?: number
  maxInFlightFetches?: number
  feedRetryDelayMs?: number
  /** How long directory changes are collected before subscriptions restart. */
  restartDelayMs?: number
}

/**
 * Live delivery and catch-up with one mechanism (DESIGN.md, Replication):
 * serves the feed and fetch protocols, and keeps one feed subscription open
 * to every connected member, reopening it after failures while the peer
 * stays connected.
 */
export class Replicator {
  private readonly components: ReplicatorComponents
  private readonly feedServer: FeedServer
  private readonly fetchServer: FetchServer
  private readonly scheduler: FetchScheduler
  private readonly sendAudit: SendAudit
  private readonly subscriptions = new Map<string, FeedClient>()
  private readonly retryDelayMs: number
  private readonly caughtUpWaiters = new Set<() => void>()
  private running = false
  private restartTimer: NodeJS.Timeout | undefined
  private restartFromZero = false
  private restartPending = false
  private readonly restartDelayMs: number
  /**
   * Open feeds we serve, per member, to subscribers that want us (see
   * `subscribeTo`: we follow such a member). A follow is not counted: two
   * follows would keep each other alive with neither member wanting the link.
   */
  private readonly subscribedToUs = new Map<string, number>()

  constructor (components: ReplicatorComponents, init: ReplicatorInit) {
    this.components = components
    this.retryDelayMs = init.feedRetryDelayMs ?? FEED_RETRY_DELAY_MS
    this.restartDelayMs = init.restartDelayMs ?? DIRECTORY_SETTLE_MS
    this.sendAudit = new SendAudit({ appendAll: async events => components.store.audit.appendAll(events), now: components.now, logger: components.logger })
    const recordSends = (peer: string, sends: Sends): void => {
      this.sendAudit.record(peer, sends)
      components.onSent?.(sends.sent.length)
    }
    this.feedServer = new FeedServer({ ...components, recordSends }, { batchSize: init.feedBatchSize })
    this.fetchServer = new FetchServer({ ...components, recordSends }, { maxFrameBytes: init.maxFrameBytes })
    this.scheduler = new FetchScheduler({
      openStream: async (peer, protocol) => components.network.openStream(peer, protocol),
      has: async id => components.store.has(id),
      pipeline: components.pipeline,
      onOutcome: components.onOutcome,
      logger: components.logger,
      penalise: components.penalise
    }, { maxFrameBytes: init.maxFrameBytes, batchSize: init.fetchBatchSize, maxInFlight: init.maxInFlightFetches })
  }

  /** Registers the protocols and subscribes to every connected member. */
  async start (): Promise<void> {
    const { network } = this.components
    this.running = true
    // A feed is long-lived and legitimately idle between publications: no idle timeout.
    await network.handle(FEED_PROTOCOL, async (stream, peer) => {
      let wanted = false
      try {
        await this.feedServer.serve(stream, peer, request => {
          wanted = request.follow !== true
          if (wanted) this.noteSubscriber(peer, +1)
        })
      } finally {
        if (wanted) this.noteSubscriber(peer, -1)
      }
    }, { idleTimeoutMs: 0 })
    await network.handle(FETCH_PROTOCOL, async (stream, peer) => this.fetchServer.serve(stream, peer))
    network.addEventListener('peer:connected', this.onConnected)
    network.addEventListener('peer:disconnected', this.onDisconnected)
    for (const peer of network.connectedPeers()) this.subscribe(peer)
  }

  /** Ends every subscription and feed. */
  async stop (): Promise<void> {
    this.running = false
    clearTimeout(this.restartTimer)
    this.restartTimer = undefined
    const { network } = this.components
    network.removeEventListener('peer:connected', this.onConnected)
    network.removeEventListener('peer:disconnected', this.onDisconnected)
    for (const client of this.subscriptions.values()) client.stop()
    this.subscriptions.clear()
    this.feedServer.stop()
    this.scheduler.stop()
    await this.sendAudit.flush()
  }

  /** Writes the audit records of sends still being collected (before the audit log is read). */
  async flushAudit (): Promise<void> {
    await this.sendAudit.flush()
  }

  /**
   * The directory changed. The changed member's feeds from us restart (its
   * epoch changed). Our subscriptions restart when our own epoch changed
   * (`rescoped`: a new checkpoint scope, read from 0) or when bundles refused
   * earlier may pass now (`reconsider`: read again from 0). The first change
   * restarts them at once; further changes within `restartDelayMs` (an admin
   * adding dozens of members) restart them once more at its end.
   */
  directoryChanged (changedKey: string, change: { rescoped: boolean, reconsider: boolean }): void {
    this.feedServer.restart(changedKey)
    this.pruneLinks()
    if (!change.rescoped && !change.reconsider) return
    if (this.restartTimer != null) {
      this.restartPending = true
      this.restartFromZero ||= change.reconsider
      return
    }
    this.restartSubscriptions(change.reconsider)
    const settle = (): void => {
      if (!this.restartPending) {
        this.restartTimer = undefined
        return
      }
      const fromZero = this.restartFromZero
      this.restartPending = false
      this.restartFromZero = false
      this.restartSubscriptions(fromZero)
      this.restartTimer = setTimeout(settle, this.restartDelayMs).unref()
    }
    this.restartTimer = setTimeout(settle, this.restartDelayMs).unref()
  }

  /** Bounded mesh: whether `peer` reads our feed because it wants the link (not as a follow). */
  wantedBy (peer: string): boolean {
    return this.subscribedToUs.has(peer)
  }

  /** Re-reads every connected peer's feed from 0 (used when sequence gaps persist). */
  resync (): void {
    this.restartSubscriptions(true)
  }

  /** Progress of every open subscription. */
  progress (): FeedProgress[] {
    return [...this.subscriptions.values()].map(c => ({ ...c.progress }))
  }

  /** Resolves when every open subscription is caught up with its peer (or on timeout). */
  async caughtUp (timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const all = this.progress()
      if (all.length > 0 && all.every(p => p.caughtUp)) return true
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, Math.min(50, deadline - Date.now()))
        this.caughtUpWaiters.add(() => { clearTimeout(timer); resolve() })
      })
    }
    return false
  }

  private readonly onConnected = (event: Event): void => {
    this.subscribe((event as CustomEvent<{ peer: string }>).detail.peer)
  }

  private readonly onDisconnected = (event: Event): void => {
    const peer = (event as CustomEvent<{ peer: string }>).detail.peer
    this.subscriptions.get(peer)?.stop()
    this.subscriptions.delete(peer)
    this.scheduler.dropPeer(peer)
  }

  /** The mesh's links changed (a direct link to a recipient): subscribe to every connected member now wanted. */
  linksChanged (): void {
    for (const peer of this.components.network.connectedPeers()) this.subscribe(peer)
  }

  /**
   * A bounded mesh after a directory change: ends the feeds both ways with
   * members no longer wanted (links made while the directory filled up). A
   * member that does want us (its direct link) subscribes again, and we
   * follow it; one that does not stays unlinked. `subscribedToUs` is left to
   * the ended feeds' own count: cleared here, a feed reopened before the old
   * one closed would be uncounted.
   */
  private pruneLinks (): void {
    const wants = this.components.subscribeTo
    if (wants == null) return
    for (const [peer, client] of [...this.subscriptions]) {
      if (wants(peer)) continue
      client.stop()
      this.subscriptions.delete(peer)
      this.feedServer.restart(peer)
    }
    // A member wanted again (the ring changed back) may still be connected: no connect event will subscribe to it.
    this.linksChanged()
  }

  private noteSubscriber (peer: string, change: 1 | -1): void {
    if (this.components.subscribeTo == null) return
    const open = (this.subscribedToUs.get(peer) ?? 0) + change
    if (open > 0) this.subscribedToUs.set(peer, open)
    else this.subscribedToUs.delete(peer)
    if (change > 0) this.subscribe(peer)
    else if (open <= 0) this.unfollow(peer)
  }

  /** The last feed of a member that wanted us ended: a follow of it has no reason left (and no retry). */
  private unfollow (peer: string): void {
    const client = this.subscriptions.get(peer)
    if (client?.follow !== true) return
    client.stop()
    this.subscriptions.delete(peer)
  }

  /** Bounded mesh: whether a subscription to `peer` would only follow its subscription to us. */
  private followOnly (peer: string): boolean {
    return this.components.subscribeTo != null && !this.components.subscribeTo(peer)
  }

  private restartSubscriptions (fromZero: boolean): void {
    // Iterate over a copy: re-subscribing re-inserts the key, which a live Map iterator would visit again.
    for (const [peer, client] of [...this.subscriptions]) {
      client.stop()
      this.subscriptions.delete(peer)
      this.subscribe(peer, fromZero)
    }
  }

  private subscribe (peer: string, fromZero = false): void {
    if (!this.running) return
    const follow = this.followOnly(peer)
    const ownOnly = this.components.relaysFrom?.(peer) === false
    const existing = this.subscriptions.get(peer)
    // A follow of a member we now want (a direct link) becomes a want, so the member follows us back;
    // a member that became (or stopped being) a mesh neighbour is read whole (or for its own only).
    if (existing != null && existing.ownOnly === ownOnly && (follow || !existing.follow)) return
    if (follow && !this.subscribedToUs.has(peer)) return
    existing?.stop()
    const client = new FeedClient({
      openStream: async (p, protocol) => this.components.network.openStream(p, protocol, { idleTimeoutMs: 0 }),
      store: this.components.store,
      scheduler: this.scheduler,
      localEpoch: this.components.localEpoch,
      onCaughtUp: (p) => { this.components.recovery?.caughtUp(p); this.wakeCaughtUpWaiters() },
      onLag: this.components.onLag,
      recovery: this.components.recovery
    }, { peer, fromZero, follow, ownOnly })
    this.subscriptions.set(peer, client)
    client.run().catch((err: Error & { code?: string }) => {
      if (err.code === 'REPLICATION_PROTOCOL_VIOLATION') this.components.penalise(peer, err.code, err.message)
      this.components.logger.debug({ peer, err: err.message }, 'feed subscription ended')
    }).finally(() => {
      if (this.subscriptions.get(peer) !== client) return
      this.subscriptions.delete(peer)
      // Still connected: subscribe again after a pause (the feed failed or a fetch could not complete).
      // Asked after the pause, not now: a feed that ends while one of two simultaneous connections
      // closes may see the peer briefly disconnected, and no connect event comes for the one kept.
      if (this.running) {
        setTimeout(() => { if (this.components.network.connectedPeers().includes(peer)) this.subscribe(peer) }, this.retryDelayMs).unref()
      }
    })
  }

  private wakeCaughtUpWaiters (): void {
    const waiters = [...this.caughtUpWaiters]
    this.caughtUpWaiters.clear()
    for (const wake of waiters) wake()
  }
}
