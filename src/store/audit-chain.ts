import { createHash } from 'node:crypto'
import { AUDIT_GENESIS } from './constants.js'
import { canonicalJson, toJsonData } from './canonical-json.js'
import type { AuditEventInput, AuditHead, AuditRecord, AuditVerifyResult } from './types.js'

/** Audit event types the store records. */
export const AUDIT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'publish', 'send', 'receive', 'reject', 'retract', 'purge', 'directory', 'start', 'stop',
  'receipt', 'backup', 'restore'
])

/** The chain position before the first record. */
export const AUDIT_START: AuditHead = Object.freeze({ seq: 0, hash: AUDIT_GENESIS })

/** sha256(prev ‖ canonical JSON of the record without `hash`), lowercase hex. */
export function auditHash (record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...body } = record
  return createHash('sha256').update(record.prev + canonicalJson(body), 'utf8').digest('hex')
}

/** The record that follows `head` for `event` (pure: the event carries its own time). */
export function nextAuditRecord (event: AuditEventInput, head: AuditHead): AuditRecord {
  const body = toJsonData({ ...event, seq: head.seq + 1, prev: head.hash }) as Omit<AuditRecord, 'hash'>
  return { ...body, hash: auditHash(body) }
}

/**
 * Checks that `records` form an unbroken chain continuing `from` (by default
 * the start of the log) and reports the first broken link: a removed or
 * reordered record breaks `seq`, a modified one its `hash`, and a forged one
 * whose hash was recomputed breaks its successor's `prev`.
 */
export function verifyAuditChain (records: readonly AuditRecord[], from: AuditHead = AUDIT_START): AuditVerifyResult {
  let expected = from
  let checked = 0
  for (const record of records) {
    const brokenAt = expected.seq + 1
    if (record === null || typeof record !== 'object' || typeof record.hash !== 'string') {
      return { ok: false, checked, brokenAt, reason: 'malformed' }
    }
    if (record.seq !== brokenAt) return { ok: false, checked, brokenAt, reason: 'seq' }
    if (record.prev !== expected.hash) return { ok: false, checked, brokenAt, reason: 'prev' }
    if (auditHash(record) !== record.hash) return { ok: false, checked, brokenAt, reason: 'hash' }
    expected = { seq: record.seq, hash: record.hash }
    checked++
  }
  return { ok: true, checked }
}
