import { sealEnvelope } from '../envelope/index.js'
import { resolveRecipients, validatePolicy } from '../policy/index.js'
import { deriveIndexes } from '../replication/derive-indexes.js'
import { parseStixBundle } from '../stix/index.js'
import { InvalidPublishRequestError } from './errors.js'
import type { KeyWrapper, NodeIdentity } from '../crypto/index.js'
import type { Directory } from '../directory/directory.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { DecodedEnvelope, EnvelopeLimits } from '../envelope/index.js'
import type { Policy } from '../policy/types.js'
import type { StixBundle } from '../stix/index.js'
import type { Store } from '../store/store.js'
import type { BundleRecord } from '../store/types.js'
import type { Exclusion } from './types.js'

/** Collaborators of the publisher. */
export interface PublisherComponents {
  identity: NodeIdentity
  wrapper: KeyWrapper
  directory: Directory
  store: Store
  groups: () => JurisdictionGroups
  now: () => number
  /** Throws when publishing must wait (after a restore, until caught up: see Recovery). */
  checkMayPublish?: () => void
}

/** A durably stored publication. */
export interface Publication {
  envelope: DecodedEnvelope
  record: BundleRecord
  excluded: Exclusion[]
}

/**
 * Enforcement point 1 of DESIGN.md: the origin validates the STIX and the
 * policy, resolves the recipients from its own directory, seals, and stores.
 * Publishing IS storing: the replicator's feeds announce what is stored.
 * Publications take their per-recipient sequence numbers in order, so they
 * never repeat, and are committed in that order.
 */
export class Publisher {
  private readonly components: PublisherComponents
  private readonly limits: EnvelopeLimits
  private tail: Promise<unknown> = Promise.resolve()
  /** Last seq handed out per recipient while publications are in flight. */
  private readonly reserved = new Map<string, number>()
  /** Bookkeeping of each queued write, settled once it is durable or failed. */
  private readonly inFlight = new Set<Promise<void>>()
  /** A queued write failed: later reservations are void until the queue drains. */
  private stale = false

  constructor (components: PublisherComponents, init: { limits: EnvelopeLimits }) {
    this.components = components
    this.limits = init.limits
  }

  /** Resolves once every publication queued so far is sealed (its creation time taken). */
  async idle (): Promise<void> {
    await this.tail
  }

  /** Publishes a STIX bundle (object or JSON text) under `policyInput`; `ref` names a bundle it reports on (a sighting). */
  async publishIntel (stix: unknown, policyInput: unknown, expires = 0, ref?: string): Promise<Publication> {
    const { groups, now } = this.components
    this.components.checkMayPublish?.()
    const policy = validatePolicy(policyInput, groups())
    const content = new TextEncoder().encode(typeof stix === 'string' ? stix : JSON.stringify(stix))
    // Parse before sealing so invalid STIX never becomes an envelope (deriveIndexes re-checks the TLP markings).
    const parsed = parseStixBundle(content)
    if (expires !== 0 && expires <= now()) {
      throw new InvalidPublishRequestError('expires', `expiry ${new Date(expires).toISOString()} is not in the future`)
    }
    const resolution = resolveRecipients(policy, this.components.directory, this.components.directory.self.key, groups())
    return await this.pipelined(async () => this.sealAndStore('INTEL', policy, resolution.recipients, content, expires, ref, resolution.excluded, parsed))
  }

  /**
   * Publishes the retraction of `original` to the same recipients, under the same policy.
   * `signer` is the key that signed the original when it is one of our retired keys (a
   * retraction must come from the bundle's origin; docs/key-lifecycle.md).
   */
  async publishRetraction (original: BundleRecord, reason: string, signer?: { identity: NodeIdentity, wrapper: KeyWrapper }): Promise<Publication> {
    this.components.checkMayPublish?.()
    // The original's seqs let recipients that never received it close that gap in their sequence.
    const content = new TextEncoder().encode(JSON.stringify({ reason, seqs: original.seqs ?? {} }))
    return await this.pipelined(async () => this.sealAndStore('RETRACTION', original.policy, original.recipients, content, original.expires, original.id, [], undefined, signer))
  }

  private async sealAndStore (kind: 'INTEL' | 'RETRACTION', policy: Policy, recipients: readonly string[], content: Uint8Array, expires: number, ref: string | undefined, excluded: Exclusion[], parsed?: StixBundle, signer?: { identity: NodeIdentity, wrapper: KeyWrapper }): Promise<{ done: Promise<Publication> }> {
    const { store, now } = this.components
    const { identity, wrapper } = signer ?? this.components
    while (this.stale && this.inFlight.size > 0) await Promise.all([...this.inFlight])
    // Seqs handed to publications still being committed are ahead of the store's counters.
    const counters = await Promise.all(recipients.map(async recipient => ({ recipient, seq: (this.reserved.get(recipient) ?? await store.getCounter(recipient)) + 1 })))
    const created = now()
    const envelope = sealEnvelope({
      identity,
      wrapper,
      kind,
      ref,
      policy,
      recipients: counters.map(c => ({ key: c.recipient, seq: c.seq })),
      content,
      created,
      expires,
      limits: this.limits
    })
    const derived = deriveIndexes(envelope, content, parsed)
    const record = { ...derived.record, receivedAt: created, from: identity.memberKey }
    for (const c of counters) this.reserved.set(c.recipient, c.seq)
    const accepted = store.accept({
      id: envelope.id,
      envelope: envelope.bytes,
      record,
      observables: derived.observables,
      counters,
      audit: { type: kind === 'INTEL' ? 'publish' : 'retract', at: created, id: envelope.id, detail: { tlp: policy.tlp, recipients: recipients.length, excluded: excluded.length, ref } }
    })
    this.track(accepted)
    return { done: accepted.then(({ pos }) => ({ envelope, record: { ...record, pos }, excluded })) }
  }

  /**
   * Runs `job` after the previous one has QUEUED its store write, not after
   * that write is durable: seqs are taken in order and the store commits the
   * writes in the order they were queued (as one group while a sync runs), so
   * concurrent publications share fsyncs instead of paying one each.
   */
  private async pipelined (job: () => Promise<{ done: Promise<Publication> }>): Promise<Publication> {
    const run = this.tail.then(job, job)
    this.tail = run.catch(() => {})
    return await (await run).done
  }

  private track (accepted: Promise<unknown>): void {
    const settled: Promise<void> = accepted.then(() => {}, () => { this.stale = true }).then(() => {
      this.inFlight.delete(settled)
      if (this.inFlight.size > 0) return
      // Nothing in flight: the store's counters are authoritative again (and, after a failed
      // write, the only truth: the seqs reserved after it were refused as conflicts).
      this.reserved.clear()
      this.stale = false
    })
    this.inFlight.add(settled)
  }
}
