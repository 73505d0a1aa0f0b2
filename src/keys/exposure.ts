import type { Store } from '../store/store.js'
import type { Tlp } from '../policy/types.js'

/** One bundle a key received or could read. */
export interface ExposedBundle {
  id: string
  /** Still stored here (false: retracted or purged since; only the audit log remembers it). */
  stored: boolean
  origin?: string
  kind?: 'INTEL' | 'RETRACTION'
  tlp?: Tlp
  created?: number
  /** Audit times at which this node sent it to the key. */
  sentAt: number[]
  /** How the key got it or can get it: `sent` (this node sent it), `listed` (sealed to it: readable wherever it got a copy). */
  paths: Array<'sent' | 'listed'>
}

/** The exposure report of one key. */
export interface ExposureReport {
  key: string
  /** Bundles, in the order first found (audit order, then log order). */
  bundles: ExposedBundle[]
  /** Counts for a quick look. */
  totals: { bundles: number, sent: number, listed: number }
}

const PAGE = 1000

/**
 * What a key received from this node, or can read: every `send` audit record to it, and every
 * stored bundle whose signed header lists it (it could decrypt a copy it got from anyone).
 * Reads the whole audit log and the whole local log: an admin's report, not a hot path.
 */
export async function exposureReport (store: Store, key: string): Promise<ExposureReport> {
  const byId = new Map<string, ExposedBundle>()
  const entry = (id: string): ExposedBundle => {
    let found = byId.get(id)
    if (found == null) {
      found = { id, stored: false, sentAt: [], paths: [] }
      byId.set(id, found)
    }
    return found
  }
  for (let since = 0; ;) {
    const records = await store.audit.read({ since, limit: PAGE })
    for (const record of records) {
      if (record.type !== 'send' || record.peer !== key) continue
      const sent = (record.detail as { sent?: unknown } | undefined)?.sent
      for (const id of Array.isArray(sent) ? sent : []) {
        if (typeof id !== 'string') continue
        const bundle = entry(id)
        bundle.sentAt.push(record.at)
        if (!bundle.paths.includes('sent')) bundle.paths.push('sent')
      }
    }
    if (records.length < PAGE) break
    since = records[records.length - 1]?.seq ?? since
  }
  for (let since = 0; ;) {
    const page = await store.list({ since, limit: PAGE })
    for (const record of page.records) {
      const known = byId.get(record.id)
      if (!record.recipients.includes(key) && known == null) continue
      const bundle = entry(record.id)
      Object.assign(bundle, { stored: true, origin: record.origin, kind: record.kind, tlp: record.tlp, created: record.created })
      if (record.recipients.includes(key)) bundle.paths.push('listed')
    }
    if (page.next == null) break
    since = page.next
  }
  const bundles = [...byId.values()]
  return {
    key,
    bundles,
    totals: { bundles: bundles.length, sent: bundles.filter(b => b.paths.includes('sent')).length, listed: bundles.filter(b => b.paths.includes('listed')).length }
  }
}
