import { SEND_AUDIT_FLUSH_MS, SEND_AUDIT_MAX_IDS } from './constants.js'
import type { AuditEventInput } from '../store/types.js'
import type { Logger } from 'pino'

/** What one request (or one feed batch) sent to a peer, and what it withheld and why. */
export interface Sends {
  sent: string[]
  refused: Array<{ id: string, reason: string }>
  /** Ids asked for that this node does not hold (counted, not listed). */
  missing: number
}

/** Collaborators of the send audit. */
export interface SendAuditComponents {
  /** Appends records to the node's audit log, in order, in one synced write. */
  appendAll: (events: AuditEventInput[]) => Promise<unknown>
  now: () => number
  logger: Logger
}

interface PeerSends {
  at: number
  sent: string[]
  refused: Array<{ id: string, reason: string }>
  missing: number
}

/**
 * The audit records of what this node sent to whom. Every fetch request
 * used to write its own synced record; at live-delivery rates (a request of
 * one or two ids per publication) that was a synced write per delivery on
 * the sending side. Sends are collected per peer and written as one record
 * per peer at most every SEND_AUDIT_FLUSH_MS (or once SEND_AUDIT_MAX_IDS
 * ids are waiting), and before the node stops or its audit log is read;
 * the records of all peers of one flush go in one synced write (one fsync
 * per interval, not one per peer).
 * A crash can lose the record of the last SEND_AUDIT_FLUSH_MS of sends;
 * each receiver's own `receive` record of the same bundle is written with
 * the bundle itself.
 */
export class SendAudit {
  private readonly components: SendAuditComponents
  private readonly flushMs: number
  private readonly maxIds: number
  private pending = new Map<string, PeerSends>()
  private waiting = 0
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor (components: SendAuditComponents, init: { flushMs?: number, maxIds?: number } = {}) {
    this.components = components
    this.flushMs = init.flushMs ?? SEND_AUDIT_FLUSH_MS
    this.maxIds = init.maxIds ?? SEND_AUDIT_MAX_IDS
  }

  /** Records one answered fetch request of `peer`. */
  record (peer: string, sends: Sends): void {
    if (sends.sent.length === 0 && sends.refused.length === 0) return
    const entry = this.pending.get(peer) ?? { at: this.components.now(), sent: [], refused: [], missing: 0 }
    entry.sent.push(...sends.sent)
    entry.refused.push(...sends.refused)
    entry.missing += sends.missing
    this.pending.set(peer, entry)
    this.waiting += sends.sent.length + sends.refused.length
    if (this.waiting >= this.maxIds) void this.flush()
    else this.timer ??= setTimeout(() => { void this.flush() }, this.flushMs).unref()
  }

  /** Writes everything recorded so far; resolves once it is durable. */
  async flush (): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.pending
    this.pending = new Map()
    this.waiting = 0
    // Chained, so records land in the order they were taken and flush() waits for earlier ones.
    this.writing = this.writing.then(async () => {
      if (batch.size === 0) return
      const events: AuditEventInput[] = [...batch].map(([peer, { at, sent, refused, missing }]) =>
        ({ type: 'send', at, peer, detail: { sent, refused, ...(missing > 0 ? { missing } : {}) } }))
      await this.components.appendAll(events).catch((err: Error) => {
        this.components.logger.error({ peers: events.map(e => e.peer), err: err.message, sent: events.reduce((n, e) => n + (e.detail as { sent: string[] }).sent.length, 0) }, 'writing send audit records failed')
      })
    })
    await this.writing
  }
}
