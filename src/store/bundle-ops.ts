import { nextAuditRecord } from './audit-chain.js'
import { CorruptRecordError } from './errors.js'
import { DEAD, keys } from './keys.js'
import { markSeen, SEEN_NONE } from './seen.js'
import type { Txn } from './txn.js'
import type { AuditEventInput, AuditRecord, BundleRecord, ObservableInput, Tombstone } from './types.js'

/** Stages the next audit record for `event` and advances the chain head. */
export function stageAudit (txn: Txn, event: AuditEventInput): AuditRecord {
  const record = nextAuditRecord(event, txn.state.audit)
  txn.put('aud', keys.aud(record.seq), record)
  txn.state.audit = { seq: record.seq, hash: record.hash }
  return record
}

/** Stages every index entry of a bundle. */
export function stageIndexes (txn: Txn, record: BundleRecord, observables: Array<[string, string]>): void {
  const { id, pos } = record
  for (const [value, objectId] of observables) txn.put('val', keys.val(value, id, objectId), '')
  if (observables.length > 0) txn.put('obs', id, observables)
  for (const type of record.types) txn.put('typ', keys.typ(type, pos), id)
  for (const object of record.objects) txn.put('obj', keys.obj(object.id, pos), id)
  txn.put('org', keys.org(record.origin, record.created, id), '')
  txn.put('crt', keys.crt(record.created, id), '')
  if (record.expires !== 0) txn.put('exp', keys.exp(record.expires, id), '')
}

/** Observables as stored: unique (value, object id) pairs in input order. */
export function uniqueObservables (observables: readonly ObservableInput[]): Array<[string, string]> {
  const seen = new Set<string>()
  const out: Array<[string, string]> = []
  for (const { value, objectId } of observables) {
    const k = value + '\x00' + objectId
    if (seen.has(k)) continue
    seen.add(k)
    out.push([value, objectId])
  }
  return out
}

/**
 * Stages the removal of a stored bundle: envelope, record and every index
 * entry go; its log entry stays (so positions stay contiguous) but is marked
 * dead, and readers skip it.
 */
export async function stageRemoval (txn: Txn, record: BundleRecord): Promise<void> {
  const { id, pos } = record
  const logValue = await txn.get('log', keys.log(pos))
  if (logValue !== id) throw new CorruptRecordError(`log entry ${pos} does not point to bundle ${id}`)
  const observables = (await txn.get('obs', id)) ?? []
  for (const [value, objectId] of observables) txn.del('val', keys.val(value, id, objectId))
  txn.del('obs', id)
  for (const type of record.types) txn.del('typ', keys.typ(type, pos))
  for (const object of record.objects) txn.del('obj', keys.obj(object.id, pos))
  txn.del('org', keys.org(record.origin, record.created, id))
  txn.del('crt', keys.crt(record.created, id))
  if (record.expires !== 0) txn.del('exp', keys.exp(record.expires, id))
  txn.del('env', id)
  txn.del('rec', id)
  txn.put('log', keys.log(pos), DEAD + id)
  const stats = txn.state.stats
  stats.bundles--
  stats.byKind[record.kind]--
  stats.bytes -= record.size
}

/** Stages `seq` from `origin` as seen (nothing when it already was). */
export async function stageSeen (txn: Txn, origin: string, seq: number): Promise<void> {
  const before = (await txn.get('seen', origin)) ?? SEEN_NONE
  const after = markSeen(before, seq)
  if (after !== before) txn.put('seen', origin, after)
}

/** Stages a tombstone for (id, origin) unless one exists; true when it is new. */
export async function stageTombstone (txn: Txn, id: string, origin: string, tombstone: Tombstone): Promise<boolean> {
  const key = keys.tomb(id, origin)
  if (await txn.get('tomb', key) !== undefined) return false
  txn.put('tomb', key, tombstone)
  txn.state.stats.tombstones++
  return true
}
