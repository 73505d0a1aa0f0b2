import { NodeIdentity } from '../../src/crypto/index.js'
import { Network, framed } from '../../src/network/index.js'
import { FEED_PROTOCOL, FETCH_PROTOCOL } from '../../src/replication/constants.js'
import { FeedMessage, FeedRequest, FetchRequest, FetchResponse } from '../../src/replication/messages.js'
import type { FramedStream } from '../../src/network/index.js'
import type { Stream } from '@libp2p/interface'

/** What a feed announced: `{pos, id}` entries and the last head, until the first tail. */
export interface FeedRead {
  logId: string
  ids: string[]
  head: number
  batches: number
}

/**
 * A bare peer built from our own `Network` (TCP, Noise, Yamux, the gater),
 * without a store or a replicator: it speaks the feed and fetch protocols by
 * hand, so a test can subscribe, fetch by id, or read slowly on purpose.
 * Its membership view is an explicit allow-list of keys with addresses.
 */
export class RawPeer {
  readonly identity: NodeIdentity
  readonly network: Network
  readonly key: string
  private readonly known = new Map<string, string[]>()
  /** Inbound streams opened to this peer, by protocol (nobody may open one to an outsider). */
  readonly inbound: string[] = []

  private constructor (identity: NodeIdentity) {
    this.identity = identity
    this.key = identity.memberKey
    this.network = new Network({
      privateKey: identity.toLibp2pPrivateKey(),
      membership: {
        isActiveMember: peer => this.known.has(peer),
        activeMembers: () => [...this.known].map(([key, addresses]) => ({ key, addresses }))
      }
    }, { reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 }, dialTimeoutMs: 3_000 })
  }

  /** Starts a raw peer on 127.0.0.1 that counts (and drops) every inbound feed or fetch stream. */
  static async start (identity = NodeIdentity.generate()): Promise<RawPeer> {
    const peer = new RawPeer(identity)
    for (const protocol of [FEED_PROTOCOL, FETCH_PROTOCOL]) {
      await peer.network.handle(protocol, stream => {
        peer.inbound.push(protocol)
        stream.abort(new Error('raw peer serves nothing'))
      })
    }
    await peer.network.start()
    return peer
  }

  /** Lets this peer dial `key` at `addresses` (its own view: the other side decides for itself). */
  async know (key: string, addresses: string[]): Promise<void> {
    this.known.set(key, addresses)
    await this.network.membershipChanged()
  }

  /** Listen addresses. */
  addresses (): string[] {
    return this.network.listenAddresses()
  }

  /** Opens a feed to `member` from `since` and reads until the first batch with `tail`. */
  async readFeed (member: string, since = 0): Promise<FeedRead> {
    const { frames, stream, hello } = await this.openFeed(member, since)
    const read: FeedRead = { logId: hello.logId, ids: [], head: since, batches: 0 }
    try {
      for (;;) {
        const batch = await this.nextBatch(frames)
        read.batches++
        read.ids.push(...batch.ids)
        read.head = batch.head
        if (batch.tail) return read
      }
    } finally {
      stream.abort(new Error('done'))
    }
  }

  /** Opens a feed and answers the hello; the caller reads batches with `nextBatch`. */
  async openFeed (member: string, since = 0): Promise<{ stream: Stream, frames: FramedStream, hello: { logId: string, epoch: string } }> {
    const stream = await this.network.openStream(member, FEED_PROTOCOL, { idleTimeoutMs: 0 })
    const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
    const first = await frames.read({ signal: AbortSignal.timeout(5_000) })
    const hello = first == null ? undefined : FeedMessage.decode(first).hello
    if (hello == null) throw new Error(`feed of ${member} did not greet`)
    await frames.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: BigInt(since) }))
    return { stream, frames, hello }
  }

  /** Reads one feed batch. */
  async nextBatch (frames: FramedStream, timeoutMs = 10_000): Promise<{ ids: string[], head: number, tail: boolean, bytes: number }> {
    const frame = await frames.read({ signal: AbortSignal.timeout(timeoutMs) })
    const batch = frame == null ? undefined : FeedMessage.decode(frame).batch
    if (frame == null || batch == null) throw new Error('feed ended without a batch')
    return { ids: batch.entries.map(e => Buffer.from(e.id).toString('hex')), head: Number(batch.head), tail: batch.tail, bytes: frame.byteLength }
  }

  /** Asks `member` for `ids` in one request; returns, per id, the envelope's size or the refusal. */
  async fetch (member: string, ids: string[]): Promise<Array<{ id: string, size?: number, refused?: string }>> {
    const { stream, frames } = await this.openFetch(member, ids)
    const out = []
    try {
      for (let i = 0; i < ids.length; i++) {
        const frame = await frames.read({ signal: AbortSignal.timeout(10_000) })
        if (frame == null) throw new Error(`fetch from ${member} ended after ${i} responses`)
        const response = FetchResponse.decode(frame)
        out.push({ id: Buffer.from(response.id).toString('hex'), size: response.envelope?.byteLength, refused: response.refused })
      }
    } finally {
      await stream.close().catch(() => {})
    }
    return out
  }

  /** Sends one fetch request; the caller reads the responses (as slowly as it likes). */
  async openFetch (member: string, ids: string[], maxFrameBytes = 4 * 1024 * 1024 + 1024): Promise<{ stream: Stream, frames: FramedStream }> {
    const stream = await this.network.openStream(member, FETCH_PROTOCOL)
    const frames = framed(stream, { maxFrameBytes })
    await frames.write(FetchRequest.encode({ ids: ids.map(id => Uint8Array.from(Buffer.from(id, 'hex'))) }))
    return { stream, frames }
  }

  /** Stops the network. */
  async stop (): Promise<void> {
    await this.network.stop()
  }
}
