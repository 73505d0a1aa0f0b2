import { FETCH_BATCH_SIZE, MAX_IN_FLIGHT_FETCHES, RECEIVE_CONCURRENCY, REQUEST_TIMEOUT_MS } from './constants.js'
import { FetchIncompleteError, ProtocolViolationError } from './errors.js'
import { FetchChannels } from './fetch-channels.js'
import { FetchRequest, FetchResponse } from './messages.js'
import { decodeMessage, framingViolation } from './violation.js'
import type { FetchChannel } from './fetch-channels.js'
import type { ReceiveOutcome, ReceivePipeline } from './receive-pipeline.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** How a wanted id ended, as far as the peers that announced it are concerned. */
export type Resolution =
  | ReceiveOutcome
  | { status: 'refused', id: string, reason: string }
  | { status: 'failed', id: string, reason: string }

/** Collaborators of the fetch scheduler. */
export interface FetchSchedulerComponents {
  openStream: (peer: string, protocol: string) => Promise<Stream>
  /** True when the envelope is stored here already. */
  has: (id: string) => Promise<boolean>
  pipeline: ReceivePipeline
  /** Called with every pipeline outcome (to audit rejections, emit events, count). */
  onOutcome: (outcome: ReceiveOutcome, from: string) => Promise<void>
  logger: Logger
  /** Counts a protocol violation (a malformed or out-of-order response) against the peer. */
  penalise: (peer: string, code: string, reason: string) => void
}

interface Wanted {
  /** Peers that announced the id and have not (yet) failed or refused it. */
  sources: string[]
  inFlight?: string
  /** The store is being asked whether the id arrived meanwhile; not queued yet. */
  checking?: boolean
  listeners: Array<(resolution: Resolution) => void>
}

/**
 * Fetches each announced id once, however many peers announce it: the first
 * announcer is asked, the others stay as fallbacks if it refuses or fails.
 * Requests are batched per peer with a bounded number in flight, and each
 * response's envelopes go through the receive pipeline concurrently (which
 * is what lets the store commit them in groups).
 */
export class FetchScheduler {
  private readonly components: FetchSchedulerComponents
  private readonly batchSize: number
  private readonly maxInFlight: number
  private readonly channels: FetchChannels
  private readonly wanted = new Map<string, Wanted>()
  private readonly queues = new Map<string, string[]>()
  private readonly inFlight = new Map<string, number>()
  private readonly pumping = new Set<string>()
  private stopped = false

  constructor (components: FetchSchedulerComponents, init: { maxFrameBytes: number, batchSize?: number, maxInFlight?: number }) {
    this.components = components
    this.batchSize = init.batchSize ?? FETCH_BATCH_SIZE
    this.maxInFlight = init.maxInFlight ?? MAX_IN_FLIGHT_FETCHES
    this.channels = new FetchChannels(components, { maxFrameBytes: init.maxFrameBytes })
  }

  /** Number of ids wanted and not yet resolved. */
  get size (): number {
    return this.wanted.size
  }

  /** Asks for `id`, announced by `peer`; resolves when it is stored, rejected, or no announcer can deliver it. */
  async want (id: string, peer: string): Promise<Resolution> {
    return this.register(id, peer, resolve => {
      // A subscriber checks the store before it wants an id, but another feed's copy
      // may have been stored (and its entry resolved) since: ask again, now that
      // this entry is registered and every later announcement joins it.
      this.wanted.set(id, { sources: [peer], listeners: [resolve], checking: true })
      this.components.has(id).then(held => { this.checked(id, held) }, () => { this.checked(id, false) })
    })
  }

  /**
   * `peer` sent the envelope of `id` with its announcement: it goes through
   * the receive pipeline now, unless the id is already wanted (then this is
   * one more announcer, and the copy already on its way is used).
   * Resolves like `want`.
   */
  async offer (id: string, peer: string, envelope: Uint8Array): Promise<Resolution> {
    return this.register(id, peer, resolve => {
      // In flight from `peer`: no other announcer is asked while the pipeline runs;
      // if it fails, fallBack moves on to them as for a fetched copy.
      this.wanted.set(id, { sources: [peer], listeners: [resolve], inFlight: peer })
      void this.receive(envelope, peer, id)
    })
  }

  /** Joins `peer` to the entry of `id` when one exists; otherwise `start` creates it. */
  private async register (id: string, peer: string, start: (resolve: (resolution: Resolution) => void) => void): Promise<Resolution> {
    return new Promise(resolve => {
      const entry = this.wanted.get(id)
      if (entry == null) {
        start(resolve)
        return
      }
      if (!entry.sources.includes(peer)) entry.sources.push(peer)
      entry.listeners.push(resolve)
    })
  }

  private checked (id: string, held: boolean): void {
    const entry = this.wanted.get(id)
    if (entry == null) return // failed meanwhile (stop, or every announcer dropped)
    entry.checking = false
    if (held) {
      this.resolve(id, { status: 'duplicate', id })
      return
    }
    const source = entry.sources[0]
    if (source == null) this.resolve(id, { status: 'failed', id, reason: 'every announcer disconnected' })
    else this.enqueue(source, id)
  }

  /** Forgets everything wanted from `peer` (it disconnected); ids with no other source fail. */
  dropPeer (peer: string): void {
    this.queues.delete(peer)
    this.channels.closePeer(peer)
    for (const [id, entry] of this.wanted) {
      if (entry.inFlight === peer) continue // the running request fails and reschedules it
      entry.sources = entry.sources.filter(p => p !== peer)
      if (entry.checking === true) continue // queued (or failed) once the store answers
      if (entry.sources.length === 0) this.resolve(id, { status: 'failed', id, reason: `${peer} disconnected` })
      else if (entry.inFlight == null) this.enqueue(entry.sources[0]!, id)
    }
  }

  /** Fails everything still wanted; used on shutdown. */
  stop (): void {
    this.stopped = true
    this.channels.closeAll()
    for (const id of [...this.wanted.keys()]) this.resolve(id, { status: 'failed', id, reason: 'node stopping' })
    this.queues.clear()
  }

  private enqueue (peer: string, id: string): void {
    const queue = this.queues.get(peer) ?? []
    queue.push(id)
    this.queues.set(peer, queue)
    if (this.pumping.has(peer)) return
    // Pump once the caller is done: a feed batch wants its ids in one synchronous
    // loop, and they should leave as one request, not as single-id requests
    // filling the in-flight slots before the rest is queued.
    this.pumping.add(peer)
    queueMicrotask(() => {
      this.pumping.delete(peer)
      this.pump(peer)
    })
  }

  private pump (peer: string): void {
    if (this.stopped) return
    const queue = this.queues.get(peer)
    while (queue != null && queue.length > 0 && (this.inFlight.get(peer) ?? 0) < this.maxInFlight) {
      const batch: string[] = []
      while (queue.length > 0 && batch.length < this.batchSize) {
        const id = queue.shift()!
        const entry = this.wanted.get(id)
        if (entry == null || entry.inFlight != null) continue
        entry.inFlight = peer
        batch.push(id)
      }
      if (batch.length === 0) break
      this.inFlight.set(peer, (this.inFlight.get(peer) ?? 0) + 1)
      void this.fetch(peer, batch).finally(() => {
        this.inFlight.set(peer, (this.inFlight.get(peer) ?? 1) - 1)
        this.pump(peer)
      })
    }
    if (queue != null && queue.length === 0) this.queues.delete(peer)
  }

  private async fetch (peer: string, ids: string[]): Promise<void> {
    const remaining = new Set(ids)
    const processing: Array<Promise<void>> = []
    let channel: FetchChannel | undefined
    try {
      channel = await this.channels.acquire(peer)
      const answered = await this.request(peer, channel, ids, remaining, processing).catch(async (err: unknown) => {
        // An idle stream the peer closed just as we reused it: not the peer's fault, ask again on a new one.
        if (channel?.reused !== true || remaining.size !== ids.length || err instanceof ProtocolViolationError) throw err
        channel.frames.stream.abort(err as Error)
        channel = await this.channels.acquire(peer, { fresh: true })
        return await this.request(peer, channel, ids, remaining, processing)
      })
      if (answered) this.channels.release(peer, channel)
    } catch (err) {
      const violation = framingViolation(err, `fetch response of ${peer}`)
      if (violation != null) this.components.penalise(peer, violation.code, violation.message)
      this.components.logger.debug({ peer, err: (err as Error).message }, 'fetch failed')
      channel?.frames.stream.abort(err as Error)
      for (const id of remaining) this.fallBack(id, peer, { status: 'failed', id, reason: (err as Error).message })
    }
    await Promise.all(processing)
  }

  /** Sends one request on `channel` and reads its responses; true when every response arrived. */
  private async request (peer: string, channel: FetchChannel, ids: string[], remaining: Set<string>, processing: Array<Promise<void>>): Promise<boolean> {
    const { frames } = channel
    await frames.write(FetchRequest.encode({ ids: ids.map(id => Uint8Array.from(Buffer.from(id, 'hex'))) }))
    for (let i = 0; i < ids.length; i++) {
      const frame = await frames.read({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
      if (frame == null) throw new FetchIncompleteError(`${peer} ended the fetch stream after ${i} of ${ids.length} responses`)
      const response = decodeMessage(`fetch response of ${peer}`, () => FetchResponse.decode(frame))
      const id = Buffer.from(response.id).toString('hex')
      if (id !== ids[i]) throw new ProtocolViolationError(`fetch response ${i} is for ${id}, expected ${ids[i]}`)
      remaining.delete(id)
      if (response.envelope == null) {
        this.fallBack(id, peer, { status: 'refused', id, reason: response.refused ?? 'refused' })
        continue
      }
      processing.push(this.receive(response.envelope, peer, id))
      if (processing.length >= RECEIVE_CONCURRENCY) await Promise.all(processing.splice(0))
    }
    return true
  }

  private async receive (envelope: Uint8Array, peer: string, id: string): Promise<void> {
    let outcome: ReceiveOutcome
    try {
      outcome = await this.components.pipeline.receive(envelope, { from: peer, expectedId: id })
    } catch (err) {
      // Not a rejection the pipeline could name (e.g. the store failed): retry elsewhere, never drop silently.
      this.components.logger.error({ peer, id, err: (err as Error).message }, 'receive pipeline failed')
      this.fallBack(id, peer, { status: 'failed', id, reason: (err as Error).message })
      return
    }
    try {
      await this.components.onOutcome(outcome, peer)
    } catch (err) {
      // Auditing the outcome failed (the store closed under us): the outcome itself stands.
      this.components.logger.warn({ peer, id, err: (err as Error).message }, 'recording a receive outcome failed')
    }
    this.resolve(id, outcome)
  }

  /** `peer` could not deliver `id`: try the next announcer, or resolve with the last reason. */
  private fallBack (id: string, peer: string, resolution: Resolution): void {
    const entry = this.wanted.get(id)
    if (entry == null) return
    entry.inFlight = undefined
    entry.sources = entry.sources.filter(p => p !== peer)
    const next = entry.sources[0]
    if (next == null || this.stopped) {
      this.resolve(id, resolution)
      return
    }
    this.enqueue(next, id)
  }

  private resolve (id: string, resolution: Resolution): void {
    const entry = this.wanted.get(id)
    if (entry == null) return
    this.wanted.delete(id)
    for (const listener of entry.listeners) listener(resolution)
  }
}
