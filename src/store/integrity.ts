import { DEAD, keys, splitKey, unpad } from './keys.js'
import type { AuditLog } from './audit-log.js'
import type { Sublevels, SubName, WriterState } from './sublevels.js'
import type { BundleRecord } from './types.js'

/** Outcome of a full consistency check. */
export interface IntegrityReport {
  /** True when no problem was found. */
  ok: boolean
  /** The first problems found (at most 100), each naming the key involved. */
  problems: string[]
  /** Live bundles found in the log. */
  bundles: number
  /** Log entries found. */
  logEntries: number
  /** Audit records verified. */
  auditRecords: number
}

const PROBLEMS_MAX = 100

type IndexName = Extract<SubName, 'val' | 'typ' | 'obj' | 'org' | 'crt' | 'exp'>
const INDEXES: IndexName[] = ['val', 'typ', 'obj', 'org', 'crt', 'exp']

/** Index entries (key -> value) one live bundle must have. */
function expectedEntries (record: BundleRecord, observables: Array<[string, string]>): Array<[IndexName, string, string]> {
  const { id, pos } = record
  return [
    ...observables.map(([v, o]): [IndexName, string, string] => ['val', keys.val(v, id, o), '']),
    ...record.types.map((t): [IndexName, string, string] => ['typ', keys.typ(t, pos), id]),
    ...record.objects.map((o): [IndexName, string, string] => ['obj', keys.obj(o.id, pos), id]),
    ['org', keys.org(record.origin, record.created, id), ''],
    ['crt', keys.crt(record.created, id), ''],
    ...(record.expires === 0 ? [] : [['exp', keys.exp(record.expires, id), ''] as [IndexName, string, string]])
  ]
}

async function load<V> (it: AsyncIterable<[string, V]>): Promise<Map<string, V>> {
  const map = new Map<string, V>()
  for await (const [k, v] of it) map.set(k, v)
  return map
}

/**
 * Full scan (an fsck): log positions contiguous from 1 to the head; every live
 * entry has its envelope, record and exactly its index entries; every dead
 * entry has none and is tombstoned; nothing stored belongs to no live entry;
 * the counters match the data; the audit chain verifies up to its head.
 * Sublevels are read by sequential iteration (no random reads), so it costs
 * one pass and memory proportional to the number of keys.
 */
export async function checkIntegrity (subs: Sublevels, state: WriterState, audit: AuditLog): Promise<IntegrityReport> {
  const problems: string[] = []
  const problem = (text: string): void => { if (problems.length < PROBLEMS_MAX) problems.push(text) }
  const records = await load(subs.rec.iterator())
  const envelopes = await load(subs.env.iterator())
  const observables = await load(subs.obs.iterator())
  const tombstoned = new Set<string>()
  for await (const key of subs.tomb.keys()) tombstoned.add(splitKey(key)[0] as string)
  const indexes = new Map<IndexName, Map<string, string>>()
  for (const name of INDEXES) indexes.set(name, await load(subs[name].iterator()))

  const live = new Set<string>()
  const byKind = { INTEL: 0, RETRACTION: 0 }
  let bytes = 0
  let logEntries = 0
  for await (const [key, value] of subs.log.iterator()) {
    const pos = unpad(key)
    if (pos !== ++logEntries) problem(`log: position ${pos} found where ${logEntries} was expected`)
    const dead = value.startsWith(DEAD)
    const id = dead ? value.slice(DEAD.length) : value
    const record = records.get(id)
    const envelope = envelopes.get(id)
    if (dead) {
      if (record !== undefined || envelope !== undefined) problem(`log ${pos}: removed bundle ${id} still has data`)
      if (!tombstoned.has(id)) problem(`log ${pos}: removed bundle ${id} has no tombstone`)
      continue
    }
    if (record === undefined || envelope === undefined) { problem(`log ${pos}: bundle ${id} lacks its record or envelope`); continue }
    if (record.pos !== pos || record.id !== id) problem(`rec ${id}: pos/id disagree with log ${pos}`)
    if (record.size !== envelope.byteLength) problem(`rec ${id}: size ${record.size} != envelope ${envelope.byteLength}`)
    live.add(id)
    byKind[record.kind]++
    bytes += envelope.byteLength
    for (const [name, k, v] of expectedEntries(record, observables.get(id) ?? [])) {
      const index = indexes.get(name) as Map<string, string>
      if (index.get(k) !== v) problem(`${name}: entry ${JSON.stringify(k)} of bundle ${id} is missing or wrong`)
      index.delete(k)
    }
  }
  for (const [name, index] of indexes) for (const k of index.keys()) problem(`${name}: entry ${JSON.stringify(k)} belongs to no live bundle`)
  for (const [name, map] of [['rec', records], ['env', envelopes], ['obs', observables]] as const) {
    for (const id of map.keys()) if (!live.has(id)) problem(`${name}: ${id} belongs to no live log entry`)
  }

  const s = state.stats
  let tombstones = 0
  for await (const _k of subs.tomb.keys()) tombstones++
  if (state.head !== logEntries) problem(`state: head ${state.head} != ${logEntries} log entries`)
  if (s.bundles !== live.size || s.bytes !== bytes || s.tombstones !== tombstones ||
      s.byKind.INTEL !== byKind.INTEL || s.byKind.RETRACTION !== byKind.RETRACTION) {
    problem(`state: counters ${JSON.stringify(s)} disagree with the data (${live.size} bundles, ${bytes} bytes, ${tombstones} tombstones)`)
  }
  const chain = await audit.verify()
  if (!chain.ok) problem(`audit: chain broken at ${chain.brokenAt} (${chain.reason})`)
  return { ok: problems.length === 0, problems, bundles: live.size, logEntries, auditRecords: chain.checked }
}
