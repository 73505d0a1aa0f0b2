import { checkNotExpired, decodeEnvelope, decryptEnvelope, verifyEnvelope } from '../envelope/index.js'
import { IntelmeshError } from '../errors.js'
import { eligible } from '../policy/index.js'
import { StoreClosedError, TombstonedError } from '../store/errors.js'
import { ReceiveRejectedError } from './errors.js'
import { deriveIndexes } from './derive-indexes.js'
import type { NodeIdentity, KeyWrapper } from '../crypto/index.js'
import type { Directory } from '../directory/directory.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { DecodedEnvelope, EnvelopeLimits } from '../envelope/index.js'
import type { Store } from '../store/store.js'
import type { BundleRecord } from '../store/types.js'

/** What became of one received envelope. */
export type ReceiveOutcome =
  | { status: 'stored', record: BundleRecord }
  | { status: 'duplicate', id: string }
  | { status: 'rejected', id?: string, code: string, reason: string }

/** Facts about the delivery that the pipeline checks or records. */
export interface DeliveryContext {
  /** The peer that sent the envelope (a member key). */
  from: string
  /** The id the envelope was fetched as; a different id is a protocol violation. */
  expectedId?: string
  /** Advance this checkpoint in the same batch as the envelope. */
  checkpoint?: { peer: string, logId: string, pos: number }
}

/** Collaborators of the receive pipeline. */
export interface ReceivePipelineComponents {
  identity: NodeIdentity
  wrapper: KeyWrapper
  directory: Directory
  store: Store
  groups: () => JurisdictionGroups
  now: () => number
}

/**
 * The receive pipeline of DESIGN.md, cheapest check first: the first failure
 * rejects, and nothing is stored before every check passed. Rejections are
 * returned, not thrown, so one bad envelope never stops a batch; the caller
 * audits, counts and penalises.
 */
export class ReceivePipeline {
  private readonly components: ReceivePipelineComponents
  private readonly limits: EnvelopeLimits

  constructor (components: ReceivePipelineComponents, init: { limits: EnvelopeLimits }) {
    this.components = components
    this.limits = init.limits
  }

  /** Runs every check on `bytes` from `delivery.from`; stores the bundle when all pass. */
  async receive (bytes: Uint8Array, delivery: DeliveryContext): Promise<ReceiveOutcome> {
    let envelope: DecodedEnvelope | undefined
    try {
      envelope = decodeEnvelope(bytes, this.limits)
      return await this.checkAndStore(envelope, delivery)
    } catch (err) {
      // A closed store (the node is stopping) says nothing about the envelope or its sender.
      if (!(err instanceof IntelmeshError) || err instanceof StoreClosedError) throw err
      return { status: 'rejected', id: envelope?.id, code: err.code, reason: err.message }
    }
  }

  private async checkAndStore (envelope: DecodedEnvelope, delivery: DeliveryContext): Promise<ReceiveOutcome> {
    const { directory, store, identity, wrapper, now } = this.components
    const { header, id } = envelope
    const self = directory.self

    if (delivery.expectedId != null && delivery.expectedId !== id) {
      throw new ReceiveRejectedError('RECEIVE_ID_MISMATCH', `asked for bundle ${delivery.expectedId} but received ${id}`)
    }
    const sender = directory.get(delivery.from)
    if (sender == null || sender.status !== 'active') {
      throw new ReceiveRejectedError('RECEIVE_UNKNOWN_PEER', `sending peer ${delivery.from} is not an active member of this directory`)
    }
    const origin = directory.get(header.origin)
    if (origin == null || origin.status !== 'active') {
      throw new ReceiveRejectedError('RECEIVE_UNKNOWN_ORIGIN', `origin ${header.origin} of bundle ${id} is not an active member of this directory`)
    }
    verifyEnvelope(envelope)
    const listed = new Set(header.recipients.map(r => r.key))
    if (!listed.has(self.key)) {
      throw new ReceiveRejectedError('RECEIVE_NOT_RECIPIENT', `this node is not a listed recipient of bundle ${id}`)
    }
    if (delivery.from !== header.origin && !listed.has(delivery.from)) {
      throw new ReceiveRejectedError('RECEIVE_RELAY_NOT_RECIPIENT', `peer ${delivery.from} relayed bundle ${id} but is neither its origin nor a recipient`)
    }
    if (header.policy.tlp === 'RED' && delivery.from !== header.origin) {
      throw new ReceiveRejectedError('RECEIVE_RED_RELAYED', `TLP:RED bundle ${id} arrived from ${delivery.from}, not from its origin`)
    }
    const seq = header.recipients.find(r => r.key === self.key)?.seq
    let derived: ReturnType<typeof deriveIndexes>
    try {
      const verdict = eligible(header.policy, self, { origin: header.origin, groups: this.components.groups() })
      if (!verdict.ok) {
        throw new ReceiveRejectedError('RECEIVE_NOT_ELIGIBLE', `policy of bundle ${id} excludes this node: ${verdict.reason}`)
      }
      checkNotExpired(header, now())
      if (await store.has(id)) return { status: 'duplicate', id }
      if (await store.isTombstoned(id, header.origin)) {
        throw new TombstonedError(`bundle ${id} was retracted or purged; it is not accepted again`)
      }
      derived = deriveIndexes(envelope, decryptEnvelope(envelope, identity, wrapper, this.limits))
    } catch (err) {
      // The envelope is authentic and addressed to us, and every copy of it (same id,
      // same signed header and ciphertext) fails the same way: its seq is not missing,
      // it is refused. Left unmarked it would be a gap no peer can ever fill.
      if (err instanceof IntelmeshError && seq != null && seq > 0 && header.origin !== self.key) await store.markSeen(header.origin, seq)
      throw err
    }
    const own = header.origin === self.key
    if (own) {
      // One of our own bundles coming back: we were restored from a backup older than it.
      // Its seqs were handed out: the counters move past them before it is stored (a
      // crash in between leaves counters ahead, never behind).
      await store.raiseCounters(header.recipients.filter(r => r.seq > 0).map(r => ({ recipient: r.key, seq: r.seq })))
    }
    const receivedAt = now()
    const record: Omit<BundleRecord, 'pos'> = {
      ...derived.record,
      receivedAt,
      from: delivery.from
    }
    const result = await store.accept({
      id,
      envelope: envelope.bytes,
      record,
      observables: derived.observables,
      checkpoint: delivery.checkpoint,
      // Our own seqs are counters we hand out, not seqs we wait for: they make no gaps.
      seen: own || seq == null || seq === 0 ? undefined : { origin: header.origin, seq },
      audit: { type: 'receive', at: receivedAt, peer: delivery.from, id, detail: { origin: header.origin, kind: header.kind } }
    })
    if (result.duplicate) return { status: 'duplicate', id }
    const retractedSeq = derived.retractedSeqs?.[self.key]
    if (retractedSeq != null && !own) {
      // The retracted bundle may never reach us now: its seq is no longer a gap.
      await store.markSeen(header.origin, retractedSeq)
    }
    return { status: 'stored', record: { ...record, pos: result.pos } }
  }
}
