import { framed } from '../network/index.js'
import { MAX_CONTROL_FRAME_BYTES, RECEIPT_BATCH_MAX, RECEIPT_FLUSH_MS, RECEIPT_PROTOCOL, RECEIPT_RETRY_MS, REQUEST_TIMEOUT_MS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { ReceiptAck, ReceiptBatch } from './messages.js'
import { decodeMessage } from './violation.js'
import type { PendingEntry } from '../store/delivery-store.js'
import type { Store } from '../store/store.js'
import type { SignedReceipt } from './receipt.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Collaborators of the receipt outbox. */
export interface ReceiptOutboxComponents {
  store: Store
  openStream: (peer: string, protocol: string, options: { signal: AbortSignal }) => Promise<Stream>
  connectedPeers: () => string[]
  logger: Logger
  /** Receipts the origin refused (it named a code): logged and counted by the node. */
  onRefused?: (origin: string, refused: Array<{ id: string, code: string }>) => void
}

/** Optional settings (defaults in constants.ts). */
export interface ReceiptOutboxInit {
  /** Longest a receipt waits for others to the same origin. @default RECEIPT_FLUSH_MS */
  flushMs?: number
  /** Receipts per batch, and waiting receipts that make a batch leave at once. @default RECEIPT_BATCH_MAX */
  batchMax?: number
  /** How often kept receipts are retried for connected origins. @default RECEIPT_RETRY_MS */
  retryMs?: number
}

/**
 * The recipient's side of delivery receipts. Receipts are collected per
 * origin and sent as one frame per origin at most every `flushMs` (or as
 * soon as `batchMax` wait for that origin), straight to the origin and never through another member:
 * a receipt tells whoever carries it that this member holds that bundle.
 * A batch the origin does not acknowledge (it is offline, the stream fails)
 * is kept in the store and sent again when the origin connects (and every
 * `retryMs` while it stays connected), so receipts survive restarts.
 * Receipts not yet kept are lost only if the process dies within `flushMs`
 * of storing the bundle; the bundle then shows as pending at its origin.
 */
export class ReceiptOutbox {
  private readonly components: ReceiptOutboxComponents
  private readonly flushMs: number
  private readonly batchMax: number
  private readonly retryMs: number
  private waiting = new Map<string, SignedReceipt[]>()
  private timer: NodeJS.Timeout | undefined
  private retryTimer: NodeJS.Timeout | undefined
  /** One delivery at a time per origin, in order. */
  private readonly lanes = new Map<string, Promise<void>>()
  private running = false
  /** Aborts batches in flight when the outbox stops (they are kept instead). */
  private stopping = new AbortController()

  constructor (components: ReceiptOutboxComponents, init: ReceiptOutboxInit = {}) {
    this.components = components
    this.flushMs = init.flushMs ?? RECEIPT_FLUSH_MS
    this.batchMax = init.batchMax ?? RECEIPT_BATCH_MAX
    this.retryMs = init.retryMs ?? RECEIPT_RETRY_MS
  }

  /** Starts the retry timer and sends what was kept to origins already connected. */
  start (): void {
    this.running = true
    this.stopping = new AbortController()
    this.retryTimer = setInterval(() => { this.retryKept() }, this.retryMs).unref()
    this.retryKept()
  }

  /**
   * Queues the receipt of a bundle from `origin`. A full batch leaves at
   * once, alone: the other origins' receipts keep waiting for the interval.
   * (Flushing every origin whenever batchMax receipts waited in all sent a
   * stream to each origin per batchMax receipts stored: while catching up on
   * 4 origins, 4 quarter-full batches where one full one was due.)
   */
  add (origin: string, receipt: SignedReceipt): void {
    const list = this.waiting.get(origin) ?? []
    list.push(receipt)
    this.waiting.set(origin, list)
    if (list.length >= this.batchMax) {
      this.waiting.delete(origin)
      this.enqueue(origin, async () => this.sendFresh(origin, list))
      return
    }
    this.timer ??= setTimeout(() => { this.flush() }, this.flushMs).unref()
  }

  /** `origin` connected: send what it is owed. */
  connected (origin: string): void {
    if (this.running) this.enqueue(origin, async () => this.sendKept(origin))
  }

  /** Sends every waiting receipt now (each origin's batch in its own lane). */
  flush (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const batches = this.waiting
    this.waiting = new Map()
    for (const [origin, receipts] of batches) this.enqueue(origin, async () => this.sendFresh(origin, receipts))
  }

  /** Stops: what is waiting is kept in the store (not sent), and every lane is awaited. */
  async stop (): Promise<void> {
    this.running = false
    this.stopping.abort(new Error('receipt outbox stopping'))
    clearInterval(this.retryTimer)
    clearTimeout(this.timer)
    this.timer = undefined
    const batches = this.waiting
    this.waiting = new Map()
    await Promise.all([...this.lanes.values()])
    await this.keep([...batches].flatMap(([origin, receipts]) => receipts.map(r => entry(origin, r))))
  }

  private enqueue (origin: string, job: () => Promise<void>): void {
    const lane = (this.lanes.get(origin) ?? Promise.resolve()).then(job).catch((err: Error) => {
      this.components.logger.warn({ origin, err: err.message }, 'delivering receipts failed')
    })
    this.lanes.set(origin, lane)
    void lane.then(() => { if (this.lanes.get(origin) === lane) this.lanes.delete(origin) })
  }

  private async sendFresh (origin: string, receipts: SignedReceipt[]): Promise<void> {
    for (let start = 0; start < receipts.length; start += this.batchMax) {
      const chunk = receipts.slice(start, start + this.batchMax)
      if (!this.running || !this.components.connectedPeers().includes(origin) || !(await this.send(origin, chunk))) {
        await this.keep(receipts.slice(start).map(r => entry(origin, r)))
        return
      }
    }
  }

  private async sendKept (origin: string): Promise<void> {
    const { store } = this.components
    while (this.running && this.components.connectedPeers().includes(origin)) {
      const kept = await store.deliveries.pendingFor(origin, this.batchMax)
      if (kept.length === 0) return
      const receipts = kept.map(k => ({ id: k.id, storedAt: k.storedAt, signature: Uint8Array.from(Buffer.from(k.signature, 'hex')) }))
      if (!(await this.send(origin, receipts))) return
      await store.deliveries.dropPending(origin, kept.map(k => k.id))
    }
  }

  private retryKept (): void {
    void this.components.store.deliveries.pendingOrigins().then(origins => {
      const connected = new Set(this.components.connectedPeers())
      for (const origin of origins) if (connected.has(origin)) this.connected(origin)
    }).catch((err: Error) => { this.components.logger.warn({ err: err.message }, 'reading kept receipts failed') })
  }

  /** One batch to `origin`; true once the origin acknowledged it (refused receipts are not sent again). */
  private async send (origin: string, receipts: SignedReceipt[]): Promise<boolean> {
    let stream: Stream | undefined
    try {
      const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
      stream = await this.components.openStream(origin, RECEIPT_PROTOCOL, { signal })
      const frames = framed(stream, { maxFrameBytes: MAX_CONTROL_FRAME_BYTES })
      await frames.write(ReceiptBatch.encode({
        receipts: receipts.map(r => ({ id: Uint8Array.from(Buffer.from(r.id, 'hex')), storedAt: BigInt(r.storedAt), signature: r.signature as Uint8Array<ArrayBuffer> }))
      }))
      const frame = await frames.read({ signal })
      if (frame == null) throw new ProtocolViolationError(`origin ${origin} ended the receipt stream without an acknowledgement`)
      const ack = decodeMessage(`receipt acknowledgement of ${origin}`, () => ReceiptAck.decode(frame, { limits: { refused: RECEIPT_BATCH_MAX } }))
      await frames.close().catch(() => {})
      if (ack.refused.length > 0) this.components.onRefused?.(origin, ack.refused.map(r => ({ id: Buffer.from(r.id).toString('hex'), code: r.code })))
      return true
    } catch (err) {
      this.components.logger.debug({ origin, receipts: receipts.length, err: (err as Error).message }, 'receipt batch not acknowledged; kept for later')
      stream?.abort(err as Error)
      return false
    }
  }

  private async keep (entries: PendingEntry[]): Promise<void> {
    await this.components.store.deliveries.keepPending(entries).catch((err: Error) => {
      this.components.logger.error({ receipts: entries.length, err: err.message }, 'keeping receipts for later failed')
    })
  }
}

function entry (origin: string, receipt: SignedReceipt): PendingEntry {
  return { origin, id: receipt.id, storedAt: receipt.storedAt, signature: Buffer.from(receipt.signature).toString('hex') }
}
