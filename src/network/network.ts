import { KEEP_ALIVE, TypedEventEmitter } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { pino } from 'pino'
import { NetworkNotStartedError, NotAMemberError, StreamOpenError } from './errors.js'
import { MembershipGater } from './gater.js'
import { createLibp2pNode } from './libp2p-node.js'
import { resolveNetworkInit } from './network-init.js'
import { Reconnector } from './reconnect.js'
import { meterStream, TrafficCounter } from './stream-meter.js'
import { dialingMembership } from './dial-filter.js'
import type { GaterHook } from './gater.js'
import type { IntelmeshLibp2p } from './libp2p-node.js'
import type { ResolvedNetworkInit } from './network-init.js'
import type { HandleOptions, Membership, NetworkEvents, NetworkInit, NetworkStats, OpenStreamOptions, ProtocolHandler } from './types.js'
import type { PeerId, PrivateKey, Stream, StreamHandler } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Components of the network. */
export interface NetworkComponents {
  /** The node's Ed25519 key; its PeerId is the member key. */
  privateKey: PrivateKey
  /** Who may connect; read on every gater decision. */
  membership: Membership
  /** Operator log; silent when absent. */
  logger?: Logger
  /** Which active members to keep dialling (a bounded mesh); every one when absent. Others may still connect to us. */
  dialFilter?: (peer: string) => boolean
  /**
   * With a dial filter: members that link to us on purpose (they read our
   * feed for their own direct links). Their connections are never pruned,
   * whichever end dialled: a connection the DHT opened from our side may be
   * the one their link runs over.
   */
  wantedBy?: (peer: string) => boolean
}

/** Refusals so far: per gater hook, plus inbound streams reset because the peer was no member. */
export type NetworkRefusals = Record<GaterHook | 'inboundStream', number>

interface Registration {
  handler: ProtocolHandler
  options: HandleOptions
}

/**
 * The libp2p node of intelmesh: talks only to active directory members. It
 * keeps a connection to each of them, emits `peer:connected` and
 * `peer:disconnected` upwards, and offers streams downwards; it knows nothing
 * about bundles or policies.
 */
export class Network extends TypedEventEmitter<NetworkEvents> {
  /** This node's PeerId string (its member key). */
  readonly peerId: string
  private readonly privateKey: PrivateKey
  private readonly membership: Membership
  private readonly log: Logger
  private readonly init: ResolvedNetworkInit
  private readonly gater: MembershipGater
  private readonly traffic = new TrafficCounter()
  private readonly handlers = new Map<string, Registration>()
  private readonly connected = new Set<string>()
  private refusedStreams = 0
  private node: IntelmeshLibp2p | undefined
  private reconnector: Reconnector | undefined
  private pruning: Promise<void> | undefined
  private pruneAgain: Promise<void> | undefined
  private readonly dialFilter: ((peer: string) => boolean) | undefined
  private readonly wantedBy: ((peer: string) => boolean) | undefined

  constructor (components: NetworkComponents, init: NetworkInit = {}) {
    super()
    this.privateKey = components.privateKey
    this.membership = components.membership
    this.peerId = peerIdFromPrivateKey(components.privateKey).toString()
    this.log = (components.logger ?? pino({ enabled: false })).child({ module: 'network' })
    this.init = resolveNetworkInit(init)
    this.gater = new MembershipGater({ membership: components.membership })
    this.dialFilter = components.dialFilter
    this.wantedBy = components.wantedBy
  }

  /** Starts libp2p, registers the handlers added so far and begins dialling members. */
  async start (): Promise<void> {
    if (this.node != null) {
      return
    }
    const node = await createLibp2pNode({ privateKey: this.privateKey, connectionGater: this.gater }, this.init)
    this.node = node
    node.addEventListener('peer:connect', this.onPeerConnect)
    node.addEventListener('peer:disconnect', this.onPeerDisconnect)
    for (const [protocol, registration] of this.handlers) {
      await this.register(node, protocol, registration)
    }
    const dialing = this.dialFilter == null ? this.membership : dialingMembership(this.membership, this.dialFilter)
    this.reconnector = new Reconnector({ libp2p: node, membership: dialing, logger: this.log }, {
      ...this.init.reconnect,
      dialTimeoutMs: this.init.dialTimeoutMs
    })
    this.reconnector.start()
    this.log.info({ peerId: this.peerId, addresses: this.listenAddresses() }, 'network started')
  }

  /** Stops dialling and closes every connection. */
  async stop (): Promise<void> {
    const node = this.node
    if (node == null) {
      return
    }
    this.reconnector?.stop()
    this.reconnector = undefined
    await node.stop()
    node.removeEventListener('peer:connect', this.onPeerConnect)
    node.removeEventListener('peer:disconnect', this.onPeerDisconnect)
    this.node = undefined
    // libp2p does not report its own shutdown as disconnects; listeners still need to hear of them
    for (const peer of [...this.connected]) {
      this.connected.delete(peer)
      this.safeDispatchEvent('peer:disconnected', { detail: { peer } })
    }
    this.log.info('network stopped')
  }

  /** True between start and stop (readiness probes ask). */
  get isStarted (): boolean {
    return this.node != null
  }

  /** Listen multiaddrs including `/p2p/<id>` (empty before start). */
  listenAddresses (): string[] {
    return this.node?.getMultiaddrs().map(ma => ma.toString()) ?? []
  }

  /** Peers with at least one open connection. */
  connectedPeers (): string[] {
    return this.node?.getPeers().map(p => p.toString()) ?? []
  }

  /** Registers a protocol handler; inbound streams from non-members are reset before it runs. */
  async handle (protocol: string, handler: ProtocolHandler, opts: HandleOptions = {}): Promise<void> {
    const registration = { handler, options: opts }
    this.handlers.set(protocol, registration)
    if (this.node != null) {
      await this.register(this.node, protocol, registration)
    }
  }

  /** Removes a protocol handler. */
  async unhandle (protocol: string): Promise<void> {
    this.handlers.delete(protocol)
    await this.node?.unhandle(protocol)
  }

  /** Opens a stream to an active member (dialling it if needed); throws NotAMemberError for others. */
  async openStream (peer: string, protocol: string, opts: OpenStreamOptions = {}): Promise<Stream> {
    const node = this.started()
    if (!this.membership.isActiveMember(peer)) {
      throw new NotAMemberError(`cannot open ${protocol} to ${peer}: not an active member`)
    }
    let stream: Stream
    try {
      stream = await node.dialProtocol(peerIdFromString(peer), protocol, { signal: opts.signal })
    } catch (err) {
      if (opts.signal?.aborted === true) {
        throw err
      }
      throw new StreamOpenError(`could not open ${protocol} to member ${peer}`, { cause: err })
    }
    meterStream(stream, { traffic: this.traffic, idleTimeoutMs: opts.idleTimeoutMs ?? this.init.idleTimeoutMs })
    return stream
  }

  /** Re-reads membership: resets every connection to a peer no longer active, at once, and dials new members. */
  async membershipChanged (): Promise<void> {
    const node = this.started()
    for (const connection of node.getConnections()) {
      const peer = connection.remotePeer.toString()
      if (!this.membership.isActiveMember(peer)) {
        // abort, not close: a graceful close would wait for the peer's open streams
        connection.abort(new NotAMemberError(`peer ${peer} is no longer an active member`))
        this.log.info({ peer }, 'closed connection to former member')
      }
    }
    this.reconnector?.sync()
    await this.prune(node)
  }

  /** Dials the members the dial filter now wants (a bounded mesh's new direct links); closes nothing. */
  dialWanted (): void {
    this.reconnector?.sync()
  }

  /**
   * Runs `pruneUnwanted`, one at a time: asked while one runs, it runs once
   * more after it (a burst of directory changes prunes twice, not once per
   * change); every caller's promise resolves after a prune that began after
   * its call.
   */
  private async prune (node: IntelmeshLibp2p): Promise<void> {
    if (this.pruneAgain != null) return await this.pruneAgain
    const running = this.pruning
    if (running == null) return await this.runPrune(node)
    this.pruneAgain = running.catch(() => {}).then(async () => {
      this.pruneAgain = undefined
      await this.runPrune(node)
    })
    return await this.pruneAgain
  }

  private async runPrune (node: IntelmeshLibp2p): Promise<void> {
    const run = this.pruneUnwanted(node).finally(() => { if (this.pruning === run) this.pruning = undefined })
    this.pruning = run
    await run
  }

  /**
   * With a dial filter (a bounded mesh): closes the connections this node
   * dialled to members it no longer wants (links made while the directory was
   * still filling up). Inbound ones stay: the other end decides about those;
   * so do those to members that link to us on purpose (`wantedBy`), and those
   * libp2p keeps alive (the DHT tags its closest peers `keep-alive`): libp2p
   * redials such a peer as soon as its last connection closes, so pruning it
   * only cost a handshake per directory change and member — with members
   * added one by one, most of a growing federation's CPU.
   */
  private async pruneUnwanted (node: IntelmeshLibp2p): Promise<void> {
    if (this.dialFilter == null) return
    const unwanted = node.getConnections().filter(connection => {
      const peer = connection.remotePeer.toString()
      return connection.direction === 'outbound' && this.membership.isActiveMember(peer) && !this.dialFilter!(peer) && this.wantedBy?.(peer) !== true
    })
    const kept = new Set<string>()
    for (const connection of unwanted) {
      const peer = connection.remotePeer.toString()
      if (kept.has(peer)) continue
      if (await keptAlive(node, connection.remotePeer)) {
        kept.add(peer)
        continue
      }
      connection.abort(new Error(`peer ${peer} is no longer a mesh link`))
      this.log.debug({ peer }, 'closed connection to a member outside the mesh')
    }
  }

  /** Bytes through streams opened or handled here (all, or one protocol's) and open connections. */
  stats (protocol?: string): NetworkStats {
    return { ...this.traffic.totals(protocol), connections: this.node?.getConnections().length ?? 0 }
  }

  /** Non-members refused so far, per gater hook and at stream level. */
  refusals (): NetworkRefusals {
    return { ...this.gater.refusals(), inboundStream: this.refusedStreams }
  }

  private started (): IntelmeshLibp2p {
    if (this.node == null) {
      throw new NetworkNotStartedError()
    }
    return this.node
  }

  private async register (node: IntelmeshLibp2p, protocol: string, registration: Registration): Promise<void> {
    const { options } = registration
    await node.handle(protocol, this.guard(protocol, registration), {
      maxInboundStreams: options.maxInboundStreams ?? this.init.maxInboundStreamsPerProtocol,
      maxOutboundStreams: options.maxOutboundStreams ?? this.init.maxOutboundStreamsPerProtocol,
      // replace a handler of the same protocol registered before a restart
      force: true
    })
  }

  /** Defence in depth beside the gater: a non-member's stream is reset before any handler runs. */
  private guard (protocol: string, registration: Registration): StreamHandler {
    return async (stream, connection) => {
      const peer = connection.remotePeer.toString()
      if (!this.membership.isActiveMember(peer)) {
        this.refusedStreams++
        stream.abort(new NotAMemberError(`inbound ${protocol} stream from ${peer}: not an active member`))
        return
      }
      meterStream(stream, { traffic: this.traffic, idleTimeoutMs: registration.options.idleTimeoutMs ?? this.init.idleTimeoutMs })
      try {
        await registration.handler(stream, peer)
      } catch (err) {
        // a handler bug must not leave the stream open; the protocol owns the diagnosis
        this.log.warn({ peer, protocol, err: (err as Error).message }, 'protocol handler failed, stream reset')
        stream.abort(err as Error)
      }
    }
  }

  private readonly onPeerConnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString()
    if (!this.membership.isActiveMember(peer)) {
      // membership changed between the gater's check and the open connection
      for (const connection of this.node?.getConnections(evt.detail) ?? []) {
        connection.abort(new NotAMemberError(`peer ${peer} is not an active member`))
      }
      return
    }
    this.connected.add(peer)
    this.reconnector?.onConnected(peer)
    this.safeDispatchEvent('peer:connected', { detail: { peer } })
  }

  private readonly onPeerDisconnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString()
    if (this.connected.delete(peer)) {
      this.safeDispatchEvent('peer:disconnected', { detail: { peer } })
    }
    this.reconnector?.onDisconnected(peer)
  }
}

/** Whether libp2p redials `peer` whenever its last connection closes (a `keep-alive` tag, e.g. the DHT's closest peers). */
async function keptAlive (node: IntelmeshLibp2p, peer: PeerId): Promise<boolean> {
  try {
    const record = await node.peerStore.get(peer)
    return [...record.tags.keys()].some(tag => tag.startsWith(KEEP_ALIVE))
  } catch {
    return false // not in the peer store: nothing will redial it
  }
}
