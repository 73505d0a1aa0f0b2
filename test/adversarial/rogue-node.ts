import { randomBytes } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { KeyWrapper, NodeIdentity } from '../../src/crypto/index.js'
import { parseFrame } from '../../src/envelope/frame.js'
import { bundleId } from '../../src/envelope/index.js'
import { Network } from '../../src/network/index.js'
import { FEED_PROTOCOL, FETCH_PROTOCOL } from '../../src/replication/constants.js'
import { FeedMessage, FeedRequest, FetchRequest, FetchResponse } from '../../src/replication/messages.js'
import type { Stream } from '@libp2p/interface'

/** A stream handler of the rogue: full control over every byte it writes. */
export type RogueHandler = (stream: Stream, peer: string) => Promise<void>

/** One envelope the rogue announces and serves: the id it claims and the bytes it sends. */
export interface Offer {
  id: string
  bytes: Uint8Array
}

/** The id an envelope frame really has (or a random one for bytes that are no envelope). */
export function offerOf (bytes: Uint8Array): Offer {
  try {
    return { id: bundleId(parseFrame(bytes).header), bytes }
  } catch {
    return { id: randomBytes(32).toString('hex'), bytes }
  }
}

/**
 * A hostile peer built from the project's own libp2p stack (our `Network`:
 * TCP, Noise, Yamux, the same protocols) whose membership view admits
 * everyone. It speaks the feed and fetch protocols but lies: by default it
 * runs a "live feed" announcing whatever `offer()` was given and answers
 * fetches with the bytes of its choice; tests replace either handler to
 * write truncated, oversized or garbage frames, and use `openStream` to play
 * a hostile subscriber.
 */
export class RogueNode {
  readonly identity: NodeIdentity
  readonly wrapper: KeyWrapper
  readonly network: Network
  /** The rogue's own log id (a fresh one makes a victim read its feed from 0). */
  logId = randomBytes(8).toString('hex')
  private readonly targets = new Map<string, string[]>()
  private readonly offers: Offer[] = []
  private readonly feeds = new Set<{ write: (pos: number) => Promise<void> }>()
  private feedHandler: RogueHandler = async (stream) => this.lyingFeed(stream)
  private fetchHandler: RogueHandler = async (stream) => this.lyingFetch(stream)
  /** Every fetch request the victim sent, as hex ids (what it asked for). */
  readonly fetched: string[][] = []
  /** Feed subscriptions the victim opened to the rogue so far. */
  subscriptions = 0

  private constructor (identity: NodeIdentity) {
    this.identity = identity
    this.wrapper = new KeyWrapper({ identity })
    this.network = new Network({
      privateKey: identity.toLibp2pPrivateKey(),
      membership: {
        isActiveMember: () => true,
        activeMembers: () => [...this.targets].map(([key, addresses]) => ({ key, addresses }))
      }
    }, { maxOutboundStreamsPerProtocol: 4096, maxInboundStreamsPerProtocol: 4096, reconnect: { initialDelayMs: 100, maxDelayMs: 500 } })
  }

  /** Starts a rogue with a fresh key (or the given one, e.g. a stolen member key). */
  static async start (identity = NodeIdentity.generate()): Promise<RogueNode> {
    const rogue = new RogueNode(identity)
    await rogue.network.handle(FEED_PROTOCOL, async (stream, peer) => {
      rogue.subscriptions++
      await rogue.feedHandler(stream, peer)
    }, { idleTimeoutMs: 0 })
    await rogue.network.handle(FETCH_PROTOCOL, async (stream, peer) => rogue.fetchHandler(stream, peer))
    await rogue.network.start()
    return rogue
  }

  /** The rogue's member key. */
  get key (): string {
    return this.identity.memberKey
  }

  addresses (): string[] {
    return this.network.listenAddresses()
  }

  /** Keeps a connection to `key` (dialling `addresses`). */
  async connectTo (key: string, addresses: string[]): Promise<void> {
    this.targets.set(key, addresses)
    await this.network.membershipChanged()
  }

  connectedTo (key: string): boolean {
    return this.network.connectedPeers().includes(key)
  }

  /** Replaces what the rogue does when a victim subscribes to its feed (until `behave()`). */
  onFeed (handler: RogueHandler): void {
    this.feedHandler = handler
  }

  /** Replaces what the rogue does when a victim fetches from it (until `behave()`). */
  onFetch (handler: RogueHandler): void {
    this.fetchHandler = handler
  }

  /** Back to the well-formed (if lying) feed and fetch. */
  behave (): void {
    this.feedHandler = async (stream) => this.lyingFeed(stream)
    this.fetchHandler = async (stream) => this.lyingFetch(stream)
  }

  /** Announces these envelopes on every open feed (and to every later subscriber) and serves them. */
  async offer (...offers: Offer[]): Promise<void> {
    this.offers.push(...offers)
    await Promise.all([...this.feeds].map(async feed => feed.write(this.offers.length)))
  }

  /** Opens a raw stream to `peer` (the rogue as a subscriber or requester). */
  async openStream (peer: string, protocol: string, signal?: AbortSignal): Promise<Stream> {
    return this.network.openStream(peer, protocol, { idleTimeoutMs: 0, signal })
  }

  /** Fetches `ids` from `peer` the way a node does; returns every response. */
  async fetchFrom (peer: string, ids: string[]): Promise<FetchResponse[]> {
    const stream = await this.openStream(peer, FETCH_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: 8 * 1024 * 1024 })
    await lp.write(FetchRequest.encode({ ids: ids.map(id => Uint8Array.from(Buffer.from(id, 'hex'))) }))
    const responses: FetchResponse[] = []
    for (let i = 0; i < ids.length; i++) responses.push(FetchResponse.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray()))
    await stream.close().catch(() => {})
    return responses
  }

  async stop (): Promise<void> {
    await this.network.stop()
  }

  private async lyingFeed (stream: Stream): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: 64 * 1024 })
    await lp.write(FeedMessage.encode({ hello: { logId: this.logId, epoch: 'rogue', since: 0n } }))
    const request = FeedRequest.decode(await lp.read())
    // It does honour the resume position: a victim catches a feed that goes backwards.
    let sent = Math.min(Number(request.since), this.offers.length)
    const feed = {
      write: async (upTo: number): Promise<void> => {
        const entries = this.offers.slice(sent, upTo).map((offer, i) => ({ pos: BigInt(sent + i + 1), id: Uint8Array.from(Buffer.from(offer.id, 'hex')) }))
        sent = upTo
        await lp.write(FeedMessage.encode({ batch: { entries, head: BigInt(upTo), tail: true } }))
      }
    }
    this.feeds.add(feed)
    try {
      await feed.write(this.offers.length)
      await new Promise<void>(resolve => { stream.addEventListener('close', () => { resolve() }, { once: true }) })
    } finally {
      this.feeds.delete(feed)
    }
  }

  private async lyingFetch (stream: Stream): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: 64 * 1024 })
    const request = FetchRequest.decode(await lp.read())
    const ids = request.ids.map(id => Buffer.from(id).toString('hex'))
    this.fetched.push(ids)
    for (const [i, id] of ids.entries()) {
      const offer = this.offers.find(o => o.id === id)
      const raw = request.ids[i]!
      await lp.write(FetchResponse.encode(offer == null ? { id: raw, refused: 'not here' } : { id: raw, envelope: offer.bytes as Uint8Array<ArrayBuffer> }))
    }
    await stream.close().catch(() => {})
  }
}
