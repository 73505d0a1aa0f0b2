import { stageAudit } from './bundle-ops.js'
import { AUDIT_START, verifyAuditChain } from './audit-chain.js'
import { PAGE_LIMIT_MAX } from './constants.js'
import { pad } from './keys.js'
import { pageLimit } from './queries.js'
import { checkAuditEvent, checkInteger } from './validate.js'
import type { StoreCore } from './core.js'
import type { AuditEventInput, AuditHead, AuditRecord, AuditVerifyResult } from './types.js'

/** The append-only, hash-chained audit log of a store. */
export class AuditLog {
  private readonly core: StoreCore

  constructor (components: { core: StoreCore }) {
    this.core = components.core
  }

  /** Appends one event in its own synced batch (coalesced with concurrent writes). */
  async append (event: AuditEventInput): Promise<AuditRecord> {
    checkAuditEvent(event, 'event')
    return await this.core.write(async (txn) => stageAudit(txn, event))
  }

  /** Appends several events, in order, in one synced batch: all of them or (on a failed write) none. */
  async appendAll (events: readonly AuditEventInput[]): Promise<AuditRecord[]> {
    events.forEach((event, i) => { checkAuditEvent(event, `events[${i}]`) })
    if (events.length === 0) return []
    return await this.core.write(async (txn) => events.map(event => stageAudit(txn, event)))
  }

  /** Records with seq > since, ascending. */
  async read (options: { since?: number, limit?: number } = {}): Promise<AuditRecord[]> {
    const since = options.since ?? 0
    checkInteger(since, 'since')
    const out: AuditRecord[] = []
    for await (const value of this.core.read().aud.values({ gt: pad(since), limit: pageLimit(options.limit) })) {
      out.push(value)
    }
    return out
  }

  /** The last record's seq and hash (seq 0 and the genesis hash when empty). */
  async head (): Promise<AuditHead> {
    this.core.read()
    return { ...this.core.state().audit }
  }

  /**
   * Verifies the whole stored chain page by page and checks that it ends at
   * the head the store committed, so a truncated tail is caught too.
   */
  async verify (): Promise<AuditVerifyResult> {
    let from: AuditHead = AUDIT_START
    let checked = 0
    for (;;) {
      const page = await this.read({ since: from.seq, limit: PAGE_LIMIT_MAX })
      const result = verifyAuditChain(page, from)
      if (!result.ok) return { ...result, checked: checked + result.checked }
      checked += result.checked
      const last = page.at(-1)
      if (last === undefined) break
      from = { seq: last.seq, hash: last.hash }
    }
    const head = this.core.state().audit
    if (from.seq !== head.seq) return { ok: false, checked, brokenAt: from.seq + 1, reason: 'seq' }
    if (from.hash !== head.hash) return { ok: false, checked, brokenAt: from.seq, reason: 'hash' }
    return { ok: true, checked }
  }
}
