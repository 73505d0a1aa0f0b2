import { checkNotExpired, decodeEnvelope, decryptEnvelope, verifyEnvelope } from '../envelope/index.js'
import { IntelmeshError } from '../errors.js'
import { holderOf } from '../directory/succession.js'
import { Keyring } from '../keys/keyring.js'
import { eligible } from '../policy/index.js'
import { StoreClosedError, TombstonedError } from '../store/errors.js'
import { ReceiveRejectedError } from './errors.js'
import { deriveIndexes } from './derive-indexes.js'
import type { NodeIdentity, KeyWrapper } from '../crypto/index.js'
import type { Directory } from '../directory/directory.js'
import type { JurisdictionGroups, Member } from '../directory/types.js'
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
  /** Every key this node holds (current and retired); default: `identity` alone. */
  keyring?: Keyring
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
  private readonly keyring: Keyring

  constructor (components: ReceivePipelineComponents, init: { limits: EnvelopeLimits }) {
    this.components = components
    this.limits = init.limits
    this.keyring = components.keyring ?? new Keyring({ identity: components.identity, wrapper: components.wrapper })
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
    const { directory, store, now } = this.components
    const { header, id } = envelope
    const self = directory.self

    if (delivery.expectedId != null && delivery.expectedId !== id) {
      throw new ReceiveRejectedError('RECEIVE_ID_MISMATCH', `asked for bundle ${delivery.expectedId} but received ${id}`)
    }
    const sender = directory.get(delivery.from)
    if (sender == null || sender.status !== 'active') {
      throw new ReceiveRejectedError('RECEIVE_UNKNOWN_PEER', `sending peer ${delivery.from} is not an active member of this directory`)
    }
    checkOrigin(directory.get(header.origin), header.origin, header.created, header.kind, id)
    verifyEnvelope(envelope)
    const listed = header.recipients.map(r => r.key)
    // A bundle sealed to one of our retired keys is still ours to read (docs/key-lifecycle.md).
    const ours = this.keyring.pick(listed)
    if (ours == null) {
      throw new ReceiveRejectedError('RECEIVE_NOT_RECIPIENT', `this node is not a listed recipient of bundle ${id}`)
    }
    const ourKey = ours.identity.memberKey
    // The holder of a retired key is the same member under its new key: it speaks for that key.
    const originHolder = holderOf(directory, header.origin)
    const fromOrigin = delivery.from === header.origin || originHolder === delivery.from
    if (!fromOrigin && !listed.some(key => key === delivery.from || holderOf(directory, key) === delivery.from)) {
      throw new ReceiveRejectedError('RECEIVE_RELAY_NOT_RECIPIENT', `peer ${delivery.from} relayed bundle ${id} but is neither its origin nor a recipient`)
    }
    if (header.policy.tlp === 'RED' && !fromOrigin) {
      throw new ReceiveRejectedError('RECEIVE_RED_RELAYED', `TLP:RED bundle ${id} arrived from ${delivery.from}, not from its origin`)
    }
    const seq = header.recipients.find(r => r.key === ourKey)?.seq
    // One sequence per member across its rotations: a retired origin's seqs continue under its holder.
    const seenOrigin = originHolder ?? header.origin
    let derived: ReturnType<typeof deriveIndexes>
    try {
      const verdict = eligible(header.policy, { ...self, key: ourKey }, { origin: header.origin, groups: this.components.groups() })
      if (!verdict.ok) {
        throw new ReceiveRejectedError('RECEIVE_NOT_ELIGIBLE', `policy of bundle ${id} excludes this node: ${verdict.reason}`)
      }
      checkNotExpired(header, now())
      if (await store.has(id)) return { status: 'duplicate', id }
      if (await store.isTombstoned(id, header.origin)) {
        throw new TombstonedError(`bundle ${id} was retracted or purged; it is not accepted again`)
      }
      derived = deriveIndexes(envelope, decryptEnvelope(envelope, ours.identity, ours.wrapper, this.limits))
    } catch (err) {
      // The envelope is authentic and addressed to us, and every copy of it (same id,
      // same signed header and ciphertext) fails the same way: its seq is not missing,
      // it is refused. Left unmarked it would be a gap no peer can ever fill.
      if (err instanceof IntelmeshError && seq != null && seq > 0 && !this.keyring.holds(header.origin)) await store.markSeen(seenOrigin, seq)
      throw err
    }
    // Ours under any of our keys, current or retired (docs/key-lifecycle.md).
    const own = this.keyring.holds(header.origin)
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
      seen: own || seq == null || seq === 0 ? undefined : { origin: seenOrigin, seq },
      audit: { type: 'receive', at: receivedAt, peer: delivery.from, id, detail: { origin: header.origin, kind: header.kind } }
    })
    if (result.duplicate) return { status: 'duplicate', id }
    const retractedSeq = derived.retractedSeqs?.[ourKey]
    if (retractedSeq != null && !own) {
      // The retracted bundle may never reach us now: its seq is no longer a gap.
      await store.markSeen(seenOrigin, retractedSeq)
    }
    return { status: 'stored', record: { ...record, pos: result.pos } }
  }
}

/**
 * An origin must be active; a retired key is still the origin of what it created up to its
 * rotation, never after — except retractions, which its holder signs with it to withdraw its
 * own old bundles (a retraction only narrows what is shared); a compromised key is the origin
 * of nothing new here, whatever its bundles claim as creation time (the thief can backdate).
 */
function checkOrigin (origin: Member | undefined, key: string, created: number, kind: string, id: string): void {
  if (origin?.status === 'active') return
  if (origin?.status === 'retired' && (created <= (origin.retiredAt ?? -1) || kind === 'RETRACTION')) return
  if (origin?.status === 'retired') {
    throw new ReceiveRejectedError('RECEIVE_RETIRED_ORIGIN', `origin ${key} of bundle ${id} was retired at ${origin.retiredAt ?? 0} ms; the bundle claims to be created later (${created} ms)`)
  }
  if (origin?.status === 'compromised') {
    throw new ReceiveRejectedError('RECEIVE_COMPROMISED_ORIGIN', `origin ${key} of bundle ${id} is marked compromised; nothing from it is accepted`)
  }
  throw new ReceiveRejectedError('RECEIVE_UNKNOWN_ORIGIN', `origin ${key} of bundle ${id} is not an active member of this directory`)
}
