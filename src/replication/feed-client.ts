import { framed } from '../network/index.js'
import { CheckpointTracker } from './checkpoint-tracker.js'
import { CHECKPOINT_INTERVAL_MS, FEED_PROTOCOL, MAX_FEED_FRAME_BYTES, MAX_PENDING_PER_FEED, REQUEST_TIMEOUT_MS } from './constants.js'
import { checkpointScope } from './epoch.js'
import { ProtocolViolationError } from './errors.js'
import { FeedMessage, FeedRequest } from './messages.js'
import { decodeMessage, framingViolation } from './violation.js'
import type { FetchScheduler, Resolution } from './fetch-scheduler.js'
import type { Store } from '../store/store.js'
import type { Stream } from '@libp2p/interface'

/** Collaborators of a feed subscription. */
export interface FeedClientComponents {
  openStream: (peer: string, protocol: string) => Promise<Stream>
  store: Store
  scheduler: FetchScheduler
  /** The subscriber's own directory epoch (part of every checkpoint scope). */
  localEpoch: () => string
  /** Called when the subscription reaches the peer's head with nothing pending. */
  onCaughtUp?: (peer: string, head: number) => void
  /** Called with how many log entries the peer is ahead of our checkpoint. */
  onLag?: (peer: string, lag: number) => void
  /** After a restore: ask `peer` for what we delivered to it ourselves, and learn the seqs it saw from us (see Recovery). */
  recovery?: FeedRecovery
}

/** What a feed subscription does for a node restored from a backup. */
export interface FeedRecovery {
  /** Ask this peer to announce what we delivered to it ourselves too. */
  echo: (peer: string) => boolean
  /** The highest seq `peer` has seen from us as origin (from its hello); awaited before the feed is requested. */
  seenFromYou: (peer: string, seq: number) => Promise<void>
}

/** Progress of one subscription, for status and tests. */
export interface FeedProgress {
  peer: string
  scope?: string
  checkpoint: number
  head: number
  pending: number
  /** The last batch reached the peer's log head. */
  tail: boolean
  caughtUp: boolean
  /** Ids announced on this subscription so far. */
  announced: number
  /** Only the peer's own publications are read (a bounded mesh's direct link, FeedRequest.ownOnly). */
  ownOnly: boolean
}

/**
 * The subscribing side of `/intelmesh/feed/1.0.0` for one peer: reads the
 * peer's hello, resumes from the checkpoint of that scope, asks the fetch
 * scheduler for every announced id it does not hold, and advances the
 * checkpoint only over batches whose ids are all resolved. It stops reading
 * while too many ids are pending, which — through Yamux flow control —
 * stalls the peer's feed writer: backpressure end to end.
 */
export class FeedClient {
  readonly progress: FeedProgress
  private readonly components: FeedClientComponents
  private readonly controller = new AbortController()
  private checkpointWrite: Promise<void> = Promise.resolve()
  private checkpointTimer: NodeJS.Timeout | undefined
  /** Last checkpoint written (or read at the start). */
  private persisted = 0
  private readonly checkpointIntervalMs: number

  /** Bounded mesh: we read this feed only because the peer subscribed to us (told to the peer, see FeedRequest.follow). */
  readonly follow: boolean
  /** Bounded mesh: the peer is not a mesh neighbour; we read only its own publications (FeedRequest.ownOnly). */
  readonly ownOnly: boolean

  constructor (components: FeedClientComponents, init: { peer: string, fromZero?: boolean, follow?: boolean, ownOnly?: boolean, checkpointIntervalMs?: number }) {
    this.components = components
    this.checkpointIntervalMs = init.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS
    this.fromZero = init.fromZero ?? false
    this.follow = init.follow ?? false
    this.ownOnly = init.ownOnly ?? false
    this.progress = { peer: init.peer, checkpoint: 0, head: 0, pending: 0, tail: false, caughtUp: false, announced: 0, ownOnly: this.ownOnly }
  }

  private readonly fromZero: boolean

  /** Runs the subscription until the stream ends, fails, or `stop()`. */
  async run (): Promise<void> {
    const { openStream, store, scheduler } = this.components
    const peer = this.progress.peer
    const signal = this.controller.signal
    const stream = await openStream(peer, FEED_PROTOCOL)
    const onAbort = (): void => { stream.abort(new Error('feed subscription stopped')) }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      // framed, not lpStream: it pauses the stream while frames wait unread, so
      // when we stop reading (too many ids pending) yamux stops granting window
      // and the publisher's writer stalls. lpStream buffers whatever arrives.
      const frames = framed(stream, { maxFrameBytes: MAX_FEED_FRAME_BYTES })
      const first = await frames.read({ signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) })
      if (first == null) return // the publisher closed before greeting (it is stopping)
      const hello = decodeMessage(`feed hello of ${peer}`, () => FeedMessage.decode(first)).hello
      if (hello == null) throw new ProtocolViolationError(`feed of ${peer} did not start with a hello`)
      // An own-only read skips other origins' entries: its checkpoint is not one for the whole feed.
      const scope = checkpointScope(hello.logId, hello.epoch, this.components.localEpoch()) + (this.ownOnly ? '/own' : '')
      const since = this.fromZero ? 0 : await store.getCheckpoint(peer, scope)
      Object.assign(this.progress, { scope, checkpoint: since, head: since })
      this.persisted = since
      const recovery = this.components.recovery
      const echo = recovery?.echo(peer) === true
      if (echo) await recovery?.seenFromYou(peer, Number(hello.seenFromYou ?? 0n))
      await frames.write(FeedRequest.encode({ logId: hello.logId, epoch: hello.epoch, since: BigInt(since), ...(echo ? { echo } : {}), ...(this.follow ? { follow: true } : {}), ...(this.ownOnly ? { ownOnly: true } : {}) }), { signal })
      const tracker = new CheckpointTracker()
      let last = since
      while (!signal.aborted) {
        const frame = await frames.read({ signal })
        if (frame == null) return // the publisher ended the feed cleanly; the replicator resubscribes
        const batch = decodeMessage(`feed batch of ${peer}`, () => FeedMessage.decode(frame)).batch
        if (batch == null) throw new ProtocolViolationError(`feed of ${peer} sent a message without a batch`)
        const head = Number(batch.head)
        if (head < last) throw new ProtocolViolationError(`feed of ${peer} went backwards from ${last} to ${head}`)
        const announced: string[] = []
        const sentWith = new Map<string, Uint8Array>()
        for (const entry of batch.entries) {
          const pos = Number(entry.pos)
          if (pos <= last || pos > head || entry.id.byteLength !== 32) {
            throw new ProtocolViolationError(`feed of ${peer} announced an invalid entry at ${pos}`)
          }
          last = pos
          const id = Buffer.from(entry.id).toString('hex')
          announced.push(id)
          this.progress.announced++
          if (entry.envelope != null) sentWith.set(id, entry.envelope)
        }
        // One read for the whole batch: every peer announces every bundle, so most are held already.
        const held = await store.hasMany(announced)
        const wanted = announced.filter((_, i) => !held[i])
        last = head
        this.progress.head = head
        tracker.add(head, wanted)
        const received: Array<Promise<void>> = []
        for (const id of wanted) {
          const envelope = sentWith.get(id)
          const resolution = envelope == null ? scheduler.want(id, peer) : scheduler.offer(id, peer, envelope)
          const resolved = resolution.then(r => { this.onResolved(tracker, id, r, scope) })
          if (envelope != null) received.push(resolved)
        }
        this.moveCheckpoint(tracker.advance(), scope)
        this.progress.pending = tracker.pending
        this.components.onLag?.(peer, head - this.progress.checkpoint)
        this.progress.tail = batch.tail
        if (batch.tail && tracker.pending === 0) this.markCaughtUp(head)
        else this.progress.caughtUp = false
        // Envelopes that came with the batch are received before the next frame
        // is read: at most one frame of them is held in memory per feed.
        await Promise.all(received)
        await tracker.below(MAX_PENDING_PER_FEED)
      }
    } catch (err) {
      throw framingViolation(err, `feed of ${peer}`) ?? err
    } finally {
      signal.removeEventListener('abort', onAbort)
      if (stream.status === 'open') stream.abort(new Error('feed subscription ended'))
      if (this.progress.scope != null) this.flushCheckpoint(this.progress.scope)
      await this.checkpointWrite
    }
  }

  /** Ends the subscription. */
  stop (): void {
    this.controller.abort()
  }

  private onResolved (tracker: CheckpointTracker, id: string, resolution: Resolution, scope: string): void {
    if (resolution.status === 'failed') {
      // Nobody could deliver it right now: keep the checkpoint before it and resubscribe later.
      this.stop()
      return
    }
    this.moveCheckpoint(tracker.resolve(id), scope)
    this.progress.pending = tracker.pending
    if (tracker.pending === 0 && this.progress.tail && this.progress.checkpoint === this.progress.head) this.markCaughtUp(this.progress.head)
  }

  private moveCheckpoint (pos: number | undefined, scope: string): void {
    if (pos == null || pos <= this.progress.checkpoint || this.controller.signal.aborted) return
    this.progress.checkpoint = pos
    // A checkpoint only spares re-reading announcements after a restart (held
    // ids are skipped then), so it is persisted at most every
    // CHECKPOINT_INTERVAL_MS and when the feed ends, not as a synced write per batch.
    this.checkpointTimer ??= setTimeout(() => { this.flushCheckpoint(scope) }, this.checkpointIntervalMs).unref()
  }

  private flushCheckpoint (scope: string): void {
    clearTimeout(this.checkpointTimer)
    this.checkpointTimer = undefined
    const pos = this.progress.checkpoint
    if (pos <= this.persisted) return
    this.persisted = pos
    const peer = this.progress.peer
    // Writes are chained so they land in order; each one is synced by the store.
    this.checkpointWrite = this.checkpointWrite.then(async () => this.components.store.setCheckpoint(peer, scope, pos))
  }

  private markCaughtUp (head: number): void {
    if (this.progress.caughtUp) return
    this.progress.caughtUp = true
    this.components.onCaughtUp?.(this.progress.peer, head)
  }
}
