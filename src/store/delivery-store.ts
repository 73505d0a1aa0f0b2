import { stageAudit } from './bundle-ops.js'
import { SEP } from './keys.js'
import { checkName } from './validate.js'
import type { StoreCore } from './core.js'
import type { PendingReceipt, SightingSummary, StoredReceipt } from './delivery-types.js'
import type { AuditEventInput } from './types.js'

/** A receipt the origin accepted, with the recipient that signed it. */
export interface ReceiptEntry extends StoredReceipt { id: string, recipient: string }

/** A pending receipt with the origin it is owed to. */
export interface PendingEntry extends PendingReceipt { origin: string, id: string }

/** One sighting bundle linked to the bundle it reports on. */
export interface SightingLink { sightingBundle: string, sightings: SightingSummary[] }

/** Every key of `sub` that starts with `prefix` ␀ (keys join their parts with U+0000). */
function range (prefix: string): { gt: string, lt: string } {
  return { gt: prefix + SEP, lt: prefix + '\x01' }
}

/**
 * Persistence of delivery receipts and sighting links (docs/sightings-and-receipts.md):
 * the receipts an origin accepted, the receipts a recipient still owes an
 * origin that was unreachable, and which sighting bundles report on which bundle.
 */
export class DeliveryStore {
  private readonly core: StoreCore

  constructor (components: { core: StoreCore }) {
    this.core = components.core
  }

  /**
   * Origin side: stores receipts (one per bundle and recipient; a receipt
   * already held is kept as it was) with one audit record, in one synced
   * batch. Returns the receipts that were new.
   */
  async saveReceipts (recipient: string, receipts: ReceiptEntry[], audit: AuditEventInput): Promise<ReceiptEntry[]> {
    checkName(recipient, 'recipient')
    return await this.core.write(async (txn) => {
      const fresh: ReceiptEntry[] = []
      for (const r of receipts) {
        const key = r.id + SEP + recipient
        if (await txn.get('rcpt', key) !== undefined || fresh.some(f => f.id === r.id)) continue
        txn.put('rcpt', key, { storedAt: r.storedAt, signature: r.signature, receivedAt: r.receivedAt })
        fresh.push(r)
      }
      if (fresh.length > 0) stageAudit(txn, { ...audit, detail: { ...audit.detail, ids: fresh.map(r => r.id) } })
      return fresh
    })
  }

  /** Origin side: every receipt held for bundle `id`, by recipient. */
  async receipts (id: string): Promise<ReceiptEntry[]> {
    checkName(id, 'id')
    const out: ReceiptEntry[] = []
    for await (const [key, value] of this.core.read().rcpt.iterator(range(id))) {
      out.push({ ...value, id, recipient: key.slice(id.length + 1) })
    }
    return out
  }

  /** Recipient side: keeps receipts owed to origins that did not acknowledge them (one batch). */
  async keepPending (entries: PendingEntry[]): Promise<void> {
    if (entries.length === 0) return
    await this.core.write(async (txn) => {
      for (const e of entries) txn.put('rout', e.origin + SEP + e.id, { storedAt: e.storedAt, signature: e.signature })
    })
  }

  /** Recipient side: the receipts still owed to `origin`, at most `limit`. */
  async pendingFor (origin: string, limit: number): Promise<PendingEntry[]> {
    checkName(origin, 'origin')
    const out: PendingEntry[] = []
    for await (const [key, value] of this.core.read().rout.iterator({ ...range(origin), limit })) {
      out.push({ ...value, origin, id: key.slice(origin.length + 1) })
    }
    return out
  }

  /** Recipient side: the origins receipts are still owed to. */
  async pendingOrigins (): Promise<string[]> {
    const origins = new Set<string>()
    for await (const key of this.core.read().rout.keys()) origins.add(key.slice(0, key.indexOf(SEP)))
    return [...origins]
  }

  /** Recipient side: forgets receipts the origin acknowledged. */
  async dropPending (origin: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.core.write(async (txn) => {
      for (const id of ids) txn.del('rout', origin + SEP + id)
    })
  }

  /** Forgets the receipts and sighting links of bundle `id` (it was retracted); one batch. */
  async forget (id: string): Promise<void> {
    checkName(id, 'id')
    const subs = this.core.read()
    const receipts: string[] = []
    for await (const key of subs.rcpt.keys(range(id))) receipts.push(key)
    const links: string[] = []
    for await (const key of subs.sght.keys(range(id))) links.push(key)
    if (receipts.length === 0 && links.length === 0) return
    await this.core.write(async (txn) => {
      for (const key of receipts) txn.del('rcpt', key)
      for (const key of links) txn.del('sght', key)
    })
  }

  /** Links sighting bundle `sightingBundle` to bundle `id` with the sightings it reports. */
  async linkSightings (id: string, sightingBundle: string, sightings: SightingSummary[]): Promise<void> {
    checkName(id, 'id')
    checkName(sightingBundle, 'sightingBundle')
    await this.core.write(async (txn) => {
      txn.put('sght', id + SEP + sightingBundle, sightings)
    })
  }

  /** Every sighting bundle linked to bundle `id`. */
  async sightingLinks (id: string): Promise<SightingLink[]> {
    checkName(id, 'id')
    const out: SightingLink[] = []
    for await (const [key, sightings] of this.core.read().sght.iterator(range(id))) {
      out.push({ sightingBundle: key.slice(id.length + 1), sightings })
    }
    return out
  }
}
