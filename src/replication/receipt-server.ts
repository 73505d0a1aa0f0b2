import { framed } from '../network/index.js'
import { MAX_CONTROL_FRAME_BYTES, RECEIPT_BATCH_MAX, REQUEST_TIMEOUT_MS } from './constants.js'
import { ProtocolViolationError, ReceiptRejectedError, ReceiptsDeferredError } from './errors.js'
import { ReceiptAck, ReceiptBatch } from './messages.js'
import { checkReceipt } from './receipt-check.js'
import { decodeMessage, framingViolation } from './violation.js'
import type { ReceiptEntry } from '../store/delivery-store.js'
import type { Store } from '../store/store.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Collaborators of the receipt server. */
export interface ReceiptServerComponents {
  store: Store
  /** This node's member key. */
  self: string
  now: () => number
  logger: Logger
  /** A refused receipt or a broken frame: audited, counted by code, and (unless benign) a strike. */
  penalise: (peer: string, code: string, reason: string) => void
  /** Receipts stored for the first time (the node emits events). */
  onReceipts: (recipient: string, receipts: ReceiptEntry[]) => void
  /**
   * True while this node, restored from a backup, has not caught up with
   * every member: a receipt for a bundle it does not know may be for one of
   * its own later publications, still on its way back (docs/backup.md).
   */
  restoring?: () => boolean
}

/**
 * The origin's side of `/intelmesh/receipt/1.0.0`: one ReceiptBatch per
 * stream, answered with one ReceiptAck. Every receipt is checked
 * (`checkReceipt`); the valid ones are stored with one audit record in one
 * synced batch before the ack is written, so an acknowledged receipt is durable.
 */
export class ReceiptServer {
  private readonly components: ReceiptServerComponents

  constructor (components: ReceiptServerComponents) {
    this.components = components
  }

  /** Answers the one batch of a receipt stream. */
  async serve (stream: Stream, peer: string): Promise<void> {
    const frames = framed(stream, { maxFrameBytes: MAX_CONTROL_FRAME_BYTES })
    try {
      let frame: Uint8Array | null
      try {
        frame = await frames.read({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
      } catch (err) {
        const violation = framingViolation(err, `receipt batch of ${peer}`)
        if (violation != null) throw violation
        throw err
      }
      if (frame == null) throw new ProtocolViolationError(`receipt stream of ${peer} ended without a batch`)
      const batch = decodeMessage(`receipt batch of ${peer}`, () => ReceiptBatch.decode(frame, { limits: { receipts: RECEIPT_BATCH_MAX } }))
      const ack = await this.accept(peer, batch)
      await frames.write(ReceiptAck.encode(ack))
      await frames.close().catch(() => {})
    } catch (err) {
      if (err instanceof ProtocolViolationError) this.components.penalise(peer, err.code, err.message)
      else if (err instanceof ReceiptsDeferredError) this.components.logger.info({ peer, err: err.message }, 'receipts deferred')
      else this.components.logger.debug({ peer, err: (err as Error).message }, 'receipt stream failed')
      stream.abort(err as Error)
    }
  }

  private async accept (peer: string, batch: ReceiptBatch): Promise<ReceiptAck> {
    const { store, self, now, penalise } = this.components
    for (const r of batch.receipts) {
      if (r.id.byteLength !== 32) throw new ProtocolViolationError(`receipt batch of ${peer} holds an id of ${r.id.byteLength} bytes; ids are 32 bytes`)
    }
    const receipts = batch.receipts.map(r => ({ id: Buffer.from(r.id).toString('hex'), raw: r.id, storedAt: Number(r.storedAt), signature: r.signature }))
    const records = await store.getRecords(receipts.map(r => r.id))
    if (this.components.restoring?.() === true) {
      // Refused, they would be gone for good (the recipient does not send a refused receipt
      // again) and an honest peer struck for each; unacknowledged, they come back once we hold the bundles.
      const unknown = records.filter(record => record == null).length
      if (unknown > 0) throw new ReceiptsDeferredError(`receipt batch of ${peer} names ${unknown} bundles not held here yet; restoring from a backup, it is left for later`)
    }
    const valid: ReceiptEntry[] = []
    const refused: ReceiptAck['refused'] = []
    const at = now()
    for (const [i, receipt] of receipts.entries()) {
      const record = records[i]
      try {
        checkReceipt(receipt, { record, removed: record == null && await store.isTombstoned(receipt.id), from: peer, self, now: at })
        valid.push({ id: receipt.id, recipient: peer, storedAt: receipt.storedAt, signature: Buffer.from(receipt.signature).toString('hex'), receivedAt: at })
      } catch (err) {
        if (!(err instanceof ReceiptRejectedError)) throw err
        refused.push({ id: receipt.raw, code: err.code })
        penalise(peer, err.code, err.message)
      }
    }
    const fresh = valid.length === 0 ? [] : await store.deliveries.saveReceipts(peer, valid, { type: 'receipt', at, peer })
    if (fresh.length > 0) this.components.onReceipts(peer, fresh)
    return { accepted: valid.length, refused }
  }
}
