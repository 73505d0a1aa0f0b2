import { BENIGN_REJECT_CODES, UNKNOWN_MEMBER_CODES } from './constants.js'
import type { NodeMetrics } from './metrics.js'
import type { BundleView } from './types.js'
import type { LogNotifier } from '../replication/log-notifier.js'
import type { ReceiveOutcome } from '../replication/receive-pipeline.js'
import type { Store } from '../store/store.js'
import type { BundleRecord } from '../store/types.js'
import type { Logger } from 'pino'

/** Collaborators of the outcome handler. */
export interface OutcomeHandlerComponents {
  store: Store
  metrics: NodeMetrics
  events: EventTarget
  notifier: LogNotifier
  logger: Logger
  now: () => number
  view: (record: BundleRecord) => BundleView
  /** Counts a rejection against the sending peer. */
  strike: (peer: string, code: string, reason: string) => void
  /** True while the peer serves a penalty (it is being disconnected). */
  isPenalised: (peer: string) => boolean
}

/**
 * What happens after the receive pipeline decided: a stored bundle wakes the
 * feeds and the event stream; a rejection is audited (with the peer and the
 * reason), logged, counted by code, and counted against the peer.
 */
export class OutcomeHandler {
  private readonly components: OutcomeHandlerComponents
  private readonly rejects = new Map<string, number>()
  /** A bundle was refused because its origin or sender is not (yet) an active member. */
  private unknownMember = false

  constructor (components: OutcomeHandlerComponents) {
    this.components = components
  }

  /** Handles one pipeline outcome for an envelope sent by `from`. */
  async handle (outcome: ReceiveOutcome, from: string): Promise<void> {
    if (outcome.status === 'stored') {
      this.stored(outcome.record, 'received')
      return
    }
    if (outcome.status === 'duplicate') return
    await this.rejected(from, outcome.code, outcome.reason, outcome.id)
  }

  /** A bundle is durably stored (published here or received). */
  stored (record: BundleRecord, source: 'published' | 'received'): void {
    const { notifier, metrics, events, now } = this.components
    notifier.notify(record.pos, source === 'published')
    metrics.bundlesStored.inc({ kind: record.kind, source })
    if (source === 'received') metrics.deliverySeconds.observe(Math.max(0, now() - record.created) / 1000)
    events.dispatchEvent(new CustomEvent('bundle', { detail: this.components.view(record) }))
    if (record.kind === 'RETRACTION' && record.ref != null) {
      events.dispatchEvent(new CustomEvent('retracted', { detail: { id: record.ref, by: record.id } }))
    }
  }

  /** Records a rejection of something `peer` sent. */
  async rejected (peer: string, code: string, reason: string, id?: string): Promise<void> {
    const { store, metrics, logger, now } = this.components
    this.rejects.set(code, (this.rejects.get(code) ?? 0) + 1)
    if (UNKNOWN_MEMBER_CODES.has(code)) this.unknownMember = true
    metrics.rejects.inc({ code })
    // A penalised peer is being cut off: what it still has in flight is counted, not audited one by one,
    // so a flood cannot turn into a flood of synced audit writes (the penalty itself was audited).
    if (this.components.isPenalised(peer)) return
    logger.warn({ peer, id, code, reason }, 'envelope rejected')
    // Strike before the (awaited) audit write, so concurrent rejections see the penalty as soon as it falls.
    if (!BENIGN_REJECT_CODES.has(code)) this.components.strike(peer, code, reason)
    await store.audit.append({ type: 'reject', at: now(), peer, id, code, reason })
  }

  /**
   * True when a bundle was refused since the last call because its origin or
   * sender was not an active member: admitting a member may now let it in.
   */
  takeUnknownMemberRejections (): boolean {
    const seen = this.unknownMember
    this.unknownMember = false
    return seen
  }

  /** Rejections since start, by code. */
  rejectCounts (): Record<string, number> {
    return Object.fromEntries(this.rejects)
  }
}
